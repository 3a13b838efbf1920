// Statistics for refusal rates and study reports: Wilson intervals, Fisher's exact test and a
// seeded bootstrap. Hand-written because each is a few lines and must be exact and seeded.
import { createRng } from '../engine/prng.ts';

/** Two-sided standard normal quantile for a confidence level (Acklam's approximation). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Wilson score interval for k successes in n trials at the given two-sided confidence. */
export function wilson(k: number, n: number, confidence = 0.95): [number, number] {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`wilson needs whole numbers 0 <= k <= n, got k=${k}, n=${n}`);
  }
  if (n === 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // Exact ends at 0/n and n/n (the formula gives them up to rounding).
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * Fisher's exact test, two-sided, for the 2x2 table [[a, b], [c, d]]: sums the probabilities
 * of all tables with the same margins that are no more likely than the observed one.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  const logDenom = logFactorial(n) - logFactorial(r1) - logFactorial(r2) - logFactorial(c1) - logFactorial(n - c1);
  const prob = (x: number) =>
    Math.exp(-logDenom - logFactorial(x) - logFactorial(r1 - x) - logFactorial(c1 - x) - logFactorial(r2 - c1 + x));
  const observed = prob(a);
  let p = 0;
  for (let x = Math.max(0, c1 - r2); x <= Math.min(r1, c1); x++) {
    const px = prob(x);
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  return Math.min(1, p);
}

/** Percentile bootstrap CI of the mean, seeded so reports are reproducible. */
export function bootstrapMeanCI(values: readonly number[], { iterations = 2000, confidence = 0.95, seed = 1 } = {}): [number, number] | null {
  if (values.length === 0) return null;
  const rng = createRng(seed, 99);
  const means = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    let s = 0;
    for (let j = 0; j < values.length; j++) s += values[rng.int(values.length)]!;
    means[i] = s / values.length;
  }
  means.sort();
  const lo = means[Math.floor(((1 - confidence) / 2) * (iterations - 1))]!;
  const hi = means[Math.ceil((1 - (1 - confidence) / 2) * (iterations - 1))]!;
  return [lo, hi];
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface MannWhitney {
  /** U of the first sample: pairs (a, b) with a > b, ties counting one half. */
  u: number;
  /** Two-sided p-value: exact (permutations of the ranks) when both samples are small and untied, else normal with tie and continuity correction. */
  pValue: number | null;
  method: 'exact' | 'normal';
}

/** Mann-Whitney U (Wilcoxon rank-sum) test, two-sided. null p when a sample is empty or every value ties. */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitney {
  const n1 = a.length;
  const n2 = b.length;
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  if (!n1 || !n2) return { u, pValue: null, method: 'normal' };
  const all = [...a, ...b].sort((x, y) => x - y);
  const tieGroups: number[] = [];
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j] === all[i]) j++;
    if (j - i > 1) tieGroups.push(j - i);
    i = j;
  }
  const n = n1 + n2;
  if (!tieGroups.length && n1 * n2 <= 400 && n <= 30) return { u, pValue: exactMannWhitneyP(u, n1, n2), method: 'exact' };
  const tieTerm = tieGroups.reduce((s, t) => s + (t ** 3 - t), 0);
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, pValue: null, method: 'normal' };
  const meanU = (n1 * n2) / 2;
  const z = (Math.abs(u - meanU) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))), method: 'normal' };
}

/** Exact two-sided p of U for untied samples: counts of rank subsets by U (dynamic programming). */
function exactMannWhitneyP(u: number, n1: number, n2: number): number {
  // f[i][j][k]: number of arrangements of i firsts and j seconds with U = k.
  const maxU = n1 * n2;
  let prev: Float64Array[] = Array.from({ length: n2 + 1 }, () => new Float64Array(maxU + 1));
  for (let j = 0; j <= n2; j++) prev[j]![0] = 1;
  for (let i = 1; i <= n1; i++) {
    const cur: Float64Array[] = Array.from({ length: n2 + 1 }, () => new Float64Array(maxU + 1));
    cur[0]![0] = 1;
    for (let j = 1; j <= n2; j++) {
      // The largest value is a first (adds j to U) or a second.
      for (let k = 0; k <= maxU; k++) cur[j]![k] = (k >= j ? prev[j]![k - j]! : 0) + cur[j - 1]![k]!;
    }
    prev = cur;
  }
  const counts = prev[n2]!;
  const total = counts.reduce((s, c) => s + c, 0);
  const lo = Math.min(u, maxU - u);
  let tail = 0;
  for (let k = 0; k <= Math.floor(lo + 1e-9); k++) tail += counts[k]!;
  return Math.min(1, (2 * tail) / total);
}

/** Holm's step-down adjustment of p-values (nulls stay null), in the input order. */
export function holm(pValues: readonly number[]): number[];
export function holm(pValues: readonly (number | null)[]): (number | null)[];
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const idx = pValues.map((p, i) => [p, i] as const).filter((x): x is readonly [number, number] => x[0] !== null).sort((x, y) => x[0] - y[0]);
  const m = idx.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  idx.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}

/**
 * Jensen-Shannon distance (square root of the divergence, base 2: 0 same, 1 disjoint) between
 * two histograms given as value -> count.
 */
export function jensenShannonDistance(p: Readonly<Record<string, number>>, q: Readonly<Record<string, number>>): number | null {
  const sp = Object.values(p).reduce((s, v) => s + v, 0);
  const sq = Object.values(q).reduce((s, v) => s + v, 0);
  if (!sp || !sq) return null;
  let js = 0;
  for (const k of new Set([...Object.keys(p), ...Object.keys(q)])) {
    const a = (p[k] ?? 0) / sp;
    const b = (q[k] ?? 0) / sq;
    const m = (a + b) / 2;
    if (a) js += (a / 2) * Math.log2(a / m);
    if (b) js += (b / 2) * Math.log2(b / m);
  }
  return Math.sqrt(Math.max(0, Math.min(1, js)));
}
