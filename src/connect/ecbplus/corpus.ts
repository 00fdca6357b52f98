import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBoundedXml } from '../../util/xml.js';

/**
 * A reader for the ECB+ release (Cybulska and Vossen 2014): topic folders of CAT/CROMER XML files, each a
 * tokenised article with stand-off markables and within- and cross-document coreference, plus the index of
 * sentences whose annotation is complete (`ECBplus_coreference_sentences.csv`).
 */

export interface EcbToken {
  /** `t_id`, unique within the document. */
  id: number;
  sentence: number;
  text: string;
}

/** An annotated mention: the tokens it covers and its tag (`ACTION_OCCURRENCE`, `HUMAN_PART_PER` ...). */
export interface EcbMention {
  /** `m_id`, unique within the document. */
  id: number;
  tag: string;
  tokens: number[];
  /** The chain the mention belongs to: a cross-document instance id, a within-document chain, or its own id. */
  chain: string;
}

export interface EcbDocument {
  /** File name without `.xml`, e.g. `1_10ecb`. */
  name: string;
  topic: string;
  /** The seminal event the article reports: `<topic>ecb` or `<topic>ecbplus` (ECB+ added a second per topic). */
  subtopic: string;
  tokens: EcbToken[];
  mentions: EcbMention[];
}

export interface EcbCorpus {
  documents: EcbDocument[];
  /** Sentences with complete coreference annotation, as `<document name>/<sentence>`; empty when the index is absent. */
  selected: Set<string>;
}

/** Tags of event mentions: actions and negated actions of every class. */
export function isEventTag(tag: string): boolean {
  return tag.startsWith('ACTION_') || tag.startsWith('NEG_ACTION_');
}

const FILE_NAME = /^(\d+)_(\d+)(ecb|ecbplus)\.xml$/;

/** Parses one ECB+ XML file. `name` is the file name (it carries the topic and sub-topic). */
export function parseEcbDocument(name: string, xml: string): EcbDocument {
  const match = FILE_NAME.exec(name);
  if (!match) throw new Error(`${name}: not an ECB+ file name (expected TOPIC_NUMBERecb.xml or TOPIC_NUMBERecbplus.xml)`);
  const topic = match[1]!;
  const doc: EcbDocument = { name: name.replace(/\.xml$/, ''), topic, subtopic: `${topic}${match[3]}`, tokens: [], mentions: [] };

  // Markables with tokens are mentions; markables without tokens are cross-document instance descriptors.
  const anchored = new Map<number, { tag: string; tokens: number[] }>();
  const descriptors = new Map<number, string>();
  const relations: { kind: string; id: string; note: string | undefined; sources: number[]; target: number | undefined }[] = [];
  let section: 'tokens' | 'markables' | 'relations' = 'tokens';
  let token: { id: number; sentence: number; text: string } | undefined;
  let markable: { id: number; tag: string; tokens: number[]; instance: string | undefined } | undefined;
  let relation: (typeof relations)[number] | undefined;
  const int = (value: string | undefined, what: string): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n)) throw new Error(`${name}: ${what} is not a number (${String(value)})`);
    return n;
  };

  parseBoundedXml(
    xml,
    {
      onopentag(tag, attrs) {
        if (tag === 'Markables') section = 'markables';
        else if (tag === 'Relations') section = 'relations';
        else if (tag === 'token' && section === 'tokens') {
          token = { id: int(attrs.t_id, 'token t_id'), sentence: int(attrs.sentence, 'token sentence'), text: '' };
        } else if (section === 'markables' && tag === 'token_anchor' && markable) {
          markable.tokens.push(int(attrs.t_id, 'token_anchor t_id'));
        } else if (section === 'markables' && attrs.m_id !== undefined) {
          markable = { id: int(attrs.m_id, `${tag} m_id`), tag, tokens: [], instance: attrs.instance_id };
        } else if (section === 'relations' && (tag === 'CROSS_DOC_COREF' || tag === 'INTRA_DOC_COREF')) {
          relation = { kind: tag, id: attrs.r_id ?? '', note: attrs.note, sources: [], target: undefined };
        } else if (section === 'relations' && relation && tag === 'source') {
          relation.sources.push(int(attrs.m_id, 'source m_id'));
        } else if (section === 'relations' && relation && tag === 'target') {
          relation.target = int(attrs.m_id, 'target m_id');
        }
      },
      ontext(text) {
        if (token) token.text += text;
      },
      onclosetag(tag) {
        if (tag === 'token' && token) {
          doc.tokens.push(token);
          token = undefined;
        } else if (markable && tag === markable.tag) {
          if (markable.tokens.length > 0) anchored.set(markable.id, { tag: markable.tag, tokens: markable.tokens });
          else descriptors.set(markable.id, markable.instance ?? `${doc.name}/${markable.id}`);
          markable = undefined;
        } else if (relation && tag === relation.kind) {
          relations.push(relation);
          relation = undefined;
        }
      },
    },
    { xmlMode: true, decodeEntities: true, where: name },
  );
  if (doc.tokens.length === 0) throw new Error(`${name}: no tokens`);

  const chainOf = new Map<number, string>();
  for (const r of relations) {
    if (r.kind === 'CROSS_DOC_COREF') {
      // The target is the instance descriptor; its instance id names the chain across documents.
      const instance = (r.target !== undefined ? descriptors.get(r.target) : undefined) ?? r.note ?? `${doc.name}/r${r.id}`;
      for (const source of r.sources) chainOf.set(source, instance);
    } else {
      // A within-document chain: the target is itself a mention of the chain.
      const chain = `${doc.name}/r${r.id}`;
      for (const m of [...r.sources, ...(r.target !== undefined ? [r.target] : [])]) chainOf.set(m, chain);
    }
  }
  for (const [id, m] of anchored) {
    doc.mentions.push({ id, tag: m.tag, tokens: m.tokens.sort((a, b) => a - b), chain: chainOf.get(id) ?? `${doc.name}/m${id}` });
  }
  doc.mentions.sort((a, b) => a.tokens[0]! - b.tokens[0]! || a.id - b.id);
  return doc;
}

/** Reads the selected-sentence index: lines `Topic,File,Sentence Number`, e.g. `1,10ecbplus,1`. */
export function parseSelectedSentences(csv: string, source = 'ECBplus_coreference_sentences.csv'): Set<string> {
  const out = new Set<string>();
  const lines = csv.split(/\r?\n/);
  lines.forEach((line, i) => {
    const cells = line.trim().split(',');
    if (cells.length < 3 || i === 0 && !/^\d+$/.test(cells[0]!)) return;
    const [topic, file, sentence] = cells;
    if (!/^\d+$/.test(topic!) || !/^\d+$/.test(sentence!)) throw new Error(`${source}:${i + 1}: expected TOPIC,FILE,SENTENCE, got "${line}"`);
    out.add(`${topic}_${file}/${sentence}`);
  });
  return out;
}

/** Reads an ECB+ release laid out as published: `DIR/ECB+/<topic>/*.xml` and `DIR/ECBplus_coreference_sentences.csv`. */
export async function readEcbCorpus(dir: string): Promise<EcbCorpus> {
  const root = join(dir, 'ECB+');
  let topics: string[];
  try {
    topics = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    throw new Error(`${dir}: no ECB+ folder of topics (${(error as Error).message})`);
  }
  topics.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const documents: EcbDocument[] = [];
  for (const topic of topics) {
    const files = (await readdir(join(root, topic))).filter((f) => FILE_NAME.test(f)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const file of files) documents.push(parseEcbDocument(file, await readFile(join(root, topic, file), 'utf8')));
  }
  if (documents.length === 0) throw new Error(`${root}: no ECB+ documents`);
  let selected = new Set<string>();
  try {
    selected = parseSelectedSentences(await readFile(join(dir, 'ECBplus_coreference_sentences.csv'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { documents, selected };
}

/** Plain text of a document: sentences on lines of their own, tokens joined by spaces; offsets of each token. */
export function documentText(doc: EcbDocument): { text: string; offsets: Map<number, { start: number; end: number }> } {
  const offsets = new Map<number, { start: number; end: number }>();
  let text = '';
  let sentence = -1;
  for (const t of doc.tokens) {
    if (t.sentence !== sentence) {
      if (text.length > 0) text += '\n';
      sentence = t.sentence;
    } else text += ' ';
    offsets.set(t.id, { start: text.length, end: text.length + t.text.length });
    text += t.text;
  }
  return { text, offsets };
}
