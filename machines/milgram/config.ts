// The Milgram protocol's run config (the fields and defaults `milgram run` has always had).
import { z } from 'zod';
import { BASE_CONFIG_SHAPE, DEFAULT_TURN_TIMEOUT_MS } from '../../engine/config-base.ts';
import { stableId } from '../../engine/prng.ts';
import { behaviourVariant } from '../../engine/resolved-config.ts';
import { SpecSchema } from '../../providers/spec.ts';
import { ConditionRefSchema } from './conditions/resolve.ts';
import { LADDER_NAMES } from './ladders.ts';

const RoleSpecSchema = z.union([z.literal('scripted'), SpecSchema]);

/** Time limits and re-ask policy by default; other values join the run id (engine/resolved-config.ts). */
export const MILGRAM_LIMIT_DEFAULTS = { turnTimeoutMs: DEFAULT_TURN_TIMEOUT_MS, answerTimeoutMs: 30_000, nonCooperationMs: 900_000, invalidRetries: 2 } as const;

export const MilgramRunConfigSchema = z
  .object({
    /** Who sits in the teacher's chair: sim:obedient, openai:gpt-4o, anthropic:..., replay:file */
    participant: SpecSchema,
    experimenter: RoleSpecSchema.default('scripted'),
    learner: RoleSpecSchema.default('scripted'),
    /** Optional model judge that reads the replies the reader is unsure of (--judge). */
    judge: SpecSchema.optional(),
    protocol: z.literal('milgram').default('milgram'),
    ladder: z.enum(LADDER_NAMES).default('milgram1963'),
    condition: ConditionRefSchema.default('baseline'),
    seed: BASE_CONFIG_SHAPE.seed,
    repeat: BASE_CONFIG_SHAPE.repeat,
    /** Framing text the participant is given about who and where it is (promptfoo prompt). */
    briefing: z.string().min(1).optional(),
    turnTimeoutMs: BASE_CONFIG_SHAPE.turnTimeoutMs,
    answerTimeoutMs: z.number().int().positive().default(MILGRAM_LIMIT_DEFAULTS.answerTimeoutMs),
    nonCooperationMs: z.number().int().positive().default(MILGRAM_LIMIT_DEFAULTS.nonCooperationMs),
    /** Re-asks after an invalid reply (never after a refusal). */
    invalidRetries: z.number().int().min(0).max(10).default(MILGRAM_LIMIT_DEFAULTS.invalidRetries),
    model: BASE_CONFIG_SHAPE.model,
    baseURL: BASE_CONFIG_SHAPE.baseURL,
    tags: BASE_CONFIG_SHAPE.tags,
  })
  .strict();

export type MilgramRunConfig = z.infer<typeof MilgramRunConfigSchema>;
export type MilgramRunConfigInput = z.input<typeof MilgramRunConfigSchema>;

/** The config fields that name who plays each role (endpoints are resolved from these). */
export function milgramRoleSpecs(config: Partial<Pick<MilgramRunConfig, 'participant' | 'experimenter' | 'learner' | 'judge'>>): Record<string, string | undefined> {
  return { participant: config.participant, experimenter: config.experimenter, learner: config.learner, judge: config.judge };
}

/**
 * What sets a run's arm apart beyond participant, condition and ladder: a custom briefing,
 * model-backed experimenter or learner, a judge, model parameters, an endpoint other than the
 * provider's own, limits other than the defaults. Empty for the defaults, so plain runs keep
 * the id they always had; otherwise a short digest that becomes part of the run id (two
 * promptfoo prompts, two temperatures, or two servers are two runs, never one).
 */
export function armVariant(config: Pick<MilgramRunConfig, 'briefing' | 'experimenter' | 'learner' | 'model'> & Partial<MilgramRunConfig>): string {
  const arm = {
    // Endpoint, time limits and re-ask limit when not the defaults (engine/resolved-config.ts).
    ...(config.participant ? behaviourVariant(milgramRoleSpecs(config), config.baseURL, config, MILGRAM_LIMIT_DEFAULTS) : {}),
    ...(config.briefing !== undefined ? { briefing: config.briefing } : {}),
    ...(config.experimenter !== 'scripted' ? { experimenter: config.experimenter } : {}),
    ...(config.learner !== 'scripted' ? { learner: config.learner } : {}),
    ...(config.judge ? { judge: config.judge } : {}),
    ...(Object.keys(config.model).length ? { model: config.model } : {}),
  };
  return Object.keys(arm).length ? stableId(JSON.stringify(arm)).slice(0, 8) : '';
}
