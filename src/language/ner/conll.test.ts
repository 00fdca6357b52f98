import { describe, expect, it } from 'vitest';
import { formatConllWithTags, goldDocuments, parseConll } from './conll.js';

// Hand-written, in the CoNLL-2003 layout: word, POS, chunk, IOB1 name tag.
const snippet = [
  '-DOCSTART- -X- -X- O',
  '',
  'Maria NNP I-NP I-PER',
  'Okafor NNP I-NP I-PER',
  'flew VBD I-VP O',
  'to TO I-PP O',
  'Oslo NNP I-NP I-LOC',
  '. . O O',
  '',
  'Kestrel NNP I-NP I-ORG',
  'Labs NNPS I-NP I-ORG',
  'hired VBD I-VP O',
  'Lee NNP I-NP I-PER',
  'Tan NNP I-NP B-PER',
  '. . O O',
  '',
  '-DOCSTART- -X- -X- O',
  '',
  'Rain NN I-NP O',
  'fell VBD I-VP O',
  '',
].join('\n');

describe('CoNLL reader', () => {
  const file = parseConll(snippet);

  it('splits documents at -DOCSTART- and sentences at blank lines', () => {
    expect(file.documents.map((d) => d.sentences.map((s) => s.tokens.length))).toEqual([[6, 6], [2]]);
    expect(file.documents[0]!.sentences[0]!.tokens).toEqual(['Maria', 'Okafor', 'flew', 'to', 'Oslo', '.']);
  });

  it('reads the last column as the gold tag and converts IOB1 to IOB2', () => {
    expect(file.documents[0]!.sentences[1]!.gold).toEqual(['B-ORG', 'I-ORG', 'O', 'B-PER', 'B-PER', 'O']);
    expect(goldDocuments(file)[0]![0]!.tags).toEqual(['B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'O']);
  });

  it('has no gold tags for one-column input', () => {
    const plain = parseConll('Hello\nworld\n\nBye\n');
    expect(plain.documents).toHaveLength(1);
    expect(plain.documents[0]!.sentences.map((s) => s.gold)).toEqual([undefined, undefined]);
    expect(goldDocuments(plain)).toEqual([[]]);
  });

  it('writes every line back unchanged, each token line with the predicted tag appended', () => {
    const predicted = file.documents.map((d) => d.sentences.map((s) => s.tokens.map((_, i) => (i === 0 ? 'B-X' : 'O'))));
    const out = formatConllWithTags(file, predicted).split('\n');
    const lines = snippet.split('\n');
    expect(out).toHaveLength(lines.length);
    lines.forEach((line, n) => {
      if (line === '' || line.startsWith('-DOCSTART-')) expect(out[n]).toBe(line);
      else expect(out[n]).toMatch(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (B-X|O)$`));
    });
    expect(out[2]).toBe('Maria NNP I-NP I-PER B-X');
    expect(out[3]).toBe('Okafor NNP I-NP I-PER O');
  });

  it('accepts CRLF line ends and a missing final newline', () => {
    const crlf = parseConll('A NNP O\r\nB NNP O\r\n\r\nC NNP O');
    expect(crlf.documents[0]!.sentences.map((s) => s.tokens)).toEqual([['A', 'B'], ['C']]);
    expect(formatConllWithTags(crlf, [[['O', 'O'], ['O']]])).toBe('A NNP O O\nB NNP O O\n\nC NNP O O\n');
  });
});
