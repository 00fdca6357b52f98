import { describe, expect, it } from 'vitest';
import { Document } from '../document/document.js';
import type { MentionSpan } from '../document/types.js';
import { cleanSource } from '../clean/index.js';
import { analyseLanguage } from './index.js';
import { analyseText } from './text.js';
import { loadLanguageTools } from './tools.js';

const tools = loadLanguageTools();

/** Cleans and analyses a hand-written article, as ingest does. */
function analyse(text: string): Document {
  const [doc] = cleanSource({ uri: 'test.txt', format: 'txt', text, encoding: 'utf-8', hints: {} });
  analyseLanguage(doc!, tools);
  return doc!;
}

/** Entity id of the mention that covers exactly `surface` (its n-th occurrence in the document text). */
function entityAt(doc: Document, surface: string, occurrence = 0): string | undefined {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = doc.text.indexOf(surface, at + 1);
  if (at < 0) throw new Error(`"${surface}" (occurrence ${occurrence}) is not in the text`);
  return doc.spansOf('mention').find((m) => m.start === at && m.end === at + surface.length)?.entity;
}

const ARTICLE = [
  'Ministers meet in Lisbon as talks resume',
  'March 14, 2023',
  'LISBON — Portuguese Prime Minister Helena Vargas met German Chancellor Markus Feld on Tuesday, two weeks after the talks collapsed.',
  'Vargas said she hoped the two governments could agree by the end of the month. Feld did not comment.',
  "The Portuguese leader later told reporters that the European Central Bank (ECB) had been consulted. Germany's foreign ministry said the ECB would publish its figures every Monday.",
  'She added that the agreement would last three years.',
].join('\n\n');

describe('sentences and tokens', () => {
  it('keeps exact offsets, splits paragraphs apart and keeps a headline without a full stop on its own', () => {
    const text = 'Talks resume in Lisbon\n\nThe ministers met on Tuesday. They didn\u2019t agree.\n\nDr. Feld left.';
    const { sentences, tokens } = analyseText(text);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
    expect(sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      'Talks resume in Lisbon',
      'The ministers met on Tuesday.',
      'They didn\u2019t agree.',
      'Dr. Feld left.',
    ]);
    expect(sentences.map((s) => s.paragraph)).toEqual([0, 1, 1, 2]);
    expect(tokens.find((t) => t.text === 'met')).toMatchObject({ pos: 'VERB', lemma: 'meet' });
  });
});

describe('entities and aliases', () => {
  const doc = analyse(ARTICLE);

  it('resolves names, surnames, titles, descriptions and clear pronouns to one entity', () => {
    const vargas = 'person/helena-vargas';
    expect(entityAt(doc, 'Helena Vargas')).toBe(vargas);
    expect(entityAt(doc, 'Portuguese Prime Minister')).toBe(vargas);
    expect(entityAt(doc, 'Vargas', 1)).toBe(vargas);
    expect(entityAt(doc, 'she')).toBe(vargas);
    expect(entityAt(doc, 'Portuguese leader')).toBe(vargas);
    expect(entityAt(doc, 'She')).toBe(vargas);
    expect(entityAt(doc, 'Markus Feld')).toBe('person/markus-feld');
    expect(entityAt(doc, 'Feld', 1)).toBe('person/markus-feld');
  });

  it('types countries and nationalities through the gazetteer, and bodies of a country by description', () => {
    expect(entityAt(doc, 'Portuguese')).toBe('country/PRT');
    expect(entityAt(doc, 'Germany')).toBe('country/DEU');
    expect(entityAt(doc, "Germany's foreign ministry")).toBe('org/DEU-foreign-ministry');
  });

  it('links an acronym to the name it abbreviates', () => {
    const ecb = entityAt(doc, 'European Central Bank');
    expect(ecb).toBe('org/european-central-bank');
    expect(entityAt(doc, 'ECB', 1)).toBe(ecb);
  });

  it('never takes a time expression for a name, and normalises it against the publication date', () => {
    const monday = doc.text.indexOf('every Monday');
    expect(doc.spansOf('mention').some((m) => m.start >= monday && m.start < monday + 12)).toBe(false);
    const timexes = doc.spansOf('timex').map((t) => [doc.slice(t), t.timexType, t.value]);
    expect(timexes).toContainEqual(['Tuesday', 'DATE', '2023-03-14']);
    expect(timexes).toContainEqual(['two weeks', 'DURATION', 'P2W']);
    expect(timexes).toContainEqual(['three years', 'DURATION', 'P3Y']);
    expect(timexes.find((t) => String(t[0]).includes('Monday'))?.slice(1)).toEqual(['SET', 'XXXX-WXX-1']);
  });

  it('leaves a pronoun alone when two people could be meant', () => {
    const text = 'Anna Berg met Tom Lind in Oslo on Friday.\n\nThe talks went well, and Lind told Berg that he would return soon.';
    const ambiguous = analyse(text);
    const he = ambiguous.text.indexOf(' he ') + 1;
    expect(ambiguous.spansOf('mention').find((m) => m.start === he)).toBeUndefined();
  });

  it('reads "the North" in an article about North Korea as North Korea', () => {
    const korea = analyse('Missile test reported\n\nNorth Korea fired a missile into the sea on Monday, officials in Seoul said.\n\nThe North later said the test had been a success.');
    expect(entityAt(korea, 'North Korea')).toBe('country/PRK');
    expect(entityAt(korea, 'North', 1)).toBe('country/PRK');
  });

  it('gives mention spans that point at the characters they name', () => {
    for (const m of doc.spansOf('mention') as MentionSpan[]) {
      expect(doc.slice(m).trim()).toBe(doc.slice(m));
      expect(m.end).toBeGreaterThan(m.start);
    }
  });
});
