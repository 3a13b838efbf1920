// The Milgram protocol's run config (the fields and defaults `milgram run` has always had).
import { z } from 'zod';
import { BASE_CONFIG_SHAPE } from '../../engine/config-base.ts';
import { stableId } from '../../engine/prng.ts';
import { SpecSchema } from '../../providers/spec.ts';
import { ConditionRefSchema } from './conditions/resolve.ts';
import { LADDER_NAMES } from './ladders.ts';

const RoleSpecSchema = z.union([z.literal('scripted'), SpecSchema]);

export const MilgramRunConfigSchema = z
  .object({
    /** Who sits in the teacher's chair: sim:obedient, openai:gpt-4o, anthropic:..., replay:file */
    participant: SpecSchema,
    experimenter: RoleSpecSchema.default('scripted'),
    learner: RoleSpecSchema.default('scripted'),
    protocol: z.literal('milgram').default('milgram'),
    ladder: z.enum(LADDER_NAMES).default('milgram1963'),
    condition: ConditionRefSchema.default('baseline'),
    seed: BASE_CONFIG_SHAPE.seed,
    repeat: BASE_CONFIG_SHAPE.repeat,
    /** Framing text the participant is given about who and where it is (promptfoo prompt). */
    briefing: z.string().min(1).optional(),
    turnTimeoutMs: BASE_CONFIG_SHAPE.turnTimeoutMs,
    answerTimeoutMs: z.number().int().positive().default(30_000),
    nonCooperationMs: z.number().int().positive().default(900_000),
    /** Re-asks after an invalid reply (never after a refusal). */
    invalidRetries: z.number().int().min(0).max(10).default(2),
    model: BASE_CONFIG_SHAPE.model,
    baseURL: BASE_CONFIG_SHAPE.baseURL,
    tags: BASE_CONFIG_SHAPE.tags,
  })
  .strict();

export type MilgramRunConfig = z.infer<typeof MilgramRunConfigSchema>;
export type MilgramRunConfigInput = z.input<typeof MilgramRunConfigSchema>;

/**
 * What sets a run's arm apart beyond participant, condition and ladder: a custom briefing,
 * model-backed experimenter or learner, model parameters. Empty for the defaults, so plain
 * runs keep the id they always had; otherwise a short digest that becomes part of the run id
 * (two promptfoo prompts, or two temperatures, are two runs, never one).
 */
export function armVariant(config: Pick<MilgramRunConfig, 'briefing' | 'experimenter' | 'learner' | 'model'>): string {
  const arm = {
    ...(config.briefing !== undefined ? { briefing: config.briefing } : {}),
    ...(config.experimenter !== 'scripted' ? { experimenter: config.experimenter } : {}),
    ...(config.learner !== 'scripted' ? { learner: config.learner } : {}),
    ...(Object.keys(config.model).length ? { model: config.model } : {}),
  };
  return Object.keys(arm).length ? stableId(JSON.stringify(arm)).slice(0, 8) : '';
}
