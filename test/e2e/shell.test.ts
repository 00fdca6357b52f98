/**
 * The app shell: served at `/` with the API beside it, every section reachable from the navigation, a reload
 * on an app route gives the app, and the page's security policy lets nothing but the app's own files run.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsBlocked, launchBrowser, openPage, startApp, type AppUnderTest } from './harness.js';

const blocked = browserTestsBlocked();
if (blocked) console.warn(`skipping browser tests: ${blocked}`);

describe.skipIf(blocked !== undefined)('the app shell in Chromium', () => {
  let app: AppUnderTest;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ sample: false }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('serves the app at / and on its own routes, with a strict security policy', async () => {
    const response = await fetch(`${app.url}/stories/1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await response.text()).toContain('<div id="root">');
    // The API keeps its own answers: JSON 404s, not the app's page.
    const missing = await fetch(`${app.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${app.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${app.url}/..%2f..%2fpackage.json`)).status).not.toBe(200);
  });

  it('reaches every section from the navigation by keyboard', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${app.url}/`);
    const links = page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    const names = await links.allTextContents();
    expect(names).toEqual(['Search', 'Stories', 'Events', 'Actors', 'Dyads', 'Network', 'Ingest']);
    // The first Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    for (const name of names.slice(1)) {
      await links.filter({ hasText: name }).click();
      await expect.poll(() => page.evaluate(() => location.pathname)).not.toBe('/');
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe.skipIf(blocked !== undefined)('the app on a server that wants a token', () => {
  let app: AppUnderTest;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ token: 'open-sesame' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('asks for the token, then loads the data and downloads exports with it', async () => {
    const { page, errors } = await openPage(browser);
    // The browser logs each refused request as a console error: those are the point here.
    page.removeAllListeners('console');
    await page.goto(`${app.url}/events?source=USA&target=PRK`);
    const token = page.getByLabel('API token');
    await token.fill('open-sesame');
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('table').first().waitFor();
    const expected = (await (await fetch(`${app.url}/api/events?source=USA&target=PRK&limit=500`, { headers: { Authorization: 'Bearer open-sesame' } })).json()) as { items: unknown[] };
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length - 1).toBe(expected.items.length);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
