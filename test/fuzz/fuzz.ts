/**
 * Shared pieces of the fuzz suite: the per-input hang check, the check that a failure is the parser's own
 * documented error, and generators that damage a valid input the way real files get damaged (cut short, bytes
 * flipped, junk inserted, a piece repeated until it nests deeply or a line grows huge) or replace it with noise.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';

/**
 * The longest one input may take. Inputs take milliseconds; the bound is far above that so a slow CI machine
 * does not fail it, and far below what a hang or a quadratic blow-up costs.
 */
export const HANG_BOUND_MS = 2000;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs one input, failing when it takes longer than HANG_BOUND_MS; a thrown error is returned, not rethrown. */
export function settle<T>(input: unknown, run: () => T): Outcome<T> {
  const started = startClocks();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  expectWithinBound(input, started);
  return outcome;
}

/** `settle` for parsers that return a promise or an async iterator. */
export async function settleAsync<T>(input: unknown, run: () => Promise<T>): Promise<Outcome<T>> {
  const started = startClocks();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  expectWithinBound(input, started);
  return outcome;
}

function startClocks(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

/**
 * Wall-clock time over the bound fails the input, unless this process used less CPU than the bound meanwhile:
 * then the machine was busy with other work, not the parser with this input. (An input that never finishes
 * at all is caught by the test's timeout.)
 */
function expectWithinBound(input: unknown, started: { wall: number; cpu: NodeJS.CpuUsage }): void {
  const elapsed = performance.now() - started.wall;
  if (elapsed < HANG_BOUND_MS) return;
  const used = process.cpuUsage(started.cpu);
  const cpu = (used.user + used.system) / 1000;
  if (cpu >= HANG_BOUND_MS) keepForDebugging(input);
  expect(cpu, `took ${Math.round(elapsed)} ms (${Math.round(cpu)} ms of CPU) on ${preview(input)}`).toBeLessThan(HANG_BOUND_MS);
}

/**
 * Fails with the first item `isValid` rejects. One assertion for a whole list: an assertion per item costs more
 * than the parser on inputs of tens of thousands of lines.
 */
export function expectEvery<T>(items: Iterable<T>, isValid: (item: T) => boolean, what: string): void {
  for (const item of items) if (!isValid(item)) expect.fail(`${what}: ${JSON.stringify(item)?.slice(0, 300)}`);
}

/** A temporary directory for the inputs of one test file, removed when its tests are done. */
export function scratchDirectory(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `eventwire-fuzz-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** With FUZZ_KEEP=<dir>, a slow input is written there whole: the failure message shows only its start. */
function keepForDebugging(input: unknown): void {
  const dir = process.env['FUZZ_KEEP'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const bytes = typeof input === 'string' || input instanceof Uint8Array ? input : JSON.stringify(input);
  writeFileSync(join(dir, `slow-${Date.now()}.bin`), bytes);
}

/**
 * Errors the engine throws for a bug (a property of undefined, a stack overflow, a bad code point) rather than
 * a parser stating what is wrong with its input.
 */
const ENGINE_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError] as const;

/**
 * Asserts that a parser failed the documented way: an instance of `errorType` (and not an engine error
 * wearing it), with a message that says something and matches `message` when given.
 */
export function expectDocumentedError(error: unknown, errorType: abstract new (...args: never[]) => Error, message?: RegExp): void {
  const description = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  expect(error, description).toBeInstanceOf(errorType);
  for (const engineError of ENGINE_ERRORS) expect(error, description).not.toBeInstanceOf(engineError);
  const text = (error as Error).message;
  expect(text.trim().length, description).toBeGreaterThan(0);
  if (message) expect(text).toMatch(message);
}

/** The outcome's value, failing with the error when the parser threw where it must not. */
export function expectValue<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected a result, got ${describeError(outcome.error)}`, { cause: outcome.error });
  return outcome.value;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A short, printable view of an input for failure messages (inputs can be megabytes). */
function preview(input: unknown): string {
  const text = typeof input === 'string' ? input : input instanceof Uint8Array ? Buffer.from(input).toString('latin1') : JSON.stringify(input);
  const shown = (text ?? String(input)).slice(0, 120);
  return `${JSON.stringify(shown)}${(text?.length ?? 0) > 120 ? ` … (${text!.length} characters)` : ''}`;
}

/**
 * fast-check parameters: a fixed seed per property, so a failure is reproduced by running the suite again.
 * For a longer campaign, FUZZ_SCALE=10 runs ten times the inputs and FUZZ_SEED=n shifts every seed by n.
 */
export function runs(seed: number, numRuns: number): fc.Parameters<unknown> {
  const scale = Number(process.env['FUZZ_SCALE'] ?? 1);
  const shift = Number(process.env['FUZZ_SEED'] ?? 0);
  return { seed: seed + shift, numRuns: Math.max(1, Math.round(numRuns * scale)), endOnFailure: true };
}

// ---------------------------------------------------------------------------------------------------------
// Damage

export interface DamageOptions {
  /** Tokens worth inserting: the format's own syntax (`<`, `]]>`, `[`, a tab ...), so damage reaches deep. */
  junk: readonly string[];
  /**
   * Openers to repeat thousands of times at one place (`<div>`, `<entry>`, `[`): deep nesting for markup,
   * long lines or many groups for line formats.
   */
  nesting?: readonly string[];
  /** Where a huge attribute value or token can go: right after the first match of one of these patterns. */
  hugeAfter?: readonly RegExp[];
}

const MAX_NESTING_BYTES = 200_000;

const NASTY_TEXT = ['\0', '\uFFFD', '\uD800', '\r', '\n', '\t', ' ', '\u00A0', '\u202E', '&', '&#0;', '&#x110000;', '%', '"', "'"];

/** Damaged copies of a valid text, plus random text: every mutation keeps the rest of the input realistic. */
export function damagedText(valid: string, options: DamageOptions): fc.Arbitrary<string> {
  const junk = fc.constantFrom(...options.junk, ...NASTY_TEXT);
  const position = fc.nat({ max: valid.length });
  const cutShort = position.map((end) => valid.slice(0, end));
  const edited = fc.array(fc.tuple(position, fc.oneof(junk, fc.constant('')), fc.nat({ max: 12 })), { minLength: 1, maxLength: 8 }).map((edits) => {
    let text = valid;
    // Each edit deletes up to a few characters at a place and puts a token there.
    for (const [at, token, removed] of edits) text = text.slice(0, at) + token + text.slice(Math.min(text.length, at + removed));
    return text;
  });
  const repeated = fc.tuple(position, fc.nat({ max: 40 }), fc.integer({ min: 2, max: 3000 })).map(([at, length, times]) => {
    const piece = valid.slice(at, at + Math.max(1, length));
    return valid.slice(0, at) + piece.repeat(times) + valid.slice(at);
  });
  const variants: fc.Arbitrary<string>[] = [cutShort, edited, edited, repeated, fc.string({ unit: 'binary', maxLength: 1500 })];
  if (options.nesting?.length) {
    const nested = fc.tuple(position, fc.constantFrom(...options.nesting), fc.integer({ min: 500, max: 50_000 }), fc.boolean());
    variants.push(
      nested.map(([at, opener, depth, closed]) => {
        // A few hundred KiB of openers at most: enough for a quadratic parser to show, little for a linear one.
        const times = Math.min(depth, Math.floor(MAX_NESTING_BYTES / opener.length));
        // Closed: every opener gets its end tag (well formed, just deep); open: the document never closes them.
        const closer = closed && opener.startsWith('<') ? `</${opener.slice(1).replace(/[\s>].*$/s, '')}>`.repeat(times) : '';
        return valid.slice(0, at) + opener.repeat(times) + closer + valid.slice(at);
      }),
    );
  }
  if (options.hugeAfter?.length) {
    variants.push(
      fc.tuple(fc.constantFrom(...options.hugeAfter), fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('A', ' ', '&amp;', 'é', '"', 'June ')).map(([pattern, size, unit]) => {
        const match = pattern.exec(valid);
        const at = match ? match.index + match[0].length : 0;
        return `${valid.slice(0, at)}${unit.repeat(Math.ceil(size / unit.length))}${valid.slice(at)}`;
      }),
    );
  }
  return fc.oneof(...variants);
}

/** Byte-level damage on top of `damagedText`: flipped bytes, cut multi-byte sequences, and random bytes. */
export function damagedBytes(valid: Uint8Array, options: DamageOptions): fc.Arbitrary<Uint8Array> {
  const asText = damagedText(Buffer.from(valid).toString('latin1'), options).map((text) => Buffer.from(text, 'latin1'));
  const flipped = fc.array(fc.tuple(fc.nat({ max: Math.max(0, valid.length - 1) }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }).map((flips) => {
    const bytes = Buffer.from(valid);
    for (const [at, value] of flips) bytes[at] = value;
    return bytes;
  });
  return fc.oneof(asText, flipped, flipped, fc.uint8Array({ maxLength: 4096 }));
}

// ---------------------------------------------------------------------------------------------------------
// Reader results

/** What an engine error says when a reader turned one into a result message: a bug, not a problem with the input. */
const ENGINE_MESSAGE = /Cannot read propert|Cannot set propert|is not a function|is not iterable|Maximum call stack|Invalid (?:code point|array length|string length)|out of memory|Cannot convert/;

export interface ReadResultLike {
  ok: boolean;
  source?: { uri: string; text: string; marks?: readonly { start: number; end: number }[] };
  error?: { uri: string; message: string };
}

/**
 * A reader's result for one input: text with marks inside it, or an error whose uri is the input's (or names it,
 * as `<uri>#line=N` and `<uri>#offset=N` do) and whose message states the problem. Plain checks, failing with the
 * result: a WARC of damaged records gives tens of thousands of results.
 */
export function expectReadResult(result: ReadResultLike, uri: string): void {
  const problem = readResultProblem(result, uri);
  if (problem) expect.fail(`${problem}: ${JSON.stringify(result).slice(0, 300)}`);
}

function readResultProblem(result: ReadResultLike, uri: string): string | undefined {
  if (result.ok) {
    const source = result.source!;
    if (source.text.trim() === '') return 'a source without text';
    const outside = (source.marks ?? []).some((mark) => !(0 <= mark.start && mark.start <= mark.end && mark.end <= source.text.length));
    return outside ? 'a mark outside the text' : undefined;
  }
  const error = result.error!;
  if (!error.uri.startsWith(uri)) return `an error naming ${error.uri}, not ${uri}`;
  if (error.message.trim() === '') return 'an error without a message';
  return ENGINE_MESSAGE.test(error.message) ? 'an engine error passed on as the message' : undefined;
}
