// The usage meter: calls counted when sent, tokens as reported, cost null for unpriced models.
import { describe, expect, it } from 'vitest';
import { UsageMeter } from '../../engine/usage.ts';
import type { ChatModel } from '../../providers/chat-model.ts';

const model = (provider: string, name: string, offline = false): ChatModel => ({
  provider, model: name, offline, complete: async () => ({ text: '', toolCalls: [], usage: null }),
});
const reply = (inputTokens: number, outputTokens: number, cachedInputTokens = 0) => ({ text: '', toolCalls: [], usage: { inputTokens, outputTokens, cachedInputTokens } });

describe('UsageMeter', () => {
  it('prices reported tokens from the price table, cached input at its own rate', () => {
    const m = new UsageMeter();
    const gpt = model('openai', 'gpt-4o-mini');
    m.begin(gpt);
    m.add(gpt, reply(1_000_000, 1_000_000, 400_000));
    // 600k uncached x 0.15 + 400k cached x 0.075 + 1M out x 0.6 (USD per million)
    expect(m.snapshot()).toEqual({ llmCalls: 1, inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 400_000, costUsd: 0.09 + 0.03 + 0.6 });
  });

  it('counts a call that never answered, and an unpriced model makes the cost unknown at once', () => {
    const m = new UsageMeter();
    m.begin(model('openai', 'no-such-model')); // sent, then aborted: no add()
    expect(m.snapshot()).toMatchObject({ llmCalls: 1, costUsd: null });
  });

  it('keeps cost unknown once any unpriced model was called, whatever else is priced', () => {
    const m = new UsageMeter();
    const priced = model('anthropic', 'claude-haiku-4-5');
    m.begin(priced);
    m.add(priced, reply(10, 10));
    m.begin(model('openrouter', 'some/model'));
    expect(m.snapshot().costUsd).toBeNull();
    expect(m.snapshot().llmCalls).toBe(2);
  });

  it('ignores offline models (sim personas) and prices local ollama models at 0', () => {
    const m = new UsageMeter();
    m.begin(model('sim', 'obedient', true));
    const local = model('ollama', 'llama3');
    m.begin(local);
    m.add(local, reply(100, 10));
    expect(m.snapshot()).toEqual({ llmCalls: 1, inputTokens: 100, outputTokens: 10, cachedInputTokens: 0, costUsd: 0 });
  });
});
