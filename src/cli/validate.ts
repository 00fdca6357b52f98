import type { Command } from 'commander';
import { validateFile, type RecordResult, type ValidationSummary } from '../events/validate/run.js';

const triple = (e: { source: string; target: string; code: string }) => `${e.source}>${e.target}:${e.code}`;

function formatReport(results: readonly RecordResult[], summary: ValidationSummary): string {
  const lines: string[] = [];
  const width = Math.max(6, ...results.map((r) => r.id.length));
  lines.push(`${'record'.padEnd(width)}  result  coded / expected`);
  for (const result of results) {
    const verdict = result.correct === null ? 'skip' : result.correct ? 'pass' : 'FAIL';
    const coded = result.events.map(triple).join(' ') || (result.discarded ? `(discarded: ${result.discarded})` : '(none)');
    const expected = result.expected === null ? '(error record, not scored)' : result.expected.map(triple).join(' ') || '(none)';
    lines.push(`${result.id.padEnd(width)}  ${verdict.padEnd(6)}  ${coded}${result.correct ? '' : `  /  ${expected}`}`);
  }
  lines.push('');
  lines.push(
    `${summary.correct} of ${summary.scored} scored records right (${(summary.accuracy * 100).toFixed(1)}%); ` +
      `event precision ${summary.eventPrecision.toFixed(3)}, recall ${summary.eventRecall.toFixed(3)}; ` +
      `${summary.records - summary.scored} error records left out; ${Math.round(summary.recordsPerSecond)} records/s`,
  );
  return `${lines.join('\n')}\n`;
}

/** `eventwire validate RECORDS.xml`: PETRARCH validation records coded from their raw text. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description("code a PETRARCH validation file's records from their text with the dictionaries its <Environment> names")
    .argument('<records>', 'validation XML file (PETRARCH format)')
    .option('--json', 'print [{"id", "events": [{"source", "target", "code"}]}]')
    .option('--report', 'print a pass/fail table and the score')
    .action(async (records: string, opts: { json?: boolean; report?: boolean }) => {
      const { results, summary } = await validateFile(records);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(results.map((r) => ({ id: r.id, events: r.events })), null, 2)}\n`);
        if (opts.report) process.stderr.write(formatReport(results, summary));
        return;
      }
      process.stdout.write(formatReport(results, summary));
    });
}
