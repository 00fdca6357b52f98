import type { CodedEvent } from '../events/types.js';
import type { Document } from '../document/document.js';
import type { MentionSpan, RemovedSpan } from '../document/types.js';
import type { IngestCounts } from '../pipeline/ingest.js';
import type { ArticleSummary, CorpusStats, QuoteHit, SearchHit, StoredArticle } from '../store/types.js';

const MAX_QUOTE = 90;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE - 1)}…` : flat);
}

/**
 * One line per removed span: reason, rule, offsets and the text, so a reader sees what went and why. Offsets
 * are into the input (as `clean --json` gives them), so they hold for several articles glued in one file.
 */
export function formatRemoved(doc: Document, removed: RemovedSpan[]): string[] {
  const at = doc.origin.start;
  return removed.map((s) => `  ${`[${s.reason}]`.padEnd(21)} ${s.rule.padEnd(34)} ${`${at + s.start}-${at + s.end}`.padEnd(11)} ${quote(doc.slice(s))}`);
}

export function formatArticle(article: StoredArticle, doc: Document): string {
  const meta = [
    article.outlet ?? 'outlet unknown',
    article.published ?? 'date unknown',
    article.dateline ? `dateline ${article.dateline}` : undefined,
    article.author ? `by ${article.author}` : undefined,
  ].filter(Boolean);
  const removed = doc.removed;
  const entities = formatEntities(doc);
  const times = formatTimexes(doc);
  const quotes = formatAttributions(doc);
  const events = doc.spansOf('event').map((span) => formatEvent(doc, span.event));
  return [
    article.title ?? '(no headline found)',
    meta.join(' · '),
    `id ${article.id} · version ${article.version} of ${article.versions} · ${article.doc.origin.uri} · ${article.doc.origin.encoding}`,
    '',
    article.body || '(empty body)',
    '',
    ...(entities.length > 0 ? [`Entities (${entities.length}):`, ...entities, ''] : []),
    ...(times.length > 0 ? [`Time expressions (${times.length}):`, ...times, ''] : []),
    ...(quotes.length > 0 ? [`Attributions (${quotes.length}):`, ...quotes, ''] : []),
    ...(events.length > 0 ? [`Events (${events.length}):`, ...events, ''] : []),
    `Removed (${removed.length}):`,
    ...formatRemoved(doc, removed),
  ].join('\n');
}

/**
 * One line per entity: its id, type and name, then how the article names it, each form once with its count.
 * Pronouns are counted, not listed.
 */
export function formatEntities(doc: Document): string[] {
  const byEntity = new Map<string, MentionSpan[]>();
  for (const m of doc.spansOf('mention')) {
    const list = byEntity.get(m.entity) ?? [];
    list.push(m);
    byEntity.set(m.entity, list);
  }
  const entities = [...byEntity.values()].sort((a, b) => b.length - a.length || a[0]!.start - b[0]!.start);
  return entities.map((mentions) => {
    const first = mentions[0]!;
    const surfaces = new Map<string, number>();
    let pronouns = 0;
    for (const m of mentions) {
      if (m.form === 'pronoun') pronouns++;
      else {
        const said = doc.slice(m).replace(/\s+/g, ' ');
        surfaces.set(said, (surfaces.get(said) ?? 0) + 1);
      }
    }
    const forms = [...surfaces].map(([said, n]) => (n > 1 ? `${JSON.stringify(said)} ×${n}` : JSON.stringify(said)));
    if (pronouns > 0) forms.push(`${pronouns} pronoun(s)`);
    return `  ${first.label.padEnd(4)} ${first.name.slice(0, 30).padEnd(30)} ${first.entity.slice(0, 36).padEnd(36)} ${forms.join(', ')}`;
  });
}

/** One line per time expression: what the text says, its type and normalised value, and where. */
export function formatTimexes(doc: Document): string[] {
  const at = doc.origin.start;
  return doc.spansOf('timex').map(
    (t) => `  ${t.timexType.padEnd(8)} ${`${t.value}${t.mod ? ` (${t.mod})` : ''}`.padEnd(20)} ${`${at + t.start}-${at + t.end}`.padEnd(11)} ${quote(doc.slice(t))}`,
  );
}

export function formatSummaryRow(a: ArticleSummary): string {
  return `${a.id}  ${(a.published ?? '----------').padEnd(10)}  ${(a.outlet ?? '?').slice(0, 22).padEnd(22)}  ${a.title ?? '(no headline)'}`;
}

export function formatSearchHit(hit: SearchHit): string {
  return `${formatSummaryRow(hit)}\n    ${hit.snippet.replace(/\s+/g, ' ')}`;
}

export function formatStats(stats: CorpusStats, run?: IngestCounts): string {
  const lines: string[] = [];
  if (run) {
    lines.push(
      `Read ${run.inputs} input(s) (files, stdin, JSONL records): ${run.articles} article(s); ${run.inserted} new, ${run.newVersions} new version(s), ${run.unchanged} unchanged${run.reanalysed ? `, ${run.reanalysed} re-analysed` : ''}; ${run.errors} input error(s).`,
    );
  }
  lines.push(`Store: ${stats.articles} article(s), ${stats.versions} version(s), ${stats.inputErrors} input error(s) recorded.`);
  lines.push(
    `Dates: ${stats.firstPublished && stats.lastPublished ? `${stats.firstPublished} to ${stats.lastPublished}` : 'none stated'}.`,
  );
  if (stats.stories > 0 || stats.copies > 0) {
    lines.push(`Connected: ${stats.stories} stor${stats.stories === 1 ? 'y' : 'ies'} in ${stats.storylines} storyline(s); ${stats.copies} cop${stats.copies === 1 ? 'y' : 'ies'} linked to an original.`);
  }
  lines.push(`Outlets (${stats.outlets.length}):`);
  for (const o of stats.outlets) lines.push(`  ${o.outlet.padEnd(28)} ${o.articles}`);
  const totalSpans = stats.removed.reduce((n, r) => n + r.spans, 0);
  const totalChars = stats.removed.reduce((n, r) => n + r.chars, 0);
  lines.push(`Cleaned away: ${totalSpans} span(s), ${totalChars} characters:`);
  for (const r of stats.removed) lines.push(`  ${r.reason.padEnd(20)} ${String(r.spans).padStart(5)} span(s) ${String(r.chars).padStart(8)} chars`);
  return lines.join('\n');
}

/** An event in two lines: date, actors, codes and flags; then its sentence, trigger and actor words. */
/** An event's negation and modality as the text listings show them: ` (negated, promise)`, or nothing. */
export function eventFlags(event: CodedEvent): string {
  const flags = [event.negated ? 'negated' : '', event.modality !== 'asserted' ? event.modality : ''].filter(Boolean).join(', ');
  return flags ? ` (${flags})` : '';
}

export function formatEvent(doc: Document, event: CodedEvent): string {
  const place = event.location ? ` in ${event.location.name}` : '';
  const via = event.attribution ? `; reported via ${event.attribution.chain.map((l) => l.name).join(' → ')}` : '';
  return (
    `  ${event.date ?? '????-??-??'}  ${event.source.code} -> ${event.target.code}  ${event.code} ${event.plover.category}` +
    `${eventFlags(event)}${place}\n` +
    `    "${doc.slice(event.evidence.sentence).replace(/\s+/g, ' ')}"\n` +
    `    trigger: ${event.evidence.trigger.map((r) => doc.slice(r)).join(' ')}; source: ${event.source.text ?? '?'}; target: ${event.target.text ?? '?'}${via}`
  );
}

/** One line per attribution: kind, speaker, what was said, and the chain it travelled to the reader. */
export function formatAttributions(doc: Document): string[] {
  return doc.spansOf('attribution').map((a) => {
    const said = a.content.map((r) => doc.slice(r)).join(' … ');
    const cue = a.cue.map((r) => doc.slice(r)).join(' ');
    const chain = a.chain.map((l) => l.name).join(' → ');
    return `  ${`[${a.kind}]`.padEnd(11)} ${(a.speaker?.name ?? a.chain[0]?.name ?? '?').slice(0, 28).padEnd(28)} ${JSON.stringify(cue)} ${quote(said)}\n  ${''.padEnd(11)} via ${chain}`;
  });
}

export function formatQuoteHit(hit: QuoteHit): string {
  return `${formatSummaryRow(hit)}\n    [${hit.kind}] ${hit.speaker}: ${hit.snippet.replace(/\s+/g, ' ')}\n    via ${hit.chain.join(' → ')}`;
}
