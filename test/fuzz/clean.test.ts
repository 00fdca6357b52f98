/**
 * Fuzzing text cleaning: scraped text of glued articles, cut, spliced with junk and page furniture, with huge
 * lines and thousands of short ones. Cleaning never throws, cuts the source into exact slices, and leaves every
 * visible character kept or removed with a reason. The line parsers it uses (dates, bylines, datelines, hint
 * dates) answer in bounded time whatever the line.
 *
 * Inputs per full run (parser → numRuns):
 *   cleanSource 200, parseDateLine 250, parseByline 250, parseDateline 250, normaliseHintDate 250  — 1,200 in all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanSource, normaliseHintDate, parseByline, parseDateLine, parseDateline } from '../../src/clean/index.js';
import type { SourceText } from '../../src/readers/types.js';
import { damagedText, expectEvery, expectValue, runs, settle } from './fuzz.js';

const RUNS = {
  cleanSource: 200,
  dateLine: 250,
  byline: 250,
  dateline: 250,
  hintDate: 250,
};

/** Two articles glued together as a scraper saves them, with the furniture around them. */
const GLUED = `Home | News | Sport | Weather
Orchard growers count frost damage
By Tamsin Orr and Jude Pike, Staff Writers | Vale Gazette
Published 7:15 a.m. BST April 9, 2021

LEDBURY, England (Vale Gazette) — Apple growers in the valley said on Thursday that two nights of hard frost had killed most of the blossom on early varieties.

"We lost perhaps half of the crop in a week," said one grower, who has farmed the same orchards for thirty years.
Photo: A frosted blossom near Ledbury. (Vale Gazette/Jude Pike)
Advertisement
Share this story
© 2021 Vale Gazette. All rights reserved.

Canal towpath reopens after landslip
April 10, 2021
GLOUCESTER — The towpath between the two locks reopened on Saturday, three months after a landslip closed it, the canal trust said.
Read more: Towpath works begin
Sign up for our newsletter
`;

const source = (text: string): SourceText => ({ uri: 'scraped.txt', format: 'txt', text, encoding: 'utf-8', hints: {} });

const LINE_DAMAGE = {
  junk: ['\n', '\r\n', '\n\n', '\u2028', '\f', '|', '•', '—', 'By ', 'Published ', 'Updated: ', 'PHOTO:', '(AP)', '©', 'Advertisement', 'Read more', '2021', 'Sept. 31,', '12:99 p.m.'],
  nesting: ['\n', ' ', 'A', '— ', 'By By ', 'JUNE ', '(', '\u0301'],
  hugeAfter: [/LEDBURY/, /By /, /Published /, /GLOUCESTER/, /Photo:/],
};

describe('cleanSource', () => {
  it('cuts damaged scraped text into exact slices and accounts for every visible character', () => {
    fc.assert(
      fc.property(damagedText(GLUED, LINE_DAMAGE), (text) => {
        const docs = expectValue(settle(text, () => cleanSource(source(text))));
        expect(docs.length).toBeGreaterThan(0);
        let next = 0;
        for (const doc of docs) {
          // Each article is the next stretch of the source, so offsets map back to the input.
          expect(doc.origin.start).toBe(next);
          expect(doc.text).toBe(text.slice(doc.origin.start, doc.origin.end));
          next = doc.origin.end;
          expectEvery(doc.spans, (span) => 0 <= span.start && span.start <= span.end && span.end <= doc.text.length, 'a span outside the text');
          const covered = new Uint8Array(doc.text.length);
          for (const span of doc.spans) if (span.type === 'kept' || span.type === 'removed') covered.fill(1, span.start, span.end);
          const unaccounted = [...doc.text].findIndex((character, index) => /\S/.test(character) && covered[index] === 0);
          expect(unaccounted, `character ${unaccounted} of ${JSON.stringify(doc.text.slice(Math.max(0, unaccounted - 20), unaccounted + 20))}`).toBe(-1);
        }
        expect(next).toBe(text.length);
      }),
      runs(4101, RUNS.cleanSource),
    );
  });
});

describe('the line parsers cleaning uses', () => {
  const lines = GLUED.split('\n').filter((line) => line.trim() !== '');
  const damagedLine = fc.constantFrom(...lines).chain((line) => damagedText(line, { ...LINE_DAMAGE, hugeAfter: [/\S/, /\s/, /[,|(]/] }));

  it('reads a date line or none, with its offsets inside the line', () => {
    fc.assert(
      fc.property(damagedLine, (line) => {
        const found = expectValue(settle(line, () => parseDateLine(line)));
        if (found === undefined) return;
        expect(found.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(0 <= found.start && found.start < found.end && found.end <= line.length).toBe(true);
      }),
      runs(4201, RUNS.dateLine),
    );
  });

  it('reads a byline or none, its authors non-empty and its span inside the line', () => {
    fc.assert(
      fc.property(damagedLine, fc.boolean(), (line, namesOnly) => {
        const byline = expectValue(settle(line, () => parseByline(line, { namesOnly })));
        if (byline === undefined) return;
        expect(byline.authors.length).toBeGreaterThan(0);
        for (const author of byline.authors) expect(author.trim()).not.toBe('');
        expect(0 <= byline.start && byline.start <= byline.end && byline.end <= line.length).toBe(true);
      }),
      runs(4202, RUNS.byline),
    );
  });

  it('reads a dateline or none, its place at the start of the paragraph', () => {
    fc.assert(
      fc.property(damagedLine, (paragraph) => {
        const dateline = expectValue(settle(paragraph, () => parseDateline(paragraph)));
        if (dateline === undefined) return;
        expect(paragraph.startsWith(dateline.place)).toBe(true);
        expect(dateline.placeEnd).toBeLessThanOrEqual(dateline.end);
        expect(dateline.end).toBeLessThanOrEqual(paragraph.length);
      }),
      runs(4203, RUNS.dateline),
    );
  });

  it('normalises any hint date to a calendar day or to nothing', () => {
    const hint = fc.oneof(
      damagedText('2021-04-09T07:15:00+01:00', LINE_DAMAGE),
      damagedText('Fri, 9 Apr 2021 07:15:00 GMT', LINE_DAMAGE),
      damagedText('April 9, 2021', { ...LINE_DAMAGE, hugeAfter: [/April/, / /] }),
    );
    fc.assert(
      fc.property(hint, (value) => {
        const date = expectValue(settle(value, () => normaliseHintDate(value)));
        if (date !== undefined) expect(date).toMatch(/^\d{4,}-\d{2}-\d{2}$/);
      }),
      runs(4301, RUNS.hintDate),
    );
  });
});
