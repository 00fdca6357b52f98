/** Tag schemes: IOB1 (CoNLL-2003 files), IOB2 (what eventwire prints) and BILOU (what the tagger predicts). */

export const entityTypes = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type EntityType = (typeof entityTypes)[number];

/** A tagged name: token indices, `end` exclusive. */
export interface EntityRange {
  start: number;
  end: number;
  label: string;
}

function splitTag(tag: string): [prefix: string, type: string] {
  if (tag === 'O' || tag.length < 2 || tag[1] !== '-') return ['O', ''];
  return [tag[0]!, tag.slice(2)];
}

/**
 * Entity ranges from IOB tags, with conlleval's reading of malformed sequences: a chunk starts at B-, and at
 * I- after O or after a different type; so IOB1 and IOB2 both work.
 */
export function entityRanges(tags: readonly string[]): EntityRange[] {
  const ranges: EntityRange[] = [];
  let open: EntityRange | undefined;
  for (let i = 0; i < tags.length; i++) {
    const [prefix, type] = splitTag(tags[i]!);
    const continues = open !== undefined && prefix === 'I' && type === open.label;
    if (continues) {
      open!.end = i + 1;
      continue;
    }
    if (open) ranges.push(open);
    open = prefix === 'O' ? undefined : { start: i, end: i + 1, label: type };
  }
  if (open) ranges.push(open);
  return ranges;
}

/** IOB2 tags for entity ranges over `length` tokens. */
export function rangesToIob2(ranges: readonly EntityRange[], length: number): string[] {
  const tags: string[] = new Array<string>(length).fill('O');
  for (const range of ranges) {
    for (let i = range.start; i < range.end; i++) tags[i] = `${i === range.start ? 'B' : 'I'}-${range.label}`;
  }
  return tags;
}

/** IOB1 (B- only between two touching names of one type) or malformed IOB2 to well-formed IOB2. */
export function toIob2(tags: readonly string[]): string[] {
  return rangesToIob2(entityRanges(tags), tags.length);
}

/** BILOU tags (Begin, Inside, Last, Outside, Unit) for IOB tags. */
export function iobToBilou(tags: readonly string[]): string[] {
  const bilou: string[] = new Array<string>(tags.length).fill('O');
  for (const range of entityRanges(tags)) {
    if (range.end - range.start === 1) {
      bilou[range.start] = `U-${range.label}`;
      continue;
    }
    for (let i = range.start; i < range.end; i++) {
      const prefix = i === range.start ? 'B' : i === range.end - 1 ? 'L' : 'I';
      bilou[i] = `${prefix}-${range.label}`;
    }
  }
  return bilou;
}

/**
 * IOB2 tags for BILOU tags. Sequences the decoder could leave open (a B- or I- at the end) still make a
 * name: B and U begin one, I and L continue one of the same type or else begin it.
 */
export function bilouToIob2(tags: readonly string[]): string[] {
  const iob: string[] = new Array<string>(tags.length);
  let openType = '';
  for (let i = 0; i < tags.length; i++) {
    const [prefix, type] = splitTag(tags[i]!);
    if (prefix === 'O') {
      iob[i] = 'O';
      openType = '';
      continue;
    }
    const begins = prefix === 'B' || prefix === 'U' || openType !== type;
    iob[i] = `${begins ? 'B' : 'I'}-${type}`;
    openType = prefix === 'L' || prefix === 'U' ? '' : type;
  }
  return iob;
}

/** The tagger's labels: O, then B-, I-, L-, U- of each type. Label l > 0 has type (l - 1) >> 2 and prefix (l - 1) & 3. */
export const bilouLabels: readonly string[] = ['O', ...entityTypes.flatMap((t) => ['B', 'I', 'L', 'U'].map((p) => `${p}-${t}`))];

/** IOB2 tag of each label, when it begins a name and when it continues one. */
const beginTag = bilouLabels.map((l) => (l === 'O' ? 'O' : `B-${l.slice(2)}`));
const insideTag = bilouLabels.map((l) => (l === 'O' ? 'O' : `I-${l.slice(2)}`));

/** IOB2 tags for BILOU label indices (see `bilouLabels`), as `bilouToIob2` reads them, without building strings. */
export function labelsToIob2(labels: ArrayLike<number>): string[] {
  const tags = new Array<string>(labels.length);
  let openType = -1;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0) {
      tags[i] = 'O';
      openType = -1;
      continue;
    }
    const type = (l - 1) >> 2;
    const prefix = (l - 1) & 3; // 0 B, 1 I, 2 L, 3 U
    tags[i] = prefix === 0 || prefix === 3 || openType !== type ? beginTag[l]! : insideTag[l]!;
    openType = prefix === 2 || prefix === 3 ? -1 : type;
  }
  return tags;
}
