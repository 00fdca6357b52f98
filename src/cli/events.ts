import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, isExportFormat } from '../events/export/index.js';
import { exportStoredEvents } from '../pipeline/events.js';
import type { EventQuery, StoredEvent, Store } from '../store/types.js';
import { eventFlags } from './format.js';

export interface EventsCliOptions extends Omit<EventQuery, 'limit' | 'offset'> {
  format: string;
  limit?: number;
  offset?: number;
}

function formatEventLine(hit: StoredEvent): string {
  const e = hit.event;
  return (
    `${e.date ?? '????-??-??'}  ${e.source.code} -> ${e.target.code}  ${e.code} ${e.plover.category}${eventFlags(e)}  ` +
    `[${hit.id}#${hit.spanId}] ${hit.outlet ?? ''}\n    ${hit.sentence.replace(/\s+/g, ' ')}`
  );
}

/** `eventwire events`: stored events, filtered, as a readable list or in an export format. */
export function registerEventsCommand(program: Command, dbOption: () => Option, withStore: <T>(path: string, run: (store: Store) => Promise<T>) => Promise<T>): void {
  program
    .command('events')
    .description('list stored events (CAMEO/PLOVER), filtered; or export them as GDELT TSV, PLOVER JSON, CSV or JSONL')
    .addOption(dbOption())
    .option('--actor <code>', 'actor code or its start, either side (PRK, USAGOV)')
    .option('--source <code>', 'source actor code or its start')
    .option('--target <code>', 'target actor code or its start')
    .option('--code <cameo>', 'CAMEO code or its start (04, 042)')
    .option('--plover <category>', 'PLOVER category (CONSULT, ACCUSE ...)')
    .option('--entity <id>', 'entity id on either side (person/mike-pompeo)')
    .option('--from <date>', 'events dated on or after (ISO)')
    .option('--to <date>', 'events dated on or before (ISO)')
    .option('--limit <n>', 'at most this many events', (v) => Number.parseInt(v, 10))
    .option('--offset <n>', 'skip this many events', (v) => Number.parseInt(v, 10))
    .addOption(new Option('--format <format>', 'output format').choices(['text', ...EXPORT_FORMATS]).default('text'))
    .action(async (opts: EventsCliOptions & { db: string }) => {
      await withStore(opts.db, async (store) => {
        const { format, db: _db, ...query } = opts;
        const hits = await store.events(query);
        if (format === 'text') {
          process.stdout.write(hits.length ? `${hits.map(formatEventLine).join('\n')}\n` : 'No events.\n');
          return;
        }
        if (!isExportFormat(format)) throw new Error(`unknown format ${format}`);
        process.stdout.write(exportStoredEvents(format, hits, query.offset ?? 0));
      });
    });
}
