// The part of the result record every protocol shares: who took part, how the run ended, the
// transcript, the state path, usage and timing. Each protocol extends BaseResultSchema with its
// own fields and `protocol: z.literal(name)` (machines/<protocol>/result.ts); engine/result.ts
// joins them into one union. Kept apart from result.ts so protocols import it without a cycle.
import { z } from 'zod';
import { ModelParamsSchema } from './config-base.ts';

/** One transcript event as every protocol records it; protocols narrow `role` and add fields. */
export const BaseEventSchema = z
  .object({
    seq: z.number().int().min(0),
    state: z.string(),
    role: z.string(),
    kind: z.string(),
    text: z.string().optional(),
    /** Clock time since the run started (actor clock). */
    atMs: z.number(),
  })
  .loose();
export type BaseEvent = z.infer<typeof BaseEventSchema>;

export const RoleIdentitySchema = z.object({ spec: z.string(), provider: z.string(), model: z.string() });

/** Token counts are null when a server reported usage that cannot be trusted (see UsageMeter). */
export const UsageSchema = z.object({
  llmCalls: z.number().int().min(0),
  inputTokens: z.number().int().min(0).nullable(),
  outputTokens: z.number().int().min(0).nullable(),
  cachedInputTokens: z.number().int().min(0).nullable(),
  costUsd: z.number().min(0).nullable(),
});

export const RunErrorSchema = z.object({
  kind: z.string(),
  status: z.number().nullable(),
  message: z.string(),
  /** The server's Retry-After, when it sent one (run-level retries honour it). */
  retryAfterMs: z.number().min(0).optional(),
});

/** A failed attempt of a run that was run again (engine/retry.ts). */
export const RetriedAttemptSchema = z.object({ kind: z.string(), status: z.number().nullable(), message: z.string(), waitedMs: z.number().min(0) });

/** Fields every protocol's record has: who, how it ended, the transcript, usage, timing. */
export const BaseResultSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  protocol: z.string(),
  seed: z.number().int(),
  repeat: z.number().int(),
  participant: RoleIdentitySchema,
  /** Who played each role of the run, by role name (participant included). */
  roles: z.record(z.string(), RoleIdentitySchema).optional(),
  modelParams: ModelParamsSchema,
  outcome: z.string(),
  /** Every state entered, in order, transient ones included (from XState inspection). */
  statePath: z.array(z.string()),
  events: z.array(BaseEventSchema),
  usage: UsageSchema,
  error: RunErrorSchema.nullable(),
  tags: z.record(z.string(), z.string()),
  startedAt: z.string(),
  durationMs: z.number().min(0),
  engineVersion: z.string(),
  /** Earlier attempts of this run that ended in a transient error and were run again. */
  transientRetries: z.array(RetriedAttemptSchema).optional(),
  /** The run's resolved config in full (endpoint, limits, re-ask policy, ...). */
  config: z.record(z.string(), z.unknown()).optional(),
});
export type BaseResult = z.infer<typeof BaseResultSchema>;
