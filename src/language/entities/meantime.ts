/**
 * The NewsReader MEANTIME corpus (English Wikinews, annotated with CAT and CROMER): gold entity mentions with
 * their within-document and cross-document identity, read from its XML, and an eventwire `Document` built from
 * the same text so the real language stage can be scored against them.
 *
 * What the format holds, as read here:
 * - `<token t_id sentence number>`: the text, tokenised. Sentence 0 is the headline, sentence 1 the date line,
 *   the rest the body. Paragraphs are not kept.
 * - `<ENTITY_MENTION m_id syntactic_type head>` with `<token_anchor t_id>`: a mention (anchors may skip tokens;
 *   the mention then spans from its first to its last token). `head`, when set, is the head's text, not a token id.
 *   Document-level annotation (CAT) gives every mention a `syntactic_type` attribute, although often an empty one;
 *   mentions added at the cross-document stage (CROMER) have no attributes at all.
 * - `<ENTITY m_id ent_type instance_id external_ref TAG_DESCRIPTOR>`: what mentions refer to, through
 *   `<REFERS_TO>` relations (sources: mention ids, target: the entity). `instance_id` is corpus-wide.
 * - `<TIMEX3 functionInDocument="CREATION_TIME" value>`: the document creation time.
 *
 * Document-level annotation covers only the first sentences (headline, date line and about four body
 * sentences); past them only mentions of cross-document instances were added. `annotatedSentences` says how far
 * the full annotation goes, so scores of what needs complete gold (precision) can stay inside it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { DomHandler, DomUtils } from 'htmlparser2';
import { parseBoundedXml, XmlDepthError } from '../../util/xml.js';
import { parseDateLine } from '../../clean/index.js';
import { Document } from '../../document/document.js';

type XmlElement = ReturnType<typeof DomUtils.findAll>[number];

export interface MeantimeToken {
  id: number;
  sentence: number;
  /** The token as the file writes it (`` and '' for quotes). */
  text: string;
  /** Offsets of the token as rendered in `MeantimeDocument.text`. */
  start: number;
  end: number;
}

/**
 * How a mention refers, from its syntactic type: `name` (NAM, PRE.NAM), `nominal` (NOM), `pronoun` (PRO),
 * `other` (APP, CONJ, PTV, HLS, ARC, PRE.NOM: phrases eventwire does not produce as one mention).
 * Mentions without a syntactic type get one inferred from their words (see `inferForm`).
 */
export type GoldForm = 'name' | 'nominal' | 'pronoun' | 'other';

export interface GoldMention {
  /** The mention's m_id. */
  id: string;
  start: number;
  end: number;
  text: string;
  /**
   * The mention's head: where the `head` attribute's text sits inside the mention, when given and found; else,
   * for a nominal, its last word before a preposition, comma or relative clause ("the US company" → "company").
   * Lenient matching requires a predicted mention to touch it, so "US" does not stand for "the US company".
   */
  head?: { start: number; end: number };
  sentence: number;
  /** `syntactic_type` as annotated; undefined for mentions added at the cross-document stage. */
  syntacticType: string | undefined;
  form: GoldForm;
  /** The form came from the words because the annotation gives no (or an empty) syntactic type. */
  formInferred: boolean;
  /** A relative pronoun ("which", "who"): part of a larger noun phrase in most coreference schemes. */
  relative: boolean;
  /** `ent_type` of the entity referred to (PER, ORG, LOC, PRO, FIN, MIX), undefined when no relation says. */
  entityType: string | undefined;
  /** The gold entity within the document: the corpus-wide instance id, or the document's own entity m_id. */
  entity: string;
  /** Corpus-wide instance id, when the entity has one. */
  instance: string | undefined;
  /** The entity's descriptor (TAG_DESCRIPTOR), for reports. */
  entityName: string | undefined;
  externalRef: string | undefined;
  /** Annotated at document level (has a syntactic_type attribute) rather than added by the cross-document pass. */
  documentLevel: boolean;
}

export interface MeantimeDocument {
  /** Corpus (the folder holding the file, e.g. corpus_airbus). */
  corpus: string;
  /** File path as given to the reader. */
  file: string;
  docId: string;
  name: string;
  url: string | undefined;
  /**
   * Rebuilt plain text: headline, blank line, date line, blank line, body (one paragraph). Tokens are joined
   * by spaces, except before closing punctuation and clitics and after opening brackets and quotes.
   */
  text: string;
  tokens: MeantimeToken[];
  title: { start: number; end: number };
  dateLine: { start: number; end: number } | undefined;
  body: { start: number; end: number } | undefined;
  /** Document creation time as an ISO date (YYYY-MM-DD), from the DCT or else the date line. */
  dct: string | undefined;
  mentions: GoldMention[];
  /** Sentences 0 .. annotatedSentences-1 carry the full document-level annotation. */
  annotatedSentences: number;
  /** Character offset where that fully annotated part ends. */
  annotatedEnd: number;
  /** Mentions skipped: without token anchors. */
  skipped: number;
}

export class MeantimeError extends Error {}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

/** Tokens written without a space before them. */
const CLOSING = new Set([',', '.', ':', ';', '?', '!', ')', ']', '}', '%', "''", '”', '’', "'", '...']);
const CLITIC = /^(?:'|’)(?:s|re|ve|d|ll|m)$|^n['’]t$/i;
/** Tokens written without a space after them. */
const OPENING = new Set(['(', '[', '{', '``', '“', '‘', '`']);
const CURRENCY = new Set(['$', 'US$', 'CA$', 'AU$', 'A$', 'C$', '£', '€', '#']);
/** PTB quote tokens, written as the character they stand for. */
const RENDERED: Record<string, string> = { '``': '"', "''": '"' };

const PRONOUNS = new Set([
  'i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself',
  'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself', 'they', 'them', 'their',
  'theirs', 'themselves', 'this', 'that', 'these', 'those', 'which', 'who', 'whom', 'whose', 'one', 'own',
]);
const RELATIVE_PRONOUNS = new Set(['which', 'who', 'whom', 'whose', 'that']);
const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'our', 'this', 'that', 'these', 'those']);

/** The form a syntactic type stands for. */
function formOfType(type: string): GoldForm | undefined {
  switch (type) {
    case 'NAM':
    case 'PRE.NAM':
      return 'name';
    case 'NOM':
      return 'nominal';
    case 'PRO':
      return 'pronoun';
    case '':
      return undefined;
    default:
      return 'other';
  }
}

/**
 * The form of a mention the annotation left untyped (about half of the airbus and gm corpora, and every mention
 * the cross-document pass added): a lone pronoun is a pronoun; a coordination is `other`; a phrase whose words
 * after any determiner are all capitalised ("GM", "the Air Force") a name; anything else a nominal.
 */
export function inferForm(words: readonly string[]): GoldForm {
  if (words.length === 1 && PRONOUNS.has(words[0]!.toLowerCase())) return 'pronoun';
  if (words.some((w) => w === 'and' || w === ',')) return 'other';
  let at = 0;
  while (at < words.length - 1 && DETERMINERS.has(words[at]!.toLowerCase())) at++;
  const rest = words.slice(at).filter((w) => /\p{L}/u.test(w));
  const named = rest.length > 0 && rest.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || /^(?:of|de|for|and|&)$/.test(w)) && /^\p{Lu}/u.test(rest[0]!);
  return named ? 'name' : 'nominal';
}

/** Joins tokens into text with a map from each token to its characters. */
function renderTokens(tokens: readonly { text: string }[], startAt: number, quoteOpen: { open: boolean }): { text: string; ranges: [number, number][] } {
  let out = '';
  const ranges: [number, number][] = [];
  let glueNext = true; // no space before the first token
  tokens.forEach((token, i) => {
    const raw = token.text;
    let shown = RENDERED[raw] ?? raw;
    let spaceBefore = !glueNext;
    let glueAfter = false;
    if (raw === '"') {
      // A straight quote opens or closes depending on the ones before it.
      if (quoteOpen.open) spaceBefore = false;
      else glueAfter = true;
      quoteOpen.open = !quoteOpen.open;
    } else if (raw === "''") {
      spaceBefore = false;
      quoteOpen.open = false;
    } else if (raw === '``') {
      glueAfter = true;
      quoteOpen.open = true;
    } else {
      // "Apple’ s": an apostrophe tokenised apart from its s.
      const afterApostrophe = (raw === 's' || raw === 'S') && /^['’]$/.test(tokens[i - 1]?.text ?? '');
      if (CLOSING.has(raw) || CLITIC.test(raw) || afterApostrophe) spaceBefore = false;
      if (OPENING.has(raw)) glueAfter = true;
      if (CURRENCY.has(raw) && /^\d/.test(tokens[i + 1]?.text ?? '')) glueAfter = true;
    }
    if (shown.length === 0) shown = ' ';
    if (spaceBefore) out += ' ';
    ranges.push([startAt + out.length, startAt + out.length + shown.length]);
    out += shown;
    glueNext = glueAfter;
  });
  return { text: out, ranges };
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.attribs[name];
}

function children(el: XmlElement, name: string): XmlElement[] {
  return DomUtils.getChildren(el).filter((c): c is XmlElement => DomUtils.isTag(c) && c.name === name);
}

/** Parses one MEANTIME XML file. `corpus` and `file` only label the result. */
export function parseMeantime(xml: string, where: { corpus?: string; file?: string } = {}): MeantimeDocument {
  const file = where.file ?? '(xml)';
  const dom = new DomHandler(undefined, { xmlMode: true });
  try {
    parseBoundedXml(xml, dom, { xmlMode: true, decodeEntities: true, where: file });
  } catch (error) {
    if (error instanceof XmlDepthError) throw new MeantimeError(error.message);
    throw error;
  }
  const root = DomUtils.findOne((el) => el.name === 'Document', dom.root.children, true);
  if (!root) throw new MeantimeError(`${file}: no <Document> element`);
  const tokenElements = children(root, 'token');
  if (tokenElements.length === 0) throw new MeantimeError(`${file}: no <token> elements`);

  const raw = tokenElements.map((el) => {
    const id = Number(attr(el, 't_id'));
    const sentence = Number(attr(el, 'sentence'));
    if (!Number.isInteger(id) || !Number.isInteger(sentence)) throw new MeantimeError(`${file}: a token without an integer t_id and sentence`);
    return { id, sentence, text: DomUtils.textContent(el).trim() };
  });
  // Tokens in document order; the files list them so, but the ids are what anchors use.
  raw.sort((a, b) => a.sentence - b.sentence || a.id - b.id);

  // Headline (sentence 0), date line (sentence 1), body (the rest): three paragraphs.
  const parts = [raw.filter((t) => t.sentence === 0), raw.filter((t) => t.sentence === 1), raw.filter((t) => t.sentence >= 2)];
  const tokens: MeantimeToken[] = [];
  const ranges: ({ start: number; end: number } | undefined)[] = [];
  let text = '';
  const quotes = { open: false };
  for (const part of parts) {
    if (part.length === 0) {
      ranges.push(undefined);
      continue;
    }
    if (text.length > 0) text += '\n\n';
    quotes.open = false;
    const rendered = renderTokens(part, text.length, quotes);
    part.forEach((t, i) => tokens.push({ ...t, start: rendered.ranges[i]![0], end: rendered.ranges[i]![1] }));
    ranges.push({ start: text.length, end: text.length + rendered.text.length });
    text += rendered.text;
  }
  const byId = new Map(tokens.map((t) => [t.id, t]));

  const markables = children(root, 'Markables')[0];
  const relations = children(root, 'Relations')[0];
  const markableList = markables ? DomUtils.getChildren(markables).filter((c): c is XmlElement => DomUtils.isTag(c)) : [];
  const anchorsOf = (el: XmlElement): MeantimeToken[] =>
    children(el, 'token_anchor')
      .map((a) => byId.get(Number(attr(a, 't_id'))))
      .filter((t): t is MeantimeToken => t !== undefined)
      .sort((a, b) => a.start - b.start);

  const entities = new Map<string, XmlElement>();
  for (const el of markableList) if (el.name === 'ENTITY') entities.set(attr(el, 'm_id') ?? '', el);
  // Mention → entity. A mention is the source of one REFERS_TO in all but a handful of cases; the first wins.
  const refersTo = new Map<string, string>();
  for (const rel of relations ? children(relations, 'REFERS_TO') : []) {
    const target = attr(children(rel, 'target')[0] ?? rel, 'm_id');
    if (!target || !entities.has(target)) continue;
    for (const source of children(rel, 'source')) {
      const id = attr(source, 'm_id');
      if (id && !refersTo.has(id)) refersTo.set(id, target);
    }
  }

  // How far the document-level annotation goes: the last sentence holding a mention or an event it typed.
  let lastAnnotated = 1;
  for (const el of markableList) {
    const documentLevel =
      (el.name === 'ENTITY_MENTION' && attr(el, 'syntactic_type') !== undefined) ||
      (el.name === 'EVENT_MENTION' && attr(el, 'pos') !== undefined) ||
      (el.name === 'TIMEX3' && attr(el, 'functionInDocument') !== 'CREATION_TIME');
    if (!documentLevel) continue;
    const anchors = anchorsOf(el);
    if (anchors.length > 0) lastAnnotated = Math.max(lastAnnotated, anchors[anchors.length - 1]!.sentence);
  }
  const annotatedEnd = Math.max(0, ...tokens.filter((t) => t.sentence <= lastAnnotated).map((t) => t.end));

  const mentions: GoldMention[] = [];
  let skipped = 0;
  for (const el of markableList) {
    if (el.name !== 'ENTITY_MENTION') continue;
    const anchors = anchorsOf(el);
    const id = attr(el, 'm_id') ?? '';
    if (anchors.length === 0) {
      skipped++;
      continue;
    }
    const first = anchors[0]!;
    const last = anchors[anchors.length - 1]!;
    const covered = tokens.filter((t) => t.start >= first.start && t.end <= last.end);
    const words = covered.map((t) => t.text);
    const syntacticType = attr(el, 'syntactic_type');
    const annotatedForm = formOfType(syntacticType ?? '');
    const form = annotatedForm ?? inferForm(words);
    const target = refersTo.get(id);
    const entity = target ? entities.get(target) : undefined;
    const instance = entity ? attr(entity, 'instance_id') || undefined : undefined;
    const head = locateHead(attr(el, 'head'), covered) ?? (form === 'nominal' ? nominalHead(covered) : undefined);
    mentions.push({
      id,
      start: first.start,
      end: last.end,
      text: text.slice(first.start, last.end),
      ...(head ? { head } : {}),
      sentence: first.sentence,
      syntacticType,
      form,
      formInferred: annotatedForm === undefined,
      relative: form === 'pronoun' && words.length === 1 && RELATIVE_PRONOUNS.has(words[0]!.toLowerCase()),
      entityType: entity ? attr(entity, 'ent_type') || undefined : undefined,
      // Unlinked mentions are entities of their own.
      entity: instance ?? (target ? `entity:${target}` : `mention:${id}`),
      instance,
      entityName: entity ? attr(entity, 'TAG_DESCRIPTOR') : undefined,
      externalRef: entity ? attr(entity, 'external_ref') || undefined : undefined,
      documentLevel: syntacticType !== undefined,
    });
  }
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);

  const [title, dateLine, body] = ranges;
  if (!title) throw new MeantimeError(`${file}: no headline (sentence 0)`);
  let dct: string | undefined;
  for (const el of markableList) {
    if (el.name === 'TIMEX3' && attr(el, 'functionInDocument') === 'CREATION_TIME') {
      const value = attr(el, 'value') ?? '';
      if (ISO_DAY.test(value)) dct = value.slice(0, 10);
    }
  }
  // Two files have no DCT: their date line says it.
  if (!dct && dateLine) dct = parseDateLine(text.slice(dateLine.start, dateLine.end))?.date;

  return {
    corpus: where.corpus ?? '',
    file,
    docId: attr(root, 'doc_id') ?? basename(file),
    name: attr(root, 'doc_name') ?? basename(file),
    url: attr(root, 'url') || undefined,
    text,
    tokens,
    title,
    dateLine,
    body,
    dct,
    mentions,
    annotatedSentences: lastAnnotated + 1,
    annotatedEnd,
    skipped,
  };
}

/** Words that end the head chunk of a noun phrase. */
const AFTER_HEAD = new Set(['of', 'in', 'at', 'for', 'with', 'from', 'to', 'on', 'by', 'as', 'than', ',', '(', ':', '-', '--', 'who', 'which', 'that', 'whose', 'based']);

/** The last word of a nominal's first chunk, possessives and punctuation aside. */
function nominalHead(covered: readonly MeantimeToken[]): { start: number; end: number } | undefined {
  let last = covered.length - 1;
  for (let i = 1; i < covered.length; i++) {
    if (AFTER_HEAD.has(covered[i]!.text.toLowerCase())) {
      last = i - 1;
      break;
    }
  }
  while (last > 0 && (CLITIC.test(covered[last]!.text) || /^\W+$/u.test(covered[last]!.text))) last--;
  const token = covered[last];
  return token ? { start: token.start, end: token.end } : undefined;
}

/** Finds the `head` attribute's words inside the mention's tokens (the last occurrence: heads come late). */
function locateHead(head: string | undefined, covered: readonly MeantimeToken[]): { start: number; end: number } | undefined {
  const wanted = head?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (wanted.length === 0) return undefined;
  const norm = (w: string): string => w.toLowerCase();
  for (let i = covered.length - wanted.length; i >= 0; i--) {
    if (wanted.every((w, k) => norm(covered[i + k]!.text) === norm(w))) return { start: covered[i]!.start, end: covered[i + wanted.length - 1]!.end };
  }
  // A head written without the spaces of the tokenisation ("Wal-Mart" for "Wal - Mart").
  const joined = wanted.join('').toLowerCase();
  for (let i = 0; i < covered.length; i++) {
    let acc = '';
    for (let j = i; j < covered.length && acc.length < joined.length; j++) {
      acc += covered[j]!.text.toLowerCase();
      if (acc === joined) return { start: covered[i]!.start, end: covered[j]!.end };
    }
  }
  return undefined;
}

export async function readMeantimeFile(path: string, corpus?: string): Promise<MeantimeDocument> {
  const xml = await readFile(path, 'utf8');
  return parseMeantime(xml, { file: path, corpus: corpus ?? basename(dirname(path)) });
}

/** MEANTIME XML files under `dir`, recursively, in a stable order; the corpus is the folder holding each. */
export async function listMeantimeFiles(dir: string): Promise<{ path: string; corpus: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return files.map((path) => {
    const folder = relative(dir, dirname(path));
    return { path, corpus: folder === '' ? basename(dir) : folder.split(sep).join('/') };
  });
}

/**
 * The eventwire document for a MEANTIME text, built directly rather than through cleaning: the text is
 * already clean, and the annotation states what the cleaner's line rules would have to guess. (Checked: run
 * through `cleanSource` as plain text, the 90 English files of intra_cross-doc_annotation come out with the same
 * headline, date and body, so the two ways give the language stage the same reading view.) The headline is
 * the `title` field (removed from the body as a headline, as cleaning does), the date line the `published`
 * field (value: the DCT), and the body one kept paragraph, so the language stage reads exactly the headline and
 * the body, as it does for a cleaned article.
 */
export function toEventwireDocument(doc: MeantimeDocument): Document {
  const origin = { uri: doc.file, format: 'txt' as const, start: 0, end: doc.text.length, encoding: 'utf-8' };
  const titleText = doc.text.slice(doc.title.start, doc.title.end);
  const document = new Document(doc.text, origin, { ...(doc.url ? { url: doc.url } : {}), title: titleText });
  const stage = 'meantime';
  document.addSpan({ type: 'field', field: 'title', value: titleText, rule: 'meantime/sentence-0', stage, ...doc.title });
  document.addSpan({ type: 'removed', reason: 'headline', rule: 'meantime/sentence-0', stage, ...doc.title });
  if (doc.dateLine) {
    if (doc.dct) document.addSpan({ type: 'field', field: 'published', value: doc.dct, rule: 'meantime/dct', stage, ...doc.dateLine });
    document.addSpan({ type: 'removed', reason: 'date', rule: 'meantime/sentence-1', stage, ...doc.dateLine });
  }
  if (doc.body) document.addSpan({ type: 'kept', paragraph: 0, stage, ...doc.body });
  return document;
}
