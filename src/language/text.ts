import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { BodyView, Document } from '../document/document.js';

/** A token of the reading view. Offsets are into `LanguageText.view.text`; `LanguageText.toOriginal` maps them back. */
export interface Token {
  start: number;
  end: number;
  text: string;
  /** Universal POS tag (PROPN, VERB, NOUN ...). */
  pos: string;
  lemma: string;
  /** Index of the sentence the token belongs to. */
  sentence: number;
}

export interface Sentence {
  index: number;
  start: number;
  end: number;
  /** Index of the paragraph (0 is the headline when the view has one). */
  paragraph: number;
  tokens: Token[];
}

/** The reading view split into sentences and tokens: one tokenizer for every later stage. */
export interface LanguageText {
  view: BodyView;
  sentences: Sentence[];
  tokens: Token[];
}

let nlp: WinkMethods | undefined;

/** A possessive ending after a letter: "Trump’s", "nation's". */
const POSSESSIVE_END = /(?<=\p{L})['’]s$/u;

/** wink-nlp with its English model: sentence boundaries, tokens, POS tags and lemmas (loaded once, lazily). */
function wink(): WinkMethods {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
}

/** Paragraph ranges of a view: pieces between blank lines. */
function paragraphsOf(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  while (start <= text.length) {
    const at = text.indexOf('\n\n', start);
    const end = at < 0 ? text.length : at;
    if (end > start) out.push({ start, end });
    if (at < 0) break;
    start = at + 2;
  }
  return out;
}

/**
 * Splits text into sentences and tokens with exact offsets. Each paragraph is read on its own, so a headline
 * without a full stop never runs into the first sentence of the body.
 */
export function analyseText(text: string): { sentences: Sentence[]; tokens: Token[] } {
  const { its } = wink();
  const sentences: Sentence[] = [];
  const tokens: Token[] = [];
  paragraphsOf(text).forEach((para, paragraphIndex) => {
    const doc = wink().readDoc(text.slice(para.start, para.end));
    const values = doc.tokens().out(its.value) as string[];
    const spaces = doc.tokens().out(its.precedingSpaces) as string[];
    const pos = doc.tokens().out(its.pos) as string[];
    const lemmas = doc.tokens().out(its.lemma as never) as string[]; // its.lemma is typed for the addons API
    const local = text.slice(para.start, para.end);
    // wink keeps every character as a token or a preceding space; walk them to recover offsets, and search
    // forward in the rare case a token's value is not the literal text.
    const starts: number[] = [];
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      cursor += spaces[i]!.length;
      if (!local.startsWith(value, cursor)) {
        const found = local.indexOf(value, cursor);
        if (found >= 0) cursor = found;
      }
      starts.push(cursor);
      cursor = Math.min(local.length, cursor + value.length);
    }
    const ranges = doc.sentences().out(its.span) as unknown as [number, number][];
    for (const [first, last] of ranges) {
      const sentence: Sentence = { index: sentences.length, start: 0, end: 0, paragraph: paragraphIndex, tokens: [] };
      for (let i = first; i <= last; i++) {
        const start = para.start + starts[i]!;
        const end = Math.min(para.end, start + values[i]!.length);
        const previous = sentence.tokens[sentence.tokens.length - 1];
        // wink splits "Jae-in" and "year-old" at the hyphen; news tokenisers (and the CoNLL-trained tagger)
        // keep a word with a lower-case part after its hyphen whole. "Trump-Kim" stays two names.
        if (previous && values[i - 1] === '-' && spaces[i - 1] === '' && spaces[i] === '' && /^\p{Ll}/u.test(values[i]!) && sentence.tokens.length >= 2) {
          const head = sentence.tokens[sentence.tokens.length - 2]!;
          if (head.end === previous.start && /\p{L}$/u.test(head.text)) {
            sentence.tokens.splice(-2, 2);
            tokens.splice(-2, 2);
            const merged: Token = { ...head, end, text: text.slice(head.start, end), lemma: text.slice(head.start, end).toLowerCase() };
            sentence.tokens.push(merged);
            tokens.push(merged);
            continue;
          }
        }
        const token: Token = {
          start,
          end,
          text: text.slice(start, end),
          pos: pos[i] ?? 'X',
          lemma: lemmas[i] ?? values[i]!.toLowerCase(),
          sentence: sentence.index,
        };
        // wink splits "Trump’s" into "Trump" and "’s" in a fresh process but, once it has seen the word, may
        // keep it whole: the possessive is split here, so the same text always gives the same tokens.
        const possessive = POSSESSIVE_END.exec(token.text);
        if (possessive && possessive.index > 0) {
          const cut = start + possessive.index;
          const stem: Token = { ...token, end: cut, text: text.slice(start, cut), lemma: text.slice(start, cut).toLowerCase() };
          const suffix: Token = { ...token, start: cut, text: text.slice(cut, end), pos: 'PART', lemma: "'s" };
          sentence.tokens.push(stem, suffix);
          tokens.push(stem, suffix);
          continue;
        }
        sentence.tokens.push(token);
        tokens.push(token);
      }
      if (sentence.tokens.length === 0) continue;
      sentence.start = sentence.tokens[0]!.start;
      sentence.end = sentence.tokens[sentence.tokens.length - 1]!.end;
      sentences.push(sentence);
    }
  });
  return { sentences, tokens };
}

/** Sentences and tokens of a document's reading view (headline and body). */
export function analyseDocumentText(doc: Document): LanguageText {
  const view = doc.readingView();
  return { view, ...analyseText(view.text) };
}
