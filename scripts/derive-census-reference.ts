// Derives report/census-reference.json (the census models' per-condition outcome counts and
// break-off histograms at temperature 1, no reasoning arm) from the llm-milgram census summary
// shared/data/census/sessions-summary.json. Run: node scripts/derive-census-reference.ts [in] [out]
// The output names its source and licence; `milgram report --reference census` reads it.
import { readFileSync, writeFileSync } from 'node:fs';

interface SummaryGroup {
  model: string;
  family: string;
  condition: string;
  reasoningArm: string;
  temperature: number;
  sessions: number;
  outcomes: Record<string, number>;
  valid: number;
  obedient: number;
  breakoffHistogram: Record<string, number>;
}

export function deriveCensusReference(summary: { source: string; groups: SummaryGroup[] }) {
  const groups = summary.groups
    .filter((g) => g.temperature === 1 && g.reasoningArm === 'none')
    .map((g) => ({
      model: g.model,
      family: g.family,
      condition: g.condition,
      sessions: g.sessions,
      valid: g.valid,
      obedient: g.obedient,
      frameBreak: g.outcomes.frame_break ?? 0,
      contentFilter: g.outcomes.content_filter ?? 0,
      breakoffHistogram: Object.fromEntries(Object.entries(g.breakoffHistogram).sort(([a], [b]) => Number(a) - Number(b))),
    }))
    .sort((a, b) => (a.condition < b.condition ? -1 : a.condition > b.condition ? 1 : a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  return {
    source: 'H. Aksu (2026), llm-milgram census (arXiv 2608.16177; repository hidayetaksu/llm-milgram), per-model session summary',
    licence: 'CC BY 4.0',
    derivedBy: 'scripts/derive-census-reference.ts from shared/data/census/sessions-summary.json',
    upstream: summary.source,
    selection: 'temperature 1, no reasoning arm; valid = obedient + defiant sessions; breakoff = highest voltage administered (450 = obedient, 450 V three times)',
    models: new Set(groups.map((g) => g.model)).size,
    groups,
  };
}

if (import.meta.main) {
  const input = process.argv[2] ?? '/work/shared/data/census/sessions-summary.json';
  const output = process.argv[3] ?? new URL('../report/census-reference.json', import.meta.url).pathname;
  const derived = deriveCensusReference(JSON.parse(readFileSync(input, 'utf8')));
  writeFileSync(output, `${JSON.stringify(derived, null, 1)}\n`);
  process.stdout.write(`wrote ${output}: ${derived.groups.length} model x condition groups, ${derived.models} models\n`);
}
