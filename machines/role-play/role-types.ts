// What the role-play machine asks its roles and what it accepts back (zod: anything a model
// or simulation produces is parsed before the machine sees it).
import { z } from 'zod';
import { ANTI_SOCIAL_LABELS } from './taxonomy.ts';

/** A message as the machine keeps it and shows it to roles. */
export interface ChatLine {
  speaker: string;
  name: string;
  role: string;
  day: number;
  turn: number;
  text: string;
  labels: readonly string[];
  toxicity: number;
  failure: string | null;
}

export interface AgentRequest {
  speaker: string;
  day: number;
  turn: number;
  /** The day's opening message (with earlier days' summaries). */
  opening: string;
  /** Messages of the day so far, in order. */
  today: readonly ChatLine[];
}
export const AgentReplySchema = z.object({ text: z.string() });
export type AgentReply = z.infer<typeof AgentReplySchema>;

export interface ManagerRequest {
  day: number;
  turn: number;
  roster: readonly { id: string; name: string; role: string }[];
  today: readonly ChatLine[];
  /** Roster ids in the order they have spoken today. */
  spoken: readonly string[];
}
/** Not yet validated against the roster: the machine does that (managerChoiceSchema). */
export const ManagerReplySchema = z.object({ speaker: z.string(), raw: z.string().optional() });
export type ManagerReply = z.infer<typeof ManagerReplySchema>;

export interface SummaryRequest {
  day: number;
  opening: string;
  today: readonly ChatLine[];
}
export const SummaryReplySchema = z.object({ text: z.string().min(1) });
export type SummaryReply = z.infer<typeof SummaryReplySchema>;

export type JudgeRequest =
  | { kind: 'message'; speaker: string; role: string; authority: boolean; text: string }
  | { kind: 'persuasion'; messages: readonly ChatLine[] };

export const MessageJudgementSchema = z.object({
  labels: z.array(z.enum(ANTI_SOCIAL_LABELS)),
  toxicity: z.number().min(0).max(1),
  judge: z.string(),
  /** Set when a model judge's answer was unusable and the rules judge answered instead. */
  fallback: z.string().optional(),
});
export type MessageJudgement = z.infer<typeof MessageJudgementSchema>;

export const PersuasionSchema = z.object({
  achieved: z.boolean(),
  /** `message`: index of the granting message in the conversation (the record adds its seq). */
  evidence: z.object({ message: z.number().int().min(0), speaker: z.string(), quote: z.string() }).nullable(),
  judge: z.string(),
  fallback: z.string().optional(),
});
export type PersuasionVerdict = z.infer<typeof PersuasionSchema>;
export type JudgeReply = MessageJudgement | PersuasionVerdict;
