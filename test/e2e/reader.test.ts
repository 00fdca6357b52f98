/**
 * The article reader and the actor pages on the sample corpus: the highlights over the text are the spans the
 * pipeline stored, an event chosen in the list shows its evidence sentence and the coding /api/events gives for
 * it, a name shows its entity and actor page, removed text comes back with its reason, and an actor's page shows
 * the different wordings outlets use for them, their events and what they said.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../src/document/types.js';
import type { EntityDetail, EntitySummary, QuoteHit, StoredArticle, StoredEvent } from '../../src/store/types.js';
import { browserTestsBlocked, launchBrowser, openPage, screenshot, startApp, type AppUnderTest } from './harness.js';

const blocked = browserTestsBlocked();
if (blocked) console.warn(`skipping browser tests: ${blocked}`);

type Mention = Extract<Span, { type: 'mention' }>;
type Timex = Extract<Span, { type: 'timex' }>;
interface Range {
  start: number;
  end: number;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const overlaps = (a: Range, b: Range) => a.start < b.end && b.start < a.end;

/** Every range the reader highlights in a document: mentions, time expressions, quote contents and cues, triggers. */
function highlightedRanges(spans: Span[]): (Range & { id: number })[] {
  const ranges: (Range & { id: number })[] = [];
  for (const span of spans) {
    if (span.type === 'mention' || span.type === 'timex') ranges.push({ start: span.start, end: span.end, id: span.id });
    if (span.type === 'attribution') for (const r of [...span.content, ...span.cue]) ranges.push({ ...r, id: span.id });
    if (span.type === 'event') for (const r of span.event.evidence.trigger) ranges.push({ ...r, id: span.id });
  }
  return ranges;
}

/** A span no other highlight touches, so its highlight is one button named after it alone. */
function standsAlone(span: Range & { id: number }, spans: Span[], avoid: Range[] = []): boolean {
  return (
    highlightedRanges(spans).every((r) => r.id === span.id || !overlaps(r, span)) && avoid.every((r) => !overlaps(r, span))
  );
}

async function getJson<T>(app: AppUnderTest, path: string): Promise<T> {
  const response = await fetch(`${app.url}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluateAll((nodes) => nodes.map((n) => n.textContent ?? '').join(''));
}

describe.skipIf(blocked !== undefined)('the article reader and actor pages in Chromium', () => {
  let app: AppUnderTest;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows an article with its layers, its events with their evidence, its entities and its removed text', async () => {
    // The article with the most coded events, found through the API rather than known in advance.
    const events = (await getJson<{ items: StoredEvent[] }>(app, '/api/events?limit=500')).items;
    const byArticle = new Map<string, StoredEvent[]>();
    for (const e of events) byArticle.set(e.id, [...(byArticle.get(e.id) ?? []), e]);
    const [articleId, articleEvents] = [...byArticle.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
    const article = await getJson<StoredArticle>(app, `/api/articles/${articleId}`);
    const { text, spans } = article.doc;
    expect(article.title).toBeTruthy();

    const { page, errors } = await openPage(browser);
    // Reach it as a reader would: a search for the rarest-looking word of its headline, then its result.
    const word = article.title!.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0]!;
    await page.goto(`${app.url}/?q=${encodeURIComponent(word)}`);
    await page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: article.title!, exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe(`/articles/${articleId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(squash((await page.getByRole('heading', { level: 1 }).textContent()) ?? '')).toBe(squash(article.title!));

    // Every layer is drawn, and each checkbox of the legend switches its layer.
    for (const [label, selector] of [
      ['Entities', '.hl-entity'],
      ['Time expressions', '.hl-time'],
      ['Quotes', '.hl-quote'],
      ['Event triggers', '.hl-trigger'],
    ] as const) {
      const box = page.getByRole('checkbox', { name: label });
      await expect.poll(() => box.isChecked()).toBe(true);
      expect(await page.locator(selector).count(), selector).toBeGreaterThan(0);
      await box.uncheck();
      await expect.poll(() => page.locator(selector).count()).toBe(0);
      await box.check();
      await expect.poll(() => page.locator(selector).count()).toBeGreaterThan(0);
    }

    // An event from the list: its sentence highlighted and focused, its coding as /api/events has it.
    const codeCounts = new Map<string, number>();
    for (const e of articleEvents) codeCounts.set(e.event.code, (codeCounts.get(e.event.code) ?? 0) + 1);
    const chosen = articleEvents.find((e) => codeCounts.get(e.event.code) === 1 && e.event.source.code && e.event.target.code) ?? articleEvents[0]!;
    const eventList = page.getByRole('region', { name: /^Events/ });
    expect(await eventList.getByRole('button').count()).toBe(articleEvents.length);
    const eventButton = eventList.getByRole('button').filter({ hasText: new RegExp(`(^|\\s)${chosen.event.code} `) }).first();
    await eventButton.click();
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get('event'))).toBe(String(chosen.spanId));
    expect(await eventButton.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => textOf(page, '.is-evidence').then(squash)).toBe(squash(chosen.sentence));
    const focused = await page.evaluate(() => document.activeElement?.closest('.is-evidence')?.textContent ?? null);
    expect(focused, 'the evidence sentence has the focus').not.toBeNull();
    expect(squash(chosen.sentence).startsWith(squash(focused!))).toBe(true);
    const triggers = chosen.event.evidence.trigger.map((r) => squash(text.slice(r.start, r.end)));
    const selectedText = squash(await textOf(page, '.is-selected'));
    for (const trigger of triggers) expect(selectedText).toContain(trigger);
    const details = page.getByRole('region', { name: 'Details' });
    const detailText = squash((await details.textContent()) ?? '');
    expect(detailText).toContain(`Source`);
    expect(detailText).toContain(chosen.event.source.code!);
    expect(detailText).toContain(chosen.event.target.code!);
    expect(detailText).toContain(`CAMEO${chosen.event.code}`);
    expect(detailText).toContain(chosen.event.plover.category);
    expect(detailText).toContain(squash(chosen.sentence));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'reader');

    // A name in the text: its entity and the link to its actor page.
    const evidence = chosen.event.evidence.sentence;
    const mention = spans.find(
      (s): s is Mention =>
        s.type === 'mention' && s.label === 'PER' && /^person\/[^/]+$/.test(s.entity) && standsAlone(s, spans, [evidence, chosen.event.source.range ?? evidence, chosen.event.target.range ?? evidence]),
    );
    expect(mention, 'a person named outside any other highlight').toBeDefined();
    const written = text.slice(mention!.start, mention!.end).trim();
    await page.getByRole('button', { name: `${written}: person ${mention!.name}`, exact: true }).first().click();
    await details.getByRole('heading', { name: `Entity: ${mention!.name}` }).waitFor();
    const actorLink = details.getByRole('link', { name: `Actor page: ${mention!.name}` });
    expect(await actorLink.getAttribute('href')).toBe(`/actors/${mention!.entity}`);
    expect(squash((await details.textContent()) ?? '')).toContain(mention!.entity);

    // A time expression by keyboard: Enter on its highlight shows its normalised value.
    const timex = spans.find((s): s is Timex => s.type === 'timex' && standsAlone(s, spans));
    if (timex) {
      const timeButton = page.getByRole('button', { name: `${text.slice(timex.start, timex.end).trim()}: time ${timex.value}`, exact: true }).first();
      await timeButton.focus();
      await page.keyboard.press('Enter');
      await details.getByRole('heading', { name: 'Time expression' }).waitFor();
      expect(squash((await details.textContent()) ?? '')).toContain(`Value${timex.value}`);
    }

    // Removed text is hidden until asked for, then shown struck through with its reason.
    const removed = spans.find((s): s is Extract<Span, { type: 'removed' }> => s.type === 'removed' && s.reason !== 'headline' && s.end - s.start > 8)!;
    const removedText = squash(text.slice(removed.start, removed.end));
    expect(await page.getByRole('deletion').count()).toBe(0);
    await page.getByRole('checkbox', { name: /Show removed text/ }).check();
    const deletion = page.getByRole('deletion').filter({ hasText: removedText.slice(0, 40) }).first();
    await deletion.waitFor();
    expect(squash((await deletion.textContent()) ?? '')).toBe(`${removed.reason} ${removedText}`);
    expect(await page.getByRole('deletion').count()).toBe(spans.filter((s) => s.type === 'removed' && s.reason !== 'headline').length);

    expect(errors).toEqual([]);
    await page.context().close();

    // The same reader on a phone, opened on the event through its link: the side panel goes below the text.
    const phone = await openPage(browser, { width: 390, height: 844 });
    await phone.page.goto(`${app.url}/articles/${articleId}?event=${chosen.spanId}`);
    await phone.page.getByRole('region', { name: 'Details' }).getByRole('heading', { name: /^Event:/ }).waitFor();
    await expect.poll(() => textOf(phone.page, '.is-evidence').then(squash)).toBe(squash(chosen.sentence));
    const [textBox, sideBox] = await Promise.all([phone.page.locator('.article-text').boundingBox(), phone.page.locator('.reader-side').boundingBox()]);
    expect(sideBox!.y).toBeGreaterThanOrEqual(textBox!.y + textBox!.height);
    const pageWidth = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    await phone.page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(phone.page, 'reader-phone');
    expect(phone.errors).toEqual([]);
    await phone.page.context().close();
  });

  it("shows an actor's names, codes, events and quotes, and links each event to its evidence", async () => {
    const people = (await getJson<{ items: EntitySummary[] }>(app, '/api/entities?label=PER&limit=500')).items;
    const kim = people.find((p) => p.name === 'Kim Jong Un');
    expect(kim, 'the sample corpus names Kim Jong Un').toBeDefined();
    const detail = await getJson<EntityDetail>(app, `/api/entities/${encodeURIComponent(kim!.entity)}`);
    const events = (await getJson<{ items: StoredEvent[] }>(app, `/api/events?entity=${encodeURIComponent(kim!.entity)}&limit=20`)).items;
    const quotes = (await getJson<{ items: QuoteHit[] }>(app, `/api/quotes?entity=${encodeURIComponent(kim!.entity)}&limit=20`)).items;
    expect(events.length).toBeGreaterThan(0);
    expect(quotes.length).toBeGreaterThan(0);

    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/actors`);
    await page.getByLabel('Type').selectOption('PER');
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get('label'))).toBe('PER');
    await page.getByRole('link', { name: 'Kim Jong Un', exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe(`/actors/${kim!.entity}`);
    await page.getByRole('heading', { level: 1, name: 'Kim Jong Un' }).waitFor();

    // How outlets name him: the wordings /api/entities gives, at least two different ones.
    const names = page.getByRole('region', { name: 'How outlets name them' });
    await names.getByRole('row').nth(1).waitFor();
    const wordings = (await names.getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => row.querySelector('td')?.textContent ?? ''))).map((w) =>
      w.replace(/^“|”$/g, ''),
    );
    expect(wordings).toEqual(detail.names.map((n) => n.text));
    expect(new Set(wordings.map((w) => w.toLowerCase())).size).toBeGreaterThanOrEqual(2);
    const mainCode = detail.codes[0]!.code;
    expect(await page.getByRole('link', { name: `Dyads with ${mainCode} as source` }).getAttribute('href')).toBe(`/dyads?source=${mainCode}`);

    // His events, each linking to the reader on its evidence; what he said, each linking to its article.
    const eventRegion = page.getByRole('region', { name: 'Events' });
    await eventRegion.getByRole('row').nth(1).waitFor();
    expect(await eventRegion.getByRole('row').count()).toBe(events.length + 1);
    const hrefs = await eventRegion.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(events.map((e) => `/articles/${e.id}?event=${e.spanId}`));
    const quoteRegion = page.getByRole('region', { name: 'What they said' });
    await quoteRegion.getByRole('listitem').first().waitFor();
    expect(await quoteRegion.getByRole('listitem').count()).toBe(quotes.length);
    expect(squash((await quoteRegion.textContent()) ?? '')).toContain(squash(quotes[0]!.content));
    await page.getByRole('region', { name: 'Articles mentioning them' }).getByRole('listitem').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'actor');

    // Following an event opens the reader with that event selected and its sentence highlighted.
    const first = events[0]!;
    await eventRegion.getByRole('link').first().click();
    await expect.poll(() => page.evaluate(() => location.pathname + location.search)).toBe(`/articles/${first.id}?event=${first.spanId}`);
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByRole('heading', { name: /^Event:/ }).waitFor();
    expect(squash((await details.textContent()) ?? '')).toContain(`CAMEO${first.event.code}`);
    await expect.poll(() => textOf(page, '.is-evidence').then(squash)).toBe(squash(first.sentence));

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
