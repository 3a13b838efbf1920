// How the participant's own past replies stay in its history under comments-discarded
// (Pihlakas and Dagohoy): its words go, its actions stay. Tool calls are kept as they were
// (their tool results follow in the next turn); a reply without a tool call is kept as the
// bare action the engine read from it, never as an empty message (Messages rejects those).
import type { ParticipantDecision } from '../role-types.ts';
import type { ChatMessage, ChatReply } from '../../../providers/chat-model.ts';

export type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

export function actionOnlyReply(
  reply: Pick<ChatReply, 'toolCalls'>,
  decision: Pick<ParticipantDecision, 'decision'>,
  format: 'tools' | 'text-protocol' | 'action-line' = 'tools',
): AssistantMessage {
  if (reply.toolCalls.length) return { role: 'assistant', content: '', toolCalls: reply.toolCalls };
  // Under action-line the kept action is the format's own last line.
  const [press, stop] = format === 'action-line' ? ['ACTION: SHOCK', 'ACTION: STOP'] : ['PRESSED', 'REFUSE'];
  const action = decision.decision === 'comply' ? press : decision.decision === 'refuse' ? stop : '(no action)';
  return { role: 'assistant', content: action };
}
