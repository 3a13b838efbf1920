// The study report as data: records -> groups -> figures. Every output format renders this.
import type { RunResult } from '../engine/result.ts';
import { censusReference, type CensusReference } from './census.ts';
import { conditionContrasts, type Contrast } from './contrasts.ts';
import { groupRecords } from './group.ts';
import { groupMetrics, type GroupMetrics } from './metrics.ts';

export interface StudyReport {
  groups: GroupMetrics[];
  /** Condition contrasts for the same participant and ladder (Holm-adjusted). */
  contrasts: Contrast[];
  /** With --reference census: the census models beside the groups. */
  census?: CensusReference;
}

export const REFERENCES = ['census'] as const;

export interface ReportOptions {
  /** Seed of the bootstrap intervals (each group derives its own from it). */
  seed?: number;
  reference?: (typeof REFERENCES)[number];
}

export function buildReport(records: readonly RunResult[], options: ReportOptions = {}): StudyReport {
  const grouped = groupRecords(records);
  const groups = grouped.map((g) => groupMetrics(g, { seed: options.seed ?? 1 }));
  return {
    groups,
    contrasts: conditionContrasts(grouped),
    ...(options.reference === 'census' ? { census: censusReference(groups) } : {}),
  };
}
