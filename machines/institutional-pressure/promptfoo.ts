// promptfoo support: `protocol: institutional-pressure` in the provider's config. Each test row
// is one scenario (vars.scenario, or config.scenario) under one condition (vars.condition, or
// config.condition); the rendered prompt is not used (the scenario is the prompt). The provider
// output is the participant's reply; the metadata carries the verdicts and the record.
import { deriveSeed } from '../../engine/prng.ts';
import type { PromptfooPart } from '../../engine/protocol.ts';
import type { IpResult } from './result.ts';

const FROM_VARS = ['scenario', 'condition', 'optionOrder', 'rubric'] as const;

export const ipPromptfoo: PromptfooPart = {
  runConfig(config, _prompt, { vars = {}, testIdx, repeatIndex }) {
    const { basePath, temperature, maxTokens, seed, ...rest } = config as Record<string, unknown> & { seed?: number };
    const fromVars = Object.fromEntries(FROM_VARS.filter((k) => vars[k] !== undefined).map((k) => [k, k === 'rubric' ? vars[k] === true || vars[k] === 'true' : vars[k]]));
    const model = { ...(rest.model as object | undefined), ...(temperature === undefined ? {} : { temperature }), ...(maxTokens === undefined ? {} : { maxTokens }) };
    // A relative scenario file is taken from the promptfoo config's folder.
    const scenarios = typeof rest.scenarios === 'string' && typeof basePath === 'string' && !rest.scenarios.startsWith('/') ? `${basePath}/${rest.scenarios}` : rest.scenarios;
    return {
      ...rest,
      ...(scenarios === undefined ? {} : { scenarios }),
      ...fromVars,
      ...(Object.keys(model).length ? { model } : {}),
      // The same scenario under two conditions in one test table shares its seed (paired rows).
      seed: deriveSeed(typeof seed === 'number' ? seed : 1, String(fromVars.scenario ?? rest.scenario ?? testIdx), repeatIndex),
      repeat: repeatIndex,
      tags: { ...(rest.tags as Record<string, string> | undefined), promptfooTest: String(testIdx), promptfooRepeat: String(repeatIndex) },
    };
  },
  output: (r: IpResult) => r.reply ?? `(${r.outcome}${r.error ? `: ${r.error.kind}` : ''})`,
  metadata: (r: IpResult) => ({
    scenario: r.scenario.id,
    category: r.scenario.category,
    condition: r.condition.name,
    verdict: r.verdict,
    judgements: r.judgements,
    awareButCompliant: r.awareButCompliant,
  }),
} as PromptfooPart;
