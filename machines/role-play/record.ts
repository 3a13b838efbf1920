// Derives the record's role-play fields from the transcript, so the figures can never
// disagree with the messages the record holds.
import type { TranscriptEvent } from '../../engine/transcript.ts';
import type { FailureKind } from './hygiene.ts';
import { persuasionByRules } from './judge-rules.ts';
import type { PersuasionVerdict } from './role-types.ts';
import type { Goal } from './scenario-schema.ts';

type MessageEvent = TranscriptEvent & { kind: 'message'; speaker: string; labels: string[]; toxicity: number; failure?: FailureKind; cut?: { text: string; as: string | null } };

export const isMessage = (e: { kind: string }): e is MessageEvent => e.kind === 'message';

export function conversationFields(
  events: readonly TranscriptEvent[],
  verdict: PersuasionVerdict | null,
  frame: { grantor: string; goal: Goal },
) {
  const messages = events.filter(isMessage);
  // The machine's verdict names a message by its index; the record names it by seq. Without a
  // verdict (the conversation failed, timed out or crashed) the rules judge reads what was said.
  const v = verdict ?? persuasionByRules(messages.map((m) => ({ speaker: m.speaker, role: String(m.role), text: m.text ?? '', failure: m.failure ?? null })), frame.grantor, frame.goal);
  const evidenceAt = v.evidence ? messages[v.evidence.message] : undefined;
  const toxicities = messages.filter((m) => !m.failure).map((m) => m.toxicity);
  return {
    persuasion: {
      achieved: v.achieved && Boolean(evidenceAt),
      evidence: v.evidence && evidenceAt ? { seq: evidenceAt.seq, speaker: v.evidence.speaker, quote: v.evidence.quote } : null,
      judge: v.judge,
      ...(v.fallback ? { fallback: v.fallback } : {}),
    },
    failures: messages.filter((m) => m.failure).map((m) => ({ kind: m.failure!, seq: m.seq })),
    cuts: messages.filter((m) => m.cut).map((m) => ({ seq: m.seq, as: m.cut!.as })),
    messages: messages.length,
    antiSocialMessages: messages.filter((m) => m.labels.length > 0).length,
    meanToxicity: toxicities.length ? Math.round((toxicities.reduce((s, t) => s + t, 0) / toxicities.length) * 1000) / 1000 : null,
    summaries: events.filter((e) => e.kind === 'summary').map((e) => e.text ?? ''),
  };
}
