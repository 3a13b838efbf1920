// The reader's classifier: logistic regression over hashed features (features.ts), weights in a
// small JSON file written by scripts/train-reader.ts. Loaded once, lazily, on first use.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURE_VERSION, type SparseVector } from './features.ts';

export const WEIGHTS_PATH = new URL('./weights.json', import.meta.url);

export const WeightsFileSchema = z.object({
  format: z.literal('milgram-sim reply reader weights'),
  /** Where the training replies come from, and their licence: the weights are derived from them. */
  source: z.string(),
  licence: z.string(),
  featureVersion: z.number().int(),
  bits: z.number().int().min(8).max(24),
  bias: z.number(),
  /** Weights quantised to int16: weight = q * scale; base64 of the little-endian Int16Array. */
  scale: z.number().positive(),
  weights: z.string(),
  /** Platt calibration: pBalk = sigmoid(a * score + b), fitted on models held out of training. */
  calibration: z.object({ a: z.number(), b: z.number() }),
  /** pBalk at or above this reads as a balk (chosen on held-out models). */
  threshold: z.number().min(0).max(1),
  training: z.record(z.string(), z.unknown()),
});
export type WeightsFile = z.infer<typeof WeightsFileSchema>;

export interface Classifier {
  bits: number;
  threshold: number;
  /** The raw linear score. */
  score(x: SparseVector): number;
  /** The calibrated probability that the words balk. */
  pBalk(x: SparseVector): number;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function classifierFrom(w: { bits: number; bias: number; weights: ArrayLike<number>; calibration: { a: number; b: number }; threshold: number }): Classifier {
  const score = (x: SparseVector) => {
    let s = w.bias;
    for (let k = 0; k < x.idx.length; k++) s += w.weights[x.idx[k]!]! * x.val[k]!;
    return s;
  };
  return { bits: w.bits, threshold: w.threshold, score, pBalk: (x) => sigmoid(w.calibration.a * score(x) + w.calibration.b) };
}

export function encodeWeights(weights: ArrayLike<number>): { scale: number; weights: string } {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]!));
  const scale = (max || 1) / 32767;
  const q = Int16Array.from({ length: weights.length }, (_, i) => Math.round(weights[i]! / scale));
  return { scale, weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64') };
}

export function decodeWeights(file: WeightsFile): Float32Array {
  const buf = Buffer.from(file.weights, 'base64');
  const q = new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  if (q.length !== 1 << file.bits) throw new Error(`reader weights: expected ${1 << file.bits} weights, found ${q.length}; retrain with npm run train:reader`);
  return Float32Array.from(q, (v) => v * file.scale);
}

export function classifierFromFile(json: unknown): Classifier {
  const file = WeightsFileSchema.parse(json);
  if (file.featureVersion !== FEATURE_VERSION) {
    throw new Error(`reader weights: built for feature version ${file.featureVersion}, the code reads version ${FEATURE_VERSION}; retrain with npm run train:reader`);
  }
  return classifierFrom({ ...file, weights: decodeWeights(file) });
}

let shipped: Classifier | undefined;
/** The shipped classifier (evals/reader/weights.json), loaded on first use. */
export function shippedClassifier(): Classifier {
  shipped ??= classifierFromFile(JSON.parse(readFileSync(WEIGHTS_PATH, 'utf8')));
  return shipped;
}
