/**
 * Article text is shown as text, never run as markup. Articles written for this test carry script tags, event
 * handlers (img onerror, svg onload), javascript: links and an iframe, as plain text and as an HTML page whose
 * paragraphs spell markup out; after ingest through the API, the reader, the search results and the quote
 * search show the markup as characters and the browser runs none of it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJob } from '../../src/server/jobs.js';
import { browserTestsBlocked, launchBrowser, openPage, screenshot, startApp, type AppUnderTest } from './harness.js';

const blocked = browserTestsBlocked();
if (blocked) console.warn(`skipping browser tests: ${blocked}`);

const PAYLOADS = [
  `<script>window.__eventwirePwned = 'script'</script>`,
  `<img src=x onerror="window.__eventwirePwned = 'onerror'">`,
  `<a href="javascript:window.__eventwirePwned = 'link'">read more</a>`,
  `<svg onload="window.__eventwirePwned = 'svg'"></svg>`,
  `<iframe src="javascript:parent.__eventwirePwned = 'iframe'"></iframe>`,
];

/** What each payload must still read as, in the page's text: the markup spelled out. */
const SPELLED_OUT = ['<script>', 'onerror=', 'javascript:', '<svg onload=', '<iframe src='];

/** Elements that only markup made from article text could create inside the page's main area. */
const INJECTED = 'main script, main img, main iframe, main svg[onload], main [onerror], main [onload], main a[href^="javascript:"]';

const PLAIN_ARTICLE = [
  'Harbour council votes on ferry subsidy after heated session',
  'March 3, 2021',
  `PORT ELLIS (Quayside Courier) — The harbour council approved a ferry subsidy on Tuesday, its chair Dana Whitlow said. ` +
    `A resident's flyer pasted into the minutes read ${PAYLOADS[0]} and ${PAYLOADS[1]} before the clerk struck it.`,
  `"We will not let the island be cut off," Whitlow said, holding up a printout that said ${PAYLOADS[2]}.`,
  `The clerk said a second flyer carried ${PAYLOADS[3]} and ${PAYLOADS[4]} in small print.`,
].join('\n\n');

/** An HTML page whose visible paragraphs spell markup out (escaped), as a page quoting code would. */
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const HTML_ARTICLE = `<!doctype html><html><head><title>Library board reviews website defacement</title>
<script>window.__eventwirePwned = 'page script'</script></head><body onload="window.__eventwirePwned = 'body'">
<article><h1>Library board reviews website defacement</h1>
<p>The county library board met on Thursday to review how its website was defaced last month, the board's chair Imogen Ferris said.</p>
<p>Investigators found that a comment field had accepted the text ${escape(PAYLOADS[3]!)} and ${escape(PAYLOADS[1]!)} without checking it.</p>
<p>"We have since rebuilt the comment system from scratch," Ferris said, adding that no reader data had been taken.</p>
<img src="x" onerror="window.__eventwirePwned = 'real img'"></article></body></html>`;

describe.skipIf(blocked !== undefined)('hostile article text in the app', () => {
  let app: AppUnderTest;
  let browser: Browser;
  let ids: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ sample: false }), launchBrowser()]);
    const res = await fetch(`${app.url}/api/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ articles: [{ text: PLAIN_ARTICLE }, { html: HTML_ARTICLE, url: 'https://example.org/library-defacement' }] }),
    });
    expect(res.status).toBe(202);
    let job = (await res.json()) as IngestJob;
    for (let i = 0; i < 600 && job.state !== 'done' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${app.url}/api/ingest/${job.job}`)).json()) as IngestJob;
    }
    expect(job.state).toBe('done');
    ids = job.articles.flatMap((a) => a.stored.map((s) => s.id));
    expect(ids).toHaveLength(2);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the markup as characters in the reader and runs none of it', async () => {
    const { page, errors } = await openPage(browser);
    let shown = '';
    for (const id of ids) {
      await page.goto(`${app.url}/articles/${id}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const text = await page.locator('main').innerText();
      expect(text).toContain('onerror=');
      shown += text;
      // No element was made from the article's text.
      expect(await page.locator(INJECTED).count()).toBe(0);
      expect(await page.evaluate(() => (window as { __eventwirePwned?: string }).__eventwirePwned)).toBeUndefined();
    }
    for (const markup of SPELLED_OUT) expect(shown).toContain(markup);
    await screenshot(page, 'reader-hostile');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the markup as characters in search results and quote search', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/?q=${encodeURIComponent('onerror')}`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('onerror');
    await page.goto(`${app.url}/?q=${encodeURIComponent('island')}&quotes=true`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('cut off');
    expect(await page.locator(INJECTED).count()).toBe(0);
    expect(await page.evaluate(() => (window as { __eventwirePwned?: string }).__eventwirePwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
