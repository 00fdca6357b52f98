import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWordNet, WordNet } from './wordnet.js';

describe('WordNet reader', () => {
  const wordnet = loadWordNet();

  it('finds a lemma\'s senses, most frequent first, and reads their synsets', () => {
    const senses = wordnet.senses('murder', 'verb');
    expect(senses.length).toBeGreaterThanOrEqual(1);
    const first = wordnet.synset('verb', senses[0]!);
    expect(first.words).toContain('murder');
    expect(first.gloss).toMatch(/kill/);
    // The first sense of the verb "murder" is a kind of killing.
    const hypernyms = first.pointers.filter((p) => p.symbol === '@').map((p) => wordnet.synset(p.pos, p.offset).words);
    expect(hypernyms.flat()).toContain('kill');
  });

  it('follows pointers across parts of speech, and finds phrases written with spaces', () => {
    const [victory] = wordnet.senses('victory', 'noun');
    const derived = wordnet.synset('noun', victory!).pointers.filter((p) => p.symbol === '+' && p.pos === 'verb');
    expect(derived.flatMap((p) => wordnet.synset(p.pos, p.offset).words)).toContain('prevail');
    expect(wordnet.synset('verb', wordnet.senses('pass away', 'verb')[0]!).words).toContain('die');
    // Lemmas are looked up case-insensitively; unknown ones and those of another part of speech have no senses.
    expect(wordnet.senses('Murder', 'verb')).toEqual(wordnet.senses('murder', 'verb'));
    expect(wordnet.senses('qwxzv', 'noun')).toEqual([]);
    expect(wordnet.senses('zürich', 'noun')).toEqual([]);
    expect(wordnet.senses('', 'noun')).toEqual([]);
    expect(wordnet.senses('quickly', 'verb')).toEqual([]);
    expect(wordnet.senses('quickly', 'adv').length).toBeGreaterThan(0);
  });

  it('names the file and the problem when the database is missing or broken', () => {
    expect(() => new WordNet('/nonexistent/dict').senses('kill', 'verb')).toThrow(/cannot read the WordNet file \/nonexistent\/dict\/index\.verb/);
    const dir = mkdtempSync(join(tmpdir(), 'eventwire-wordnet-'));
    writeFileSync(join(dir, 'index.verb'), '  1 a license line\nkill v 2 0 2 0 00000042\n');
    writeFileSync(join(dir, 'data.verb'), '00000000 29 v 01 kill 0 000 | a gloss\n');
    const broken = new WordNet(dir);
    expect(() => broken.senses('kill', 'verb')).toThrow(/index\.verb: malformed entry for "kill"/);
    expect(() => broken.synset('verb', 100000)).toThrow(/data\.verb: no synset at offset 100000/);
    expect(() => broken.synset('verb', 3)).toThrow(/data\.verb: malformed synset at offset 3/);
    expect(broken.synset('verb', 0).words).toEqual(['kill']);
  });
});
