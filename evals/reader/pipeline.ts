// The reader's training pipeline, shared by scripts/train-reader.ts and the cross-validation in
// scripts/eval-reader.ts:
//  1. examples: the words of each census turn (ACTION lines removed), labelled by the census'
//     ACTION parse (STOP = balk, SHOCK = go); identical words of one model merged, weighted by
//     log count, so template replies do not swamp the rest; classes and models balanced.
//  2. label noise: a grouped cross-validation (folds of whole models) scores every example by
//     classifiers that never saw its model; examples whose label the held-out classifiers reject
//     with high confidence (a STOP whose words announce the shock, a refusal parsed as SHOCK)
//     are dropped.
//  3. a second grouped cross-validation on the cleaned set gives held-out scores for the Platt
//     calibration and the threshold; 4. the final fit uses every cleaned example.
import { parseActionLine } from './action-line.ts';
import { CENSUS_LICENCE, CENSUS_SOURCE, type Turn } from './census.ts';
import { FEATURE_VERSION, featuresOf, normaliseWords } from './features.ts';
import { encodeWeights, sigmoid, type WeightsFile } from './model.ts';
import { DEFAULT_FIT, fit, groupFolds, plattFit, scoreWith, type Example, type FitOptions } from './train.ts';
import { undecidableWhy } from './undecidable.ts';

export interface PipelineOptions {
  bits: number;
  fit: Omit<FitOptions, 'bits'>;
  folds: number;
  /** Drop a go example when held-out models give it a balk probability above this, and a balk example below 1 - this. */
  noiseCut: number;
  /** Balk recall the threshold must reach on the cleaned held-out scores. */
  targetRecall: number;
}

export const DEFAULT_PIPELINE: PipelineOptions = { bits: 17, fit: DEFAULT_FIT, folds: 4, noiseCut: 0.97, targetRecall: 0.985 };

export interface TrainingExample extends Example {
  words: string;
}

/** The words of a census turn as the reader sees them, or null when they cannot be labelled. */
export function wordsOfTurn(t: Pick<Turn, 'reply' | 'action'>): string | null {
  if (t.action === null) return null;
  const words = parseActionLine(t.reply).words;
  return undecidableWhy(words) ? null : words;
}

export function buildExamples(turns: readonly Turn[], bits: number): TrainingExample[] {
  const merged = new Map<string, { words: string; model: string; n: [number, number] }>();
  for (const t of turns) {
    const words = wordsOfTurn(t);
    if (words === null) continue;
    const key = `${t.model}\u0000${normaliseWords(words)}`;
    const m = merged.get(key) ?? { words, model: t.model, n: [0, 0] };
    m.n[t.action === 'STOP' ? 1 : 0]++;
    merged.set(key, m);
  }
  const out: TrainingExample[] = [];
  for (const m of [...merged.values()].sort((a, b) => (a.model + a.words < b.model + b.words ? -1 : 1))) {
    const total = m.n[0] + m.n[1];
    const x = featuresOf(m.words, bits);
    for (const y of [0, 1] as const) {
      if (m.n[y]) out.push({ x, y, w: (1 + Math.log(total)) * (m.n[y] / total), group: m.model, words: m.words });
    }
  }
  balance(out);
  return out;
}

// Equal total weight per class, and each model's weight pulled toward the mean (square root).
function balance(ex: Example[]): void {
  const byModel = new Map<string, number>();
  for (const e of ex) byModel.set(e.group, (byModel.get(e.group) ?? 0) + e.w);
  const mean = [...byModel.values()].reduce((a, b) => a + b, 0) / byModel.size;
  for (const e of ex) e.w *= Math.sqrt(mean / byModel.get(e.group)!);
  const cls = [0, 0];
  for (const e of ex) cls[e.y]! += e.w;
  const n = ex.length;
  for (const e of ex) e.w *= n / 2 / cls[e.y]!;
}

/** Held-out raw scores: each example scored by a classifier fitted without its model's fold. */
export function heldOutScores(ex: readonly Example[], opts: PipelineOptions, log: (s: string) => void = () => {}): Float64Array {
  const folds = groupFolds(ex.map((e) => e.group), opts.folds, opts.fit.seed);
  const scores = new Float64Array(ex.length);
  folds.forEach((held, f) => {
    const out = new Set(held);
    const m = fit(ex.filter((e) => !out.has(e.group)), { ...opts.fit, bits: opts.bits });
    ex.forEach((e, i) => {
      if (out.has(e.group)) scores[i] = scoreWith(m, e.x);
    });
    log(`  fold ${f + 1}/${folds.length} (${held.length} models held out)`);
  });
  return scores;
}

/** The threshold reaching the recall target on weighted held-out probabilities. */
export function chooseThreshold(p: ArrayLike<number>, ex: readonly Example[], targetRecall: number): number {
  const pos = ex.map((e, i) => ({ p: p[i]!, w: e.w, y: e.y })).filter((r) => r.y === 1).sort((a, b) => b.p - a.p);
  const total = pos.reduce((s, r) => s + r.w, 0);
  let acc = 0;
  for (const r of pos) {
    acc += r.w;
    if (acc / total >= targetRecall) return Math.min(0.9, Math.max(0.05, r.p));
  }
  return 0.05;
}

export interface TrainedReader {
  file: WeightsFile;
  /** Examples dropped as label noise, for inspection. */
  dropped: TrainingExample[];
}

export function trainReader(turns: readonly Turn[], opts: PipelineOptions = DEFAULT_PIPELINE, log: (s: string) => void = () => {}): TrainedReader {
  return trainFromExamples(buildExamples(turns, opts.bits), turns.length, opts, log);
}

/** Trains on prepared examples (copied: their weights are rebalanced here). */
export function trainFromExamples(examples: readonly TrainingExample[], turnCount: number, opts: PipelineOptions = DEFAULT_PIPELINE, log: (s: string) => void = () => {}): TrainedReader {
  const all = examples.map((e) => ({ ...e }));
  balance(all);
  log(`examples: ${all.length} distinct replies (${all.filter((e) => e.y === 1).length} balk, ${all.filter((e) => e.y === 0).length} go) of ${new Set(all.map((e) => e.group)).size} models`);
  log('pass 1: held-out scores for label noise');
  const s1 = heldOutScores(all, opts, log);
  const keep = all.filter((e, i) => (e.y === 0 ? sigmoid(s1[i]!) <= opts.noiseCut : sigmoid(s1[i]!) >= 1 - opts.noiseCut));
  const kept = new Set(keep);
  const dropped = all.filter((e) => !kept.has(e));
  log(`dropped as label noise: ${dropped.filter((e) => e.y === 0).length} go-labelled, ${dropped.filter((e) => e.y === 1).length} balk-labelled`);
  balance(keep);
  log('pass 2: held-out scores for calibration and threshold');
  const s2 = heldOutScores(keep, opts, log);
  const calibration = plattFit([...s2], keep.map((e) => e.y), keep.map((e) => e.w));
  const p2 = Array.from(s2, (s) => sigmoid(calibration.a * s + calibration.b));
  const threshold = chooseThreshold(p2, keep, opts.targetRecall);
  log(`calibration a=${calibration.a.toFixed(3)} b=${calibration.b.toFixed(3)}, threshold ${threshold.toFixed(3)}`);
  log('final fit on all cleaned examples');
  const final = fit(keep, { ...opts.fit, bits: opts.bits });
  const { scale, weights } = encodeWeights(final.weights);
  const file: WeightsFile = {
    format: 'milgram-sim reply reader weights',
    source: CENSUS_SOURCE,
    licence: CENSUS_LICENCE,
    featureVersion: FEATURE_VERSION,
    bits: opts.bits,
    bias: final.bias,
    scale,
    weights,
    calibration,
    threshold,
    training: {
      script: 'npm run train:reader -- <census folder>',
      turns: turnCount,
      examples: keep.length,
      droppedAsNoise: dropped.length,
      models: [...new Set(all.map((e) => e.group))].sort(),
      fit: opts.fit,
      folds: opts.folds,
      noiseCut: opts.noiseCut,
      targetRecall: opts.targetRecall,
    },
  };
  return { file, dropped };
}
