import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerEntityEvalCommands } from '../../cli/entities-eval.js';
import { inferForm, listMeantimeFiles, MeantimeError, parseMeantime, toEventwireDocument } from './meantime.js';

/** A made-up article in MEANTIME's layout: headline (sentence 0), date line (1), body (2, 3). */
const words: [number, string][] = [
  [0, 'Acme'], [0, 'hires'], [0, 'Jane'], [0, 'Roe'],
  [1, 'March'], [1, '3'], [1, ','], [1, '2010'],
  [2, 'The'], [2, 'company'], [2, ','], [2, 'based'], [2, 'in'], [2, '``'], [2, 'Springfield'], [2, "''"], [2, ','],
  [2, 'said'], [2, 'she'], [2, 'would'], [2, "n't"], [2, 'leave'], [2, 'Acme'], [2, "'s"], [2, 'lab'], [2, '('],
  [2, 'its'], [2, 'oldest'], [2, ')'], [2, '.'],
  [3, 'Roe'], [3, 'smiled'], [3, '&amp;'], [3, 'left'], [3, '.'],
];
const tokens = words.map(([sentence, word], i) => `<token number="${i}" sentence="${sentence}" t_id="${i + 1}">${word}</token>`).join('\n');
const anchors = (...ids: number[]): string => ids.map((id) => `<token_anchor t_id="${id}"/>`).join('');
const XML = `<?xml version="1.0" ?><Document doc_id="7" doc_name="7_Acme_hires_Jane_Roe" lang="en" url="http://example.org/wiki/Acme">
${tokens}
<Markables>
<ENTITY_MENTION comment="" head="" m_id="1" syntactic_type="NAM">${anchors(1)}</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="Roe" m_id="2" syntactic_type="NAM">${anchors(3, 4)}</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="company" m_id="3" syntactic_type="NOM">${anchors(9, 10)}</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="4" syntactic_type="">${anchors(19)}</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="5" syntactic_type="NAM">${anchors(23)}</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="6" syntactic_type="PRO">${anchors(27)}</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="8" syntactic_type="NAM">${anchors(15)}</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="9" syntactic_type="NOM"></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="10" syntactic_type="">${anchors(23, 24, 25)}</ENTITY_MENTION>
<EVENT_MENTION m_id="20" pos="VERB" pred="say">${anchors(18)}</EVENT_MENTION>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="21" type="DATE" value="2010-03-03">${anchors(5, 6, 7, 8)}</TIMEX3>
<ENTITY_MENTION m_id="7">${anchors(31)}</ENTITY_MENTION>
<ENTITY TAG_DESCRIPTOR="Acme Corp" ent_type="ORG" external_ref="http://dbpedia.org/resource/Acme" instance_id="ORG1" m_id="30"/>
<ENTITY TAG_DESCRIPTOR="Jane Roe" ent_type="PER" instance_id="PER1" m_id="31"/>
<ENTITY TAG_DESCRIPTOR="Springfield" ent_type="LOC" m_id="32"/>
<ENTITY TAG_DESCRIPTOR="the lab" ent_type="LOC" m_id="33"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="3"/><source m_id="5"/><source m_id="6"/><target m_id="30"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><source m_id="4"/><source m_id="7"/><target m_id="31"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="8"/><target m_id="32"/></REFERS_TO>
<REFERS_TO r_id="4"><source m_id="10"/><target m_id="33"/></REFERS_TO>
<TLINK r_id="5" reltype="INCLUDES"><source m_id="21"/><target m_id="20"/></TLINK>
</Relations>
</Document>`;

const HEADLINE = 'Acme hires Jane Roe';
const DATE_LINE = 'March 3, 2010';
const BODY = 'The company, based in "Springfield", said she wouldn\'t leave Acme\'s lab (its oldest). Roe smiled & left.';

describe('parseMeantime', () => {
  const doc = parseMeantime(XML, { corpus: 'corpus_test', file: 'test.xml' });
  const mention = (id: string) => doc.mentions.find((m) => m.id === id)!;

  it('rebuilds the text: headline, date line and body as paragraphs, punctuation and clitics attached', () => {
    expect(doc.text).toBe(`${HEADLINE}\n\n${DATE_LINE}\n\n${BODY}`);
    expect(doc.text.slice(doc.title.start, doc.title.end)).toBe(HEADLINE);
    expect(doc.text.slice(doc.dateLine!.start, doc.dateLine!.end)).toBe(DATE_LINE);
    expect(doc.text.slice(doc.body!.start, doc.body!.end)).toBe(BODY);
    // Every token maps to its own characters; PTB quotes read as the quote they stand for.
    for (const t of doc.tokens) expect(doc.text.slice(t.start, t.end)).toBe(t.text === '``' || t.text === "''" ? '"' : t.text);
    expect(doc.dct).toBe('2010-03-03');
    expect(doc).toMatchObject({ corpus: 'corpus_test', docId: '7', url: 'http://example.org/wiki/Acme', skipped: 1 });
  });

  it('reads mentions with their spans, forms, heads and entities', () => {
    expect(doc.mentions).toHaveLength(9);
    expect(mention('2')).toMatchObject({ text: 'Jane Roe', form: 'name', entityType: 'PER', entity: 'PER1', instance: 'PER1', sentence: 0 });
    expect(doc.text.slice(mention('2').head!.start, mention('2').head!.end)).toBe('Roe');
    expect(mention('3')).toMatchObject({ text: 'The company', form: 'nominal', formInferred: false, entity: 'ORG1', externalRef: 'http://dbpedia.org/resource/Acme' });
    expect(mention('4')).toMatchObject({ text: 'she', form: 'pronoun', formInferred: true, relative: false, entityType: 'PER' });
    expect(mention('6')).toMatchObject({ text: 'its', form: 'pronoun', entity: 'ORG1' });
    expect(mention('8')).toMatchObject({ text: 'Springfield', entityType: 'LOC', entity: 'entity:32', instance: undefined });
    // An untyped mention gets its form from its words, and a nominal its head.
    expect(mention('10')).toMatchObject({ text: "Acme's lab", form: 'nominal', formInferred: true });
    expect(doc.text.slice(mention('10').head!.start, mention('10').head!.end)).toBe('lab');
    // Added at the cross-document stage: no attributes, past the annotated sentences.
    expect(mention('7')).toMatchObject({ text: 'Roe', documentLevel: false, syntacticType: undefined, form: 'name', sentence: 3 });
  });

  it('knows how far the document-level annotation goes', () => {
    expect(doc.annotatedSentences).toBe(3);
    expect(doc.text.slice(0, doc.annotatedEnd).endsWith('(its oldest).')).toBe(true);
  });

  it('builds a Document the language stage reads as headline plus body, dated by the DCT', () => {
    const document = toEventwireDocument(doc);
    expect(document.readingView().text).toBe(`${HEADLINE}\n\n${BODY}`);
    expect(document.fieldValue('title')).toBe(HEADLINE);
    expect(document.fieldValue('published')).toBe('2010-03-03');
    expect(document.body().text).toBe(BODY);
    expect(document.hints.url).toBe('http://example.org/wiki/Acme');
  });

  it('falls back to the date line without a DCT, and refuses a file without tokens', () => {
    const withoutDct = parseMeantime(XML.replace(/<TIMEX3[^]*?<\/TIMEX3>/, ''));
    expect(withoutDct.dct).toBe('2010-03-03');
    expect(() => parseMeantime('<Document doc_id="1"></Document>', { file: 'empty.xml' })).toThrow(/empty.xml: no <token>/);
  });

  it('refuses a file nested deeper than any MEANTIME file, naming it, where the tree walk would overflow the stack', () => {
    const deep = XML.replace('<Markables>', `<Markables>\n${'<x>'.repeat(50_000)}`);
    expect(() => parseMeantime(deep, { file: 'deep.xml' })).toThrow(MeantimeError);
    const line = XML.slice(0, XML.indexOf('<Markables>')).split('\n').length + 1;
    expect(() => parseMeantime(deep, { file: 'deep.xml' })).toThrow(new RegExp(`^deep\\.xml: XML nested deeper than 1000 elements \\(line ${line}\\)$`));
  });
});

describe('inferForm', () => {
  it('tells pronouns, names, nominals and coordinations apart by their words', () => {
    expect(inferForm(['its'])).toBe('pronoun');
    expect(inferForm(['GM'])).toBe('name');
    expect(inferForm(['the', 'Air', 'Force'])).toBe('name');
    expect(inferForm(['the', 'US', 'company'])).toBe('nominal');
    expect(inferForm(['The', 'company'])).toBe('nominal');
    expect(inferForm(['Boeing', 'and', 'Airbus'])).toBe('other');
  });
});

describe('eventwire eval entities on a folder of one made-up corpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventwire-meantime-'));
  mkdirSync(join(dir, 'corpus_test'));
  writeFileSync(join(dir, 'corpus_test', '7_Acme.xml'), XML);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists files with their corpus', async () => {
    expect(await listMeantimeFiles(dir)).toEqual([{ path: join(dir, 'corpus_test', '7_Acme.xml'), corpus: 'corpus_test' }]);
  });

  it('prints the headline figures as JSON, per corpus too, with errors on request', async () => {
    const program = new Command().exitOverride();
    registerEntityEvalCommands(program.command('eval'));
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(['node', 'eventwire', 'eval', 'entities', dir, '--json', '--errors']);
    } finally {
      write.mockRestore();
    }
    const json = JSON.parse(out) as Record<string, unknown>;
    for (const key of ['mention_f1', 'mention_typed_f1', 'muc_f1', 'b3_f1', 'ceafe_f1', 'conll_f1', 'cross_doc_b3_f1']) {
      expect(json[key], key).toBeGreaterThanOrEqual(0);
      expect(json[key], key).toBeLessThanOrEqual(1);
    }
    expect(json.documents).toBe(1);
    expect(Object.keys(json.corpora as object)).toEqual(['corpus_test']);
    expect(Array.isArray(json.errors)).toBe(true);
  });
});
