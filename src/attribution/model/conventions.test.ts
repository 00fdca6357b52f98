/**
 * Transcript turns and signed quotes, on texts written for these tests, and through the shipped model: what
 * the conventions add, and what they leave alone.
 */
import { describe, expect, it } from 'vitest';
import { conventionAttributions } from './conventions.js';
import { loadAttributionModel } from './model.js';
import type { PredictedAttribution } from './types.js';

const slice = (text: string, a: PredictedAttribution): { cue: string; source: string; content: string[] } => ({
  cue: a.cue.map((s) => text.slice(s.start, s.end)).join(''),
  source: a.source.map((s) => text.slice(s.start, s.end)).join(''),
  content: a.content.map((s) => text.slice(s.start, s.end)),
});

const TRANSCRIPT = [
  'The mayor took questions on the radio. A partial transcript follows:',
  'HOST: Good morning. Will the ferry fares go up this winter?',
  'MAYOR OKAFOR: Not this winter. We froze them until April.',
  'That was agreed with the operator last month.',
  'HOST: And after April?',
  '“MAYOR OKAFOR: We will see what the council decides.',
].join('\n\n');

const SIGNED = [
  'Readers told us what the new timetable means to them.',
  '“I leave home at five now to make the first train.” ― Dana Whitlock\n“The late bus is the only one that still runs on time.”\u00a0― Priya Raman.',
  '”Nobody asked the people who ride it.” — Tomas A. Berg',
].join('\n\n');

describe('conventionAttributions', () => {
  it('reads each transcript turn: the colon as cue, the label as source, the turn (over its lines) as content', () => {
    const found = conventionAttributions(TRANSCRIPT, []).map((a) => slice(TRANSCRIPT, a));
    expect(found).toEqual([
      { cue: ':', source: 'HOST', content: ['Good morning. Will the ferry fares go up this winter?'] },
      { cue: ':', source: 'MAYOR OKAFOR', content: ['Not this winter. We froze them until April.', 'That was agreed with the operator last month.'] },
      { cue: ':', source: 'HOST', content: ['And after April?'] },
      { cue: ':', source: 'MAYOR OKAFOR', content: ['We will see what the council decides.'] },
    ]);
  });

  it('takes no lone label for a transcript: a note or a kicker is not a turn of speech', () => {
    expect(conventionAttributions('UPDATE: The road reopened at noon.\n\nCrews cleared the last of the mud overnight.', [])).toEqual([]);
    expect(conventionAttributions('BOOM: Council votes down the parking plan.\n\nThe vote was 7 to 2.', [])).toEqual([]);
    // Two speakers, neither speaking twice: not enough to call it a dialogue.
    expect(conventionAttributions('SMITH: Yes.\n\nJONES: No.', [])).toEqual([]);
  });

  it('reads signed quotes: the dash as cue, the name as source, the quotation as content', () => {
    const found = conventionAttributions(SIGNED, []).map((a) => slice(SIGNED, a));
    expect(found).toEqual([
      { cue: '―', source: 'Dana Whitlock', content: ['“I leave home at five now to make the first train.”'] },
      { cue: '―', source: 'Priya Raman', content: ['“The late bus is the only one that still runs on time.”'] },
      // A closing mark typed for the opening one: the quotation runs from the start of its line.
      { cue: '—', source: 'Tomas A. Berg', content: ['”Nobody asked the people who ride it.”'] },
    ]);
  });

  it('takes a wire or an outlet named after a quotation for a credit, not a speaker', () => {
    expect(conventionAttributions('He called the plan “a fair start.”\n\n- Reuters.', [])).toEqual([]);
    expect(conventionAttributions('“We will appeal.” — The Associated Press', [])).toEqual([]);
    expect(conventionAttributions('“We will appeal.” — Ana Lind', [])).toHaveLength(1);
  });

  it('leaves dashes inside sentences alone', () => {
    const text = 'The name “Brujas” -- Spanish for “witches” -- comes from the old mill. “Does it matter?” - residents in the valley asked.';
    expect(conventionAttributions(text, [])).toEqual([]);
  });

  it('reads a hostile text of many signatures on one line, each quotation after the one before', () => {
    const text = '“We waited.” ― Ana Lind. '.repeat(20_000);
    const found = conventionAttributions(text, []);
    expect(found).toHaveLength(20_000);
    expect(slice(text, found[19_999]!)).toEqual({ cue: '―', source: 'Ana Lind', content: ['“We waited.”'] });
    // No opening mark anywhere: only the first quotation has a start (the text's).
    expect(conventionAttributions('Nothing changed.” ― Ana Lind. '.repeat(20_000), [])).toHaveLength(1);
  });

  it('adds nothing where the tagger already found a cue or source there', () => {
    const text = 'HOST: Hello.\n\nGUEST: Hi.\n\nHOST: Welcome.';
    const all = conventionAttributions(text, []);
    expect(all).toHaveLength(3);
    const kept = conventionAttributions(text, [all[1]!]);
    expect(kept.map((a) => slice(text, a).content)).toEqual([['Hello.'], ['Welcome.']]);
  });

  it('are part of what the shipped model finds', () => {
    const model = loadAttributionModel();
    const found = model.findAttributions(SIGNED).map((a) => slice(SIGNED, a));
    expect(found).toContainEqual({ cue: '―', source: 'Dana Whitlock', content: ['“I leave home at five now to make the first train.”'] });
    const turns = model.findAttributions(TRANSCRIPT).map((a) => slice(TRANSCRIPT, a));
    expect(turns.filter((a) => a.cue === ':' && a.source === 'MAYOR OKAFOR')).toHaveLength(2);
  });
});
