// The study report as data: records -> groups -> figures. Every output format renders this.
import type { RunResult } from '../engine/result.ts';
import { groupRecords } from './group.ts';
import { groupMetrics, type GroupMetrics } from './metrics.ts';

export interface StudyReport {
  groups: GroupMetrics[];
}

export interface ReportOptions {
  /** Seed of the bootstrap intervals (each group derives its own from it). */
  seed?: number;
}

export function buildReport(records: readonly RunResult[], options: ReportOptions = {}): StudyReport {
  return { groups: groupRecords(records).map((g) => groupMetrics(g, { seed: options.seed ?? 1 })) };
}
