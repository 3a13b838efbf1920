// Mann-Whitney U, Holm and the Jensen-Shannon distance against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { holm, jensenShannonDistance, mannWhitney, normalCdf } from '../../evals/stats.ts';

describe('mannWhitney', () => {
  it('exact p for small untied samples (enumerated here)', () => {
    // a = {1,2}, b = {3,4,5}: U = 0, the most extreme of C(5,2) = 10 arrangements; two-sided p = 2/10.
    expect(mannWhitney([1, 2], [3, 4, 5])).toEqual({ u: 0, pValue: 0.2, method: 'exact' });
    // U = 1: arrangements with U <= 1 are 2 of 10 on each side: p = 0.4.
    expect(mannWhitney([1, 3], [2, 4, 5]).pValue).toBeCloseTo(0.4, 12);
    // Identical locations: p = 1.
    expect(mannWhitney([1, 4], [2, 3]).pValue).toBe(1);
  });

  it('normal approximation with ties (break-off voltages tie a lot)', () => {
    const a = [450, 450, 450, 300, 315];
    const b = [150, 150, 450, 165, 150];
    const r = mannWhitney(a, b);
    expect(r.method).toBe('normal');
    // U: each a vs each b; 450s beat four b's and tie one.
    expect(r.u).toBe(3 * 4.5 + 4 + 4);
    expect(r.pValue!).toBeGreaterThan(0.01);
    expect(r.pValue!).toBeLessThan(0.1);
    expect(mannWhitney([450, 450], [450, 450]).pValue).toBeNull();
    expect(mannWhitney([], [1]).pValue).toBeNull();
  });

  it('normalCdf', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });
});

describe('holm', () => {
  it('steps down and keeps order; nulls stay null', () => {
    expect(holm([0.01, 0.04, 0.03, null])).toEqual([0.03, 0.06, 0.06, null]);
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
  });
});

describe('jensenShannonDistance', () => {
  it('0 for the same distribution, 1 for disjoint ones, sqrt of the divergence in between', () => {
    expect(jensenShannonDistance({ 150: 2, 450: 2 }, { 150: 1, 450: 1 })).toBe(0);
    expect(jensenShannonDistance({ 150: 3 }, { 450: 5 })).toBe(1);
    // p = (1, 0), q = (1/2, 1/2): JS = 1/2 [1 log2(4/3)] + 1/2 [1/2 log2(2/3) + 1/2 log2(2)] .
    const js = 0.5 * Math.log2(4 / 3) + 0.5 * (0.5 * Math.log2(2 / 3) + 0.5);
    expect(jensenShannonDistance({ 150: 1 }, { 150: 1, 450: 1 })).toBeCloseTo(Math.sqrt(js), 12);
    expect(jensenShannonDistance({}, { 150: 1 })).toBeNull();
  });
});
