/**
 * Stories, the outlet comparison, the dyad timeline and the actor network, in Chromium over the sample corpus:
 * what the pages show is checked against what the API answers for the same store, so a page that drops or
 * invents an outlet, an event or a node fails.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutletComparison } from '../../src/connect/compare.js';
import type { StorySummary } from '../../src/store/types.js';
import { browserTestsBlocked, launchBrowser, openPage, screenshot, startApp, type AppUnderTest } from './harness.js';

const blocked = browserTestsBlocked();
if (blocked) console.warn(`skipping browser tests: ${blocked}`);

interface DyadTimeline {
  items: { period: string; events: number; goldstein: number | null; quadClasses: number[] }[];
}
interface ActorNetwork {
  nodes: { id: string; label: string; events: number }[];
  edges: { source: string; target: string; events: number }[];
}

describe.skipIf(blocked !== undefined)('stories, dyads and the network in Chromium', () => {
  let app: AppUnderTest;
  let browser: Browser;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${app.url}${path}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function largestStory(): Promise<StorySummary> {
    const stories = await api<{ items: StorySummary[] }>('/api/stories');
    expect(stories.items.length).toBeGreaterThan(0);
    return [...stories.items].sort((a, b) => b.articles - a.articles || a.id - b.id)[0]!;
  }

  it('lists the stories, each opening its page', async () => {
    const { page, errors } = await openPage(browser);
    const stories = await api<{ items: StorySummary[] }>('/api/stories?limit=20');
    await page.goto(`${app.url}/stories`);
    const list = page.getByRole('list', { name: 'Stories' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(stories.items.length);
    const headings = await list.getByRole('heading', { level: 3 }).allTextContents();
    expect(headings).toEqual(stories.items.map((s) => s.title ?? `Story ${s.id}`));
    // The storylines are listed beside them.
    const storylines = await api<{ items: { title: string | null }[] }>('/api/storylines');
    const nav = page.getByRole('navigation', { name: 'Storylines' });
    await expect.poll(() => nav.getByRole('link').count()).toBe(storylines.items.length + 1);
    await screenshot(page, 'stories');

    const largest = await largestStory();
    await list.getByRole('link', { name: largest.title ?? `Story ${largest.id}`, exact: true }).first().click();
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe(`/stories/${largest.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(largest.title);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("sets the largest story's outlets side by side, marking what only some report and how each words it", async () => {
    const story = await largestStory();
    const { comparison } = await api<{ comparison: OutletComparison }>(`/api/stories/${story.id}/compare`);
    const names = new Map(comparison.outlets.map((o) => [o.id, o.name ?? o.id]));
    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/stories/${story.id}`);

    // One column per outlet of the comparison, in its order.
    const columns = page.getByRole('region', { name: 'Outlet columns' });
    await expect.poll(() => columns.getByRole('heading', { level: 3 }).allTextContents()).toEqual(comparison.outlets.map((o) => names.get(o.id)));
    expect(comparison.outlets.length).toBeGreaterThan(1);

    // Each outlet's column marks as "Only in ..." exactly the events and quotes that outlet alone reports.
    for (const outlet of comparison.outlets) {
      const alone =
        comparison.events.filter((e) => e.reportedBy.length === 1 && e.reportedBy[0] === outlet.id).length +
        comparison.quotes.filter((q) => q.reportedBy.length === 1 && q.reportedBy[0] === outlet.id).length;
      const column = columns.getByRole('region', { name: names.get(outlet.id), exact: true });
      expect(await column.getByText(`Only in ${names.get(outlet.id)}`, { exact: true }).count(), outlet.id).toBe(alone);
    }
    const partial = [...comparison.events, ...comparison.quotes].filter((item) => item.reportedBy.length > 1 && item.missingFrom.length > 0);
    if (partial.length > 0) expect(await columns.getByText(/^Missing from /).count()).toBeGreaterThan(0);

    // The wording table: an actor one outlet names in words no other outlet uses, shown in that outlet's column only.
    const distinct = comparison.wording.actors
      .flatMap((actor) => actor.byOutlet.flatMap((entry) => entry.forms.filter((f) => f.onlyThisOutlet).map((form) => ({ actor, outlet: entry.outlet, form }))))
      .find(({ actor, form }) => actor.byOutlet.filter((e) => e.forms.length > 0).length > 1 && form.evidence.length > 0);
    if (comparison.wording.actors.some((a) => a.byOutlet.some((e) => e.forms.some((f) => f.onlyThisOutlet)))) expect(distinct).toBeDefined();
    if (distinct) {
      const table = page.getByRole('table', { name: 'How each outlet names the actors' });
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${distinct.actor.name} ${distinct.actor.label}`, exact: true }) });
      const column = comparison.outlets.findIndex((o) => o.id === distinct.outlet);
      const cells = row.getByRole('cell');
      const link = cells.nth(column).getByRole('link', { name: distinct.form.text, exact: true });
      const evidence = distinct.form.evidence[0]!;
      expect(await link.getAttribute('href')).toBe(`/articles/${evidence.article}?span=${evidence.spanId}`);
      // No other outlet's cell has those words.
      for (let i = 0; i < comparison.outlets.length; i++) {
        if (i === column) continue;
        expect(await cells.nth(i).getByRole('link', { name: distinct.form.text, exact: true }).count()).toBe(0);
      }
    }
    // Articles and merged events with their counts.
    const detail = await api<{ story: { articlesInStory: { title: string | null }[] }; events: unknown[] }>(`/api/stories/${story.id}`);
    const articles = page.getByRole('list', { name: 'Articles of the story' }).getByRole('listitem');
    expect(await articles.count()).toBe(detail.story.articlesInStory.length);
    const eventsTable = page.getByRole('region', { name: 'Events across articles' }).getByRole('table');
    expect(await eventsTable.getByRole('row').count()).toBe(detail.events.length + 1);
    await screenshot(page, 'story');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps a story readable on a phone: the outlet columns scroll sideways, the page does not', async () => {
    const story = await largestStory();
    const { page, errors } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${app.url}/stories/${story.id}`);
    const columns = page.getByRole('region', { name: 'Outlet columns' });
    await columns.getByRole('heading', { level: 3 }).first().waitFor();
    expect(await columns.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'story-phone');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('charts a dyad: bars add up to the timeline, and a chosen period lists its events', async () => {
    const timeline = await api<DyadTimeline>('/api/dyads/timeline?source=USA&target=PRK&directed=false&interval=month');
    const total = timeline.items.reduce((sum, item) => sum + item.events, 0);
    expect(total).toBeGreaterThan(0);
    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/dyads?source=USA&target=PRK`);
    const chart = page.getByRole('group', { name: /^Events per month/ });
    const bars = chart.getByRole('button');
    await expect.poll(() => bars.count()).toBe(timeline.items.filter((i) => i.events > 0).length);
    const labels = await bars.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
    expect(sumCounts(labels, /: (\d+) events?\b/)).toBe(total);
    // Each bar is stacked from its quad classes: the drawn segments are as tall as the bar's count says.
    const segmentTotals = await bars.evaluateAll((nodes) =>
      nodes.map((n) => [...n.querySelectorAll('rect.quad-bar')].reduce((h, r) => h + Number(r.getAttribute('height')), 0)),
    );
    const perEvent = segmentTotals[0]! / Number(/: (\d+) event/.exec(labels[0]!)![1]);
    labels.forEach((label, i) => expect(segmentTotals[i]! / perEvent).toBeCloseTo(Number(/: (\d+) event/.exec(label)![1]), 5));

    // The table holds the same numbers.
    await page.getByText('The chart as a table').click();
    const rows = page.getByRole('table').getByRole('row');
    const tableCounts = await rows.evaluateAll((trs) => trs.slice(1).map((tr) => Number(tr.querySelectorAll('td')[0]?.textContent)));
    expect(tableCounts.reduce((a, b) => a + b, 0)).toBe(total);

    // Choose the busiest period: its events, both ways, are listed with links to their sentences.
    const busiest = [...timeline.items].sort((a, b) => b.events - a.events)[0]!;
    await bars.nth(timeline.items.filter((i) => i.events > 0).findIndex((i) => i.period === busiest.period)).click();
    await expect.poll(() => page.evaluate(() => new URL(location.href).searchParams.get('period'))).toBe(busiest.period);
    const events = page.getByRole('list', { name: 'Events of the period' }).getByRole('listitem');
    await expect.poll(() => events.count()).toBe(busiest.events);
    expect(await events.first().getByRole('link').getAttribute('href')).toMatch(/^\/articles\/[^/?]+\?event=\d+$/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dyad');

    // The bars work from the keyboard too: Enter on the first one chooses its period.
    const firstPeriod = timeline.items.find((i) => i.events > 0)!;
    await bars.first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => new URL(location.href).searchParams.get('period'))).toBe(firstPeriod.period);
    await expect.poll(() => events.count()).toBe(firstPeriod.events);

    // Without a pair, the page shows the busiest edge of the network.
    const network = await api<ActorNetwork>('/api/network?level=country');
    const top = network.edges.filter((e) => e.source !== e.target).sort((a, b) => b.events - a.events)[0]!;
    await page.goto(`${app.url}/dyads`);
    await expect
      .poll(() => page.evaluate(() => [new URL(location.href).searchParams.get('source'), new URL(location.href).searchParams.get('target')]))
      .toEqual([top.source, top.target]);
    await chart.getByRole('button').first().waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('draws the actor network, one node per actor, and lists the links of a node chosen by keyboard', async () => {
    const network = await api<ActorNetwork>('/api/network?level=country&minEvents=1&limit=100');
    expect(network.nodes.length).toBeGreaterThan(1);
    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/network`);
    const graph = page.getByRole('group', { name: /^Actor network/ });
    const nodes = graph.getByRole('button');
    await expect.poll(() => nodes.count()).toBe(network.nodes.length);
    const first = network.nodes[0]!;
    expect(await nodes.first().getAttribute('aria-label')).toBe(`${first.label === first.id ? first.id : `${first.label} (${first.id})`}: ${first.events} events`);
    // The edge table lists every link.
    const edgeRows = page.getByRole('region', { name: 'All links' }).getByRole('row');
    expect(await edgeRows.count()).toBe(network.edges.length + 1);

    // Keyboard: from the form's last button, Tab reaches the first node; Enter selects it.
    await page.getByRole('button', { name: 'Show' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(await nodes.first().getAttribute('aria-label'));
    await page.keyboard.press('Enter');
    const links = page.getByRole('list', { name: new RegExp(`^Links of .*${first.id}`) }).getByRole('link');
    const touching = network.edges.filter((e) => e.source === first.id || e.target === first.id);
    await expect.poll(() => links.count()).toBe(touching.length);
    expect(await nodes.first().getAttribute('aria-pressed')).toBe('true');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain(`/dyads?source=${touching[0]!.source}&target=${touching[0]!.target}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'network');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

function sumCounts(labels: string[], pattern: RegExp): number {
  return labels.reduce((sum, label) => sum + Number(pattern.exec(label)?.[1] ?? Number.NaN), 0);
}
