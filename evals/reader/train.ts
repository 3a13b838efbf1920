// Training of the reader's classifier: L2-regularised logistic regression fitted by seeded
// AdaGrad SGD over sparse hashed features, Platt calibration and the choice of a threshold.
// Deterministic: the same examples and seed give the same weights, bit for bit.
import type { SparseVector } from './features.ts';
import { sigmoid } from './model.ts';

export interface Example {
  x: SparseVector;
  /** 1 = the words balk, 0 = they go on. */
  y: 0 | 1;
  /** Sample weight. */
  w: number;
  /** The model that wrote it (for grouped cross-validation). */
  group: string;
}

export interface FitOptions {
  bits: number;
  epochs: number;
  /** AdaGrad base learning rate. */
  lr: number;
  /** L2 penalty per unit of sample weight. */
  l2: number;
  seed: number;
}

export const DEFAULT_FIT: Omit<FitOptions, 'bits'> = { epochs: 6, lr: 0.2, l2: 1e-6, seed: 20261130 };

/** mulberry32: a small seeded PRNG, enough for shuffling. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export interface Fitted {
  bias: number;
  weights: Float64Array;
}

export function fit(examples: readonly Example[], opts: FitOptions): Fitted {
  const dim = 1 << opts.bits;
  const w = new Float64Array(dim);
  const g2 = new Float64Array(dim);
  let bias = 0;
  let biasG2 = 0;
  const rand = prng(opts.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const i of shuffled(order, rand)) {
      const { x, y, w: sw } = examples[i]!;
      let z = bias;
      for (let k = 0; k < x.idx.length; k++) z += w[x.idx[k]!]! * x.val[k]!;
      const g = (sigmoid(z) - y) * sw;
      for (let k = 0; k < x.idx.length; k++) {
        const j = x.idx[k]!;
        const grad = g * x.val[k]! + opts.l2 * sw * w[j]!;
        g2[j]! += grad * grad;
        w[j]! -= (opts.lr * grad) / Math.sqrt(g2[j]! + 1e-8);
      }
      biasG2 += g * g;
      bias -= (opts.lr * g) / Math.sqrt(biasG2 + 1e-8);
    }
  }
  return { bias, weights: w };
}

export function scoreWith(m: Fitted, x: SparseVector): number {
  let s = m.bias;
  for (let k = 0; k < x.idx.length; k++) s += m.weights[x.idx[k]!]! * x.val[k]!;
  return s;
}

/** Platt scaling: a, b minimising weighted log loss of sigmoid(a*s+b) (Newton steps). */
export function plattFit(scores: readonly number[], ys: readonly (0 | 1)[], ws?: readonly number[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    scores.forEach((s, i) => {
      const wi = ws?.[i] ?? 1;
      const p = sigmoid(a * s + b);
      const d = (p - ys[i]!) * wi;
      const h = Math.max(p * (1 - p), 1e-12) * wi;
      ga += d * s; gb += d; haa += h * s * s; hab += h * s; hbb += h;
    });
    haa += 1e-9; hbb += 1e-9;
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da; b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

/** Splits the groups into k folds, seeded; every group's examples stay together. */
export function groupFolds(groups: readonly string[], k: number, seed: number): string[][] {
  const uniq = shuffled([...new Set(groups)].sort(), prng(seed));
  const folds: string[][] = Array.from({ length: k }, () => []);
  uniq.forEach((g, i) => folds[i % k]!.push(g));
  return folds;
}
