// One-line summaries of results, grouped by participant (and condition/ladder when mixed).
// Built from a small slice of each record (its group, outcome and final level), so the end-of-
// batch summary of a results file of any size is read in one streaming pass.
import type { RunResult } from '../engine/result.ts';

interface Slim {
  key: string;
  outcome: RunResult['outcome'];
  finalVoltage: number;
  reachedMax: boolean;
  unit: string;
}

/** Each run's latest record (a retried run counts once, with its newest outcome). */
export class SummaryTally {
  private readonly latest = new Map<string, Slim>();

  add(r: RunResult): void {
    // Delete first so the map's order is that of each run's latest record.
    this.latest.delete(r.id);
    this.latest.set(r.id, {
      key: `${r.participant.spec}  ${r.condition.name}  ${r.ladder.name}`,
      outcome: r.outcome,
      finalVoltage: r.finalVoltage,
      reachedMax: r.reachedMax,
      unit: r.ladder.unit,
    });
  }

  get runs(): number {
    return this.latest.size;
  }

  count(outcome: RunResult['outcome']): number {
    let n = 0;
    for (const s of this.latest.values()) if (s.outcome === outcome) n++;
    return n;
  }

  lines(): string[] {
    const groups = new Map<string, Slim[]>();
    for (const s of this.latest.values()) {
      const list = groups.get(s.key) ?? [];
      list.push(s);
      groups.set(s.key, list);
    }
    const lines: string[] = [];
    for (const [key, list] of groups) {
      const by = (o: string) => list.filter((r) => r.outcome === o).length;
      const valid = list.filter((r) => r.outcome !== 'error');
      const mean = valid.length ? valid.reduce((s, r) => s + r.finalVoltage, 0) / valid.length : NaN;
      const top = valid.length ? valid.filter((r) => r.reachedMax).length / valid.length : NaN;
      const unit = list[0]!.unit === 'V' ? ' V' : '';
      lines.push(
        `${key}  n=${list.length}  completed=${by('completed')} refused=${by('refused')} timeout=${by('timeout')} error=${by('error')}` +
          `  mean final=${Number.isNaN(mean) ? '-' : mean.toFixed(1)}${unit}  reached max=${Number.isNaN(top) ? '-' : `${(top * 100).toFixed(1)}%`}`,
      );
    }
    return lines;
  }
}

export function summaryLines(results: readonly RunResult[]): string[] {
  const tally = new SummaryTally();
  for (const r of results) tally.add(r);
  return tally.lines();
}
