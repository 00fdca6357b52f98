import type { Command, Option } from 'commander';
import { InvalidArgumentError } from 'commander';
import { citationGraph, compareOutlets, mergeEvents, type ConnectArticle, type MergedEvent, type OutletComparison } from '../connect/index.js';
import { evaluateEventCoref, type EventCorefOptions } from '../connect/ecbplus/event-coref.js';
import { evaluateStories, parseTopicRange, predictedStoryClusters } from '../connect/ecbplus/stories.js';
import { citationArticles, connectStoredArticles, loadStory as loadStoryArticles, openConnector, SnapshotSchedule } from '../pipeline/connect.js';
import type { Store, StoryDetail, StorySummary } from '../store/types.js';
import { followConnectCommand } from './queue.js';

type WithStore = <T>(path: string, run: (store: Store) => Promise<T>) => Promise<T>;

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function storyId(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a story number (see eventwire stories)`);
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

function span(first: string | null, last: string | null): string {
  if (!first) return 'undated';
  return first === last || !last ? first : `${first} – ${last}`;
}

function storyLine(s: StorySummary): string {
  const copies = s.duplicates ? ` (+${s.duplicates} ${s.duplicates === 1 ? 'copy' : 'copies'})` : '';
  const actors = s.actors.slice(0, 4).map((a) => a.name).join(', ');
  return (
    `  story ${s.id}  ${s.articles} article${s.articles === 1 ? '' : 's'}${copies}  ${span(s.first, s.last)}  ${s.title ?? '(untitled)'}\n` +
    `      outlets: ${s.outlets.join(', ') || '—'}${actors ? `\n      actors: ${actors}` : ''}`
  );
}

function eventLine(e: MergedEvent): string {
  const who = (a: MergedEvent['source']): string => a.name ?? a.code ?? '?';
  return `  ${e.date ?? '????-??-??'}  ${e.code} ${e.plover.category}${e.negated ? ' (negated)' : ''}  ${who(e.source)} -> ${who(e.target)}  ` +
    `${e.numArticles} article${e.numArticles === 1 ? '' : 's'}, ${e.numSources} source${e.numSources === 1 ? '' : 's'}, ${e.numMentions} mention${e.numMentions === 1 ? '' : 's'}  [${e.id}]`;
}

async function loadStory(store: Store, id: number): Promise<{ story: StoryDetail; articles: ConnectArticle[] }> {
  const found = await loadStoryArticles(store, id);
  if (!found) throw new Error(`no story ${id} in this database (see eventwire stories)`);
  return found;
}

function formatComparison(story: StoryDetail, c: OutletComparison): string {
  const lines = [`Story ${story.id}: ${story.title ?? '(untitled)'}  (${c.outlets.length} outlets)`];
  const name = new Map(c.outlets.map((o) => [o.id, o.name]));
  const eventsById = new Map(c.events.map((e) => [e.event.id, e.event]));
  for (const o of c.outlets) {
    lines.push(`\n${o.name}: ${o.events.reported.length} events, ${o.quotes.carried.length} quotes`);
    for (const id of o.events.missing) {
      const e = eventsById.get(id);
      if (e) lines.push(`  leaves out:${eventLine(e).slice(1)}`);
    }
    for (const id of o.quotes.missing) {
      const q = c.quotes.find((x) => x.id === id);
      if (q) lines.push(`  leaves out quote by ${q.speaker.name ?? 'an unnamed source'}: "${q.text.replace(/\s+/g, ' ').slice(0, 90)}"`);
    }
  }
  const only = c.events.filter((e) => e.reportedBy.length === 1 && c.outlets.length > 1);
  if (only.length) {
    lines.push('\nReported by one outlet only:');
    for (const e of only) lines.push(`${eventLine(e.event)}  — ${name.get(e.reportedBy[0]!) ?? e.reportedBy[0]}`);
  }
  if (c.wording.actors.length) {
    lines.push('\nHow outlets name the same actor:');
    for (const a of c.wording.actors) {
      const byOutlet = a.byOutlet.map((b) => `${name.get(b.outlet) ?? b.outlet}: ${b.forms.map((f) => `"${f.text}"`).join(', ')}`);
      lines.push(`  ${a.name}  —  ${byOutlet.join('; ')}`);
    }
  }
  if (c.wording.acts.length) {
    lines.push('\nHow outlets word the same act:');
    for (const a of c.wording.acts) {
      const byOutlet = a.byOutlet.map((b) => `${name.get(b.outlet) ?? b.outlet}: ${b.triggers.map((t) => `"${t.text}"`).join(', ')}`);
      lines.push(`  ${a.code} [${a.event}]  —  ${byOutlet.join('; ')}`);
    }
  }
  return lines.join('\n');
}

/** `stories`, `story`, `compare`, `citations`, `connect`, and `eval stories` / `eval event-coref`. */
type CorefMethod = NonNullable<EventCorefOptions['method']>;
const COREF_METHODS: readonly CorefMethod[] = ['model', 'lemma', 'stem'];

function corefMethod(value: string): CorefMethod {
  if (!(COREF_METHODS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${COREF_METHODS.join(', ')}, got "${value}"`);
  return value as CorefMethod;
}

export function registerStoryCommands(program: Command, evalCommand: Command, dbOption: () => Option, withStore: WithStore): void {
  program
    .command('stories')
    .description('stories (one happening across outlets) grouped by storyline (topic), largest first')
    .addOption(dbOption())
    .option('--storyline <n>', 'only the stories of this storyline', storyId)
    .option('--limit <n>', 'at most this many stories', count, 50)
    .option('--offset <n>', 'skip this many stories', count, 0)
    .option('--json', 'print JSON')
    .action(async (opts: { db: string; storyline?: number; limit: number; offset: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const stories = await store.stories({ ...(opts.storyline !== undefined ? { storyline: opts.storyline } : {}), limit: opts.limit, offset: opts.offset });
        const storylines = await store.storylines();
        if (opts.json) {
          print(JSON.stringify({ storylines: storylines.filter((l) => stories.some((s) => s.storyline === l.id)), stories }, null, 2));
          return;
        }
        if (stories.length === 0) {
          print('No stories. Ingest articles first (eventwire ingest), or connect articles stored earlier (eventwire connect).');
          return;
        }
        for (const line of storylines) {
          const own = stories.filter((s) => s.storyline === line.id);
          if (own.length === 0) continue;
          print(`Storyline ${line.id}: ${line.title ?? '(untitled)'}  (${line.stories} stor${line.stories === 1 ? 'y' : 'ies'}, ${line.articles} articles, ${span(line.first, line.last)})`);
          for (const s of own) print(storyLine(s));
        }
      });
    });

  program
    .command('story')
    .description('one story: its articles, copies, and its events merged across articles')
    .argument('<id>', 'story number', storyId)
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (id: number, opts: { db: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const { story, articles } = await loadStory(store, id);
        const events = mergeEvents(articles);
        const citations = citationGraph(articles);
        if (opts.json) {
          print(JSON.stringify({ story, events, citations }, null, 2));
          return;
        }
        print(`Story ${story.id} (storyline ${story.storyline}): ${story.title ?? '(untitled)'}`);
        print(storyLine(story).split('\n').slice(1).join('\n'));
        print('\nArticles:');
        for (const a of story.articlesInStory) {
          const how = a.duplicateOf ? `copy (${a.duplicateOf.kind}, ${a.duplicateOf.similarity.toFixed(2)}) of ${a.duplicateOf.id}` : a.probability === null ? '' : `p=${a.probability.toFixed(2)}`;
          print(`  ${a.id}  ${a.published ?? '????-??-??'}  ${a.outlet ?? '(no outlet)'}  ${a.title ?? '(untitled)'}  ${how}`);
        }
        print(`\nEvents across its articles (${events.length}):`);
        for (const e of [...events].sort((a, b) => b.numArticles - a.numArticles || b.numMentions - a.numMentions).slice(0, 30)) print(eventLine(e));
        if (citations.edges.length) {
          const name = new Map(citations.nodes.map((n) => [n.id, n.name]));
          print('\nWho relays whom:');
          for (const e of citations.edges) print(`  ${name.get(e.from) ?? e.from} -> ${name.get(e.to) ?? e.to}  (${e.count})`);
        }
      });
    });

  program
    .command('compare')
    .description("a story's outlets side by side: what each reports and leaves out, and how each words it")
    .argument('<story>', 'story number', storyId)
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (id: number, opts: { db: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const { story, articles } = await loadStory(store, id);
        const comparison = compareOutlets(articles);
        print(opts.json ? JSON.stringify({ story: { id: story.id, title: story.title, storyline: story.storyline }, ...comparison }, null, 2) : formatComparison(story, comparison));
      });
    });

  program
    .command('citations')
    .description('which outlet relays which outlet or report, from the attribution chains')
    .addOption(dbOption())
    .option('--story <id>', 'only the articles of this story', storyId)
    .option('--json', 'print JSON')
    .action(async (opts: { db: string; story?: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        let articles: ConnectArticle[] = [];
        if (opts.story !== undefined) articles = (await loadStory(store, opts.story)).articles;
        else articles = await citationArticles(store);
        const graph = citationGraph(articles);
        if (opts.json) {
          print(JSON.stringify(graph, null, 2));
          return;
        }
        const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
        if (graph.edges.length === 0) print('No citations between outlets found.');
        for (const e of graph.edges) print(`${name.get(e.from) ?? e.from} -> ${name.get(e.to) ?? e.to}  ${e.count} chain${e.count === 1 ? '' : 's'} (${e.roles.join(', ')})`);
      });
    });

  program
    .command('connect')
    .description('find duplicates and stories for articles stored before the connect stage existed, or (--follow) as workers store them')
    .addOption(dbOption())
    .option('--follow', 'keep connecting articles as `eventwire worker`s store them, until SIGTERM/SIGINT; run exactly one per store')
    .option('--poll <ms>', 'with --follow: milliseconds between looks at the store when it has nothing new', count, 1000)
    .action(async (opts: { db: string; follow?: boolean; poll: number }) => {
      if (opts.follow) return withStore(opts.db, (store) => followConnectCommand(store, opts.poll));
      await withStore(opts.db, async (store) => {
        const connector = await openConnector(store);
        const snapshots = new SnapshotSchedule(connector);
        const done = await connectStoredArticles(store, connector);
        await snapshots.save(store, connector, { force: true });
        print(`Connected ${done} article${done === 1 ? '' : 's'}.`);
      });
    });

  evalCommand
    .command('stories')
    .description('B-cubed F1 of incremental story clustering against ECB+ sub-topics and topics (DIR laid out like the ECB+ release)')
    .argument('<dir>', 'folder holding ECB+/ (topic folders)')
    .option('--topics <ranges>', 'topics to score, e.g. 26-35 (default: all)')
    .option('--orders <n>', 'seeded arrival orders to average over', count, 5)
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { topics?: string; orders: number; json?: boolean }) => {
      const result = await evaluateStories(dir, { ...(opts.topics ? { topics: opts.topics } : {}), orders: Math.max(1, opts.orders) });
      if (opts.json) {
        print(JSON.stringify(result, null, 2));
        return;
      }
      const f = (x: number): string => x.toFixed(4);
      print(`${result.documents} articles, ${result.gold_topics} topics, ${result.gold_subtopics} sub-topics; ${result.orders} arrival orders`);
      print(`sub-topics (stories):   B3 F1 ${f(result.subtopic_bcubed_f1)}  P ${f(result.subtopic.precision)}  R ${f(result.subtopic.recall)}  (range ${f(result.subtopic.min_f1)}–${f(result.subtopic.max_f1)}; ${result.stories.toFixed(1)} stories)`);
      print(`topics (storylines):    B3 F1 ${f(result.topic_bcubed_f1)}  P ${f(result.topic.precision)}  R ${f(result.topic.recall)}  (range ${f(result.topic.min_f1)}–${f(result.topic.max_f1)}; ${result.storylines.toFixed(1)} storylines)`);
    });

  evalCommand
    .command('event-coref')
    .description('CoNLL F1 of cross-document event coreference with gold mentions on ECB+ (DIR laid out like the ECB+ release)')
    .argument('<dir>', 'folder holding ECB+/ and ECBplus_coreference_sentences.csv')
    .option('--topics <ranges>', 'topics to score, e.g. 26-35 (default: all)')
    .option('--gold-subtopics', "group documents by ECB+'s gold sub-topics instead of eventwire's own stories")
    .option('--method <method>', 'model (eventwire\'s pair models), or a baseline: lemma (same head lemma), stem (same derivational stem)', corefMethod, 'model')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { topics?: string; goldSubtopics?: boolean; method: CorefMethod; json?: boolean }) => {
      const topics = parseTopicRange(opts.topics);
      const documentClusters = opts.goldSubtopics ? undefined : await predictedStoryClusters(dir, opts.topics ? { topics: opts.topics } : {});
      const result = await evaluateEventCoref(dir, {
        ...(topics ? { topics } : {}),
        ...(documentClusters ? { documentClusters: () => documentClusters } : {}),
        method: opts.method,
        withoutSingletons: true,
      });
      const out = { ...result, method: opts.method, document_clustering: opts.goldSubtopics ? 'gold sub-topics' : 'eventwire stories' };
      if (opts.json) {
        print(JSON.stringify(out, null, 2));
        return;
      }
      const f = (x: number): string => x.toFixed(4);
      print(`${result.mentions} event mentions in ${result.documents} documents, ${result.document_clusters} document clusters (${out.document_clustering}), method ${opts.method}`);
      print(`CoNLL F1 ${f(result.conll_f1)}  (MUC ${f(result.muc.f1)}, B3 ${f(result.bcubed.f1)}, CEAF-e ${f(result.ceafe.f1)})`);
      if (result.without_singletons) print(`without singletons: CoNLL F1 ${f(result.without_singletons.conll_f1)}`);
    });
}
