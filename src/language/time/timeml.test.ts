import { describe, expect, it } from 'vitest';
import { findTimexes } from './tagger.js';
import { parseTimeml, TimemlError, writeTimeml } from './timeml.js';

/** A small hand-made TimeML file: a DCT, events, signals, gold TIMEX3s, an entity, instances and links. */
const SAMPLE = `<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>SAMPLE-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2018-04-03" temporalFunction="false" functionInDocument="CREATION_TIME">April 3, 2018</TIMEX3></DCT>
<TITLE>Ferry strike ends</TITLE>
<TEXT>
The ferry strike <EVENT eid="e1" class="OCCURRENCE">ended</EVENT> <TIMEX3 tid="t5" type="DATE" value="2018-04-02">Monday</TIMEX3> after <TIMEX3 tid="t6" type="DURATION" value="P3D">three days</TIMEX3>.

Smith &amp; Sons <EVENT eid="e2" class="REPORTING">said</EVENT> talks would resume <SIGNAL sid="s1">in</SIGNAL> <TIMEX3 tid="t7" type="DATE" value="2018-05">May</TIMEX3> &lt;at the latest&gt;.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t5"/>
<TLINK lid="l2" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
<TLINK lid="l3" relType="AFTER" eventInstanceID="ei2" relatedToEventInstance="ei1"/>
</TimeML>
`;

const PLAIN = '\nThe ferry strike ended Monday after three days.\n\nSmith & Sons said talks would resume in May <at the latest>.\n';

describe('parseTimeml', () => {
  it('reads the DCT, the plain text and the gold TIMEX3s with offsets into it', () => {
    const doc = parseTimeml(SAMPLE);
    expect(doc.docId).toBe('SAMPLE-1');
    expect(doc.dct).toEqual({ value: '2018-04-03', tid: 't0', type: 'DATE' });
    expect(doc.text).toBe(PLAIN);
    expect(doc.timexes.map((t) => [t.text, t.type, t.value, t.tid])).toEqual([
      ['Monday', 'DATE', '2018-04-02', 't5'],
      ['three days', 'DURATION', 'P3D', 't6'],
      ['May', 'DATE', '2018-05', 't7'],
    ]);
    for (const t of doc.timexes) expect(doc.text.slice(t.start, t.end)).toBe(t.text);
    expect(doc.elements.map((e) => e.name)).toEqual(['EVENT', 'EVENT', 'SIGNAL']);
  });

  it('names the line of a malformed file', () => {
    const broken = SAMPLE.replace('<TIMEX3 tid="t6" type="DURATION" value="P3D">three days</TIMEX3>', '<TIMEX3 tid="t6" type="DURATION" value="P3D">three days');
    expect(() => parseTimeml(broken)).toThrow(TimemlError);
    expect(() => parseTimeml(broken)).toThrow(/line \d+/);
    expect(() => parseTimeml(SAMPLE.replace('Smith &amp; Sons', 'Smith & Sons'))).toThrow(/line 9: bare "&"/);
    expect(() => parseTimeml(SAMPLE.replace(/<DCT>.*<\/DCT>/, ''))).toThrow(/creation time/);
    expect(() => parseTimeml('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2018-01-01" functionInDocument="CREATION_TIME">x</TIMEX3></DCT></TimeML>')).toThrow(/no <TEXT>/);
  });
});

describe('writeTimeml', () => {
  it('round-trips: parse, write our tags, parse again gives our tags back on the same text', () => {
    const doc = parseTimeml(SAMPLE);
    const ours = findTimexes(doc.text, { dct: doc.dct.value });
    expect(ours.map((t) => t.text)).toEqual(['Monday', 'three days', 'May']);
    const written = writeTimeml(doc, ours);
    const again = parseTimeml(written);
    expect(again.text).toBe(doc.text);
    expect(again.dct).toEqual(doc.dct);
    expect(again.timexes.map((t) => ({ start: t.start, end: t.end, type: t.type, value: t.value }))).toEqual(
      ours.map((t) => ({ start: t.start, end: t.end, type: t.type, value: t.value })),
    );
    expect(again.timexes.map((t) => t.tid)).toEqual(['t1', 't2', 't3']);
  });

  it('escapes text, keeps the metadata and the events outside our tags, and drops links to the old TIMEX3s', () => {
    const doc = parseTimeml(SAMPLE);
    const written = writeTimeml(doc, [{ start: 24, end: 30, type: 'DATE', value: '2018-04-02' }]);
    expect(written).toContain('Smith &amp; Sons');
    expect(written).toContain('&lt;at the latest&gt;');
    expect(written).toContain('<DCT><TIMEX3 tid="t0" type="DATE" value="2018-04-03"');
    expect(written).toContain('<TITLE>Ferry strike ends</TITLE>');
    expect(written).toContain('<EVENT eid="e1" class="OCCURRENCE">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="2018-04-02">Monday</TIMEX3> after three days');
    expect(written).toContain('<SIGNAL sid="s1">in</SIGNAL> May');
    expect(written).not.toContain('lid="l1"'); // pointed at the old t5
    expect(written).toContain('lid="l2"'); // the DCT stays
    expect(written).toContain('lid="l3"');
    expect(parseTimeml(written).text).toBe(PLAIN);
  });

  it('drops an event that a new TIMEX3 would cross, with its instance and links', () => {
    const doc = parseTimeml(SAMPLE);
    // "ended Monday" overlaps the EVENT "ended".
    const written = writeTimeml(doc, [{ start: 18, end: 30, type: 'DATE', value: '2018-04-02' }]);
    expect(written).not.toContain('eid="e1"');
    expect(written).not.toContain('eventID="e1"');
    expect(written).not.toContain('lid="l2"');
    expect(written).not.toContain('lid="l3"');
    expect(parseTimeml(written).timexes[0]!.text).toBe('ended Monday');
  });

  it('writes mod, freq and quant and refuses overlapping expressions', () => {
    const doc = parseTimeml(SAMPLE);
    const written = writeTimeml(doc, [{ start: 31, end: 47, type: 'DURATION', value: 'P3D', mod: 'APPROX' }]);
    expect(written).toContain('<TIMEX3 tid="t1" type="DURATION" value="P3D" mod="APPROX">after three days</TIMEX3>');
    expect(() =>
      writeTimeml(doc, [
        { start: 24, end: 30, type: 'DATE', value: 'x' },
        { start: 28, end: 40, type: 'DATE', value: 'y' },
      ]),
    ).toThrow(/overlapping/);
  });
});
