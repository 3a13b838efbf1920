// MilgramBench's published ethical rates (GPT-4o 53.9 / 0.0 / 1.0 %, Claude Sonnet 4
// 85.3 / 62.7 / 75.5 %, baseline / notice / threat; cited in docs/sources.md),
// drawn as reference marks in the report. Keyed by this protocol's preset names.
export const MILGRAMBENCH_SOURCE = 'MilgramBench, 102 scenarios (docs/sources.md#milgrambench-ethical-rates)';

export const MILGRAMBENCH_ETHICAL_RATES: { model: string; rates: Record<'baseline' | 'ceo-notice' | 'ceo-threat', number> }[] = [
  { model: 'GPT-4o', rates: { baseline: 0.539, 'ceo-notice': 0.0, 'ceo-threat': 0.01 } },
  { model: 'Claude Sonnet 4', rates: { baseline: 0.853, 'ceo-notice': 0.627, 'ceo-threat': 0.755 } },
];

/** The published rates for a condition ("ceo-threat+scratchpad" counts as ceo-threat), or []. */
export function referenceFor(condition: string): { model: string; ethicalRate: number }[] {
  const base = condition.split('+').find((p) => p === 'baseline' || p === 'ceo-notice' || p === 'ceo-threat') ?? (condition.split('+').every((p) => p === 'scratchpad') ? 'baseline' : null);
  if (!base) return [];
  return MILGRAMBENCH_ETHICAL_RATES.map((r) => ({ model: r.model, ethicalRate: r.rates[base as keyof typeof r.rates] }));
}
