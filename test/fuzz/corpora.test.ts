/**
 * Fuzzing the readers of evaluation corpora: TimeML (TempEval-3), brat standoff (PolNeAR), CoNLL-2003, ECB+ and
 * PETRARCH validation records. A damaged file is read, or refused with the reader's own error naming the file
 * (or, for TimeML, the line), in bounded time.
 *
 * Inputs per full run (parser → numRuns):
 *   parseTimeml 250, writeTimeml round trip 150, evaluateTimemlDirectory 25, parseBratAttributions 250,
 *   readPolnearFolder 25, parseConll 250, parseEcbDocument 250, parseSelectedSentences 150,
 *   parseValidationFile 250  — 1,600 in all.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBratAttributions } from '../../src/attribution/polnear/brat.js';
import { readPolnearFolder } from '../../src/attribution/polnear/reader.js';
import { documentText, parseEcbDocument, parseSelectedSentences } from '../../src/connect/ecbplus/corpus.js';
import { parseValidationFile } from '../../src/events/validate/records.js';
import { formatConllWithTags, parseConll } from '../../src/language/ner/conll.js';
import { evaluateTimemlDirectory } from '../../src/language/time/corpus.js';
import { parseTimeml, TimemlError, writeTimeml, type TimemlDocument } from '../../src/language/time/timeml.js';
import { damagedText, expectDocumentedError, expectEvery, expectValue, runs, scratchDirectory, settle, settleAsync, type DamageOptions } from './fuzz.js';

const RUNS = {
  timeml: 250,
  timemlRoundTrip: 150,
  timemlDirectory: 25,
  brat: 250,
  polnearFolder: 25,
  conll: 250,
  ecb: 250,
  ecbSentences: 150,
  validation: 250,
};

const scratch = scratchDirectory('corpora');

const XML_DAMAGE: DamageOptions = {
  junk: ['<', '>', '</', '/>', '"', "'", '=', '&', '&amp;', '&#', '&#x41;', '&#99999999;', '&#x110000;', '&bogus;', '<!--', '-->', '<?', '<!DOCTYPE x>', '<![CDATA[', ']]>', '\n'],
  nesting: ['<a>', '<EVENT eid="e9">', '<token t_id="1" sentence="0">', '<Sentence>', '<Text>', '<TIMEX3 tid="t9" type="DATE">'],
  hugeAfter: [/<TEXT>/, /value="/, /<Text>/, /m_id="/, />\w/],
};

// ---------------------------------------------------------------------------------------------------------
// TimeML

const TIMEML = `<?xml version="1.0"?>
<TimeML>
<DOCID>quay_works_07</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-10-14" functionInDocument="CREATION_TIME">14/10/2019</TIMEX3></DCT>
<TEXT>Work on the north quay <EVENT eid="e1" class="OCCURRENCE">began</EVENT> <TIMEX3 tid="t1" type="DATE" value="2019-10-07">last week</TIMEX3> &amp; will <EVENT eid="e2" class="OCCURRENCE">last</EVENT> <TIMEX3 tid="t2" type="DURATION" value="P6M">six months</TIMEX3>.
Boats are moored <SIGNAL sid="s1">until</SIGNAL> <TIMEX3 tid="t3" type="DATE" value="2020-04">April</TIMEX3>, <TIMEX3 tid="t4" type="SET" value="P1W" freq="1X">once a week</TIMEX3> checks &lt;apart&gt;.</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/> <MAKEINSTANCE eventID="e2" eiid="ei2" tense="FUTURE"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/> <TLINK lid="l2" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
<TLINK lid="l3" relType="DURING" eventInstanceID="ei2" relatedToTime="t2" signalID="s1"/>
</TimeML>
`;

/** TimeML's own damage on top: elements emptied, nested or opened inside a TIMEX3, references out of range. */
const TIMEML_DAMAGE: DamageOptions = {
  ...XML_DAMAGE,
  junk: [...XML_DAMAGE.junk, '<EVENT eid="e7"></EVENT>', '<TIMEX3 tid="t8" type="DATE" value="2020"></TIMEX3>', '<SIGNAL sid="s2"/>', '<TIMEX3 tid="t9" type="TIME" value="T10:00">', '</TIMEX3>', '&#x10FFFF;'],
};

const TIMEML_REFUSAL = /^(?:line \d+: \S|no <TEXT> element$|no document creation time)/;
/** Scoring a folder also runs the tagger, which refuses a creation time it cannot read. */
const SCORING_REFUSAL = new RegExp(`${TIMEML_REFUSAL.source}|^unreadable document creation time`);
const TIMEX_TYPES = new Set(['DATE', 'TIME', 'DURATION', 'SET']);

/** A span inside a text of `length` characters. */
const inside = (length: number) => (span: { start: number; end: number }) => 0 <= span.start && span.start <= span.end && span.end <= length;

/** A TimeML document read, with every TIMEX3 pointing at its own characters; undefined when refused properly. */
function readTimeml(source: string): TimemlDocument | undefined {
  const outcome = settle(source, () => parseTimeml(source));
  if (!outcome.ok) {
    expectDocumentedError(outcome.error, TimemlError, TIMEML_REFUSAL);
    return undefined;
  }
  const doc = outcome.value;
  expectEvery(doc.timexes, (timex) => doc.text.slice(timex.start, timex.end) === timex.text && TIMEX_TYPES.has(timex.type), 'a TIMEX3 off its characters');
  expectEvery(doc.elements, inside(doc.text.length), 'an element outside the text');
  expect(doc.textContentStart).toBeLessThanOrEqual(doc.textContentEnd);
  return doc;
}

describe('TimeML', () => {
  it('reads a damaged TimeML file or names the line and the problem', () => {
    fc.assert(fc.property(damagedText(TIMEML, TIMEML_DAMAGE), (source) => void readTimeml(source)), runs(6101, RUNS.timeml));
  });

  it('writes a file it read back with the same text and time expressions', () => {
    // Besides damaged files, well-formed ones assembled from pieces: empty, nested and self-closing elements.
    const piece = fc.oneof(
      fc.constantFrom('The quay ', 'reopened ', '&amp; ', '&lt;b&gt; ', '\n', ' '),
      fc.tuple(fc.constantFrom('TIMEX3', 'EVENT', 'SIGNAL'), fc.constantFrom('', 'Monday', 'six months', ' ')).map(([name, text]) =>
        name === 'TIMEX3' ? `<TIMEX3 tid="t7" type="DATE" value="2020-05">${text}</TIMEX3>` : `<${name} eid="e7" sid="s7">${text}</${name}>`,
      ),
      fc.constantFrom('<SIGNAL sid="s8"/>', '<EVENT eid="e8"><TIMEX3 tid="t8" type="DURATION" value="P1D">a day</TIMEX3></EVENT>', '<EVENT eid="e9">sailing <SIGNAL sid="s9">on</SIGNAL></EVENT>'),
    );
    const assembled = fc.array(piece, { maxLength: 12 }).map((pieces) => TIMEML.replace(/<TEXT>[\s\S]*<\/TEXT>/, `<TEXT>${pieces.join('')}</TEXT>`));
    fc.assert(
      fc.property(fc.oneof(assembled, damagedText(TIMEML, TIMEML_DAMAGE)), (source) => {
        const doc = readTimeml(source);
        if (!doc) return;
        const written = settle(doc, () => writeTimeml(doc, doc.timexes));
        // Gold TIMEX3s nested in one another cannot be written as one flat layer: a documented refusal.
        if (!written.ok) return expectDocumentedError(written.error, TimemlError, /^overlapping time expressions at \d+$/);
        const again = readTimeml(written.value);
        expect(again, 'the written file is refused').toBeDefined();
        expect(again!.text).toBe(doc.text);
        expect(again!.timexes.map(({ start, end, type, value }) => [start, end, type, value])).toEqual(doc.timexes.map(({ start, end, type, value }) => [start, end, type, value]));
      }),
      runs(6102, RUNS.timemlRoundTrip),
    );
  });

  it('scores a folder of damaged files, listing each one it cannot read', async () => {
    // Small damage only: scoring runs the tagger, which is quadratic on a long run of spaces (a known problem
    // of src/language/time/rules.ts, outside the readers fuzzed here).
    const damaged = damagedText(TIMEML, { junk: TIMEML_DAMAGE.junk });
    let count = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(damaged, { minLength: 1, maxLength: 3 }), async (sources) => {
        const dir = join(scratch, `timeml-${++count}`);
        mkdirSync(dir);
        sources.forEach((source, i) => writeFileSync(join(dir, `doc${i}.tml`), source));
        const scores = expectValue(await settleAsync(sources, () => evaluateTimemlDirectory(dir)));
        expectEvery(scores.failures, (failure) => failure.file.startsWith(dir) && SCORING_REFUSAL.test(failure.message), 'a failure without its file or reason');
      }),
      runs(6103, RUNS.timemlDirectory),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// brat standoff (PolNeAR)

const ARTICLE = 'Harbour chief quits\n\nThe harbour chief resigned on Friday, a port spokeswoman told reporters.\n"The decision was his own," she said, adding that a successor would be named soon.\n';

/** `T` lines for pieces of ARTICLE, found by their text; `E` lines tie them into attributions. */
function standoff(): string {
  const span = (piece: string, after = 0) => {
    const start = ARTICLE.indexOf(piece, after);
    return `${start} ${start + piece.length}`;
  };
  const quoteStart = ARTICLE.indexOf('"The');
  return [
    `T1\tSource ${span('a port spokeswoman')}\ta port spokeswoman`,
    `T2\tCue ${span('told')}\ttold`,
    `T3\tContent ${span('The harbour chief resigned on Friday')}\tThe harbour chief resigned on Friday`,
    `T4\tAttribution ${span('told')}\ttold`,
    'E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3',
    `T5\tContent ${span('"The decision was his own,"')};${span('a successor would be named soon')}\t"The decision was his own," a successor would be named soon`,
    `T6\tCue ${span('said', quoteStart)}\tsaid`,
    `T7\tSource ${span('she', quoteStart)}\tshe`,
    'E2\tAttribution:T6 Cue:T6 Source:T7 Content:T5',
    'A1\tFactuality E1 certain',
    '#1\tAnnotatorNotes T5\tthe content goes on after the cue',
    'E3\tAttribution-no-source:T4',
    '',
  ].join('\n');
}

const ANN = standoff();
const BRAT_DAMAGE: DamageOptions = {
  junk: ['\t', '\n', '\r\n', ' ', ';', ':', 'T', 'E', 'T99', 'Cue:T1', ' constructor:T1 ', ' __proto__:T2 ', ' toString:T3', ' Content2:T5', '0 0', '5 3', '99999999999999999999', '-1', '#', 'R1\tRel Arg1:T1 Arg2:T2'],
  nesting: ['0 1;', 'Cue:T2 ', 'T1\tCue 0 4\ttold\n', 'E9\tCue:T2\n', '\n'],
  hugeAfter: [/\t/, / /],
};

describe('brat standoff', () => {
  it('reads damaged annotations against their text, reporting each bad line by file and line', () => {
    const input = fc.tuple(damagedText(ANN, BRAT_DAMAGE), fc.oneof(fc.constant(ARTICLE), damagedText(ARTICLE, { junk: ['\n', '\r\n', '"'] })));
    fc.assert(
      fc.property(input, ([ann, text]) => {
        const { attributions, problems } = expectValue(settle(ann, () => parseBratAttributions(ann, text, 'story_ab.ann')));
        const spanInside = inside(text.length);
        expectEvery(attributions, (a) => a.cue.length > 0 && [a.cue, a.source, a.content].every((spans) => spans.every(spanInside)), 'an attribution without a cue or outside the text');
        const lines = ann.split(/\r?\n/).length;
        expectEvery(problems, (p) => p.file === 'story_ab.ann' && p.line >= 1 && p.line <= lines && p.message !== '', 'a problem not naming file and line');
      }),
      runs(6201, RUNS.brat),
    );
  });

  it('reads a PolNeAR folder of damaged files, naming the file of every problem', () => {
    let count = 0;
    fc.assert(
      fc.property(fc.array(damagedText(ANN, BRAT_DAMAGE), { minLength: 1, maxLength: 3 }), (anns) => {
        const dir = join(scratch, `polnear-${++count}`);
        mkdirSync(join(dir, 'text'), { recursive: true });
        mkdirSync(join(dir, 'attributions'));
        writeFileSync(join(dir, 'text', 'harbour.txt'), ARTICLE);
        anns.forEach((ann, i) => writeFileSync(join(dir, 'attributions', `harbour_annotator${i}.ann`), ann));
        writeFileSync(join(dir, 'attributions', 'orphan_x.ann'), ANN);
        const folder = expectValue(settle(anns, () => readPolnearFolder(dir)));
        expect(folder.articles.map((article) => article.name)).toEqual(['harbour']);
        expectEvery(folder.problems, (problem) => problem.file.startsWith(join(dir, 'attributions')), 'a problem not naming its file');
      }),
      runs(6202, RUNS.polnearFolder),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// CoNLL-2003

const CONLL = ['-DOCSTART- -X- -X- O', '', 'Quay NNP B-NP B-LOC', 'Street NNP I-NP I-LOC', 'reopens VBZ B-VP O', '. . O O', '', 'Port NNP B-NP B-ORG', 'Awen NNP I-NP I-ORG', 'hired VBD B-VP O', 'Ines NNP B-NP B-PER', 'Vale NNP I-NP I-PER', '', ''].join('\n');

describe('CoNLL-2003', () => {
  it('reads damaged CoNLL into sentences whose tokens, lines and IOB2 tags line up', () => {
    const damage = { junk: ['\n', '\r\n', ' ', '\t', '-DOCSTART-', '-DOCSTART-x', 'B-', 'I-', 'X-PER', 'O', 'B-LOC'], nesting: ['\n', 'x B-PER\n', ' '], hugeAfter: [/\n/, / /] };
    fc.assert(
      fc.property(damagedText(CONLL, damage), (text) => {
        const file = expectValue(settle(text, () => parseConll(text)));
        const linedUp = (sentence: (typeof file.documents)[number]['sentences'][number]) =>
          sentence.lineNumbers.length === sentence.tokens.length &&
          sentence.tokens.every((token, i) => file.lines[sentence.lineNumbers[i]!]!.trim().startsWith(token)) &&
          (sentence.gold === undefined || (sentence.gold.length === sentence.tokens.length && sentence.gold.every((tag) => /^(?:O|[BI]-.*)$/.test(tag))));
        expectEvery(file.documents.flatMap((document) => document.sentences), linedUp, 'a sentence whose tokens, lines and tags do not line up');
        // Printing it back with no predictions keeps every line, each token line with an `O` appended.
        expect(formatConllWithTags(file, []).split('\n').length - 1).toBe(file.lines.length);
      }),
      runs(6301, RUNS.conll),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// ECB+

const ECB = `<?xml version="1.0" encoding="UTF-8"?>
<Document doc_name="7_3ecbplus.xml" doc_id="DOC1">
<token t_id="1" sentence="0" number="0">http://quay.example/storm</token>
<token t_id="2" sentence="1" number="0">A</token><token t_id="3" sentence="1" number="1">storm</token><token t_id="4" sentence="1" number="2">wrecked</token>
<token t_id="5" sentence="1" number="3">the</token><token t_id="6" sentence="1" number="4">pier</token><token t_id="7" sentence="1" number="5">&amp;</token><token t_id="8" sentence="1" number="6">boats</token>
<token t_id="9" sentence="2" number="0">It</token><token t_id="10" sentence="2" number="1">struck</token><token t_id="11" sentence="2" number="2">at</token><token t_id="12" sentence="2" number="3">dawn</token>
<Markables>
<ACTION_OCCURRENCE m_id="20"><token_anchor t_id="4"/></ACTION_OCCURRENCE>
<NON_HUMAN_PART m_id="21"><token_anchor t_id="5"/><token_anchor t_id="6"/></NON_HUMAN_PART>
<ACTION_OCCURRENCE m_id="22"><token_anchor t_id="10"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="30" RELATED_TO="" TAG_DESCRIPTOR="storm_hits_pier" instance_id="ACT7001"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="40" note="ACT7001"><source m_id="20"/><source m_id="22"/><target m_id="30"/></CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="41"><source m_id="21"/><target m_id="21"/></INTRA_DOC_COREF>
</Relations>
</Document>
`;

const SELECTED = 'Topic,File,Sentence Number\n7,3ecbplus,1\n7,3ecbplus,2\n7,4ecb,0\n';

describe('ECB+', () => {
  it('reads a damaged ECB+ file into tokens and mentions, or names the file and the problem', () => {
    const name = fc.constantFrom('7_3ecbplus.xml', '12_1ecb.xml', 'storm.xml', '7_3ecbplus.txt');
    fc.assert(
      fc.property(name, damagedText(ECB, XML_DAMAGE), (file, xml) => {
        const outcome = settle(xml, () => parseEcbDocument(file, xml));
        if (!outcome.ok) return expectDocumentedError(outcome.error, Error, new RegExp(`^${file.replace('.', '\\.')}: `));
        const doc = outcome.value;
        const ids = new Set(doc.tokens.map((token) => token.id));
        const sorted = (tokens: number[]) => tokens.every((token, i) => i === 0 || tokens[i - 1]! <= token);
        expectEvery(doc.mentions, (mention) => mention.tokens.length > 0 && sorted(mention.tokens) && mention.chain !== '', 'a mention without tokens or chain');
        const { text, offsets } = documentText(doc);
        expectEvery(offsets, ([id, offset]) => ids.has(id) && inside(text.length)(offset), 'a token offset outside the text');
      }),
      runs(6401, RUNS.ecb),
    );
  });

  it('reads a damaged sentence index or names its line', () => {
    fc.assert(
      fc.property(damagedText(SELECTED, { junk: [',', '\n', '\r\n', 'x', '-1', ' '], nesting: [',', '7,3ecb,1\n'], hugeAfter: [/,/] }), (csv) => {
        const outcome = settle(csv, () => parseSelectedSentences(csv, 'sentences.csv'));
        if (!outcome.ok) return expectDocumentedError(outcome.error, Error, /^sentences\.csv:\d+: expected TOPIC,FILE,SENTENCE/);
        expectEvery(outcome.value, (key) => /^\d+_.*\/\d+$/s.test(key), 'a sentence key not TOPIC_FILE/SENTENCE');
      }),
      runs(6402, RUNS.ecbSentences),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// PETRARCH validation records

const VALIDATION = `<?xml version="1.0" encoding="UTF-8"?>
<Validation>
<Environment>
<Verbfile>harbour.verbs.txt</Verbfile><Actorfile>harbour.actors.txt</Actorfile><Agentfile>harbour.agents.txt</Agentfile>
<Discardfile>harbour.discards.txt</Discardfile><Issuefile>harbour.issues.txt</Issuefile><Errorfile>errors.txt</Errorfile>
</Environment>
<Sentences>
<Sentence date="20190314" id="QUAY-1" category="MOOR" place="" >
<EventCoding sourcecode="PAWGOV" targetcode="PAWBUS" eventcode="043"/>
<Text>
The harbour master moored beside the ferry company on Thursday.
</Text>
<Parse>(ROOT (S (NP (DT The) (NN harbour) (NN master)) (VP (VBD moored))))</Parse>
</Sentence>
<Sentence date="20190315" id="QUAY-2" category="NONE">
<EventCoding noevents="True"/>
<Text>Gulls circled the quay.</Text>
</Sentence>
<Sentence date="20190316" id="QUAY-3" category="ERROR">
<EventCoding error="date out of range"/>
<Text>A bad record &amp; its text.</Text>
</Sentence>
</Sentences>
</Validation>
`;

describe('PETRARCH validation records', () => {
  it('reads damaged validation XML into records, or says the file holds none', () => {
    const damage = { ...XML_DAMAGE, junk: [...XML_DAMAGE.junk, '<constructor>', '</constructor>', '<__proto__>x</__proto__>', '<Sentence>', '</Sentence>', '<EventCoding/>'] };
    fc.assert(
      fc.property(damagedText(VALIDATION, damage), (xml) => {
        const outcome = settle(xml, () => parseValidationFile(xml, 'quay.xml'));
        if (!outcome.ok) return expectDocumentedError(outcome.error, Error, /^quay\.xml: (?:no <Sentence> records found|XML nested deeper than 1000 elements \(line \d+\))/);
        const { environment, records } = outcome.value;
        expectEvery(Object.values(environment).flat(), (name) => name !== '' && name.trim() === name, 'a dictionary name with spaces around it');
        const wellFormed = (record: (typeof records)[number]) =>
          record.id !== '' && record.text === record.text.replace(/\s+/g, ' ').trim() && (record.expected === null || record.expected.every((event) => typeof event.code === 'string'));
        expectEvery(records, wellFormed, 'a record with an empty id or untrimmed text');
      }),
      runs(6501, RUNS.validation),
    );
  });
});
