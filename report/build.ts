// The study report as data: records -> one section per protocol (each protocol groups and
// measures its own records: machines/<protocol>/, the `report` part) -> every output format.
import { protocolFor } from '../engine/protocols.ts';
import type { ReportSection } from '../engine/protocol.ts';
import type { AnyRunResult as RunResult } from '../engine/result.ts';
import { groupRecords } from './group.ts';
import { groupMetrics, type GroupMetrics } from './metrics.ts';

export interface StudyReport {
  /** Milgram's groups (participant x condition x ladder), as the Milgram formats read them. */
  groups: GroupMetrics[];
  /** One section per protocol present, in the order the protocols first appear. */
  sections?: ReportSection[];
}

export interface ReportOptions {
  /** Seed of the bootstrap intervals (each group derives its own from it). */
  seed?: number;
}

export function buildReport(records: readonly RunResult[], options: ReportOptions = {}): StudyReport {
  const seed = options.seed ?? 1;
  const byProtocol = new Map<string, RunResult[]>();
  for (const r of records) {
    const list = byProtocol.get(r.protocol) ?? [];
    list.push(r);
    byProtocol.set(r.protocol, list);
  }
  const milgram = (byProtocol.get('milgram') ?? []) as Extract<RunResult, { protocol: 'milgram' }>[];
  return {
    groups: groupRecords(milgram).map((g) => groupMetrics(g, { seed })),
    sections: [...byProtocol].map(([name, list]) => protocolFor(name).report.build(list, { seed })),
  };
}
