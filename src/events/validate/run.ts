import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { analyseText } from '../../language/text.js';
import { compactDate } from '../coder/actors.js';
import { EventCoder } from '../coder/coder.js';
import { coderTokens } from '../coder/tokens.js';
import { loadDictionaries } from '../dictionaries/index.js';
import { parseValidationFile, type ExpectedEvent, type ValidationEnvironment, type ValidationRecord } from './records.js';

/** One record as eventwire coded it, beside what the record expects. */
export interface RecordResult {
  id: string;
  category: string;
  text: string;
  events: ExpectedEvent[];
  /** null for `error` records, which are not scored. */
  expected: ExpectedEvent[] | null;
  correct: boolean | null;
  discarded?: 'sentence' | 'story';
}

export interface ValidationSummary {
  records: number;
  scored: number;
  correct: number;
  /** Share of scored records whose coded events equal the expected ones as a multiset. */
  accuracy: number;
  eventPrecision: number;
  eventRecall: number;
  recordsPerSecond: number;
}

const keyOf = (event: ExpectedEvent) => `${event.source}\t${event.target}\t${event.code}`;

/** Multiset comparison of (source, target, code) triples: the validation files' rule for a correct record. */
export function sameEvents(coded: readonly ExpectedEvent[], expected: readonly ExpectedEvent[]): boolean {
  if (coded.length !== expected.length) return false;
  const counts = new Map<string, number>();
  for (const event of expected) counts.set(keyOf(event), (counts.get(keyOf(event)) ?? 0) + 1);
  for (const event of coded) {
    const left = counts.get(keyOf(event)) ?? 0;
    if (left === 0) return false;
    counts.set(keyOf(event), left - 1);
  }
  return true;
}

function matchedCount(coded: readonly ExpectedEvent[], expected: readonly ExpectedEvent[]): number {
  const counts = new Map<string, number>();
  for (const event of expected) counts.set(keyOf(event), (counts.get(keyOf(event)) ?? 0) + 1);
  let matched = 0;
  for (const event of coded) {
    const left = counts.get(keyOf(event)) ?? 0;
    if (left > 0) {
      matched++;
      counts.set(keyOf(event), left - 1);
    }
  }
  return matched;
}

/** Finds a dictionary the environment names: beside the records file, or in its `dictionaries/` folder. */
function locate(recordsFile: string, name: string): string {
  const base = dirname(recordsFile);
  for (const candidate of [join(base, name), join(base, 'dictionaries', name)]) if (existsSync(candidate)) return candidate;
  throw new Error(`${recordsFile}: dictionary ${name} named in <Environment> was found neither beside the file nor in its dictionaries/ folder`);
}

export async function coderForEnvironment(recordsFile: string, environment: ValidationEnvironment): Promise<EventCoder> {
  const find = (names: string[]) => names.map((name) => locate(recordsFile, name));
  const dictionaries = await loadDictionaries({
    verbs: find(environment.verbs),
    actors: find(environment.actors),
    agents: find(environment.agents),
    discards: find(environment.discards),
    issues: find(environment.issues),
  });
  return new EventCoder(dictionaries);
}

export function codeRecord(coder: EventCoder, record: ValidationRecord): RecordResult {
  const { tokens } = analyseText(record.text);
  const coding = coder.codeSentence(coderTokens(tokens), compactDate(record.date), { text: record.text });
  const events = coding.events.map((event) => ({ source: event.source.code, target: event.target.code, code: event.code }));
  return {
    id: record.id,
    category: record.category,
    text: record.text,
    events,
    expected: record.expected,
    correct: record.expected === null ? null : sameEvents(events, record.expected),
    ...(coding.discarded ? { discarded: coding.discarded.scope } : {}),
  };
}

/** Codes every record of a PETRARCH validation file with the dictionaries its environment names. */
export async function validateFile(recordsFile: string, coderOverride?: EventCoder): Promise<{ results: RecordResult[]; summary: ValidationSummary }> {
  const xml = await readFile(recordsFile, 'utf8');
  const parsed = parseValidationFile(xml, recordsFile);
  const coder = coderOverride ?? (await coderForEnvironment(recordsFile, parsed.environment));
  const started = performance.now();
  const results = parsed.records.map((record) => codeRecord(coder, record));
  const seconds = (performance.now() - started) / 1000;
  return { results, summary: summarise(results, seconds) };
}

export function summarise(results: readonly RecordResult[], seconds: number): ValidationSummary {
  let scored = 0;
  let correct = 0;
  let coded = 0;
  let expected = 0;
  let matched = 0;
  for (const result of results) {
    if (result.expected === null) continue;
    scored++;
    if (result.correct) correct++;
    coded += result.events.length;
    expected += result.expected.length;
    matched += matchedCount(result.events, result.expected);
  }
  return {
    records: results.length,
    scored,
    correct,
    accuracy: scored ? correct / scored : 0,
    eventPrecision: coded ? matched / coded : 0,
    eventRecall: expected ? matched / expected : 0,
    recordsPerSecond: seconds > 0 ? results.length / seconds : 0,
  };
}
