import type { Command } from 'commander';
import { analyseAttributions } from '../attribution/index.js';
import { loadAttributionFinder } from '../attribution/tools.js';
import type { Document } from '../document/document.js';
import type { InputFormat, TextRange } from '../document/types.js';
import { analyseEvents } from '../events/index.js';
import { loadEventCoder } from '../events/tools.js';
import type { CodedEvent } from '../events/types.js';
import { analyseLanguage } from '../language/index.js';
import { loadLanguageTools } from '../language/tools.js';
import { formatEvent } from './format.js';
import { cleanedArticles } from './inputs.js';

/** One event as `code --json` prints it: flat fields first (a stable interface), evidence as input-file offsets. */
export function eventAsJson(doc: Document, event: CodedEvent): Record<string, unknown> {
  const at = doc.origin.start;
  const shift = (r: TextRange) => ({ start: at + r.start, end: at + r.end });
  return {
    source: event.source.code,
    target: event.target.code,
    code: event.code,
    plover: event.plover.category,
    ploverMode: event.plover.mode ?? null,
    date: event.date ?? null,
    sentence: doc.slice(event.evidence.sentence),
    root: event.root,
    quadClass: event.quadClass,
    goldstein: event.goldstein,
    sourceText: event.source.text ?? null,
    targetText: event.target.text ?? null,
    sourceEntity: event.source.entity ?? null,
    targetEntity: event.target.entity ?? null,
    trigger: event.evidence.trigger.map((r) => doc.slice(r)).join(' '),
    negated: event.negated,
    modality: event.modality,
    dateSource: event.dateSource,
    location: event.location ? { name: event.location.name, country: event.location.country ?? null, ...shift(event.location.range) } : null,
    reportedBy: event.attribution?.chain ?? null,
    issues: event.issues ?? [],
    confidence: event.confidence,
    rule: event.rule,
    article: doc.origin.uri,
    evidence: {
      sentence: shift(event.evidence.sentence),
      trigger: event.evidence.trigger.map(shift),
      source: event.source.range ? shift(event.source.range) : null,
      target: event.target.range ? shift(event.target.range) : null,
    },
  };
}

/** `eventwire code FILE...`: political events in articles, coded without storing them. */
export function registerCodeCommand(program: Command): void {
  program
    .command('code')
    .description('code political events (CAMEO, PLOVER) in articles without storing them, each with its evidence')
    .argument('<inputs...>', 'paths, directories, glob patterns, or - for stdin')
    .option('--format <format>', 'input format for stdin and unknown extensions (txt, html, jsonl)')
    .option('--dictionaries <paths...>', 'PETRARCH-format dictionary files or directories, used with the built-in ones (theirs first)')
    .option('--only-dictionaries', 'each kind of dictionary given replaces the built-in one instead')
    .option('--json', 'print [{"source", "target", "code", "plover", "date", "sentence", ...}] as JSON')
    .action(async (inputs: string[], opts: { format?: InputFormat; dictionaries?: string[]; onlyDictionaries?: boolean; json?: boolean }) => {
      const language = loadLanguageTools();
      const finder = loadAttributionFinder();
      const coder = await loadEventCoder({ ...(opts.dictionaries ? { dictionaries: opts.dictionaries } : {}), replace: opts.onlyDictionaries === true });
      const all: Record<string, unknown>[] = [];
      for await (const doc of cleanedArticles('code', inputs, opts.format ? { format: opts.format } : {})) {
        const analysed = analyseLanguage(doc, language);
        analyseAttributions(doc, finder, analysed);
        const events = analyseEvents(doc, coder, analysed);
        if (opts.json) for (const event of events) all.push(eventAsJson(doc, event));
        else process.stdout.write(`${'='.repeat(80)}\n${doc.fieldValue('title') ?? doc.origin.uri}\n${events.map((e) => formatEvent(doc, e)).join('\n') || '  (no events)'}\n`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    });
}
