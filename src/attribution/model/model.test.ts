import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyseText } from '../../language/text.js';
import { assignTokens, tokenRunsToSpans, TokenRole } from './alignment.js';
import { FeatureBuffer, prepareText, roleFeatures, roleWindow, type PreparedText, type RoleFeatureSet } from './features.js';
import { deserializeAttributionModel, firstPassOf, loadAttributionModel, serializeAttributionModel, type RoleScoreCache } from './model.js';
import type { PredictedAttribution } from './types.js';

/** Each attribution as the text of its pieces. */
function readable(text: string, found: PredictedAttribution[]): { cue: string; source: string; content: string }[] {
  const join = (spans: { start: number; end: number }[]): string => spans.map((s) => text.slice(s.start, s.end)).join(' … ');
  return found.map((a) => ({ cue: join(a.cue), source: join(a.source), content: join(a.content) }));
}

/** A text analysed and prepared for the model's passes. */
function prepared(text: string): PreparedText {
  const { sentences, tokens } = analyseText(text);
  return prepareText(text, sentences, tokens);
}

describe('the committed attribution model', () => {
  const model = loadAttributionModel();

  it('finds cue, source and content in reported speech', () => {
    const text = 'The minister said on Monday that the talks would resume.';
    const [found] = readable(text, model.findAttributions(text));
    expect(found?.cue).toMatch(/^said/);
    expect(found?.source).toBe('The minister');
    expect(found?.content).toMatch(/the talks would resume$/);
  });

  it('finds a quotation before its cue and the speaker after it', () => {
    const text = '“We will not back down,” Senator Maria Gomez told reporters on Friday.';
    expect(readable(text, model.findAttributions(text))).toEqual([{ cue: 'told', source: 'Senator Maria Gomez', content: '“We will not back down,”' }]);
  });

  it('finds beliefs, "according to", and a second quote given to a pronoun', () => {
    const belief = 'Harbor officials believe the new cranes will double the port’s capacity.';
    expect(readable(belief, model.findAttributions(belief))).toEqual([{ cue: 'believe', source: 'Harbor officials', content: 'the new cranes will double the port’s capacity' }]);
    const report = 'Unemployment fell sharply in the spring, according to the report.';
    expect(readable(report, model.findAttributions(report))).toEqual([{ cue: 'according to', source: 'the report', content: 'Unemployment fell sharply in the spring' }]);
    const two = 'Mayor Lena Ortiz said the bridge would reopen in May. “The repairs are on schedule,” she added.';
    expect(readable(two, model.findAttributions(two))).toEqual([
      { cue: 'said', source: 'Mayor Lena Ortiz', content: 'the bridge would reopen in May' },
      { cue: 'added', source: 'she', content: '“The repairs are on schedule,”' },
    ]);
  });

  it('finds nothing where nobody says anything', () => {
    expect(model.findAttributions('The river flooded three villages last spring.')).toEqual([]);
    expect(model.findAttributions('')).toEqual([]);
  });

  it('accepts the analysis the caller already has, with the same result', () => {
    const text = 'Officials said they were investigating. The fire started in a warehouse, police said.';
    expect(model.findAttributions(text, analyseText(text))).toEqual(model.findAttributions(text));
  });

  it('scores the role stage in two parts to the same result as in one', () => {
    // Several cues in one paragraph, so the final role pass sees other cues the first one did not mark.
    const text =
      'Mayor Lena Ortiz said the bridge would reopen in May, though engineers warned that the repairs could slip. ' +
      '“The schedule holds,” she told reporters, according to a statement that the council released later.';
    const p = prepared(text);
    const cueScores: RoleScoreCache = new Map();
    const cues = model.findCues(p, cueScores);
    expect(cues.length).toBeGreaterThan(2);
    expect(cueScores.size).toBeGreaterThan(0);
    const inParts = model.attributionsOf(p, cues, model.roleStage, cueScores);
    expect(inParts).toEqual(model.attributionsOf(p, cues));
    expect(inParts.length).toBe(cues.length);

    // The two parts are exactly the features extracted at once, token by token.
    const perToken = (set?: RoleFeatureSet): number[][] => {
      const buffer = new FeatureBuffer();
      const otherCue = new Uint8Array(p.n);
      for (const c of cues) otherCue.fill(1, c.start, c.end);
      const { from, to } = roleWindow(p, cues[0]!);
      roleFeatures(p, cues[0]!, from, to, otherCue, buffer, set);
      return Array.from({ length: to - from }, (_, i) => Array.from(buffer.features.slice(buffer.offsets[i], buffer.offsets[i + 1])).sort());
    };
    const cueOnly = perToken('cueOnly');
    const others = perToken('otherCues');
    expect(perToken()).toEqual(cueOnly.map((features, i) => [...features, ...others[i]!].sort()));
    expect(others.every((features) => features.length === 4)).toBe(true);
  });

  it('finds the same cues with both cue passes read from one table as with each pass on its own', () => {
    const text =
      'The senator said on Tuesday that the bill would pass. Her aides believe the vote is close, according to two people briefed on it.\n\n' +
      '“We have the numbers,” one aide told reporters, adding that a delay was unlikely.';
    const p = prepared(text);
    expect(model.secondCueStage).toBeDefined();
    const first = model.cuePass(p, model.cueStage, model.cueBoost);
    const firstPass = firstPassOf(p, model.rolesOfCues(p, first, model.roleStage, false));
    const separately = model.cuePass(p, model.secondCueStage!, model.secondCueBoost, firstPass);
    expect(separately.length).toBeGreaterThan(2);
    expect(model.findCues(p)).toEqual(separately);
  });

  it('survives saving and loading, and refuses files that are not attribution models', () => {
    const text = 'The company plans to open a factory in Ohio, a spokesman said.';
    const copy = deserializeAttributionModel(serializeAttributionModel(model));
    expect(copy.findAttributions(text)).toEqual(model.findAttributions(text));
    expect(() => deserializeAttributionModel(gzipSync(JSON.stringify({ format: 'eventwire-ner' })))).toThrow(/not an eventwire attribution model/);
    const stale = JSON.parse(gunzipSync(serializeAttributionModel(model)).toString('utf8')) as { featureVersion: number };
    stale.featureVersion = -1;
    expect(() => deserializeAttributionModel(gzipSync(JSON.stringify(stale)))).toThrow(/retrain it/);
    expect(() => loadAttributionModel('/nonexistent/model.json.gz')).toThrow(/cannot read attribution model/);
  });
});

describe('alignment of character spans and tokens', () => {
  const text = 'Ortiz said the bridge would reopen.';
  const { tokens } = analyseText(text);

  it('gives tokens the role of the span covering them, cues winning ties', () => {
    const at = (piece: string) => ({ start: text.indexOf(piece), end: text.indexOf(piece) + piece.length });
    const { role, attribution } = assignTokens(tokens, [{ cue: [at('said')], source: [at('Ortiz')], content: [at('the bridge would reopen')] }]);
    expect(Array.from(role)).toEqual([TokenRole.Source, TokenRole.Cue, TokenRole.Content, TokenRole.Content, TokenRole.Content, TokenRole.Content, TokenRole.None]);
    expect(Array.from(attribution)).toEqual([0, 0, 0, 0, 0, 0, -1]);
  });

  it('turns runs of token indices back into character spans', () => {
    const spans = tokenRunsToSpans(tokens, [2, 3, 0, 5], () => 0);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Ortiz', 'the bridge', 'reopen']);
  });
});
