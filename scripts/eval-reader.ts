// Measures the reply reader on human-labelled replies (labelled-dev.json format).
//   npm run eval:reader -- <labelled.json>
//       the shipped weights: balk recall and false balks from the words alone, agreement of the
//       whole-reply decision with the human one, a confusion table, and per-model figures marked
//       seen / unseen (whether the model's replies were in the training data).
//   npm run eval:reader -- <labelled.json> --cv [--census <folder>] [--folds 4]
//       grouped cross-validation: the census models are split into folds; for each fold the
//       whole training pipeline is rerun without that fold's models, and the held-out models are
//       scored (labelled rows against the human labels, all their census turns against the
//       census' ACTION parse). Every figure printed is then on models the reader never saw.
//   --target-recall overrides the pipeline's recall target (for comparing settings).
//   --misses also lists the rows where reader and human disagree.
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { censusPaths, readLabelled, readTurns, type Labelled } from '../evals/reader/census.ts';
import { confusion, figures, misses, readRow, turnFigures, type RowResult, type TurnFigures } from '../evals/reader/evaluate.ts';
import { classifierFromFile, shippedClassifier, WEIGHTS_PATH } from '../evals/reader/model.ts';
import { buildExamples, DEFAULT_PIPELINE, trainFromExamples } from '../evals/reader/pipeline.ts';
import { groupFolds } from '../evals/reader/train.ts';
import { parseActionLine } from '../evals/reader/action-line.ts';
import { readProse } from '../evals/reply-reader.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { cv: { type: 'boolean', default: false }, misses: { type: 'boolean', default: false }, 'target-recall': { type: 'string' }, census: { type: 'string' }, folds: { type: 'string', default: '4' } },
});
// The census folder is needed for --cv, or when no labelled file is given (its labelled-dev.json).
const census = () => censusPaths(values.census);
const labelledPath = positionals[0] ?? census().labelled;
const labelled = readLabelled(labelledPath);
const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);

function printFigures(title: string, rs: RowResult[]) {
  const f = figures(rs);
  console.log(`\n${title}: ${f.rows} replies`);
  console.log(`  words alone: balk recall ${pct(f.balkRecall)} (${f.balk} balk), false balks ${pct(f.falseBalks)} (${f.go} go)`);
  console.log(`  whole reply: agreement with the human decision ${pct(f.agreement)} (refuse/hesitate merged: ${pct(f.balkAgreement)})`);
  console.log(confusion(rs).replace(/^/gm, '  '));
}

function printPerModel(rs: RowResult[], tag: (model: string) => string) {
  console.log('\nper model:');
  console.log(`  ${'model'.padEnd(40)} ${'rows'.padStart(4)} ${'recall'.padStart(7)} ${'false'.padStart(7)} ${'agree'.padStart(7)}`);
  for (const m of [...new Set(rs.map((r) => r.model))].sort()) {
    const f = figures(rs.filter((r) => r.model === m));
    console.log(`  ${`${m} ${tag(m)}`.padEnd(40)} ${String(f.rows).padStart(4)} ${pct(f.balkRecall)} ${pct(f.falseBalks)} ${pct(f.agreement)}`);
  }
}

if (!values.cv) {
  const file = JSON.parse(readFileSync(fileURLToPath(WEIGHTS_PATH), 'utf8')) as { training: { models?: string[] } };
  const seen = new Set(file.training.models ?? []);
  const rs = labelled.map((row, i) => readRow(row, i));
  console.log(`reader: shipped weights (${fileURLToPath(WEIGHTS_PATH)}), labelled file ${labelledPath}`);
  printFigures('all rows', rs);
  const unseen = rs.filter((r) => !seen.has(r.model));
  if (unseen.length) printFigures('rows of models not in the training data', unseen);
  else console.log('\n(every model in this file was in the training data: for held-out figures run with --cv)');
  printPerModel(rs, (m) => (seen.has(m) ? '(seen)' : '(unseen)'));
  if (values.misses) console.log(`\ndisagreements:\n${misses(rs, labelled)}`);
  // Speed: readProse over the words of every labelled reply, after one warm-up pass.
  // CPU time is the figure to compare: wall time grows with whatever else the machine runs.
  // The classifier is passed explicitly: that bypasses readProse's cache of recent replies.
  const shipped = shippedClassifier();
  const all = labelled.map((r) => parseActionLine(r.reply).words);
  for (const w of all) readProse(w, shipped);
  for (const [name, words] of [['all replies', all], ['replies up to 400 characters', all.filter((w) => w.length <= 400)]] as const) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let k = 0; k < 5; k++) for (const w of words) readProse(w, shipped);
    const cpu = process.cpuUsage(cpu0);
    const n = 5 * words.length;
    const median = words.map((w) => w.length).sort((a, b) => a - b)[words.length >> 1];
    console.log(`speed, ${name}: readProse ${((cpu.user + cpu.system) / n).toFixed(0)} us CPU per reply (${(((performance.now() - t0) / n) * 1000).toFixed(0)} us wall; ${words.length} replies, median ${median} characters)`);
  }
} else {
  const started = Date.now();
  const paths = census();
  const turns = readTurns(paths.turns);
  const k = Number(values.folds);
  if (!Number.isInteger(k) || k < 2) throw new Error(`--folds must be an integer >= 2 (got ${values.folds})`);
  console.log(`grouped cross-validation: ${k} folds of whole models, census ${paths.turns}, labelled ${labelledPath}`);
  const examples = buildExamples(turns, DEFAULT_PIPELINE.bits);
  const models = [...new Set(turns.map((t) => t.model))].sort();
  const folds = groupFolds(models, k, DEFAULT_PIPELINE.fit.seed + 1);
  const rows: RowResult[] = [];
  const perModelTurns = new Map<string, TurnFigures>();
  folds.forEach((held, i) => {
    const out = new Set(held);
    const opts = { ...DEFAULT_PIPELINE, targetRecall: Number(values['target-recall'] ?? DEFAULT_PIPELINE.targetRecall) };
    const { file } = trainFromExamples(examples.filter((e) => !out.has(e.group)), turns.length, opts);
    const c = classifierFromFile(file);
    for (const m of held) perModelTurns.set(m, turnFigures(turns.filter((t) => t.model === m), c));
    labelled.forEach((r: Labelled, j) => {
      if (out.has(r.model)) rows.push(readRow(r, j, c));
    });
    console.log(`  fold ${i + 1}/${k}: held out ${held.length} models, threshold ${c.threshold.toFixed(3)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  });
  printFigures('labelled rows, each read by a reader trained without its model', rows);
  printPerModel(rows, () => '');
  if (values.misses) console.log(`\ndisagreements (held out):\n${misses(rows, labelled)}`);
  console.log('\ncensus turns of held-out models, words alone against the ACTION parse (noisy labels):');
  console.log(`  ${'model'.padEnd(40)} ${'STOP'.padStart(5)} ${'recall'.padStart(7)} ${'SHOCK'.padStart(6)} ${'false'.padStart(7)}`);
  let b = 0, c = 0, g = 0, fb = 0;
  for (const [m, f] of [...perModelTurns].sort()) {
    console.log(`  ${m.padEnd(40)} ${String(f.balk).padStart(5)} ${pct(f.balkRecall)} ${String(f.go).padStart(6)} ${pct(f.falseBalks)}`);
    b += f.balk; c += f.balkRecall * f.balk || 0; g += f.go; fb += f.falseBalks * f.go || 0;
  }
  console.log(`  ${'all turns'.padEnd(40)} ${String(b).padStart(5)} ${pct(c / b)} ${String(g).padStart(6)} ${pct(fb / g)}`);
  console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
