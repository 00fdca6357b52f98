import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import {
  EVALUATION_NOTES,
  type ErrorClass,
  evaluateMeantimeDirectory,
  type GroupScores,
  headlineFigures,
  type Prf,
} from '../language/entities/evaluate.js';

interface EntityEvalOptions {
  json?: boolean;
  errors?: boolean;
}

const pct = (n: number): string => (n * 100).toFixed(1);

/** Rows of headline F1s, one column per group. */
function formatHeadlines(groups: [string, GroupScores][]): string {
  const rows: [string, (s: GroupScores) => number][] = [
    ['names, exact', (s) => s.mentions.exact.untyped.f1],
    ['names, exact, typed', (s) => s.mentions.exact.typed.f1],
    ['names, overlap', (s) => s.mentions.overlap.untyped.f1],
    ['names, overlap, typed', (s) => s.mentions.overlap.typed.f1],
    ['MUC', (s) => s.coref.exact.muc.f1],
    ['B³', (s) => s.coref.exact.b3.f1],
    ['CEAF-e', (s) => s.coref.exact.ceafe.f1],
    ['CoNLL', (s) => s.coref.exact.conll_f1],
    ['CoNLL, overlap', (s) => s.coref.overlap.conll_f1],
    ['cross-doc B³', (s) => s.cross_doc.exact.b3.f1],
    ['cross-doc B³, unlinked', (s) => s.cross_doc.exact.b3_unlinked.f1],
    ['cross-doc B³, names', (s) => s.cross_doc.exact.b3_names.f1],
    ['cross-doc B³, region', (s) => s.cross_doc.exact.b3_region.f1],
    ['cross-doc B³, overlap', (s) => s.cross_doc.overlap.b3.f1],
  ];
  const width = Math.max(10, ...groups.map(([name]) => name.length + 2));
  const head = `${'F1'.padEnd(24)}${groups.map(([name]) => name.padStart(width)).join('')}`;
  const docs = `${'documents'.padEnd(24)}${groups.map(([, s]) => String(s.documents).padStart(width)).join('')}`;
  return [head, docs, ...rows.map(([label, get]) => `${label.padEnd(24)}${groups.map(([, s]) => pct(get(s)).padStart(width)).join('')}`)].join('\n');
}

/** Precision, recall and F1 of every figure, with counts, for one group. */
function formatDetail(s: GroupScores): string {
  const prf = (label: string, p: Prf, extra = ''): string =>
    `${label.padEnd(30)}${pct(p.precision).padStart(7)}${pct(p.recall).padStart(7)}${pct(p.f1).padStart(7)}${extra ? `   ${extra}` : ''}`;
  const lines = [`${''.padEnd(30)}${'P'.padStart(7)}${'R'.padStart(7)}${'F1'.padStart(7)}`];
  for (const mode of ['exact', 'overlap'] as const) {
    const m = s.mentions[mode];
    lines.push(prf(`names ${mode}`, m.untyped, `gold ${m.untyped.gold}, ours ${m.untyped.predicted}, right ${m.untyped.correct}`));
    lines.push(prf(`names ${mode} typed`, m.typed, `gold ${m.typed.gold}, ours ${m.typed.predicted}, right ${m.typed.correct}`));
    for (const [type, t] of Object.entries(m.types)) lines.push(prf(`  ${type}`, t, `gold ${t.gold}, ours ${t.predicted}, right ${t.correct}`));
    lines.push(`${''.padEnd(30)}not scored: ${m.out_of_scope_type} over gold products/financial names, ${m.unmatched_misc} unpaired MISC`);
  }
  for (const mode of ['exact', 'overlap'] as const) {
    const c = s.coref[mode];
    lines.push(prf(`MUC ${mode}`, c.muc));
    lines.push(prf(`B³ ${mode}`, c.b3));
    lines.push(prf(`CEAF-e ${mode}`, c.ceafe));
    lines.push(
      `${`CoNLL ${mode}`.padEnd(30)}${''.padStart(14)}${pct(c.conll_f1).padStart(7)}   key ${c.key_mentions} mentions / ${c.key_entities} entities, ours ${c.response_mentions} / ${c.response_entities}, paired ${c.matched_mentions}`,
    );
  }
  for (const mode of ['exact', 'overlap'] as const) {
    const x = s.cross_doc[mode];
    lines.push(prf(`cross-doc B³ ${mode}`, x.b3, `gold ${x.gold_mentions} mentions / ${x.gold_entities} entities, found ${x.detected_mentions}`));
    lines.push(prf(`cross-doc B³ ${mode} unlinked`, x.b3_unlinked));
    lines.push(prf(`cross-doc B³ ${mode} names`, x.b3_names));
    lines.push(prf(`cross-doc B³ ${mode} region`, x.b3_region));
  }
  const c = s.counts;
  lines.push(
    '',
    `gold mentions: ${c.gold_mentions} (${c.gold_mentions_in_annotated_part} in the annotated sentences); names PER ${c.gold_names.PER}, ORG ${c.gold_names.ORG}, LOC ${c.gold_names.LOC}`,
    `coreference key by form: names ${c.coref_key_by_form.name}, nominals ${c.coref_key_by_form.nominal}, pronouns ${c.coref_key_by_form.pronoun}`,
    `left out of coreference: ${Object.entries(c.coref_excluded).sort((a, b) => b[1] - a[1]).map(([why, n]) => `${n} ${why}`).join('; ')}`,
    `eventwire mentions: ${c.predicted_mentions} (${c.predicted_mentions_in_annotated_part} in the annotated sentences: ${Object.entries(c.predicted_by_form).map(([form, n]) => `${n} ${form}`).join(', ')})`,
  );
  return lines.join('\n');
}

function formatErrors(errors: readonly ErrorClass[]): string {
  const out: string[] = [];
  for (const e of errors) {
    const weighted = e.weight !== e.count ? `, ${e.weight} mention pairs` : '';
    out.push(`\n${e.class}: ${e.count}${weighted}`);
    for (const t of e.top) {
      if (t.weight !== t.count) out.push(`  ${`${t.weight} pairs`.padStart(12)}  ${t.example}  [${t.doc}]`);
      else if (t.count === 1) out.push(`  ${'1×'.padStart(12)}  ${t.example}  [${t.doc}]`);
      else out.push(`  ${`${t.count}×`.padStart(12)}  ${t.key} in ${t.docs} docs, e.g. ${t.example}  [${t.doc}]`);
    }
  }
  return out.join('\n');
}

/** `eventwire eval entities DIR`: the entity layer scored on MEANTIME. */
export function registerEntityEvalCommands(evalCommand: Command): void {
  evalCommand
    .command('entities')
    .description('entity mentions and coreference scored on MEANTIME: name detection P/R/F1, MUC, B³, CEAF-e, CoNLL F1, cross-document B³')
    .argument('<dir>', 'MEANTIME folder (e.g. intra_cross-doc_annotation), searched recursively; each subfolder a corpus')
    .option('--json', 'print the scores as JSON')
    .option('--errors', 'also list mistakes by class with examples (missed names, wrong types, split and merged entities, unresolved pronouns)')
    .action(async (dir: string, opts: EntityEvalOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        process.stderr.write(`eventwire eval entities: ${dir}: no such directory\n`);
        process.exitCode = 1;
        return;
      }
      let result;
      try {
        result = await evaluateMeantimeDirectory(dir);
      } catch (error) {
        process.stderr.write(`eventwire eval entities: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const { evaluation, failures } = result;
      for (const f of failures) process.stderr.write(`eventwire eval entities: ${f.file}: ${f.message}\n`);
      if (failures.length > 0) process.exitCode = 1;
      const corpora = Object.entries(evaluation.corpora);
      if (opts.json) {
        const out: Record<string, unknown> = {
          ...headlineFigures(evaluation.overall),
          documents: result.documents,
          overall: evaluation.overall,
          corpora: Object.fromEntries(corpora.map(([name, s]) => [name, { ...headlineFigures(s), ...s }])),
          notes: EVALUATION_NOTES,
        };
        if (opts.errors) out.errors = evaluation.errors;
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const print = (text: string): boolean => process.stdout.write(`${text}\n`);
      print(`MEANTIME entity evaluation: ${result.documents} documents in ${corpora.length} corpora (${dir})\n`);
      print(formatHeadlines([['overall', evaluation.overall], ...corpora]));
      print('\nOverall, in detail:');
      print(formatDetail(evaluation.overall));
      print(`\n${EVALUATION_NOTES.map((n) => `- ${n}`).join('\n')}`);
      if (opts.errors) print(`\nMistakes by class (lenient pairing; cross-document ones ranked by mention pairs):${formatErrors(evaluation.errors)}`);
    });
}
