import type { Command } from 'commander';
import { analyseAttributions, type AttributionFinder } from '../attribution/index.js';
import type { Document } from '../document/document.js';
import type { InputFormat, TextRange } from '../document/types.js';
import { analyseLanguage } from '../language/index.js';
import { loadLanguageTools } from '../language/tools.js';
import { formatAttributions } from './format.js';
import { cleanedArticles } from './inputs.js';

/** A piece of text with where it sits in the input file. */
function piece(doc: Document, ranges: readonly TextRange[]): { text: string; spans: TextRange[] } {
  const at = doc.origin.start;
  return { text: ranges.map((r) => doc.slice(r)).join(' … '), spans: ranges.map((r) => ({ start: at + r.start, end: at + r.end })) };
}

/** What `quotes --json` prints for one article: its attributions, offsets into the input file. */
export function attributionsAsJson(doc: Document): unknown {
  const at = doc.origin.start;
  return {
    uri: doc.origin.uri,
    title: doc.fieldValue('title') ?? null,
    outlet: doc.fieldValue('outlet') ?? null,
    published: doc.fieldValue('published') ?? null,
    attributions: doc.spansOf('attribution').map((a) => ({
      kind: a.kind,
      cue: piece(doc, a.cue),
      source: { ...piece(doc, a.source), entity: a.speaker?.entity ?? a.chain[0]?.entity ?? null, name: a.speaker?.name ?? a.chain[0]?.name ?? null },
      content: piece(doc, a.content),
      chain: a.chain.map((l) => ({
        name: l.name,
        role: l.role,
        entity: l.entity ?? null,
        ...(l.range ? { start: at + l.range.start, end: at + l.range.end } : {}),
      })),
      start: at + a.start,
      end: at + a.end,
    })),
  };
}

/** `eventwire quotes FILE...`: who said what in each article, and through which outlets. Stores nothing. */
export function registerQuotesCommand(program: Command, loadFinder: () => AttributionFinder): void {
  program
    .command('quotes')
    .description('quotes and reported speech in articles, without storing them: speaker, cue, content, and the chain of outlets')
    .argument('<inputs...>', 'paths, directories, glob patterns, or - for stdin')
    .option('--format <format>', 'input format for stdin and unknown extensions (txt, html, jsonl)')
    .option('--json', 'print {"articles": [...]} as JSON, offsets into the input file')
    .action(async (inputs: string[], opts: { format?: InputFormat; json?: boolean }) => {
      const language = loadLanguageTools();
      const finder = loadFinder();
      const articles: unknown[] = [];
      for await (const doc of cleanedArticles('quotes', inputs, opts.format ? { format: opts.format } : {})) {
        analyseAttributions(doc, finder, analyseLanguage(doc, language));
        if (opts.json) articles.push(attributionsAsJson(doc));
        else process.stdout.write(`${'='.repeat(80)}\n${doc.fieldValue('title') ?? doc.origin.uri}\n${formatAttributions(doc).join('\n') || '  (no attributions)'}\n`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify({ articles }, null, 2)}\n`);
    });
}
