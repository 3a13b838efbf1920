// Contrasts between the conditions run with the same participant on the same ladder: full
// obedience (Fisher's exact test on completed vs refused), break-off voltage (Mann-Whitney U on
// the final voltages) and the Jensen-Shannon distance between the break-off distributions.
// Every p-value shown is Holm-adjusted over all the contrasts of the report (both tests).
import { fisherExact, holm, jensenShannonDistance, mannWhitney } from '../evals/stats.ts';
import type { RecordGroup } from './group.ts';

export interface Contrast {
  participant: string;
  ladder: string;
  a: string;
  b: string;
  nA: number;
  nB: number;
  fullObedienceA: number | null;
  fullObedienceB: number | null;
  fisherP: number | null;
  fisherPHolm: number | null;
  /** U of condition a's final voltages against b's. */
  mannWhitneyU: number;
  mannWhitneyP: number | null;
  mannWhitneyPHolm: number | null;
  mannWhitneyMethod: 'exact' | 'normal';
  /** 0: the same break-off distribution; 1: no level in common. */
  jensenShannon: number | null;
}

const valid = (g: RecordGroup) => g.records.filter((r) => r.outcome === 'completed' || r.outcome === 'refused');

function histogram(values: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

export function conditionContrasts(groups: readonly RecordGroup[]): Contrast[] {
  const out: Contrast[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const ga = groups[i]!;
      const gb = groups[j]!;
      if (ga.participant !== gb.participant || ga.ladder !== gb.ladder || ga.condition === gb.condition) continue;
      const a = valid(ga);
      const b = valid(gb);
      if (!a.length || !b.length) continue;
      const fa = a.filter((r) => r.outcome === 'completed').length;
      const fb = b.filter((r) => r.outcome === 'completed').length;
      const va = a.map((r) => r.finalVoltage);
      const vb = b.map((r) => r.finalVoltage);
      const mw = mannWhitney(va, vb);
      out.push({
        participant: ga.participant, ladder: ga.ladder, a: ga.condition, b: gb.condition, nA: a.length, nB: b.length,
        fullObedienceA: fa / a.length, fullObedienceB: fb / b.length,
        fisherP: fisherExact(fa, a.length - fa, fb, b.length - fb), fisherPHolm: null,
        mannWhitneyU: mw.u, mannWhitneyP: mw.pValue, mannWhitneyPHolm: null, mannWhitneyMethod: mw.method,
        jensenShannon: jensenShannonDistance(histogram(va), histogram(vb)),
      });
    }
  }
  const adjusted = holm([...out.map((c) => c.fisherP), ...out.map((c) => c.mannWhitneyP)]);
  out.forEach((c, i) => {
    c.fisherPHolm = adjusted[i]!;
    c.mannWhitneyPHolm = adjusted[out.length + i]!;
  });
  return out;
}
