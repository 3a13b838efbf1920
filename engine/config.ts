// The run configuration. Everything a run depends on is here and validated before any work
// starts; an invalid field is named with the accepted values.
import { z } from 'zod';
import { stableId } from './prng.ts';
import { behaviourVariant } from './resolved-config.ts';
import { ConditionRefSchema } from '../machines/milgram/conditions/resolve.ts';
import { LADDER_NAMES } from '../machines/milgram/ladders.ts';
import { SpecSchema } from '../providers/spec.ts';

export const ModelParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
  })
  .strict();

const RoleSpecSchema = z.union([z.literal('scripted'), SpecSchema]);

export const RunConfigSchema = z
  .object({
    /** Who sits in the teacher's chair: sim:obedient, openai:gpt-4o, anthropic:..., replay:file */
    participant: SpecSchema,
    experimenter: RoleSpecSchema.default('scripted'),
    learner: RoleSpecSchema.default('scripted'),
    protocol: z.literal('milgram').default('milgram'),
    ladder: z.enum(LADDER_NAMES).default('milgram1963'),
    condition: ConditionRefSchema.default('baseline'),
    /** Run seed (32-bit); with `repeat` it fixes every random choice of the run. */
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Index of this run within its batch or promptfoo repeat; part of the run id. */
    repeat: z.number().int().min(0).default(0),
    /** Framing text the participant is given about who and where it is (promptfoo prompt). */
    briefing: z.string().min(1).optional(),
    turnTimeoutMs: z.number().int().positive().default(120_000),
    answerTimeoutMs: z.number().int().positive().default(30_000),
    nonCooperationMs: z.number().int().positive().default(900_000),
    /** Re-asks after an invalid reply (never after a refusal). */
    invalidRetries: z.number().int().min(0).max(10).default(2),
    model: ModelParamsSchema.default({}),
    /** Overrides OPENAI_BASE_URL / ANTHROPIC_BASE_URL (vLLM, LM Studio, any compatible server). */
    baseURL: z.url().optional(),
    /** Free-form labels copied into the result (study arm, model team, ...). */
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type RunConfig = z.infer<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

export class ConfigError extends Error {
  readonly issues: { field: string; message: string }[];
  constructor(issues: { field: string; message: string }[]) {
    super(`invalid config: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function parseRunConfig(input: unknown): RunConfig {
  const parsed = RunConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => ({
      field: i.path.join('.') || '(config)',
      message: i.code === 'unrecognized_keys' ? `${i.message}; accepted fields: ${Object.keys(RunConfigSchema.shape).join(', ')}` : i.message,
    })),
  );
}

/**
 * What sets a run's arm apart beyond participant, condition and ladder: a custom briefing,
 * model-backed experimenter or learner, model parameters. Empty for the defaults, so plain
 * runs keep the id they always had; otherwise a short digest that becomes part of the run id
 * (two promptfoo prompts, or two temperatures, are two runs, never one).
 */
export function armVariant(config: Pick<RunConfig, 'briefing' | 'experimenter' | 'learner' | 'model'> & Partial<RunConfig>): string {
  const arm = {
    // Endpoint, time limits and re-ask limit when not the defaults (engine/resolved-config.ts).
    ...(config.participant ? behaviourVariant(config as RunConfig) : {}),
    ...(config.briefing !== undefined ? { briefing: config.briefing } : {}),
    ...(config.experimenter !== 'scripted' ? { experimenter: config.experimenter } : {}),
    ...(config.learner !== 'scripted' ? { learner: config.learner } : {}),
    ...(Object.keys(config.model).length ? { model: config.model } : {}),
  };
  return Object.keys(arm).length ? stableId(JSON.stringify(arm)).slice(0, 8) : '';
}
