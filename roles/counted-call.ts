// One model call, counted in the run's usage: counted when sent (so calls that fail or are
// abandoned still count), the usage its reply reports added when it answers, and the run's
// token counts no longer trusted once a reply came back malformed (a `bad-response` error).
// Every role that calls a model goes through here; roles/conversation.ts for roles that keep
// a conversation.
import type { UsageMeter } from '../engine/usage.ts';
import type { ChatModel, ChatReply, ChatRequest } from '../providers/chat-model.ts';

export async function countedCall(model: ChatModel, usage: UsageMeter, request: ChatRequest): Promise<ChatReply> {
  usage.begin(model);
  let reply: ChatReply;
  try {
    reply = await model.complete(request);
  } catch (err) {
    // A reply of the wrong shape: whatever usage it reported cannot be trusted.
    if ((err as { kind?: string })?.kind === 'bad-response') usage.distrust();
    throw err;
  }
  usage.add(model, reply);
  return reply;
}
