/**
 * The bundled sample corpus against its gold annotations (data/sample/expected.json), written by hand for
 * text the cleaning rules were not written for: every article's fields, first and last body sentence, the noise
 * that must go (with its reason) and body sentences that must stay.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanSource } from '../src/clean/index.js';
import type { Document } from '../src/document/document.js';
import { readInputs } from '../src/readers/index.js';
import { projectRoot } from './cli-helpers.js';

interface Gold {
  file: string;
  index: number;
  title: string;
  outlet: string | null;
  published: string | null;
  dateline: string | null;
  author: string | null;
  firstSentence: string;
  lastSentence: string;
  mustRemove: { text: string; reason: string }[];
  mustKeep: string[];
}

const sampleDir = join(projectRoot, 'data', 'sample');
const gold = JSON.parse(readFileSync(join(sampleDir, 'expected.json'), 'utf8')) as Gold[];

/**
 * Reasons that name the same kind of thing from two angles: an advert is promotion and page furniture; an
 * appeal to subscribe to a newsletter is both newsletter and promotion.
 */
const SAME_KIND: Record<string, string[]> = {
  chrome: ['chrome', 'promo'],
  promo: ['promo', 'chrome', 'newsletter'],
  newsletter: ['newsletter', 'promo'],
};

function authors(value: string | null | undefined): string[] {
  return (value ?? '').split(/\s*,\s*|\s+and\s+|\s*&\s*/).filter(Boolean).sort();
}

const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();

async function cleanSample(): Promise<Map<string, Document[]>> {
  const byFile = new Map<string, Document[]>();
  for await (const result of readInputs([sampleDir])) {
    if (!result.ok) throw new Error(`${result.error.uri}: ${result.error.message}`);
    const file = result.source.uri.replace(/#line=\d+$/, '').split('/').pop()!;
    byFile.set(file, [...(byFile.get(file) ?? []), ...cleanSource(result.source)]);
  }
  return byFile;
}

describe('sample corpus against its gold annotations', async () => {
  const cleaned = await cleanSample();

  it('has at least 12 articles in several formats and outlets', () => {
    expect(gold.length).toBeGreaterThanOrEqual(12);
    expect(new Set(gold.map((g) => g.file.split('.').pop())).size).toBeGreaterThanOrEqual(3);
    expect(new Set(gold.map((g) => g.outlet).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
    const articles = [...cleaned.values()].reduce((n, docs) => n + docs.length, 0);
    expect(articles).toBe(gold.length);
  });

  for (const g of gold) {
    describe(`${g.file} #${g.index}`, () => {
      const doc = (): Document => {
        const docs = cleaned.get(g.file);
        expect(docs, `${g.file} was not read`).toBeDefined();
        const d = docs![g.index];
        expect(d, `${g.file} has no article #${g.index}`).toBeDefined();
        return d!;
      };

      it('recovers the fields', () => {
        const d = doc();
        expect(d.fieldValue('title')).toBe(g.title);
        expect(d.fieldValue('outlet') ?? null).toBe(g.outlet);
        expect(d.fieldValue('published') ?? null).toBe(g.published);
        expect(d.fieldValue('dateline') ?? null).toBe(g.dateline);
        expect(authors(d.fieldValue('author'))).toEqual(authors(g.author));
      });

      it('runs the body from the first true sentence to the last', () => {
        const body = flat(doc().body().text);
        expect(body.startsWith(flat(g.firstSentence)), `body starts: ${body.slice(0, 100)}`).toBe(true);
        expect(body.endsWith(flat(g.lastSentence)), `body ends: ${body.slice(-100)}`).toBe(true);
        for (const keep of g.mustKeep) expect(body).toContain(flat(keep));
      });

      it('removes the noise, each piece for its reason', () => {
        const d = doc();
        const body = flat(d.body().text);
        for (const junk of g.mustRemove) {
          expect(body, `still in the body: ${junk.text}`).not.toContain(flat(junk.text));
          const at = d.text.indexOf(junk.text);
          if (at < 0) continue; // an HTML page's text is rendered, not verbatim
          const reasons = d.removed.filter((s) => s.start < at + junk.text.length && s.end > at).map((s) => s.reason);
          const accepted = SAME_KIND[junk.reason] ?? [junk.reason];
          expect(reasons.some((r) => accepted.includes(r)), `"${junk.text}" removed as [${reasons.join(', ')}], expected ${junk.reason}`).toBe(true);
        }
      });
    });
  }
});
