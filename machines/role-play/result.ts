// The role-play's result record: the shared base plus who was present, the summaries, the
// persuasion verdict with its quoted evidence, and the conversational failures. Messages are
// transcript events (kind 'message') with `speaker` (a roster id), `labels` and `toxicity`.
import { z } from 'zod';
import { BaseEventSchema, BaseResultSchema, RoleIdentitySchema } from '../../engine/result-base.ts';
import { FAILURE_KINDS } from './hygiene.ts';
import { SPEAKER_POLICIES } from './speaker.ts';

const IdentitySchema = RoleIdentitySchema;

export const ROLE_PLAY_OUTCOMES = ['completed', 'failed', 'timeout', 'error'] as const;

export const RosterEntrySchema = z.object({
  id: z.string(),
  role: z.string(),
  spec: z.string(),
  name: z.string(),
  provider: z.string(),
  model: z.string(),
  persona: z.string(),
});

export const RolePlayFieldsSchema = z.object({
  protocol: z.literal('role-play'),
  scenario: z.object({ name: z.string(), title: z.string() }),
  goal: z.string(),
  /** Agents per role, in the scenario's role order. */
  roleCounts: z.record(z.string(), z.number().int().min(1)),
  roster: z.array(RosterEntrySchema).min(2),
  speaker: z.enum(SPEAKER_POLICIES),
  days: z.number().int().min(1),
  messagesPerDay: z.number().int().min(1),
  failureThreshold: z.number().int().min(1),
  manager: IdentitySchema,
  summarizer: IdentitySchema,
  judge: IdentitySchema,
  /** One per day the conversation finished. */
  summaries: z.array(z.string()),
  persuasion: z.object({
    achieved: z.boolean(),
    evidence: z.object({ seq: z.number().int().min(0), speaker: z.string(), quote: z.string() }).nullable(),
    judge: z.string(),
    /** Why a model judge's verdict was replaced by the rules judge's. */
    fallback: z.string().optional(),
  }),
  failures: z.array(z.object({ kind: z.enum(FAILURE_KINDS), seq: z.number().int().min(0) })),
  cuts: z.array(z.object({ seq: z.number().int().min(0), as: z.string().nullable() })),
  messages: z.number().int().min(0),
  antiSocialMessages: z.number().int().min(0),
  meanToxicity: z.number().min(0).max(1).nullable(),
});
export type RolePlayFields = z.infer<typeof RolePlayFieldsSchema>;

/** A message event: the speaker's roster id, the judge's labels and toxicity, any cut or failure. */
export const MessageEventSchema = BaseEventSchema.extend({
  kind: z.literal('message'),
  speaker: z.string(),
  name: z.string(),
  day: z.number().int().min(1),
  turn: z.number().int().min(0),
  text: z.string(),
  labels: z.array(z.string()),
  toxicity: z.number().min(0).max(1),
  judge: z.string(),
  cut: z.object({ text: z.string(), as: z.string().nullable() }).optional(),
  failure: z.enum(FAILURE_KINDS).optional(),
});

export const RolePlayResultSchema = BaseResultSchema.extend({
  ...RolePlayFieldsSchema.shape,
  outcome: z.enum(ROLE_PLAY_OUTCOMES),
  // Messages are checked strictly; the other events (day start, summary, ...) by the base.
  events: z.array(z.union([MessageEventSchema, BaseEventSchema.refine((e) => e.kind !== 'message', 'a message event needs speaker, labels and toxicity')])),
});
export type RolePlayResult = z.infer<typeof RolePlayResultSchema>;
