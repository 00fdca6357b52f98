import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanSource } from '../clean/index.js';
import { packageRoot } from '../util/package-root.js';
import {
  computeSignature,
  decodeSignature,
  DuplicateIndex,
  encodeSignature,
  estimateJaccard,
  sampleContainment,
  shingleHashes,
  signature,
} from './duplicates.js';

// An invented wire story (eight paragraphs) and the ways other outlets and later updates carry it.
const WIRE = [
  'Dock workers at the port of Kessling walked off the job on Tuesday after eleven weeks of talks over night-shift pay collapsed, leaving more than forty container ships waiting offshore and freight companies scrambling to reroute cargo to smaller harbours along the coast.',
  'The strike, called by the Harbour and Transport Workers Union, is the first full stoppage at Kessling since 2009. Union officials said about 2,300 members had joined the walkout by midday and that picket lines would stay in place around the clock until the port authority returned to the table with a better offer.',
  '"We have been patient for almost three months, and patience has not paid anybody\'s rent," said Mara Ellingsen, the union\'s regional secretary, speaking to reporters outside Gate 4. "The authority knows exactly what it would take to end this."',
  'The port authority said in a statement that its offer of a 6 percent raise over three years was "fair and affordable" and accused union leaders of walking away from a deal that was close to being finalised. It said emergency shipments of medicine and fuel would continue to be handled by managers.',
  'Kessling handles roughly a fifth of the country\'s container traffic, and economists warned that a long stoppage could push up prices of imported food and electronics within weeks. The national chamber of commerce estimated the cost of the strike at 40 million crowns a day.',
  'Transport minister Henrik Vallø urged both sides to accept independent mediation and said the government had no plans to order workers back for now. Opposition lawmakers called on him to intervene directly, saying the dispute had been allowed to drift for too long.',
  'Several shipping lines said they had begun diverting vessels to the ports of Aalvik and Strenby, though both are much smaller and cannot take the largest container ships. Hauliers reported queues of trucks stretching several kilometres on the motorway into Kessling.',
  'The last major dispute at the port, in 2009, lasted nineteen days and ended with an agreement brokered by a retired supreme court judge. Union members are due to vote on Friday on whether to extend the strike into next week.',
];

const WIRE_BODY = WIRE.join('\n\n');

/** A scraped page: headline, date, byline, body paragraphs and trailing site chrome. */
function page(headline: string, meta: string[], paragraphs: string[], chrome: string[]): string {
  return [headline, '', ...meta, '', ...paragraphs.flatMap((p) => [p, '']), ...chrome].join('\n');
}

function cleanBody(text: string): string {
  const docs = cleanSource({ uri: '/tmp/test.txt', format: 'txt', text, encoding: 'utf-8', hints: {} });
  expect(docs).toHaveLength(1);
  return docs[0]!.body().text;
}

/** Exact Jaccard of two texts' shingle sets, to check the estimates against. */
function exactJaccard(a: string, b: string): number {
  const sa = new Set(shingleHashes(a));
  const sb = new Set(shingleHashes(b));
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}

describe('exact duplicates', () => {
  it('match across case, whitespace, curly quotes and dashes', () => {
    const retyped = WIRE.map((p) =>
      p.replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019').replace(/, /g, ' ,  ').replace(/-/g, '\u2013'),
    ).join('\n\n\n');
    const index = new DuplicateIndex();
    expect(index.add('wire', WIRE_BODY)).toBeNull();
    expect(index.add('retyped', `  ${retyped.toUpperCase()}  `)).toEqual({ of: 'wire', kind: 'exact', similarity: 1 });
  });

  it('do not match when a single word differs', () => {
    const index = new DuplicateIndex();
    index.add('wire', WIRE_BODY);
    const match = index.add('changed', WIRE_BODY.replace('eleven weeks', 'twelve weeks'));
    expect(match?.kind).toBe('near');
  });
});

describe('near duplicates', () => {
  it('find a syndicated copy with other chrome, another headline and small edits', () => {
    const original = page(
      'Kessling dock workers strike as pay talks collapse',
      ['March 3, 2021', 'By Ana Ruiz | Lanternfish Wire'],
      [`KESSLING (Lanternfish Wire) — ${WIRE[0]}`, ...WIRE.slice(1)],
      ['Most Popular', 'Council delays vote on ferry fares', '© 2021 Lanternfish Wire. All rights reserved.'],
    );
    const syndicated = page(
      'UPDATE 1-Port of Kessling shut by strike; ships wait offshore',
      ['Published 9:40 a.m. ET March 3, 2021', 'Lanternfish Wire'],
      [
        `KESSLING — ${WIRE[0]!.replace('on Tuesday', 'Tuesday')}`,
        ...WIRE.slice(1, 5),
        WIRE[5]!.replace('urged both sides', 'called on both sides'),
        ...WIRE.slice(6),
      ],
      ['Follow us on Twitter @harbourlight', 'Related: Ferry operators warn of summer delays', 'Copyright © 2021 Harbourlight News'],
    );
    const a = cleanBody(original);
    const b = cleanBody(syndicated);
    expect(a).not.toContain('Lanternfish Wire');
    expect(b).not.toContain('Harbourlight');
    const index = new DuplicateIndex();
    expect(index.add('original', a)).toBeNull();
    const match = index.add('syndicated', b);
    expect(match).not.toBeNull();
    expect(match!.of).toBe('original');
    expect(match!.kind).toBe('near');
    expect(match!.similarity).toBeGreaterThanOrEqual(0.8);
    expect(match!.similarity).toBeLessThan(1);
  });

  it('find an updated version with one paragraph added', () => {
    const update =
      'Late on Tuesday the port authority said it was ready to meet union negotiators on Wednesday morning with a mediator present, the first sign of movement since the talks broke down.';
    const updated = [...WIRE.slice(0, 2), update, ...WIRE.slice(2)].join('\n\n');
    const index = new DuplicateIndex();
    index.add('first', WIRE_BODY);
    const match = index.add('updated', updated);
    expect(match).toMatchObject({ of: 'first', kind: 'near' });
    expect(Math.abs(match!.similarity - exactJaccard(WIRE_BODY, updated))).toBeLessThan(0.12);
  });

  it('estimate Jaccard close to the exact value', () => {
    const variants = [
      WIRE.slice(0, 7).join('\n\n'),
      WIRE.slice(1).join('\n\n'),
      [...WIRE.slice(0, 4), ...WIRE.slice(5)].join('\n\n'),
      WIRE.map((p, i) => (i % 2 === 0 ? p : p.replace(/ the /g, ' a '))).join('\n\n'),
    ];
    const base = computeSignature(WIRE_BODY).minhash;
    for (const variant of variants) {
      const estimate = estimateJaccard(base, computeSignature(variant).minhash);
      expect(Math.abs(estimate - exactJaccard(WIRE_BODY, variant))).toBeLessThan(0.12);
    }
  });
});

describe('contained duplicates', () => {
  const firstThree = WIRE.slice(0, 3).join('\n\n');

  it('find a truncated copy that ran the first paragraphs', () => {
    expect(exactJaccard(firstThree, WIRE_BODY)).toBeLessThan(0.5); // too low for near matching
    const index = new DuplicateIndex();
    index.add('full', WIRE_BODY);
    const match = index.add('short', firstThree);
    expect(match).toMatchObject({ of: 'full', kind: 'contained' });
    expect(match!.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('find the full story when its truncated copy came first', () => {
    const index = new DuplicateIndex();
    index.add('short', firstThree);
    expect(index.add('full', WIRE_BODY)).toMatchObject({ of: 'short', kind: 'contained' });
  });

  it('measure containment on the samples without false negatives', () => {
    const inner = computeSignature(firstThree).sample;
    const outer = computeSignature(WIRE_BODY).sample;
    expect(inner.length).toBeGreaterThan(0);
    expect(sampleContainment(inner, outer)).toBe(1);
    expect(sampleContainment(outer, inner)).toBeLessThan(0.6);
  });

  it('does not call a single quoted sentence a reprint', () => {
    const index = new DuplicateIndex();
    index.add('full', WIRE_BODY);
    expect(index.add('quote', WIRE[2]!)).toBeNull();
  });
});

describe('different articles', () => {
  const sampleDir = join(packageRoot(), 'data', 'sample');
  const bodies = readdirSync(sampleDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((file) => {
      // latin1 is enough here: the test needs distinct words, not exact decoding.
      const text = readFileSync(join(sampleDir, file), file.includes('cp1252') ? 'latin1' : 'utf8');
      return cleanSource({ uri: file, format: 'txt', text, encoding: 'utf-8', hints: {} }).map((doc, i) => ({
        id: `${file}#${i}`,
        body: doc.body().text,
      }));
    });

  it('on the same summit from different outlets are not duplicates', () => {
    const lanternfish = bodies.find((b) => b.id.startsWith('lanternfish-singapore-summit'))!;
    const granite = bodies.find((b) => b.id.startsWith('granite-singapore-summit'))!;
    expect(lanternfish.body.length).toBeGreaterThan(1000);
    expect(granite.body.length).toBeGreaterThan(1000);
    const index = new DuplicateIndex();
    expect(index.add(lanternfish.id, lanternfish.body)).toBeNull();
    expect(index.add(granite.id, granite.body)).toBeNull();
    expect(estimateJaccard(computeSignature(lanternfish.body).minhash, computeSignature(granite.body).minhash)).toBeLessThan(0.2);
  });

  it('in the sample corpus never match each other, but their copies do', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    const index = new DuplicateIndex();
    for (const { id, body } of bodies) expect(index.add(id, body), id).toBeNull();
    // The same corpus again, each article cut after its first half: every one is now a reprint.
    for (const { id, body } of bodies) {
      const paragraphs = body.split('\n\n');
      const half = paragraphs.slice(0, Math.max(3, Math.ceil(paragraphs.length / 2))).join('\n\n');
      expect(computeSignature(half).shingles).toBeGreaterThanOrEqual(index.options.minContainedShingles);
      expect(index.add(`${id}/half`, half), id).toMatchObject({ of: id, kind: 'contained' });
    }
  });
});

describe('short and empty texts', () => {
  it('never match when empty', () => {
    const index = new DuplicateIndex();
    expect(index.add('empty', '')).toBeNull();
    expect(index.add('blank', '  \n\n — “” ')).toBeNull();
    expect(index.add('empty again', '')).toBeNull();
  });

  it('match only exactly below the minimum shingle count', () => {
    const index = new DuplicateIndex();
    expect(index.add('a', 'Officials met on Tuesday in Geneva to discuss the port.')).toBeNull();
    expect(index.add('b', 'Officials met on Tuesday in Vienna to discuss the port.')).toBeNull();
    expect(index.add('c', 'OFFICIALS met on Tuesday, in Geneva, to discuss the port!')).toMatchObject({ of: 'a', kind: 'exact' });
  });

  it('need the minimum shingle count for near matching', () => {
    const sentence = (words: number, last: string): string => `${WIRE[1]!.split(' ').slice(0, words - 1).join(' ')} ${last}`;
    const index = new DuplicateIndex();
    // 19 words give 15 shingles, one word changed at the end still leaves a Jaccard of 0.875.
    expect(computeSignature(sentence(19, 'today')).shingles).toBeLessThan(index.options.minShingles);
    index.add('short', sentence(19, 'today'));
    expect(index.add('short edited', sentence(19, 'tonight'))).toBeNull();
    index.add('longer', sentence(40, 'today'));
    expect(index.add('longer edited', sentence(40, 'tonight'))).toMatchObject({ of: 'longer', kind: 'near' });
  });

  it('do not match long texts that contain them', () => {
    const index = new DuplicateIndex();
    index.add('full', WIRE_BODY);
    expect(index.add('snippet', WIRE[0]!.slice(0, 80))).toBeNull();
  });
});

describe('order and chains', () => {
  const syndicated = WIRE.map((p) => p.replace(/\bsaid\b/g, 'stated')).join('\n\n');
  const updated = [...WIRE, 'Union members voted on Friday to extend the strike by another week.'].join('\n\n');

  it('takes the first article seen as the original, whichever it is', () => {
    const forward = new DuplicateIndex();
    forward.add('wire', WIRE_BODY);
    expect(forward.add('syndicated', syndicated)?.of).toBe('wire');
    const backward = new DuplicateIndex();
    backward.add('syndicated', syndicated);
    expect(backward.add('wire', WIRE_BODY)?.of).toBe('syndicated');
  });

  it('points copies of a copy to the first article', () => {
    const index = new DuplicateIndex();
    index.add('wire', WIRE_BODY);
    index.add('updated', updated);
    expect(index.add('copy of update', updated.replace(/"/g, '\u201d'))).toEqual({ of: 'wire', kind: 'exact', similarity: 1 });
    expect(index.add('reprint of update', WIRE.slice(0, 3).join('\n\n'))?.of).toBe('wire');
    expect(index.originalOf('copy of update')).toBe('wire');
    expect(index.originalOf('wire')).toBe('wire');
    expect(index.originalOf('unknown')).toBeUndefined();
  });

  it('does not match an article against its own earlier text when re-added', () => {
    const index = new DuplicateIndex();
    expect(index.add('wire', WIRE_BODY)).toBeNull();
    expect(index.add('wire', updated)).toBeNull();
    expect(index.size).toBe(1);
  });

  it('forgets removed articles', () => {
    const index = new DuplicateIndex();
    index.add('wire', WIRE_BODY);
    expect(index.remove('wire')).toBe(true);
    expect(index.add('copy', WIRE_BODY)).toBeNull();
  });
});

describe('signatures', () => {
  it('are deterministic and survive encoding', () => {
    const sig = computeSignature(WIRE_BODY);
    expect(computeSignature(WIRE_BODY)).toEqual(sig);
    const bytes = encodeSignature(sig);
    expect(bytes.byteLength).toBeLessThan(1000);
    expect(decodeSignature(Buffer.from(Buffer.from(bytes).toString('base64'), 'base64'))).toEqual(sig);
    expect(() => decodeSignature(bytes.subarray(0, 30))).toThrow();
  });

  it('rebuild an index that answers as the original did', () => {
    const index = new DuplicateIndex();
    index.add('wire', WIRE_BODY);
    index.add('short', WIRE.slice(0, 3).join('\n\n'));
    index.add('other', 'A different story about ferry fares and council votes, long enough to have a few shingles in it at least.');
    const restored = DuplicateIndex.restore(index.entries());
    expect(restored.size).toBe(3);
    expect(restored.addSignature('stored copy', signature(WIRE_BODY))).toEqual({ of: 'wire', kind: 'exact', similarity: 1 });
    expect(restored.originalOf('short')).toBe('wire');
    const probe = [...WIRE.slice(0, 6), 'An added closing paragraph about the vote.'].join('\n\n');
    expect(restored.match(probe)).toEqual(index.match(probe));
    expect(restored.match(probe)?.of).toBe('wire');
  });

  it('reject thresholds outside (0, 1]', () => {
    expect(() => new DuplicateIndex({ nearThreshold: 0 })).toThrow(RangeError);
    expect(() => new DuplicateIndex({ containmentThreshold: 1.5 })).toThrow(RangeError);
  });
});

const seedsDir = join(packageRoot(), '..', 'shared', 'seeds');
const seeds = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort() : [];

describe.skipIf(seeds.length < 2)('scraped seed articles (../shared/seeds)', () => {
  const bodies = seeds.map((file) => cleanBody(readFileSync(join(seedsDir, file), 'utf8')));

  it('are not duplicates of each other', () => {
    const index = new DuplicateIndex();
    bodies.forEach((body, i) => expect(index.add(seeds[i]!, body)).toBeNull());
  });

  it('are found again as a reprint with another headline and as a truncated copy', () => {
    const index = new DuplicateIndex();
    bodies.forEach((body, i) => index.add(seeds[i]!, body));
    const paragraphs = bodies[0]!.split('\n\n');
    const reprint = cleanBody(page('Report: a new headline for the same story', ['June 22, 2018'], paragraphs, ['© 2018 Some Other Outlet']));
    expect(index.add('reprint', reprint)?.of).toBe(seeds[0]);
    const truncated = paragraphs.slice(0, Math.ceil(paragraphs.length / 2)).join('\n\n');
    expect(index.add('truncated', truncated)?.of).toBe(seeds[0]);
  });
});
