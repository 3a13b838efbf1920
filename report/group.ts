// Groups records by participant x condition x ladder, the cells of a factorial study.
import { latestPerId } from '../engine/latest.ts';
import type { MilgramResult as RunResult } from '../engine/result.ts';

export interface GroupKey {
  participant: string;
  condition: string;
  ladder: string;
}

export interface RecordGroup extends GroupKey {
  records: RunResult[];
}

export const groupLabel = (g: GroupKey): string => `${g.participant} · ${g.condition} · ${g.ladder}`;

/**
 * Groups in a stable order (participant, condition, ladder), whatever order the runs finished in.
 * Each run counts once, with its latest record (a run retried after an error has two).
 */
export function groupRecords(records: readonly RunResult[]): RecordGroup[] {
  const groups = new Map<string, RecordGroup>();
  for (const r of latestPerId(records)) {
    const key: GroupKey = { participant: r.participant.spec, condition: r.condition.name, ladder: r.ladder.name };
    const k = JSON.stringify([key.participant, key.condition, key.ladder]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ...key, records: [] }));
    g.records.push(r);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...groups.values()].sort((a, b) => cmp(a.participant, b.participant) || cmp(a.condition, b.condition) || cmp(a.ladder, b.ladder));
}
