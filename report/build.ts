// The study report as data: records -> one section per protocol (each protocol groups and
// measures its own records: machines/<protocol>/, the `report` part) -> every output format.
// Beside the figures: what the loader left out (with counts) and warnings (error share above
// 5% in a group), which every format states.
import { byProtocol, protocolFor } from '../engine/protocols.ts';
import type { ReportSection } from '../engine/protocol.ts';
import type { AnyRunResult as RunResult } from '../engine/result.ts';
import type { CensusReference } from './census.ts';
import type { Contrast } from './contrasts.ts';
import { errorShareWarnings, leftOutLines, reportWarnings, type LeftOut } from './left-out.ts';
import type { GroupMetrics } from './metrics.ts';
import { milgramFigures } from '../machines/milgram/report-part.ts';

export interface StudyReport {
  /** Milgram's groups (participant x condition x ladder), as the Milgram formats read them. */
  groups: GroupMetrics[];
  /** One section per protocol present, in the order the protocols first appear. */
  sections?: ReportSection[];
  /** Condition contrasts for the same participant and ladder (Holm-adjusted). */
  contrasts: Contrast[];
  /** With --reference census: the census models beside the groups. */
  census?: CensusReference;
  /** What the loader left out (with counts); stated in every format. */
  leftOut?: LeftOut;
  /** Things a reader must see next to the figures (error share above 5% in a group). */
  warnings: string[];
}

export { REFERENCES } from './format-names.ts';
import { REFERENCES } from './format-names.ts';

export interface ReportOptions {
  /** Seed of the bootstrap intervals (each group derives its own from it). */
  seed?: number;
  reference?: (typeof REFERENCES)[number];
  leftOut?: LeftOut;
}

export function buildReport(records: readonly RunResult[], options: ReportOptions = {}): StudyReport {
  const seed = options.seed ?? 1;
  const grouped = byProtocol(records);
  const milgram = (grouped.get('milgram') ?? []) as Extract<RunResult, { protocol: 'milgram' }>[];
  // The same figures Milgram's section shows (computed once for both).
  const { groups, contrasts, census } = milgramFigures(milgram, { seed, reference: options.reference });
  const others = [...grouped].filter(([name]) => name !== 'milgram').flatMap(([, list]) => list);
  const left = options.leftOut && leftOutLines(options.leftOut).length ? options.leftOut : undefined;
  return {
    groups,
    sections: [...grouped].map(([name, list]) => protocolFor(name).report.build(list, { seed, reference: options.reference })),
    contrasts,
    ...(census ? { census } : {}),
    ...(left ? { leftOut: left } : {}),
    warnings: [...reportWarnings(groups), ...errorShareWarnings(others)],
  };
}
