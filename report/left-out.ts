// What a report left out, and why, with counts: every format states it (table, json, csv, md,
// html), so a report never looks complete when records were dropped. Also the warnings a
// reader must see next to the figures (a high error share biases rates).
import type { GroupMetrics } from './metrics.ts';
import { groupLabel } from './group.ts';

export interface LeftOut {
  /** Lines or entries that are not JSON (a write cut by a kill, a line too long, a file cut short). */
  unreadable: number;
  /** milgram-sim records that fail this version's schema (another version, or edited by hand). */
  otherVersions: number;
  /** JSON that is not a milgram-sim record, and promptfoo results without a record. */
  notRecords: number;
  /** The same record read twice (same run id and start time). */
  duplicates: number;
  /** Records whose outcome or counts contradict their own events (protocol check). */
  protocolFailures: number;
  /** Earlier records of runs run again (--retry-errors): the latest record of each run counts. */
  earlierRecords: number;
  /** Up to 10 examples, `file where: why`. */
  examples: string[];
}

export const emptyLeftOut = (): LeftOut => ({ unreadable: 0, otherVersions: 0, notRecords: 0, duplicates: 0, protocolFailures: 0, earlierRecords: 0, examples: [] });

export const LEFT_OUT_LABELS: Record<Exclude<keyof LeftOut, 'examples'>, string> = {
  unreadable: 'unreadable lines (not JSON: cut short or too long)',
  otherVersions: 'records of another schema version or edited (fail validation)',
  notRecords: 'entries that are not milgram-sim records',
  duplicates: 'duplicate records (same run read twice)',
  protocolFailures: 'records that fail the protocol check (outcome or counts contradict their events)',
  earlierRecords: 'earlier records of re-run runs (the latest counts)',
};

export function leftOutTotal(l: LeftOut): number {
  return l.unreadable + l.otherVersions + l.notRecords + l.duplicates + l.protocolFailures + l.earlierRecords;
}

/** One line per non-zero count, e.g. `3 unreadable lines (...)`; empty when nothing was left out. */
export function leftOutLines(l: LeftOut | undefined): string[] {
  if (!l) return [];
  return (Object.keys(LEFT_OUT_LABELS) as (keyof typeof LEFT_OUT_LABELS)[]).filter((k) => l[k] > 0).map((k) => `${l[k]} ${LEFT_OUT_LABELS[k]}`);
}

/** Share of a group's runs that ended in error above which the report warns. */
export const ERROR_SHARE_WARNING = 0.05;

export function reportWarnings(groups: readonly GroupMetrics[]): string[] {
  return groups
    .filter((g) => g.runs > 0 && g.errors / g.runs > ERROR_SHARE_WARNING)
    .map((g) => `${groupLabel(g)}: ${((g.errors / g.runs) * 100).toFixed(1)}% of runs ended in error (${g.errors} of ${g.runs}); rates may be biased (long compliant runs make more model calls, so they fail more often). Run again with --retry-errors.`);
}

/**
 * The same warning for protocols other than Milgram (their sections group records their own
 * way): records grouped by protocol, participant and condition.
 */
export function errorShareWarnings(records: readonly { protocol: string; outcome: string; participant: { spec: string }; condition?: unknown }[]): string[] {
  const groups = new Map<string, { runs: number; errors: number }>();
  for (const r of records) {
    const c = r.condition as { name?: unknown } | string | undefined;
    const condition = typeof c === 'string' ? c : typeof c?.name === 'string' ? c.name : '';
    const key = [r.protocol, r.participant.spec, condition].filter(Boolean).join(' · ');
    const g = groups.get(key) ?? { runs: 0, errors: 0 };
    g.runs++;
    if (r.outcome === 'error') g.errors++;
    groups.set(key, g);
  }
  return [...groups]
    .filter(([, g]) => g.errors / g.runs > ERROR_SHARE_WARNING)
    .map(([key, g]) => `${key}: ${((g.errors / g.runs) * 100).toFixed(1)}% of runs ended in error (${g.errors} of ${g.runs}); rates may be biased (runs that make more model calls fail more often). Run again with --retry-errors.`);
}
