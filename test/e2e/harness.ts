/**
 * What the browser tests share: a server with the built app over a store holding the sample corpus, and
 * Debian's Chromium driven by playwright-core (no browser download). Without Chromium or without a built app
 * the tests skip, saying which is missing; `.ci/run` installs Chromium so that CI runs them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadPipelineTools } from '../../src/server/jobs.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { DEFAULT_WEB_ROOT, hasWebApp } from '../../src/server/web.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sampleCorpus = join(projectRoot, 'data', 'sample');
export const seedsDir = join(projectRoot, '..', 'shared', 'seeds');
export const screenshotDir = join(projectRoot, 'test-results', 'screenshots');
export const chromiumPath = process.env['EVENTWIRE_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or undefined when they can. Where they must run
 * (EVENTWIRE_REQUIRE_BROWSER=1, as `.ci/run` sets), a missing browser or app is an error, not a skip.
 */
export function browserTestsBlocked(): string | undefined {
  let reason: string | undefined;
  if (!existsSync(chromiumPath)) {
    reason = `no Chromium at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set EVENTWIRE_CHROMIUM`;
  } else if (!hasWebApp(DEFAULT_WEB_ROOT)) {
    reason = `the web app is not built in ${DEFAULT_WEB_ROOT}: run npm run build`;
  }
  if (reason && process.env['EVENTWIRE_REQUIRE_BROWSER'] === '1') throw new Error(`browser tests required but cannot run: ${reason}`);
  return reason;
}

export interface AppUnderTest {
  url: string;
  store: Store;
  close(): Promise<void>;
}

/** A fresh store with the sample corpus ingested (all stages), served with the app on a free loopback port. */
export async function startApp(options: { sample?: boolean; token?: string } = {}): Promise<AppUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'eventwire-e2e-'));
  const store = openSqliteStore(join(dir, 'e2e.db'));
  let server: RunningServer | undefined;
  try {
    if (options.sample !== false) await ingest([sampleCorpus], store, await loadPipelineTools(store));
    server = await startServer(store, { port: 0, host: '127.0.0.1', log: () => {}, ...(options.token ? { token: options.token } : {}) });
  } catch (error) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    url: running.url,
    store,
    async close() {
      await running.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Headless Chromium with the flags this machine needs: no sandbox (CI runs as root), and no background
 * networking (the network is closed, and Chromium would keep trying Google's hosts).
 */
export function launchBrowser(): Promise<Browser> {
  // playwright gives each launch a new, empty profile of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page that fails the test on any script error or console error the app did not expect: an uncaught
 * exception in the app is a bug even when the assertions pass.
 */
export async function openPage(browser: Browser, options: { width?: number; height?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  return { page, errors };
}

/** Writes test-results/screenshots/NAME.png: the main pages as a reader sees them. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
