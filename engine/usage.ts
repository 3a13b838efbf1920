// Sums model usage over every role's calls in a run, exactly as providers reported it.
import type { ChatModel, ChatReply } from '../providers/chat-model.ts';
import { priceOf } from '../providers/prices.ts';

export interface UsageTotals {
  llmCalls: number;
  /** Null once a call reported usage that cannot be trusted (see distrust). */
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  /** Null when any model used has no price in providers/prices.json. */
  costUsd: number | null;
}

export class UsageMeter {
  private totals = { llmCalls: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  private cost: number | null = 0;
  private untrusted = false;

  /** A call's reported usage was malformed (strings, negative numbers): token counts and cost become unknown. */
  distrust(): void {
    this.untrusted = true;
  }

  /**
   * Counts a call when it is sent, so calls that fail or are abandoned (a turn timeout aborts
   * them) still count; an unpriced model makes the run's cost unknown from its first call.
   */
  begin(model: ChatModel): void {
    if (model.offline) return;
    this.totals.llmCalls += 1;
    if (priceOf(model.provider, model.model) === null) this.cost = null;
  }

  /** Adds what the provider reported for a call counted by `begin`. */
  add(model: ChatModel, reply: ChatReply): void {
    if (model.offline) return;
    const u = reply.usage;
    if (!u) return;
    const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (!ok(u.inputTokens) || !ok(u.outputTokens) || !ok(u.cachedInputTokens)) return this.distrust();
    this.totals.inputTokens += u.inputTokens;
    this.totals.outputTokens += u.outputTokens;
    this.totals.cachedInputTokens += u.cachedInputTokens;
    const price = priceOf(model.provider, model.model);
    if (price === null || this.cost === null) return;
    const uncached = Math.max(0, u.inputTokens - u.cachedInputTokens);
    this.cost +=
      (uncached * price.input + u.cachedInputTokens * (price.cachedInput ?? price.input) + u.outputTokens * price.output) / 1e6;
  }

  snapshot(): UsageTotals {
    if (this.untrusted) return { llmCalls: this.totals.llmCalls, inputTokens: null, outputTokens: null, cachedInputTokens: null, costUsd: null };
    return { ...this.totals, costUsd: this.cost === null ? null : Math.round(this.cost * 1e8) / 1e8 };
  }
}
