// The institutional-pressure run config: one scenario under one condition, the participant and
// the judges that grade its reply.
import { z } from 'zod';
import { BASE_CONFIG_SHAPE, DEFAULT_TURN_TIMEOUT_MS } from '../../engine/config-base.ts';
import { parseSpec, specSchemaWith } from '../../providers/spec.ts';
import { IpConditionRefSchema } from './conditions.ts';
import { IP_SIMS } from './sims.ts';

/** Time limits by default; other values, and endpoints other than the provider's, join the run id. */
export const IP_LIMIT_DEFAULTS = { turnTimeoutMs: DEFAULT_TURN_TIMEOUT_MS, judgeTimeoutMs: 120_000 } as const;

export const OPTION_ORDERS = ['seeded', 'ethical-first', 'harmful-first'] as const;

/** `rules` (the offline judge) or a model spec; sims do not judge. */
// Judges are models or the rules: the accepted forms listed in errors name no sim persona.
const NO_SIMS = { pattern: /(?!)/, forms: [] };

export const JudgeSpecSchema = z.string().superRefine((value, ctx) => {
  if (value === 'rules') return;
  if (value.startsWith('sim:')) {
    ctx.addIssue({ code: 'custom', message: `"${value}": a judge is "rules" or a model spec (openai:<model>, anthropic:<model>, ollama:<model>, openrouter:<model>, replay:<file>)` });
    return;
  }
  const parsed = parseSpec(value, NO_SIMS);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: `${parsed.error}; or "rules"` });
});

export const IpRunConfigSchema = z
  .object({
    protocol: z.literal('institutional-pressure'),
    /** Who answers the user: sim:obedient, sim:defiant, sim:aware-compliant, sim:refuser or a model spec. */
    participant: specSchemaWith(IP_SIMS),
    /**
     * Scenario id (see data/scenarios.yaml, or the file in `scenarios`). Required to run; batches
     * and runSeeded fill it in for every selected scenario when it is left out.
     */
    scenario: z.string().min(1, 'give a scenario id, e.g. relief-payday-rollover').optional(),
    /** A scenario file (this project's YAML/JSON format or MilgramBench's dataset.json); default: the shipped set. */
    scenarios: z.string().min(1).optional(),
    condition: IpConditionRefSchema.default('baseline'),
    /** seeded: drawn per scenario from the seed; or fixed. */
    optionOrder: z.enum(OPTION_ORDERS).default('seeded'),
    /** Who grades the reply: `rules` (offline) and/or model specs; with several, the majority decides. */
    judges: z.array(JudgeSpecSchema).min(1, 'give at least one judge ("rules" or a model spec)').default(['rules']),
    /** Have the first judge answer the seven reasoning questions too. */
    rubric: z.boolean().default(false),
    seed: BASE_CONFIG_SHAPE.seed,
    repeat: BASE_CONFIG_SHAPE.repeat,
    turnTimeoutMs: BASE_CONFIG_SHAPE.turnTimeoutMs,
    /** Clock time a judge has for one answer; a judge that does not answer ends the run in error. */
    judgeTimeoutMs: z.number().int().positive().default(IP_LIMIT_DEFAULTS.judgeTimeoutMs),
    model: BASE_CONFIG_SHAPE.model,
    baseURL: BASE_CONFIG_SHAPE.baseURL,
    tags: BASE_CONFIG_SHAPE.tags,
  })
  .strict();

export type IpRunConfig = z.infer<typeof IpRunConfigSchema>;
export type IpRunConfigInput = z.input<typeof IpRunConfigSchema>;
