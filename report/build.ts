// The study report as data: records -> groups -> figures. Every output format renders this.
import type { RunResult } from '../engine/result.ts';
import { groupRecords } from './group.ts';
import { leftOutLines, reportWarnings, type LeftOut } from './left-out.ts';
import { groupMetrics, type GroupMetrics } from './metrics.ts';

export interface StudyReport {
  groups: GroupMetrics[];
  /** What the loader left out (with counts); stated in every format. */
  leftOut?: LeftOut;
  /** Things a reader must see next to the figures (error share above 5% in a group). */
  warnings: string[];
}

export interface ReportOptions {
  /** Seed of the bootstrap intervals (each group derives its own from it). */
  seed?: number;
  leftOut?: LeftOut;
}

export function buildReport(records: readonly RunResult[], options: ReportOptions = {}): StudyReport {
  const groups = groupRecords(records).map((g) => groupMetrics(g, { seed: options.seed ?? 1 }));
  const left = options.leftOut && leftOutLines(options.leftOut).length ? options.leftOut : undefined;
  return { groups, ...(left ? { leftOut: left } : {}), warnings: reportWarnings(groups) };
}
