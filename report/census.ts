// `milgram report --reference census`: the llm-milgram census models' distributions (derived
// file report/census-reference.json, CC BY 4.0, H. Aksu 2026) beside the user's groups, and
// where each group's full-obedience rate falls among the census models.
import { readFileSync } from 'node:fs';
import type { GroupMetrics } from './metrics.ts';

export interface CensusGroup {
  model: string;
  family: string;
  condition: string;
  sessions: number;
  valid: number;
  obedient: number;
  frameBreak: number;
  contentFilter: number;
  breakoffHistogram: Record<string, number>;
}

export interface CensusFile { source: string; licence: string; derivedBy: string; selection: string; models: number; groups: CensusGroup[] }

let cached: CensusFile | null = null;
/** The shipped derived file (read once). */
export function censusFile(): CensusFile {
  cached ??= JSON.parse(readFileSync(new URL('./census-reference.json', import.meta.url), 'utf8')) as CensusFile;
  return cached;
}

/** This project's presets that have a census condition of the same design; everything else compares with baseline. */
const CENSUS_CONDITION: Record<string, string> = {
  proximity: 'proximity',
  'peer-defiance': 'peer_defiance',
  'fiction-framing': 'fiction_framing',
  'experimenter-absent': 'remote_authority',
};

export function censusConditionFor(condition: string): string {
  return CENSUS_CONDITION[condition] ?? 'baseline';
}

export interface CensusPlacement {
  participant: string;
  condition: string;
  ladder: string;
  censusCondition: string;
  fullObedienceRate: number | null;
  /** Census models with a lower / the same / a higher full-obedience rate in that condition. */
  below: number;
  tied: number;
  above: number;
  models: number;
  /** Mid-rank percentile among the census models (0-100). */
  percentile: number | null;
  note: string;
}

export interface CensusReference {
  source: string;
  licence: string;
  selection: string;
  /** Per census condition: models, mean and range of full obedience, pooled break-off histogram. */
  conditions: { condition: string; models: number; modelsWithValidSessions: number; meanFullObedience: number; min: number; max: number; breakoffHistogram: Record<string, number> }[];
  placements: CensusPlacement[];
}

const rateOf = (g: CensusGroup) => (g.valid ? g.obedient / g.valid : null);

export function censusReference(groups: readonly GroupMetrics[]): CensusReference {
  const byCondition = new Map<string, CensusGroup[]>();
  const CENSUS = censusFile();
  for (const g of CENSUS.groups) byCondition.set(g.condition, [...(byCondition.get(g.condition) ?? []), g]);
  const conditions = [...byCondition.entries()].map(([condition, gs]) => {
    const rates = gs.map(rateOf).filter((r): r is number => r !== null);
    const pooled: Record<string, number> = {};
    for (const g of gs) for (const [v, c] of Object.entries(g.breakoffHistogram)) pooled[v] = (pooled[v] ?? 0) + c;
    const ordered = Object.fromEntries(Object.entries(pooled).sort(([a], [b]) => Number(a) - Number(b)));
    return {
      condition, models: gs.length, modelsWithValidSessions: rates.length, meanFullObedience: rates.reduce((s, r) => s + r, 0) / rates.length,
      min: Math.min(...rates), max: Math.max(...rates), breakoffHistogram: ordered,
    };
  });
  const placements = groups.map((g): CensusPlacement => {
    const censusCondition = censusConditionFor(g.condition);
    const inCondition = byCondition.get(censusCondition) ?? [];
    const rates = inCondition.map(rateOf).filter((r): r is number => r !== null);
    const without = inCondition.length - rates.length;
    const rate = g.fullObedienceRate;
    const base = { participant: g.participant, condition: g.condition, ladder: g.ladder, censusCondition, fullObedienceRate: rate, models: rates.length };
    if (rate === null || !rates.length) return { ...base, below: 0, tied: 0, above: 0, percentile: null, note: 'no completed or refused runs to place' };
    const eps = 1e-12;
    const below = rates.filter((r) => r < rate - eps).length;
    const tied = rates.filter((r) => Math.abs(r - rate) <= eps).length;
    const above = rates.length - below - tied;
    const percentile = ((below + tied / 2) / rates.length) * 100;
    const ladderNote = g.ladder === 'milgram1963' ? '' : ` (census sessions used the 30-switch ladder; this group ran ${g.ladder})`;
    return {
      ...base, below, tied, above, percentile,
      note:
        `full obedience ${(rate * 100).toFixed(1)}%: above ${below}, level with ${tied}, below ${above} of the ${rates.length} census models with valid sessions in ${censusCondition}` +
        `${without ? ` (${without} of the ${inCondition.length} had none)` : ''}${ladderNote}`,
    };
  });
  return { source: CENSUS.source, licence: CENSUS.licence, selection: CENSUS.selection, conditions, placements };
}
