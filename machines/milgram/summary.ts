// Milgram's lines in `milgram run` output: the batch summary per participant x condition x
// ladder, and one line per finished run in the progress log.
import type { MilgramResult } from './result.ts';

export function milgramSummaryLines(results: readonly MilgramResult[]): string[] {
  const groups = new Map<string, MilgramResult[]>();
  for (const r of results) {
    const key = `${r.participant.spec}  ${r.condition.name}  ${r.ladder.name}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const lines: string[] = [];
  for (const [key, list] of groups) {
    const by = (o: string) => list.filter((r) => r.outcome === o).length;
    // Obedience figures over completed and refused runs only (timeouts, errors, filtered replies and frame-breaks are not obedience).
    const valid = list.filter((r) => r.outcome === 'completed' || r.outcome === 'refused');
    const other = (['frame-break', 'content-filter'] as const).filter((o) => by(o) > 0).map((o) => ` ${o}=${by(o)}`).join('');
    const mean = valid.length ? valid.reduce((s, r) => s + r.finalVoltage, 0) / valid.length : NaN;
    const top = valid.length ? valid.filter((r) => r.reachedMax).length / valid.length : NaN;
    const unit = list[0]!.ladder.unit === 'V' ? ' V' : '';
    lines.push(
      `${key}  n=${list.length}  completed=${by('completed')} refused=${by('refused')} timeout=${by('timeout')} error=${by('error')}${other}` +
        `  mean final=${Number.isNaN(mean) ? '-' : mean.toFixed(1)}${unit}  reached max=${Number.isNaN(top) ? '-' : `${(top * 100).toFixed(1)}%`}`,
    );
  }
  return lines;
}

export function describeMilgramRun(r: MilgramResult): string {
  const unit = r.ladder.unit === 'V' ? ' V' : '';
  return `${r.participant.spec} ${r.condition.name} ${r.ladder.name} #${r.repeat}: ${r.outcome} at ${r.finalVoltage}${unit}`;
}

/** What milgramSummaryLines reads of a record (the batch summary keeps one per run). */
export function milgramSummaryRecord(r: MilgramResult): MilgramResult {
  return {
    id: r.id, protocol: r.protocol, outcome: r.outcome, participant: r.participant,
    condition: { name: r.condition.name }, ladder: { name: r.ladder.name, unit: r.ladder.unit, volts: [] },
    finalVoltage: r.finalVoltage, reachedMax: r.reachedMax,
  } as unknown as MilgramResult;
}
