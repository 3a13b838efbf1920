// Statistics for paired and multi-rater data: the exact McNemar test for paired binary outcomes,
// Holm's step-down adjustment for several tests, Cohen's kappa for two raters and
// Krippendorff's alpha (nominal) for any number. Hand-written: each is short and exact.

/** Two-sided exact McNemar test: b and c are the discordant pairs; binomial(b + c, 1/2). */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space for large n.
  let logC = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

/** Holm's step-down adjustment (evals/stats.ts). */
export { holm } from './stats.ts';

/** Cohen's kappa of two raters' labels on the same items (null when undefined: no items, or chance agreement is 1). */
export function cohenKappa(a: readonly string[], b: readonly string[]): number | null {
  if (a.length !== b.length) throw new RangeError('cohenKappa: both raters need a label for every item');
  const n = a.length;
  if (!n) return null;
  const labels = [...new Set([...a, ...b])];
  const observed = a.filter((x, i) => x === b[i]).length / n;
  const expected = labels.reduce((s, l) => s + (a.filter((x) => x === l).length / n) * (b.filter((x) => x === l).length / n), 0);
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}

/**
 * Krippendorff's alpha for nominal data. `units` holds each item's labels from the raters who
 * rated it (items with fewer than two labels carry no pairing information and are skipped).
 */
export function krippendorffAlpha(units: readonly (readonly string[])[]): number | null {
  const usable = units.filter((u) => u.length >= 2);
  const coincidence = new Map<string, Map<string, number>>();
  const add = (x: string, y: string, w: number) => {
    const row = coincidence.get(x) ?? new Map<string, number>();
    row.set(y, (row.get(y) ?? 0) + w);
    coincidence.set(x, row);
  };
  for (const u of usable) {
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) add(u[i]!, u[j]!, 1 / (u.length - 1));
  }
  const totals = new Map<string, number>();
  let n = 0;
  for (const [x, row] of coincidence) for (const w of row.values()) { totals.set(x, (totals.get(x) ?? 0) + w); n += w; }
  if (n <= 1) return null;
  let observedDisagreement = 0;
  for (const [x, row] of coincidence) for (const [y, w] of row) if (x !== y) observedDisagreement += w;
  let expectedDisagreement = 0;
  for (const [x, nx] of totals) for (const [y, ny] of totals) if (x !== y) expectedDisagreement += nx * ny;
  expectedDisagreement /= n - 1;
  if (expectedDisagreement === 0) return null;
  return 1 - observedDisagreement / expectedDisagreement;
}
