import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/cli-helpers.js';
import { Document } from '../document/document.js';
import { analyseLanguage } from '../language/index.js';
import { loadLanguageTools } from '../language/tools.js';
import { articleViews, viewsFromData, viewsToData, type ArticleViews } from './features.js';
import { StoryIndex, loadStoryModel } from './stories.js';

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

  it('retires stories no dated article can join any more', () => {
    const index = new StoryIndex({ retireAfterDays: 30 });
    index.add({ id: 'old', views: views.stormA, published: '2024-01-01' });
    for (let i = 0; i < 1_000; i++) index.add({ id: `n${i}`, views: views.court, published: '2024-06-01' });
    const stats = index.stats();
    expect(stats.stories).toBe(2);
    expect(stats.activeStories).toBe(1);
    // Without a date the retired story is no candidate either.
    expect(index.add({ id: 'undated', views: views.stormB }).openedStory).toBe(true);
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
