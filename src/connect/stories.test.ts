import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/cli-helpers.js';
import { Document } from '../document/document.js';
import { analyseLanguage } from '../language/index.js';
import { loadLanguageTools } from '../language/tools.js';
import { articleViews, viewsFromData, viewsToData, type ArticleViews } from './features.js';
import { STORY_VIEWS } from './features.js';
import { StoryIndex, bisect, loadStoryModel, type StoryModel, type ViewModel } from './stories.js';
import { seededRandom } from '../util/random.js';

/** Short reports written for this test: two of one storm, one of a court ruling, one of a second storm. */
const TEXTS = {
  stormA: 'Typhoon Halvard makes landfall near Port Esker\n\nTyphoon Halvard struck Port Esker on Tuesday with winds of 190 kilometres an hour, killing 12 people and cutting power to 400,000 homes, Governor Lina Marsh said.',
  stormB: 'Halvard batters Port Esker, 12 dead\n\nAt least 12 people died when Typhoon Halvard hit the coast at Port Esker, where Governor Lina Marsh ordered schools closed and 400,000 homes lost power.',
  court: 'Supreme Court of Veland strikes down data law\n\nThe Supreme Court of Veland ruled on Tuesday that the national data retention law breaches the constitution, Chief Justice Omar Reyes wrote for a 5-2 majority.',
  stormC: 'Typhoon Orla floods Calder Bay\n\nTyphoon Orla flooded Calder Bay on Friday, leaving 31 people dead, Mayor Ines Tovar said, as rescuers searched collapsed homes.',
};

let views: Record<keyof typeof TEXTS, ArticleViews>;

beforeAll(() => {
  const tools = loadLanguageTools();
  views = Object.fromEntries(
    Object.entries(TEXTS).map(([name, text]) => {
      const doc = new Document(text, { uri: name, format: 'txt', start: 0, end: text.length, encoding: 'utf-8' });
      doc.addSpan({ type: 'kept', paragraph: 0, stage: 'test', start: 0, end: text.length });
      return [name, articleViews(doc, analyseLanguage(doc, tools))];
    }),
  ) as typeof views;
});

describe('StoryIndex', () => {
  it('puts two reports of one happening in one story, and another happening of the same kind in another story', () => {
    const index = new StoryIndex();
    const a = index.add({ id: 'a', views: views.stormA, published: '2024-09-03' });
    const b = index.add({ id: 'b', views: views.stormB, published: '2024-09-03' });
    const c = index.add({ id: 'c', views: views.court, published: '2024-09-03' });
    const d = index.add({ id: 'd', views: views.stormC, published: '2024-09-06' });
    expect(a.openedStory && a.openedStoryline).toBe(true);
    expect(b.story).toBe(a.story);
    expect(b.probability).toBeGreaterThan(0.5);
    expect(c.story).not.toBe(a.story);
    expect(d.story).not.toBe(a.story);
    expect(index.stories().map((s) => s.articles)).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('keeps reports weeks apart in different stories, and an undated article out of stories older than its photos', () => {
    const index = new StoryIndex();
    const first = index.add({ id: 'a', views: views.stormA, published: '2024-09-03' });
    const later = index.add({ id: 'b', views: views.stormB, published: '2024-10-20' });
    expect(later.story).not.toBe(first.story);
    const undatedFits = index.add({ id: 'c', views: views.stormB, notBefore: '2024-10-01' });
    expect(undatedFits.story).toBe(later.story);
    const undated = index.add({ id: 'd', views: views.stormB, notBefore: '2024-11-30' });
    expect(undated.openedStory).toBe(true);
  });

  it('continues after a restore exactly as it would have gone on', () => {
    const order: [string, ArticleViews, string][] = [
      ['a', views.stormA, '2024-09-03'], ['c', views.court, '2024-09-03'], ['b', views.stormB, '2024-09-04'], ['d', views.stormC, '2024-09-06'],
    ];
    const whole = new StoryIndex();
    const assigned = order.map(([id, v, published]) => whole.add({ id, views: v, published }));
    const resumed = new StoryIndex();
    for (const [i, [id, v, published]] of order.slice(0, 2).entries()) {
      // Views go through their stored (JSON) form, as they do in the store.
      const stored = viewsFromData(JSON.parse(JSON.stringify(viewsToData(v))));
      resumed.restore({ id, views: stored, published }, assigned[i]!.story, assigned[i]!.storyline);
    }
    const rest = order.slice(2).map(([id, v, published]) => resumed.add({ id, views: v, published }));
    expect(rest).toEqual(assigned.slice(2));
  });

  it('retires stories the arrivals of a whole sweep interval left behind', () => {
    const index = new StoryIndex({ retireAfterDays: 30 });
    index.add({ id: 'old', views: views.stormA, published: '2024-01-01' });
    // The first sweep (at 1,000 arrivals) counts the January report among its arrivals: the story stays.
    for (let i = 0; i < 999; i++) index.add({ id: `n${i}`, views: views.court, published: '2024-06-01' });
    expect(index.stats().activeStories).toBe(2);
    // A thousand more, all in June: the next sweep retires January.
    for (let i = 999; i < 1_999; i++) index.add({ id: `n${i}`, views: views.court, published: '2024-06-01' });
    const stats = index.stats();
    expect(stats.stories).toBe(2);
    expect(stats.activeStories).toBe(1);
    // Without a date the retired story is no candidate either.
    expect(index.add({ id: 'undated', views: views.stormB }).openedStory).toBe(true);
  });

  it('keeps at most maxActiveStories open, retiring the least recently fed, dated or not', () => {
    const random = seededRandom(9);
    const model: StoryModel = { story: viewModel(-3, { words: 6, names: 3 }, 0.5), storyline: viewModel(-3, { words: 6 }, 0.5) };
    const index = new StoryIndex({ model, maxActiveStories: 5 });
    const topic = (h: number | string): string[] => ['a', 'b', 'c'].map((x) => `topic${h}${x}`);
    // Eight undated happenings, each opened by one report; the first two get a second report later on.
    const names = Array.from({ length: 8 }, (_, h) => Array.from({ length: 6 }, (_, k) => `happening${h}-name${k}`));
    const opened = names.map((n, h) => index.add({ id: `h${h}`, views: madeUpViews(random, topic(h), n) }));
    expect(new Set(opened.map((a) => a.story)).size).toBe(8);
    for (const h of [0, 1]) expect(index.add({ id: `h${h}-again`, views: madeUpViews(random, topic(h), names[h]!) }).story).toBe(opened[h]!.story);
    // Fillers up to the first sweep, each of its own: with them, far more than five stories are open.
    for (let i = 0; index.stats().articles < 1_000; i++) index.add({ id: `f${i}`, views: madeUpViews(random, topic(`filler${i}`), [`filler-name${i}`]) });
    const stats = index.stats();
    expect(stats.activeStories).toBe(5);
    // The five kept are the five fed last: fillers, not the early happenings (fed again or not).
    expect(index.add({ id: 'h0-late', views: madeUpViews(random, topic(0), names[0]!) }).openedStory).toBe(true);
  });

  it('keeps the stories of an archive read out of date order open to their late reports', () => {
    // Two thousand reports of June between two reports of one January storm, with a January report every 200
    // arrivals: each sweep sees an arrival near January, so the storm's story stays and the late report joins it.
    const index = new StoryIndex({ retireAfterDays: 30 });
    const first = index.add({ id: 'storm-1', views: views.stormA, published: '2024-01-02' });
    for (let i = 0; i < 2_000; i++) {
      const january = i % 200 === 0;
      index.add({ id: `n${i}`, views: views.court, published: january ? `2024-01-${String(10 + (i / 200)).padStart(2, '0')}` : '2024-06-01' });
    }
    const late = index.add({ id: 'storm-2', views: views.stormB, published: '2024-01-03' });
    expect(late.openedStory).toBe(false);
    expect(late.story).toBe(first.story);
    // The same arrivals with every January date moved to June: the storm's story is retired, and the late
    // report opens another.
    const stream = new StoryIndex({ retireAfterDays: 30 });
    const opened = stream.add({ id: 'storm-1', views: views.stormA, published: '2024-01-02' });
    for (let i = 0; i < 2_000; i++) stream.add({ id: `n${i}`, views: views.court, published: '2024-06-01' });
    const after = stream.add({ id: 'storm-2', views: views.stormB, published: '2024-01-03' });
    expect(after.openedStory).toBe(true);
    expect(after.story).not.toBe(opened.story);
  });
});

/** Views of a made-up article: the topic's words, and most of one happening's names, each a few times. */
function madeUpViews(random: () => number, words: string[], names: string[]): ArticleViews {
  const views = Object.fromEntries(STORY_VIEWS.map((v) => [v, new Map<string, number>()])) as ArticleViews;
  for (const w of words) views.words.set(`w:${w}`, 1 + Math.floor(random() * 3));
  for (const n of names) if (random() < 0.8) views.names.set(n, 1 + Math.floor(random() * 3));
  return views;
}

function viewModel(bias: number, weights: Partial<Record<(typeof STORY_VIEWS)[number], number>>, threshold: number): ViewModel {
  return { bias, threshold, weights: Object.fromEntries(STORY_VIEWS.map((v) => [v, weights[v] ?? 0])) as ViewModel['weights'] };
}

const TOPIC = ['quake', 'magnitude', 'epicentre', 'rescue', 'collapse', 'aftershock', 'survey', 'tremor'];
const FIRST = ['sora', 'valley', 'ketter', 'mayor', 'dunn', 'bridge'];
const SECOND = ['mirrow', 'coast', 'alsen', 'governor', 'pike', 'harbour'];

describe('StoryIndex: splits and absorbs', () => {
  // The story decision leans on the topic's words, so early articles of two happenings share a story; the split
  // model reads the names, which tell the two happenings apart once each has a few articles.
  const model: StoryModel = {
    story: viewModel(-3, { words: 6, names: 3 }, 0.5),
    storyline: viewModel(-3, { words: 6 }, 0.5),
    split: { ...viewModel(-6, { names: 12 }, 0.5), minimumHalf: 3 },
  };

  it('bisects two groups of articles along their happenings', () => {
    const random = seededRandom(5);
    const index = new StoryIndex({ model });
    const members = [];
    for (let i = 0; i < 8; i++) members.push(madeUpViews(random, TOPIC, i % 2 ? SECOND : FIRST));
    // Vectors as the index sees them: observed in a space of their own.
    const side = bisect(members.map((v) => index['space'].observe(v)), model.story);
    expect(side.filter((s, i) => s === side[0] && i % 2 === 0)).toHaveLength(4);
    expect(side.every((s, i) => s === (i % 2 === 0 ? side[0] : !side[0]))).toBe(true);
  });

  it('splits a story that holds two happenings, moving the smaller half to a new story of the same storyline', () => {
    const random = seededRandom(11);
    const index = new StoryIndex({ model });
    const names = ['f1', 's1', 'f2', 's2', 'f3', 's3'];
    const assigned = names.map((id) => index.add({ id, views: madeUpViews(random, TOPIC, id.startsWith('f') ? FIRST : SECOND) }));
    expect(assigned.slice(0, 5).every((a) => a.story === assigned[0]!.story && a.moved.length === 0)).toBe(true);
    // The sixth makes halves of three: the story is bisected and the happenings part.
    const last = assigned[5]!;
    const split = index.stories();
    expect(split.map((s) => [...s.articles].sort())).toEqual([['f1', 'f2', 'f3'], ['s1', 's2', 's3']]);
    expect(split.every((s) => s.storyline === assigned[0]!.storyline)).toBe(true);
    // One half keeps the story's number; the other's earlier articles are reported moved to the new story.
    const kept = split.find((s) => s.id === assigned[0]!.story)!;
    const opened = split.find((s) => s !== kept)!;
    expect(opened.id).toBeGreaterThan(kept.id);
    expect(last.story).toBe(split.find((s) => s.articles.includes('s3'))!.id);
    expect(last.moved).toEqual(opened.articles.filter((id) => id !== 's3').map((article) => ({ article, story: opened.id, storyline: opened.storyline })));
    const second = split.find((s) => s.articles.includes('s1'))!;
    // Later reports join their own happening's story.
    expect(index.add({ id: 'f4', views: madeUpViews(random, TOPIC, FIRST) }).story).toBe(split.find((s) => s.articles.includes('f1'))!.id);
    expect(index.add({ id: 's4', views: madeUpViews(random, TOPIC, SECOND) }).story).toBe(second.id);
  });

  it('follows a split another index made: relocated articles leave and join stories as there', () => {
    const random = seededRandom(11);
    const arrivals = ['f1', 's1', 'f2', 's2', 'f3', 's3'].map((id) => ({ id, views: madeUpViews(random, TOPIC, id.startsWith('f') ? FIRST : SECOND) }));
    const there = new StoryIndex({ model });
    const decided = arrivals.map((a) => there.add(a));
    // Here, the first five were restored before the split; the sixth as it was stored, then the moves.
    const here = new StoryIndex({ model });
    for (const [i, a] of arrivals.entries()) here.restore(a, decided[i]!.story, decided[i]!.storyline);
    for (const m of decided[5]!.moved) expect(here.relocate(m.article, decided[0]!.story, m.story, m.storyline)).toBe(true);
    const sorted = (index: StoryIndex) => index.stories().map((story) => ({ ...story, articles: [...story.articles].sort() }));
    expect(sorted(here)).toEqual(sorted(there));
    // What it cannot follow: an article it does not have, in the story named.
    expect(here.relocate('nobody', decided[0]!.story, 99, 0)).toBe(false);
    expect(here.relocate('f1', 42, 99, 0)).toBe(false);
  });

  it('absorbs members of a small story even when a retirement sweep falls due during the moves', () => {
    // A sweep falls due every so many placements; wherever it falls around an absorption, the story losing
    // members and the one taking them stay whole (a sweep once ran between two moves, retired the small story
    // and left the absorption reading the members it had just dropped).
    let absorbed = 0;
    for (let fillers = 980; fillers <= 1_000; fillers++) {
      const random = seededRandom(3);
      const index = new StoryIndex({ model });
      // Reports of June first, so that a sweep falls due among the January reports that follow.
      for (let i = 0; i <= fillers; i++) index.add({ id: `late${i}`, views: madeUpViews(random, ['vote', 'ballot', 'count'], ['tally', 'clerk']), published: '2024-06-01' });
      // An early report opens a story of its own; four days on, the happening's story forms and, once grown,
      // takes it in.
      const early = index.add({ id: 'early', views: madeUpViews(random, TOPIC, FIRST), published: '2024-01-01' });
      const later = [...TOPIC, 'crane', 'rubble', 'shelter'];
      const grown = ['g1', 'g2', 'g3'].map((id) => index.add({ id, views: madeUpViews(random, later, FIRST), published: '2024-01-06' }));
      const absorbing = index.add({ id: 'g4', views: madeUpViews(random, later, FIRST), published: '2024-01-05' });
      expect(grown[0]!.story).not.toBe(early.story);
      // The fourth joins the grown story and takes the early report in, unless a sweep between the reports
      // retired the early report's story (a sweep retires only what its interval's arrivals left behind, and
      // these reach January, so it should not; the checks below hold either way).
      if (absorbing.moved.length > 0) {
        expect(absorbing.moved).toEqual([{ article: 'early', story: grown[0]!.story, storyline: grown[0]!.storyline }]);
        expect(absorbing.story).toBe(grown[0]!.story);
        absorbed++;
      }
      const placed = index.stories().flatMap((story) => story.articles);
      expect(placed.filter((id) => ['early', 'g1', 'g2', 'g3', 'g4'].includes(id)).sort()).toEqual(['early', 'g1', 'g2', 'g3', 'g4']);
      expect(new Set(placed).size).toBe(placed.length);
    }
    expect(absorbed).toBeGreaterThan(15);
  });

  it('without a split model, never splits nor moves', () => {
    const random = seededRandom(11);
    const index = new StoryIndex({ model: { story: model.story, storyline: model.storyline } });
    const assigned = ['f1', 's1', 'f2', 's2', 'f3', 's3'].map((id) => index.add({ id, views: madeUpViews(random, TOPIC, id.startsWith('f') ? FIRST : SECOND) }));
    expect(new Set(assigned.map((a) => a.story)).size).toBe(1);
    expect(assigned.every((a) => a.moved.length === 0)).toBe(true);
  });
});

describe('loadStoryModel', () => {
  it('names the file and what is missing', () => {
    const dir = tempDir('story-model');
    const bad = join(dir, 'model.json');
    writeFileSync(bad, JSON.stringify({ story: { bias: 0, threshold: 0.5, weights: { words: 1 } }, storyline: { bias: 0, threshold: 0.5, weights: {} } }));
    expect(() => loadStoryModel(bad)).toThrow(/model\.json: "story" has no weight for the view "events"/);
    writeFileSync(bad, '{ not json');
    expect(() => loadStoryModel(bad)).toThrow(/model\.json: not a story model/);
    expect(() => loadStoryModel(join(dir, 'absent.json'))).toThrow(/absent\.json/);
  });
});
