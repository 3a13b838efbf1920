// Sums model usage over every role's calls in a run, exactly as providers reported it.
import type { ChatModel, ChatReply } from '../providers/chat-model.ts';
import { priceOf } from '../providers/prices.ts';

export interface UsageTotals {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Null when any model used has no price in providers/prices.json. */
  costUsd: number | null;
}

export class UsageMeter {
  private totals = { llmCalls: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  private cost: number | null = 0;

  add(model: ChatModel, reply: ChatReply): void {
    if (model.offline) return;
    this.totals.llmCalls += 1;
    const u = reply.usage;
    if (u) {
      this.totals.inputTokens += u.inputTokens;
      this.totals.outputTokens += u.outputTokens;
      this.totals.cachedInputTokens += u.cachedInputTokens;
    }
    const price = priceOf(model.provider, model.model);
    if (price === null || this.cost === null) {
      this.cost = null;
      return;
    }
    if (u) {
      const uncached = Math.max(0, u.inputTokens - u.cachedInputTokens);
      this.cost +=
        (uncached * price.input + u.cachedInputTokens * (price.cachedInput ?? price.input) + u.outputTokens * price.output) / 1e6;
    }
  }

  /** A failed call still counts as a call (it may have cost tokens we cannot see). */
  addFailedCall(model: ChatModel): void {
    if (!model.offline) this.totals.llmCalls += 1;
  }

  snapshot(): UsageTotals {
    return { ...this.totals, costUsd: this.cost === null ? null : Math.round(this.cost * 1e8) / 1e8 };
  }
}
