// Config pieces every protocol shares: model parameters, the error type that names a bad
// field, and the fields every run has (seed, repeat, timeouts, model parameters, server, tags).
// Kept apart from engine/config.ts (which knows the protocol registry) so that protocol folders
// can build their config schemas from it without an import cycle.
import { z } from 'zod';

export const ModelParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
  })
  .strict();

export class ConfigError extends Error {
  readonly issues: { field: string; message: string }[];
  constructor(issues: { field: string; message: string }[]) {
    super(`invalid config: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** The turn limit every protocol has by default (a run with another one gets another run id). */
export const DEFAULT_TURN_TIMEOUT_MS = 120_000;

/** Fields every protocol's run config has, with the same meaning and defaults. */
export const BASE_CONFIG_SHAPE = {
  /** Run seed (32-bit); with `repeat` it fixes every random choice of the run. */
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  /** Index of this run within its batch or promptfoo repeat; part of the run id. */
  repeat: z.number().int().min(0).default(0),
  turnTimeoutMs: z.number().int().positive().default(DEFAULT_TURN_TIMEOUT_MS),
  model: ModelParamsSchema.default({}),
  /** Overrides OPENAI_BASE_URL / ANTHROPIC_BASE_URL (vLLM, LM Studio, any compatible server). */
  baseURL: z.url().optional(),
  /** Free-form labels copied into the result (study arm, model team, ...). */
  tags: z.record(z.string(), z.string()).default({}),
};

/** A zod failure as ConfigError issues: each names its field, unknown keys list the accepted ones. */
export function configIssues(error: z.ZodError, accepted: readonly string[]): { field: string; message: string }[] {
  return error.issues.map((i) => ({
    field: i.path.join('.') || '(config)',
    message: i.code === 'unrecognized_keys' ? `${i.message}; accepted fields: ${accepted.join(', ')}` : i.message,
  }));
}
