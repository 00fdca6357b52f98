/**
 * Search, events and ingest pages in Chromium over the sample corpus: what a reader sees is checked against
 * what the API answers for the same question, so the assertions hold for whatever the pipeline codes.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJob } from '../../src/server/jobs.js';
import type { AttributionSpan } from '../../src/document/types.js';
import type { EntitySummary, QuoteHit, SearchHit, StoredArticle, StoredEvent } from '../../src/store/types.js';
import { browserTestsBlocked, launchBrowser, openPage, sampleCorpus, screenshot, seedsDir, startApp, type AppUnderTest } from './harness.js';

const blocked = browserTestsBlocked();
if (blocked) console.warn(`skipping browser tests: ${blocked}`);

interface Facets {
  total: number;
  outlets: { value: string; count: number }[];
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

describe.skipIf(blocked !== undefined)('search, events and ingest in Chromium', () => {
  let app: AppUnderTest;
  let browser: Browser;
  let scratch: string;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${app.url}${path}`);
    expect(response.status, `GET ${path}`).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    scratch = mkdtempSync(join(tmpdir(), 'eventwire-e2e-ingest-'));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Types a query in the search box and submits it with the keyboard. */
  async function search(page: Page, query: string): Promise<void> {
    await page.getByRole('searchbox').fill(query);
    await page.getByRole('searchbox').press('Enter');
  }

  const hitOutlets = (page: Page) => page.getByRole('list', { name: 'Search results' }).locator('.hit-outlet').allTextContents();

  it('searches articles, narrows them with a facet and a removable chip, and searches quotes', async () => {
    const word = 'summit';
    const facets = await api<Facets>(`/api/search/facets?q=${word}`);
    expect(facets.total).toBeGreaterThan(1);
    // The outlet to narrow to: one with fewer matches than the whole, so narrowing shows.
    const outlet = facets.outlets.find((item) => item.count < facets.total);
    expect(outlet, 'the sample has summit articles in several outlets').toBeDefined();
    const { value: outletName, count: outletCount } = outlet!;
    const firstPage = Math.min(facets.total, 20);

    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/`);
    // Without a query: what the corpus holds, and example searches to start from.
    const stats = await api<{ articles: number }>('/api/stats');
    await page.getByRole('heading', { name: 'In the corpus' }).waitFor();
    await page.locator('.stats dd').first().filter({ hasText: String(stats.articles) }).waitFor();
    const [topPerson] = (await api<{ items: EntitySummary[] }>('/api/entities?label=PER&limit=1')).items;
    await page.getByRole('link', { name: `"${topPerson!.name}"`, exact: true }).waitFor();

    await search(page, word);
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await expect.poll(() => results.count()).toBe(firstPage);
    const marks = await page.getByRole('list', { name: 'Search results' }).locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toContain(word);
    // The snippet's brackets became marks: none is left in the text.
    expect((await page.locator('.snippet').first().textContent()) ?? '').not.toMatch(/\[summit\]/i);
    await page.getByRole('status').filter({ hasText: `${facets.total} matching articles` }).waitFor();

    // Facet counts are the API's; clicking one narrows the results to it.
    const outlets = page.getByRole('region', { name: 'Outlets' });
    for (const item of facets.outlets) {
      await outlets.getByRole('button', { name: `${item.value} ${item.count}`, exact: true }).waitFor();
    }
    await screenshot(page, 'search');
    await outlets.getByRole('button', { name: `${outletName} ${outletCount}`, exact: true }).click();
    await page.getByRole('list', { name: 'Active filters' }).getByText(`Outlet: ${outletName}`).waitFor();
    await expect.poll(() => hitOutlets(page)).toEqual(Array(Math.min(outletCount, 20)).fill(outletName));
    expect(new URL(page.url()).searchParams.get('outlet')).toBe(outletName);
    await expect.poll(() => outlets.getByRole('button', { pressed: true }).count()).toBe(1);

    // Removing the chip brings every outlet back.
    await page.getByRole('button', { name: `Remove filter Outlet: ${outletName}` }).click();
    await expect.poll(() => results.count()).toBe(firstPage);
    expect(new Set(await hitOutlets(page)).size).toBeGreaterThan(1);
    expect(await page.getByRole('list', { name: 'Active filters' }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('outlet')).toBeNull();

    // A month facet narrows by date, shown as one chip.
    const monthFacets = await api<{ months: { value: string; count: number }[] }>(`/api/search/facets?q=${word}`);
    const month = monthFacets.months[0]!;
    await page.getByRole('region', { name: 'Months' }).getByRole('button').first().click();
    await page.getByRole('list', { name: 'Active filters' }).getByText(/^Month: /).waitFor();
    await expect.poll(() => results.count()).toBe(Math.min(month.count, 20));
    const hits = await api<{ items: SearchHit[] }>(`/api/search?q=${word}&from=${month.value}&to=${month.value}`);
    for (const hit of hits.items) expect(hit.published?.startsWith(month.value)).toBe(true);

    // Quote search: a word a named person is quoted with finds that person.
    const quotes = await api<{ items: QuoteHit[] }>('/api/quotes?limit=200');
    const quote = quotes.items.find((item) => item.speakerEntity?.startsWith('person/') && /\b[a-z]{7,}\b/i.test(item.content));
    expect(quote, 'the sample has quotes of named people').toBeDefined();
    const quoteWord = [...quote!.content.matchAll(/\b[a-z]{7,}\b/gi)].map((match) => match[0]).sort((a, b) => b.length - a.length)[0]!;
    const expected = await api<{ items: QuoteHit[] }>(`/api/search?quotes=true&limit=20&q=${encodeURIComponent(quoteWord)}`);
    expect(expected.items.map((item) => item.speaker)).toContain(quote!.speaker);
    await page.goto(`${app.url}/`);
    await page.getByRole('checkbox', { name: 'Search quotes' }).check();
    await search(page, quoteWord);
    const found = page.getByRole('list', { name: 'Quotes found' }).getByRole('listitem');
    await expect.poll(() => found.count()).toBe(expected.items.length);
    const speakers = await page.getByRole('list', { name: 'Quotes found' }).locator('.speaker').allTextContents();
    expect(speakers.some((speaker) => speaker.includes(quote!.speaker))).toBe(true);
    expect(new URL(page.url()).searchParams.get('quotes')).toBe('true');
    expect(errors).toEqual([]);

    // The phone-sized page: the facets stack above the results.
    const phone = await openPage(browser, { width: 390, height: 844 });
    await phone.page.goto(`${app.url}/?q=${word}`);
    await expect.poll(() => phone.page.getByRole('list', { name: 'Search results' }).getByRole('listitem').count()).toBe(firstPage);
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'search-phone');
    expect(phone.errors).toEqual([]);
    await phone.page.context().close();
    await page.context().close();
  });

  it('filters events by dyad, swaps it, and exports what it shows as CSV', async () => {
    const dyad = await api<{ items: StoredEvent[] }>('/api/events?source=USA&target=PRK&limit=50');
    expect(dyad.items.length, 'the sample codes events of the United States towards North Korea').toBeGreaterThan(0);
    const all = await api<{ items: StoredEvent[] }>('/api/events?source=USA&target=PRK&limit=500');

    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/events`);
    // Lower case is forgiven: actor codes are capitals.
    await page.getByLabel('Source', { exact: true }).fill('usa');
    await page.getByLabel('Target', { exact: true }).fill('PRK');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = page.getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(dyad.items.length);
    const url = new URL(page.url());
    expect([url.searchParams.get('source'), url.searchParams.get('target')]).toEqual(['USA', 'PRK']);
    const dyadCodes = async () =>
      page.getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('.dyad-cell code')].map((code) => code.textContent ?? '')));
    for (const [source, target] of await dyadCodes()) {
      expect(source).toMatch(/^USA/);
      expect(target).toMatch(/^PRK/);
    }
    // Each row links to its sentence in the reader.
    const first = dyad.items[0]!;
    expect(await rows.first().getByRole('link').getAttribute('href')).toBe(`/articles/${first.id}?event=${first.spanId}`);
    expect(await page.getByRole('link', { name: /dyad timeline/ }).getAttribute('href')).toBe('/dyads?source=USA&target=PRK');
    await screenshot(page, 'events');

    // The CSV export carries the same filters: every event of the dyad, not only the page shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8')).filter((record) => record.some((field) => field !== ''));
    const [header, ...records] = csv;
    expect(header).toContain('source_code');
    expect(header).toContain('target_code');
    expect(records.length).toBe(all.items.length);
    const sourceColumn = header!.indexOf('source_code');
    const targetColumn = header!.indexOf('target_code');
    for (const record of records) {
      expect(record.length).toBe(header!.length);
      expect(record[sourceColumn]).toMatch(/^USA/);
      expect(record[targetColumn]).toMatch(/^PRK/);
    }

    // Swapping the pair asks the other direction.
    const reverse = await api<{ items: StoredEvent[] }>('/api/events?source=PRK&target=USA&limit=50');
    await page.getByRole('button', { name: 'Swap source and target' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('source')).toBe('PRK');
    await expect.poll(() => rows.count()).toBe(reverse.items.length);
    for (const [source, target] of await dyadCodes()) {
      expect(source).toMatch(/^PRK/);
      expect(target).toMatch(/^USA/);
    }

    // Quad class by name: every row shows the chosen class, as many as the API gives.
    const verbal = await api<{ items: StoredEvent[] }>('/api/events?quadClass=1&limit=50');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Quad class').selectOption({ label: '1: verbal cooperation' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('quadClass')).toBe('1');
    await expect.poll(() => rows.count()).toBe(verbal.items.length);
    expect(new Set(await page.locator('tbody .quad-1').allTextContents())).toEqual(new Set(['verbal cooperation']));
    expect(await page.locator('tbody [class^="quad-"]').count()).toBe(verbal.items.length);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  /** Waits until the page shows the job done, with each source sent listed. */
  async function ingestDone(page: Page, sources: string[]): Promise<void> {
    const sent = page.getByRole('list', { name: 'Articles sent' });
    for (const source of sources) await sent.getByRole('listitem').filter({ hasText: source }).first().waitFor({ timeout: 90_000 });
    const n = sources.length;
    await page.getByRole('status').filter({ hasText: `Done: ${n} of ${n} ${n === 1 ? 'article' : 'articles'}` }).waitFor({ timeout: 90_000 });
    const progress = page.getByRole('progressbar', { name: 'Ingest progress' });
    expect(await progress.getAttribute('value')).toBe(String(n));
    expect(await progress.getAttribute('max')).toBe(String(n));
  }

  it('ingests an uploaded article, links it, and finds it by search', { timeout: 120_000 }, async () => {
    // A short report written for this test; "Quillmarsh" occurs nowhere in the sample.
    const title = 'Quillmarsh trade delegation ends two days of talks in Lisbon';
    const file = join(scratch, 'quillmarsh-delegation.txt');
    writeFileSync(
      file,
      [
        title,
        '',
        'March 3, 2019',
        '',
        'LISBON — A trade delegation from the fictional port city of Quillmarsh ended two days of talks with Portuguese officials on Tuesday, agreeing to study a shared customs office for fishing exports.',
        '',
        'The delegation, led by harbour commissioner Ada Brennick, met Portugal\'s economy minister and representatives of three shipping firms. "We came to listen, and we leave with a plan," Brennick told reporters after the final session.',
        '',
        'Officials said a working group would meet again in June to settle the cost of the office and the rules for inspecting cargo.',
        '',
      ].join('\n'),
    );
    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/ingest`);
    // A file eventwire does not read is refused by name, and nothing is sent.
    const notes = join(scratch, 'notes.pdf');
    writeFileSync(notes, '%PDF-1.4 not an article');
    await page.getByLabel('Choose article files').setInputFiles(notes);
    await page.getByRole('alert').filter({ hasText: 'notes.pdf' }).waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);

    // A page with no article text is sent, and the server's reason for refusing it is shown beside it.
    const emptyPage = join(scratch, 'empty-page.html');
    writeFileSync(emptyPage, '<html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>');
    await page.getByLabel('Choose article files').setInputFiles(emptyPage);
    await ingestDone(page, ['empty-page.html']);
    const refusedItem = page.getByRole('list', { name: 'Articles sent' }).getByRole('listitem').filter({ hasText: 'empty-page.html' });
    expect(await refusedItem.locator('.badge').first().textContent()).toBe('failed');
    expect(await refusedItem.locator('.errors').textContent()).toMatch(/no text found in HTML/);

    await page.getByLabel('Choose article files').setInputFiles(file);
    await ingestDone(page, ['quillmarsh-delegation.txt']);
    expect(await page.getByRole('alert').count()).toBe(0);
    const link = page.getByRole('list', { name: 'Articles sent' }).getByRole('link', { name: title });
    await link.waitFor();
    const id = /^\/articles\/([0-9a-f]{12})$/.exec((await link.getAttribute('href')) ?? '')?.[1];
    expect(id).toBeDefined();
    const stored = await api<StoredArticle>(`/api/articles/${id}`);
    expect(stored.title).toBe(title);
    expect(await page.getByRole('list', { name: 'Articles sent' }).locator('.stored-status').allTextContents()).toEqual(['inserted']);
    await screenshot(page, 'ingest');

    // The same file again changes nothing.
    await page.getByLabel('Choose article files').setInputFiles(file);
    await page.getByRole('list', { name: 'Articles sent' }).locator('.stored-status').filter({ hasText: 'unchanged' }).waitFor({ timeout: 60_000 });

    // A windows-1252 file (the sample's), dropped on the drop zone, is read as such: its headline keeps its é and ’.
    const cp1252Bytes = [...readFileSync(join(sampleCorpus, 'continental-ledger-kim-yo-jong-cp1252.txt'))];
    const dropZone = await page.getByRole('group', { name: /Drop zone/ }).elementHandle();
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'continental-ledger-kim-yo-jong-cp1252.txt', { type: 'text/plain' }));
      return transfer;
    }, cp1252Bytes);
    await dropZone!.dispatchEvent('dragover', { dataTransfer });
    await dropZone!.dispatchEvent('drop', { dataTransfer });
    await ingestDone(page, ['continental-ledger-kim-yo-jong-cp1252.txt']);
    const cp1252Link = page.getByRole('list', { name: 'Articles sent' }).getByRole('link', { name: /Olympic détente tests Washington’s patience/ });
    await cp1252Link.waitFor();
    const cp1252 = await api<StoredArticle>(`${(await cp1252Link.getAttribute('href'))!.replace('/articles/', '/api/articles/')}`);
    expect(cp1252.body).not.toContain('\ufffd');

    // Pasted text with its fields: the outlet given is the one stored.
    const pastedTitle = 'Harbour pilots in Quillmarsh vote to end a week-long strike';
    await page.getByLabel('Article text').fill(
      `${pastedTitle}\n\nQUILLMARSH — Harbour pilots in the fictional port of Quillmarsh voted on Friday to end a strike that had kept cargo ships waiting offshore for a week, after the port authority agreed to review their night-shift rules.\n\nThe union said its members would return to work on Saturday morning.\n`,
    );
    await page.getByLabel('Outlet (optional)').fill('Quillmarsh Evening Post');
    await page.getByLabel('Published (optional)').fill('2019-03-08');
    await page.getByRole('button', { name: 'Ingest pasted text' }).click();
    await ingestDone(page, [`Pasted text`]);
    const pastedLink = page.getByRole('list', { name: 'Articles sent' }).getByRole('link', { name: pastedTitle });
    await pastedLink.waitFor();
    const pasted = await api<StoredArticle>(`${(await pastedLink.getAttribute('href'))!.replace('/articles/', '/api/articles/')}`);
    expect([pasted.outlet, pasted.published]).toEqual(['Quillmarsh Evening Post', '2019-03-08']);

    // Searching a word of the uploaded report finds it.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Search' }).click();
    await search(page, 'Quillmarsh');
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: title });
    await hit.waitFor();
    expect(await hit.getAttribute('href')).toBe(`/articles/${id}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('ingests the two seed articles from ../shared/seeds', { timeout: 120_000 }, async (context) => {
    if (!existsSync(seedsDir)) {
      console.warn(`skipping the seed articles: no folder ${seedsDir}`);
      context.skip();
    }
    // Read where they are, at test time: they are not the project's to copy.
    const seeds = readdirSync(seedsDir)
      .filter((name) => name.endsWith('.txt'))
      .sort()
      .map((name) => join(seedsDir, name));
    expect(seeds.length).toBe(2);
    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/ingest`);
    const response = page.waitForResponse((answer) => answer.url().endsWith('/api/ingest') && answer.request().method() === 'POST');
    await page.getByLabel('Choose article files').setInputFiles(seeds);
    const job = (await (await response).json()) as IngestJob;
    await ingestDone(page, seeds.map((seed) => basename(seed)));
    const finalJob = await api<IngestJob>(`/api/ingest/${job.job}`);
    expect(finalJob.articles.map((article) => article.status)).toEqual(['stored', 'stored']);
    const ids = finalJob.articles.flatMap((article) => article.stored.map((stored) => stored.id));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const sent = page.getByRole('list', { name: 'Articles sent' });
    for (const id of ids) {
      const stored = await api<StoredArticle>(`/api/articles/${id}`);
      expect(stored.body.length).toBeGreaterThan(200);
      await sent.locator(`a[href="/articles/${id}"]`).filter({ hasText: stored.title ?? `Article ${id}` }).waitFor();
    }
    // Each source file is named beside what it gave.
    for (const seed of seeds) await sent.getByText(basename(seed), { exact: true }).waitFor();

    // In the reader, each seed shows its entities, quotes and event triggers highlighted, and each quote with a
    // named speaker opens with the speaker and the chain of outlets it came through, as the API stored them.
    for (const id of ids) {
      const stored = await api<StoredArticle>(`/api/articles/${id}`);
      await page.goto(`${app.url}/articles/${id}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      for (const selector of ['.hl-entity', '.hl-quote', '.hl-trigger']) {
        await expect.poll(() => page.locator(selector).count(), { message: `${selector} in ${id}` }).toBeGreaterThan(0);
      }
      const attributions = stored.doc.spans.filter((s): s is AttributionSpan => s.type === 'attribution' && s.content.length > 0);
      const opening = (quote: AttributionSpan): string => stored.doc.text.slice(quote.content[0]!.start, quote.content[0]!.end).slice(0, 40);
      // The quotes with a named speaker, each told apart in the list by how its content begins.
      const attributed = attributions.filter((q) => q.speaker !== undefined && attributions.filter((o) => opening(o) === opening(q)).length === 1);
      expect(attributed.length, `quotes with a speaker in ${id}`).toBeGreaterThan(0);
      const quotes = page.getByRole('region', { name: /^Quotes/ });
      for (const quote of attributed) {
        await quotes.getByRole('button').filter({ hasText: opening(quote) }).click();
        const card = page.getByRole('region', { name: 'Details' }).getByRole('article', { name: 'Quote' });
        await card.waitFor();
        const chain = card.getByRole('list', { name: 'How the statement reached this outlet' });
        expect(await chain.getByRole('listitem').allInnerTexts()).toEqual(
          quote.chain.map((link) => `${link.name} (${link.role === 'publisher' ? 'this outlet' : link.role})`),
        );
        expect(await card.innerText()).toContain(quote.speaker!.name);
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
