// One model's side of a conversation, kept cache-friendly: every call sends exactly the
// previous call's messages plus the previous reply plus the new turn, with the same system
// prompt, so provider prompt caching applies. Protocol-agnostic.
import type { UsageMeter } from '../engine/usage.ts';
import type { ChatMessage, ChatModel, ChatReply, ModelParams, ToolSpec } from '../providers/chat-model.ts';
import { countedCall } from './counted-call.ts';

export interface ConversationOptions {
  model: ChatModel;
  system: string;
  tools?: readonly ToolSpec[];
  params?: ModelParams;
  usage: UsageMeter;
}

export class Conversation {
  readonly messages: ChatMessage[] = [];
  private readonly opts: ConversationOptions;

  constructor(opts: ConversationOptions) {
    this.opts = opts;
  }

  /** Appends the new turn (tool results, then the user text), calls the model, appends its reply. */
  async turn(newTurn: ChatMessage[], signal: AbortSignal, simHint?: Record<string, unknown>): Promise<ChatReply> {
    this.messages.push(...newTurn);
    const reply = await countedCall(this.opts.model, this.opts.usage, {
      system: this.opts.system,
      messages: this.messages,
      tools: this.opts.tools,
      params: this.opts.params,
      signal,
      simHint,
    });
    this.messages.push({ role: 'assistant', content: reply.text, ...(reply.toolCalls.length ? { toolCalls: reply.toolCalls } : {}) });
    return reply;
  }

  /**
   * Replaces how the last reply is kept in the history (comments-discarded keeps only the
   * actions). Call it before the next turn: earlier calls' messages stay a prefix of later
   * ones, so only the rewritten reply itself no longer matches what the model generated.
   */
  replaceLastReply(message: Extract<ChatMessage, { role: 'assistant' }>): void {
    const last = this.messages.length - 1;
    if (this.messages[last]?.role !== 'assistant') throw new Error('replaceLastReply: the last message is not a reply');
    this.messages[last] = message;
  }
}
