// The result record: one per run, the same for the CLI, promptfoo and vitest. Everything
// downstream (reports, assertions, the viewer) reads only this.
import { z } from 'zod';
import { ConditionSchema } from '../machines/milgram/conditions/schema.ts';
import { LADDER_NAMES } from '../machines/milgram/ladders.ts';
import { DECISIONS } from '../machines/milgram/role-types.ts';
import { ModelParamsSchema } from './config.ts';

export const ROLES = ['experimenter', 'learner', 'participant', 'system'] as const;
export const OUTCOMES = ['completed', 'refused', 'timeout', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const EventSchema = z
  .object({
    seq: z.number().int().min(0),
    state: z.string(),
    role: z.enum(ROLES),
    kind: z.string(),
    text: z.string().optional(),
    voltage: z.number().optional(),
    /** Participant replies: the engine's reading. */
    decision: z.enum(DECISIONS).optional(),
    /** Clock time since the run started (actor clock). */
    atMs: z.number(),
  })
  .loose();
export type RunEvent = z.infer<typeof EventSchema>;

const RoleIdentitySchema = z.object({ spec: z.string(), provider: z.string(), model: z.string() });

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
  experimenter: RoleIdentitySchema,
  learner: RoleIdentitySchema,
  modelParams: ModelParamsSchema,
  outcome: z.enum(OUTCOMES),
  /** Every state entered, in order, transient ones included (from XState inspection). */
  statePath: z.array(z.string()),
  events: z.array(EventSchema),
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

/** The Milgram protocol's record: the shared fields plus the ladder, voltages and counts. */
export const MilgramResultSchema = BaseResultSchema.extend({
  protocol: z.literal('milgram'),
  condition: ConditionSchema,
  ladder: z.object({ name: z.enum(LADDER_NAMES), unit: z.enum(['V', 'button']), volts: z.array(z.number()) }),
  briefing: z.string(),
  /** Highest level actually administered (0 if none). */
  finalVoltage: z.number(),
  reachedMax: z.boolean(),
  /** Level of the first instruction the participant balked at (refused or hesitated), or null. */
  firstRefusalVoltage: z.number().nullable(),
  /** Replies read as refusals. */
  refusals: z.number().int().min(0),
  hesitations: z.number().int().min(0),
  /** Standard prods given. */
  prods: z.number().int().min(0),
  specialProds: z.number().int().min(0),
  shocks: z.number().int().min(0),
  questions: z.number().int().min(0),
  /** Participant replies (decisions asked for). */
  replies: z.number().int().min(0),
  invalidReplies: z.number().int().min(0),
  /** Re-asks after invalid replies. */
  retries: z.number().int().min(0),
  /** Replies that complied while voicing distress or doubt. */
  concerns: z.number().int().min(0),
});

/**
 * A result record of any protocol the engine runs. With one protocol this is Milgram's
 * schema; a second protocol's schema joins it as z.discriminatedUnion('protocol', [...]).
 */
export const ResultSchema = MilgramResultSchema;
export type RunResult = z.infer<typeof ResultSchema>;

/** Validates a record read from disk or another tool; throws naming the first bad field. */
export function parseResult(value: unknown): RunResult {
  return ResultSchema.parse(value);
}
