import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Document } from '../document/document.js';
import { countInputFiles } from '../readers/index.js';
import type { InputFormat } from '../document/types.js';
import { loadLanguageTools } from '../language/tools.js';
import { ingest } from '../pipeline/ingest.js';
import { toArticleRecord } from '../pipeline/record.js';
import { defaultDbPath } from '../store/paths.js';
import { packageRoot } from '../util/package-root.js';
import { describeStoreLocation, openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { formatArticle, formatQuoteHit, formatSearchHit, formatStats, formatSummaryRow } from './format.js';
import { loadAttributionFinder } from '../attribution/tools.js';
import { registerAttributionEvalCommands } from './attribution-eval.js';
import { registerEntityEvalCommands } from './entities-eval.js';
import { cleanedArticles } from './inputs.js';
import { registerNerCommands } from './ner.js';
import { ProgressReporter } from './progress.js';
import { registerQuotesCommand } from './quotes.js';
import { registerTimexCommands } from './timex.js';
import { registerValidateCommand } from './validate.js';
import { registerCodeCommand } from './code.js';
import { loadEventCoder } from '../events/tools.js';
import { registerEventsCommand } from './events.js';
import { registerExtractCommands } from './extract.js';
import { registerFeedCommands } from './feeds.js';
import { registerStoryCommands } from './stories.js';
import { openConnector, SnapshotSchedule } from '../pipeline/connect.js';
import { port, registerServeCommand, runServer } from './serve.js';
import { registerQueueCommands } from './queue.js';

const sampleCorpus = join(packageRoot(), 'data', 'sample');

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

const dbOption = (): Option => {
  const location = process.env['EVENTWIRE_STORE'] || defaultDbPath();
  return new Option('--store, --db <location>', 'the store: an SQLite database file or a postgres:// URL (EVENTWIRE_STORE, or EVENTWIRE_DB, sets the default)')
    .default(location, describeStoreLocation(location));
};
const formatOption = (): Option =>
  new Option('--format <format>', 'input format for stdin and unknown extensions (detected when absent)').choices(['txt', 'html', 'jsonl']);
const maxBytesOption = (): Option =>
  new Option('--max-bytes <n>', 'refuse inputs larger than this many bytes').argParser(positiveInt).default(20 * 1024 * 1024, '20 MiB');

async function withStore<T>(path: string, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(path);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

interface IngestCliOptions {
  db: string;
  format?: InputFormat;
  maxBytes: number;
  batchSize?: number;
  progress: boolean;
  dictionaries?: string[];
  onlyDictionaries?: boolean;
}

async function runIngest(inputs: string[], opts: IngestCliOptions): Promise<void> {
  await withStore(opts.db, async (store) => {
    const reporter = new ProgressReporter(opts.progress);
    reporter.start(reporter.enabled ? await countInputFiles(inputs) : undefined);
    const connect = await openConnector(store);
    const snapshots = new SnapshotSchedule(connect);
    const counts = await ingest(inputs, store, {
      read: { maxBytes: opts.maxBytes, ...(opts.format ? { format: opts.format } : {}) },
      language: loadLanguageTools(),
      attribution: loadAttributionFinder(),
      events: await loadEventCoder({ ...(opts.dictionaries ? { dictionaries: opts.dictionaries } : {}), replace: opts.onlyDictionaries === true }),
      connect,
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      onProgress: (c, current) => reporter.update(c, current),
      onError: (uri, message) => reporter.error(uri, message),
    });
    reporter.stop();
    // The next process starts from here instead of replaying every stored connection.
    await snapshots.save(store, connect, { force: true });
    print(formatStats(await store.stats(), counts));
    print(`Database: ${describeStoreLocation(opts.db)}`);
    if (counts.errors > 0) process.exitCode = 1;
  });
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('eventwire')
    .description(
      `Turns news articles into structured, verifiable knowledge.\n\nDefault database: ${defaultDbPath()}\n(set EVENTWIRE_DB or pass --db to use another; --store and EVENTWIRE_STORE also take a postgres:// URL)`,
    )
    .showHelpAfterError();

  program
    .command('ingest')
    .description('read files, directories, globs or - (stdin); clean them; store them')
    .argument('<inputs...>', 'paths, directories, glob patterns, or - for stdin')
    .addOption(dbOption())
    .addOption(formatOption())
    .addOption(maxBytesOption())
    .option('--batch-size <n>', 'articles stored per transaction', positiveInt, 200)
    .option('--dictionaries <paths...>', 'PETRARCH-format dictionary files or directories for event coding, used with the built-in ones (theirs first)')
    .option('--only-dictionaries', 'each kind of dictionary given replaces the built-in one instead')
    .option('--no-progress', 'do not draw a progress bar')
    .action(runIngest);

  program
    .command('demo')
    .description('ingest the bundled sample corpus and print a summary')
    .addOption(dbOption())
    .option('--no-progress', 'do not draw a progress bar')
    .option('--serve', 'then serve the app and the API over the store on 127.0.0.1 (open the address it prints)')
    .option('--port <n>', 'port for --serve', port, 8787)
    .action(async (opts: { db: string; progress: boolean; serve?: boolean; port: number }) => {
      print(`Ingesting the sample corpus from ${sampleCorpus}`);
      await runIngest([sampleCorpus], { ...opts, maxBytes: 20 * 1024 * 1024 });
      await withStore(opts.db, async (store) => {
        const people = await store.entities({ label: 'PER', limit: 5 });
        if (people.length > 0) print(`People most reported: ${people.map((p) => `${p.name} (${p.articles} articles)`).join(', ')}`);
        const events = await store.events({ code: '04', limit: 3 });
        if (events.length > 0) {
          print('Meetings and talks coded (CAMEO 04), earliest first:');
          for (const hit of events) print(`  ${hit.event.date ?? '?'}  ${hit.event.source.code} -> ${hit.event.target.code}  ${hit.event.code}  "${hit.sentence.replace(/\s+/g, ' ').slice(0, 100)}"`);
        }
        const [largest] = await store.stories({ limit: 1 });
        if (largest && largest.articles > 1) {
          print(`Largest story: "${largest.title ?? '(untitled)'}", ${largest.articles} articles from ${largest.outlets.length} outlets (${largest.outlets.join(', ')})`);
        }
        const first = (await store.list({ limit: 3 })).map((a) => a.id);
        print(`\nNext: npx eventwire list${opts.db === defaultDbPath() ? '' : ` --db ${opts.db}`}`);
        print(`      npx eventwire entities${opts.db === defaultDbPath() ? '' : ` --db ${opts.db}`}`);
        print(`      npx eventwire events --actor PRK${opts.db === defaultDbPath() ? '' : ` --db ${opts.db}`}`);
        print(`      npx eventwire stories${opts.db === defaultDbPath() ? '' : ` --db ${opts.db}`}`);
        if (largest && largest.articles > 1) print(`      npx eventwire compare ${largest.id}${opts.db === defaultDbPath() ? '' : ` --db ${opts.db}`}`);
        for (const id of first) print(`      npx eventwire show ${id}${opts.db === defaultDbPath() ? '' : ` --db ${opts.db}`}`);
        if (!opts.serve) print(`      npx eventwire serve${opts.db === defaultDbPath() ? '' : ` --db ${opts.db}`}   (the web app)`);
      });
      if (opts.serve) await runServer({ db: opts.db, port: opts.port, host: '127.0.0.1' });
    });

  program
    .command('list')
    .description('list stored articles, newest first')
    .addOption(dbOption())
    .option('--outlet <name>', 'only this outlet')
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--offset <n>', 'skip this many', (v) => (v === '0' ? 0 : positiveInt(v)), 0)
    .option('--json', 'print JSON')
    .action(async (opts: { db: string; outlet?: string; limit: number; offset: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const rows = await store.list({ limit: opts.limit, offset: opts.offset, ...(opts.outlet ? { outlet: opts.outlet } : {}) });
        if (opts.json) print(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) print('No articles stored yet: try `eventwire demo` or `eventwire ingest <files>`.');
        else for (const row of rows) print(formatSummaryRow(row));
      });
    });

  program
    .command('show')
    .description('print an article: headline, outlet, date, dateline, clean body, and what was removed and why')
    .argument('<id>', 'article id (from list or search)')
    .addOption(dbOption())
    .option('--version <n>', 'an earlier version', positiveInt)
    .option('--json', 'print the stored document with all its spans')
    .action(async (id: string, opts: { db: string; version?: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const article = await store.get(id, opts.version);
        if (!article) {
          process.stderr.write(`eventwire show: no article with id "${id}"${opts.version ? ` and version ${opts.version}` : ''} in ${opts.db}\n`);
          process.exitCode = 1;
          return;
        }
        if (opts.json) print(JSON.stringify(article, null, 2));
        else print(formatArticle(article, Document.fromData(article.doc)));
      });
    });

  program
    .command('search')
    .description('full-text search over headlines and clean bodies (AND, OR, NOT, "phrases", prefix*)')
    .argument('<query>', 'search query')
    .addOption(dbOption())
    .option('--outlet <name>', 'only this outlet')
    .option('--limit <n>', 'how many', positiveInt, 20)
    .option('--quotes', 'search what was said (quotes and reported speech) and who said it, instead of articles')
    .option('--json', 'print JSON')
    .action(async (query: string, opts: { db: string; outlet?: string; limit: number; quotes?: boolean; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        if (opts.quotes) {
          const quotes = await store.searchQuotes(query, { limit: opts.limit, ...(opts.outlet ? { outlet: opts.outlet } : {}) });
          if (opts.json) print(JSON.stringify(quotes, null, 2));
          else if (quotes.length === 0) print(`No quote matches ${JSON.stringify(query)}.`);
          else for (const hit of quotes) print(formatQuoteHit(hit));
          return;
        }
        const hits = await store.search(query, { limit: opts.limit, ...(opts.outlet ? { outlet: opts.outlet } : {}) });
        if (opts.json) print(JSON.stringify(hits, null, 2));
        else if (hits.length === 0) print(`No article matches ${JSON.stringify(query)}.`);
        else for (const hit of hits) print(formatSearchHit(hit));
      });
    });

  program
    .command('entities')
    .description('entities across the stored articles (people, organisations, places), or the articles naming one')
    .argument('[entity]', 'an entity id (from this list or `show`) to list the articles that mention it')
    .addOption(dbOption())
    .addOption(new Option('--label <label>', 'only this type').choices(['PER', 'ORG', 'GPE', 'LOC', 'MISC']))
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (entity: string | undefined, opts: { db: string; label?: string; limit: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        if (entity) {
          const rows = await store.articlesMentioning(entity, { limit: opts.limit });
          if (opts.json) print(JSON.stringify(rows, null, 2));
          else if (rows.length === 0) print(`No stored article mentions ${JSON.stringify(entity)}.`);
          else for (const row of rows) print(formatSummaryRow(row));
          return;
        }
        const rows = await store.entities({ limit: opts.limit, ...(opts.label ? { label: opts.label } : {}) });
        if (opts.json) print(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) print('No entities stored yet: try `eventwire demo`.');
        else for (const r of rows) print(`${r.label.padEnd(4)} ${r.name.slice(0, 32).padEnd(32)} ${r.entity.slice(0, 40).padEnd(40)} ${r.articles} article(s), ${r.mentions} mention(s)`);
      });
    });

  program
    .command('export')
    .description('write every stored article (current version, with spans) as JSON Lines')
    .addOption(dbOption())
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { db: string; out?: string }) => {
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      await withStore(opts.db, async (store) => {
        let n = 0;
        for await (const article of store.exportAll()) {
          if (!out.write(`${JSON.stringify(article)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
          n++;
        }
        if (opts.out) {
          await new Promise<void>((r, j) => (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? j(e) : r())));
          process.stderr.write(`Exported ${n} article(s) to ${opts.out}\n`);
        }
      });
    });

  program
    .command('clean')
    .description('clean inputs without storing them: headline, outlet, date, dateline, body, removed parts')
    .argument('<inputs...>', 'paths, directories, glob patterns, or - for stdin')
    .addOption(formatOption())
    .addOption(maxBytesOption())
    .option('--json', 'print {"articles": [...]} as JSON')
    .action(async (inputs: string[], opts: { format?: InputFormat; maxBytes: number; json?: boolean }) => {
      const articles: unknown[] = [];
      for await (const doc of cleanedArticles('clean', inputs, { maxBytes: opts.maxBytes, ...(opts.format ? { format: opts.format } : {}) })) {
        const record = toArticleRecord(doc);
        if (!opts.json) {
          // Unstored, it prints with the same layout as `show`.
          const view = { ...record, id: record.doc.id, version: 1, versions: 1, ingestedAt: '' };
          print(`${'='.repeat(80)}\n${formatArticle(view, doc)}\n`);
          continue;
        }
        // Offsets are into the decoded input (the file, or the JSONL record's text), not the article alone.
        const at = doc.origin.start;
        const { title, outlet, published, dateline, author, body } = record;
        articles.push({
          uri: doc.origin.uri,
          title,
          outlet,
          published,
          dateline,
          author,
          body,
          removed: doc.removed.map((s) => ({ start: at + s.start, end: at + s.end, reason: s.reason, rule: s.rule, text: doc.slice(s) })),
        });
      }
      if (opts.json) print(JSON.stringify({ articles }, null, 2));
    });

  const evalCommand = program.command('eval').description("score eventwire against a data set, with the field's own metrics");
  registerNerCommands(program, evalCommand);
  registerTimexCommands(program, evalCommand);
  registerEntityEvalCommands(evalCommand);
  registerAttributionEvalCommands(evalCommand);
  registerQuotesCommand(program, () => loadAttributionFinder());
  registerValidateCommand(program);
  registerCodeCommand(program);
  registerEventsCommand(program, dbOption, withStore);
  registerExtractCommands(program, evalCommand);
  registerStoryCommands(program, evalCommand, dbOption, withStore);
  registerServeCommand(program, dbOption);
  registerFeedCommands(program, dbOption, withStore);
  registerQueueCommands(program, dbOption, withStore);

  return program;
}
