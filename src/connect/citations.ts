/**
 * The citation graph of a set of articles: which outlet relays which, read from the attribution stage's chains.
 *
 * A chain runs speaker → venues → outlets and wires → publisher. Read from the publisher back, each medium carried
 * the account of the next: "Kim said …, according to The Asahi Shimbun, UPI reported" in an article of AMN gives
 * AMN → United Press International → The Asahi Shimbun. An outlet that is itself the source of a statement
 * ("according to a Vox report") is the chain's first link and so the publisher's last edge. A venue ("told
 * Vanity Fair") is where the speaker spoke: an edge to it says the relaying outlet took the statement from there;
 * venues and speakers count only where they are named like an outlet, so shows and platforms ("wrote on Twitter")
 * are no nodes.
 *
 * Outlets are one node whatever the spelling: case, a leading "The" and a possessive do not count, known aliases
 * ("UPI") become full names, and names the language stage resolved to the same entity are one node.
 *
 * Where chains disagree about which of two outlets relayed the other (both A → B and B → A), the direction more
 * chains state is kept and the other's evidence is listed under `against`; a tie keeps both.
 */
import type { AttributionSpan, ChainLink, MentionSpan, TextRange } from '../document/types.js';
import { articleOutlet, compareText, outletKey, type ConnectArticle, type Evidence } from './types.js';
import { outletByName } from '../attribution/outlets.js';

export type CitationRole = 'publisher' | 'outlet' | 'wire' | 'venue';

export interface CitationNode {
  /** `outlet/<normalised name>`, e.g. `outlet/united-press-international`. */
  id: string;
  /** The name most often written (a known outlet's full name where eventwire knows it). */
  name: string;
  /** The roles it plays: `publisher` where articles of the set are its own. */
  roles: CitationRole[];
  /** Articles it published. */
  articles: string[];
  /** Articles whose attribution chains name it. */
  citedIn: string[];
  /** Every spelling seen, and the entity ids the language stage gave it. */
  names: string[];
  entities: string[];
}

export interface CitationEdge {
  /** `from` relays `to`: it carried the account `to` published, or took the statement from `to` as a venue. */
  from: string;
  to: string;
  /** Attribution chains stating the edge (each chain counts once). */
  count: number;
  /** The roles `to` played in those chains. */
  roles: Exclude<CitationRole, 'publisher'>[];
  /** The attribution span and where the text names `to` (the span's extent where it names no outlet, e.g. the publisher). */
  evidence: Evidence[];
  /** Chains stating the opposite direction, where this one won. */
  against: Evidence[];
}

export interface CitationGraph {
  nodes: CitationNode[];
  edges: CitationEdge[];
}

/** A chain link that names a medium, with where it sits. */
interface MediumLink {
  name: string;
  role: CitationRole;
  entity?: string;
  range?: TextRange;
}

interface Hop {
  from: MediumLink;
  to: MediumLink;
  evidence: Evidence;
}

export function citationGraph(articles: readonly ConnectArticle[]): CitationGraph {
  const ordered = [...articles].sort((a, b) => compareText(a.id, b.id));
  const hops: Hop[] = [];
  const sightings: { link: MediumLink; article: string; published: boolean }[] = [];

  for (const article of ordered) {
    const publisherName = articleOutlet(article).name;
    if (publisherName) sightings.push({ link: { name: publisherName, role: 'publisher' }, article: article.id, published: true });
    const demonyms = article.doc.spans.filter((s): s is MentionSpan => s.type === 'mention' && s.form === 'demonym');
    for (const span of article.doc.spans) {
      if (span.type !== 'attribution') continue;
      const path = mediaPath(span, publisherName, demonyms);
      for (const link of path) if (link.role !== 'publisher') sightings.push({ link, article: article.id, published: false });
      for (let i = 0; i + 1 < path.length; i++) {
        const to = path[i + 1]!;
        hops.push({ from: path[i]!, to, evidence: { article: article.id, spanId: span.id, ranges: [to.range ?? { start: span.start, end: span.end }] } });
      }
    }
  }

  const resolve = nodeResolver(sightings.map((s) => s.link));
  const nodes = new Map<string, { names: Map<string, number>; roles: Set<CitationRole>; articles: Set<string>; citedIn: Set<string>; entities: Set<string> }>();
  for (const { link, article, published } of sightings) {
    const id = resolve(link);
    let node = nodes.get(id);
    if (!node) nodes.set(id, (node = { names: new Map(), roles: new Set(), articles: new Set(), citedIn: new Set(), entities: new Set() }));
    const shown = outletByName(link.name)?.name ?? link.name.trim();
    node.names.set(shown, (node.names.get(shown) ?? 0) + 1);
    node.roles.add(link.role);
    (published ? node.articles : node.citedIn).add(article);
    if (link.entity) node.entities.add(link.entity);
  }

  const edges = new Map<string, { from: string; to: string; roles: Set<CitationEdge['roles'][number]>; evidence: Evidence[]; chains: Set<string> }>();
  for (const hop of hops) {
    const from = resolve(hop.from);
    const to = resolve(hop.to);
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { from, to, roles: new Set(), evidence: [], chains: new Set() }));
    if (hop.to.role !== 'publisher') edge.roles.add(hop.to.role);
    // One chain states an edge once, however its links repeat.
    const chain = `${hop.evidence.article}\u0000${hop.evidence.spanId}`;
    if (!edge.chains.has(chain)) {
      edge.chains.add(chain);
      edge.evidence.push(hop.evidence);
    }
  }

  const out: CitationEdge[] = [];
  for (const edge of edges.values()) {
    const reverse = edges.get(`${edge.to}\u0000${edge.from}`);
    if (reverse && reverse.evidence.length > edge.evidence.length) continue;
    out.push({
      from: edge.from,
      to: edge.to,
      count: edge.evidence.length,
      roles: [...edge.roles].sort(),
      evidence: edge.evidence.sort(compareEvidence),
      against: reverse ? [...reverse.evidence].sort(compareEvidence) : [],
    });
  }
  out.sort((a, b) => b.count - a.count || compareText(a.from, b.from) || compareText(a.to, b.to));

  return {
    nodes: [...nodes]
      .map(([id, n]) => ({
        id,
        name: [...n.names].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || compareText(a[0], b[0]))[0]![0],
        roles: [...n.roles].sort(),
        articles: [...n.articles].sort(compareText),
        citedIn: [...n.citedIn].sort(compareText),
        names: [...n.names.keys()].sort(compareText),
        entities: [...n.entities].sort(compareText),
      }))
      .sort((a, b) => compareText(a.id, b.id)),
    edges: out,
  };
}

/**
 * The media of a chain from the publisher back to the first: [publisher, carrier, …, origin, venue]. A speaker link
 * counts when its name is an outlet's ("The Hill reported"); a link that is only a nationality ("a Japanese report")
 * names no outlet.
 */
function mediaPath(span: AttributionSpan, publisher: string | null, demonyms: readonly MentionSpan[]): MediumLink[] {
  const media: MediumLink[] = [];
  let chainPublisher: string | undefined;
  for (const link of span.chain) {
    if (link.role === 'publisher') {
      chainPublisher = link.name;
      continue;
    }
    if (!isMedium(link, demonyms)) continue;
    media.push({ name: link.name, role: link.role === 'speaker' ? (outletByName(link.name)?.kind ?? 'outlet') : (link.role as MediumLink['role']), ...(link.entity ? { entity: link.entity } : {}), ...(link.range ? { range: link.range } : {}) });
  }
  const name = chainPublisher ?? publisher;
  const path: MediumLink[] = name ? [{ name, role: 'publisher' }] : [];
  return [...path, ...media.reverse()];
}

function isMedium(link: ChainLink, demonyms: readonly MentionSpan[]): boolean {
  // Speakers and venues are mostly people, shows and platforms ("told Fox & Friends", "wrote on Twitter"): only
  // those named like an outlet are one.
  if (link.role === 'speaker' || link.role === 'venue') return outletByName(link.name) !== undefined;
  const range = link.range;
  if (range && demonyms.some((m) => m.start <= range.start && range.end <= m.end)) return false;
  return link.name.trim().length > 0;
}

/**
 * Node ids for links: by normalised name, with names that share an entity id joined, so "UPI" and "United Press
 * International" or two spellings the language stage tied together are one node. The id is the lowest key of the group.
 */
function nodeResolver(links: readonly MediumLink[]): (link: MediumLink) => string {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    if (!parent.has(key)) parent.set(key, key);
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) ra < rb ? parent.set(rb, ra) : parent.set(ra, rb);
  };
  const byEntity = new Map<string, string>();
  for (const link of links) {
    const key = outletKey(link.name);
    find(key);
    if (!link.entity) continue;
    const other = byEntity.get(link.entity);
    if (other) union(other, key);
    else byEntity.set(link.entity, key);
  }
  return (link) => find(outletKey(link.name));
}

const compareEvidence = (a: Evidence, b: Evidence): number => compareText(a.article, b.article) || a.spanId - b.spanId;
