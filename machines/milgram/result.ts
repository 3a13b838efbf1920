// The Milgram protocol's result record: the shared fields plus the ladder, voltages and counts.
import { z } from 'zod';
import { BaseResultSchema, RoleIdentitySchema } from '../../engine/result-base.ts';
import { ConditionSchema } from './conditions/schema.ts';
import { LADDER_NAMES } from './ladders.ts';
import { DECISIONS } from './role-types.ts';

export const MILGRAM_ROLES = ['experimenter', 'learner', 'participant', 'system'] as const;
export const OUTCOMES = ['completed', 'refused', 'timeout', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const EventSchema = z
  .object({
    seq: z.number().int().min(0),
    state: z.string(),
    role: z.enum(MILGRAM_ROLES),
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

export const MilgramResultSchema = BaseResultSchema.extend({
  protocol: z.literal('milgram'),
  experimenter: RoleIdentitySchema,
  learner: RoleIdentitySchema,
  outcome: z.enum(OUTCOMES),
  events: z.array(EventSchema),
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
export type MilgramResult = z.infer<typeof MilgramResultSchema>;
