// The report's statistics against values worked out by hand (and, for Fisher, against an
// independent exact enumeration with BigInt binomials).
import { describe, expect, it } from 'vitest';
import { bootstrapMeanCI, fisherExact, mean, median, wilson } from '../../evals/stats.ts';
import { MILGRAM_1963, milgram1963FinalVoltages, milgram1963Obeying } from '../../machines/milgram/milgram1963.ts';

const Z2 = 1.959963984540054 ** 2;

describe('wilson', () => {
  it('at 0/n and n/n: one end exact, the other z²/(n+z²) from it', () => {
    // Upper end at 0/n: (z²/n)/(1+z²/n) = z²/(n+z²); for n=10: 3.841459/13.841459 = 0.277533.
    const [lo0, hi0] = wilson(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.277533, 5);
    expect(hi0).toBeCloseTo(Z2 / (10 + Z2), 4);
    const [loN, hiN] = wilson(10, 10);
    expect(hiN).toBe(1);
    expect(loN).toBeCloseTo(1 - 0.277533, 5);
    expect(wilson(0, 40)[1]).toBeCloseTo(Z2 / (40 + Z2), 4); // 0.087623
    expect(wilson(0, 0)).toEqual([0, 1]);
  });

  it("Milgram's 26/40: [0.4951, 0.7787]", () => {
    // centre (0.65 + z²/80)/(1 + z²/40) = 0.636856; half 1.96·sqrt(0.65·0.35/40 + z²/6400)/(1 + z²/40) = 0.141798
    const [lo, hi] = wilson(26, 40);
    expect(lo).toBeCloseTo(0.495058, 4);
    expect(hi).toBeCloseTo(0.778654, 4);
  });

  it('rejects impossible counts', () => {
    expect(() => wilson(5, 4)).toThrow(/0 <= k <= n/);
  });
});

function choose(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}
/** Two-sided Fisher by enumeration with exact integers: sum of tables no likelier than observed. */
function fisherByEnumeration(a: number, b: number, c: number, d: number): number {
  const r1 = a + b, r2 = c + d, c1 = a + c;
  const weight = (x: number) => choose(r1, x) * choose(r2, c1 - x);
  const observed = weight(a);
  let num = 0n;
  for (let x = Math.max(0, c1 - r2); x <= Math.min(r1, c1); x++) if (weight(x) <= observed) num += weight(x);
  return Number((num * 10n ** 15n) / choose(r1 + r2, c1)) / 1e15;
}

describe('fisherExact (two-sided)', () => {
  it('[[3,1],[1,3]]: p = 34/70 = 0.4857', () => {
    // Tables with margins 4,4 / 4,4: weights 1,16,36,16,1 of 70; observed 16 -> (1+16+16+1)/70.
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(34 / 70, 10);
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.4857, 4);
  });

  it('known tables', () => {
    expect(fisherExact(10, 0, 0, 10)).toBeCloseTo(2 / 184756, 12); // only the two extreme tables
    expect(fisherExact(26, 14, 26, 14)).toBeCloseTo(1, 10);
    expect(fisherExact(1, 9, 11, 3)).toBeCloseTo(0.002759, 6); // the textbook dieting example
  });

  it('agrees with exact enumeration on group-vs-Milgram tables', () => {
    for (const [k, n] of [[30, 30], [0, 30], [15, 30], [26, 40], [75, 100], [3, 5], [1, 1]] as const) {
      const [a, b, c, d] = [k, n - k, MILGRAM_1963.maxShock, MILGRAM_1963.n - MILGRAM_1963.maxShock];
      expect(fisherExact(a, b, c, d)).toBeCloseTo(fisherByEnumeration(a, b, c, d), 9);
    }
    // Aher et al.'s 75/100 simulated subjects against 26/40 is not significant at 5%.
    expect(fisherExact(75, 25, 26, 14)).toBeGreaterThan(0.05);
  });
});

describe('bootstrapMeanCI, mean, median', () => {
  it('is seeded: the same seed gives the same interval, another seed may not', () => {
    const values = [0, 150, 300, 300, 315, 450, 450, 450, 450, 450];
    const a = bootstrapMeanCI(values, { seed: 7 })!;
    expect(bootstrapMeanCI(values, { seed: 7 })).toEqual(a);
    expect(a[0]).toBeLessThan(mean(values)!);
    expect(a[1]).toBeGreaterThan(mean(values)!);
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(a[1]).toBeLessThanOrEqual(450);
    expect(bootstrapMeanCI([285, 285, 285])).toEqual([285, 285]);
    expect(bootstrapMeanCI([])).toBeNull();
  });

  it('mean and median', () => {
    expect(mean([300, 315, 450])).toBe(355);
    expect(median([450, 300, 315])).toBe(315);
    expect(median([300, 450])).toBe(375);
    expect(mean([])).toBeNull();
  });
});

describe('Milgram 1963 reference (Table 2)', () => {
  it('40 subjects, 26 at 450 V, mean maximum 405 V, nobody below 300 V', () => {
    const finals = milgram1963FinalVoltages();
    expect(finals).toHaveLength(40);
    expect(finals.filter((v) => v === 450)).toHaveLength(26);
    expect(mean(finals)).toBe(405);
    expect(Math.min(...finals)).toBe(300);
  });

  it('the human obedience curve', () => {
    expect(milgram1963Obeying(0)).toBe(1);
    expect(milgram1963Obeying(300)).toBe(1);
    expect(milgram1963Obeying(315)).toBe(35 / 40);
    expect(milgram1963Obeying(330)).toBe(31 / 40);
    expect(milgram1963Obeying(375)).toBe(27 / 40);
    expect(milgram1963Obeying(390)).toBe(26 / 40);
    expect(milgram1963Obeying(450)).toBe(26 / 40);
  });
});
