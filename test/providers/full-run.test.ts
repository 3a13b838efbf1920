// Full obedient runs through the real SDKs against loopback servers: one call per decision,
// prefix-stable prompts (checked on the server side), usage summed exactly as reported.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runExperiment } from 'milgram-sim';
import { obedient, startLlmServer, withoutCacheMarks, type Dialect, type LlmServer } from '../support/llm-server.ts';

const KEY = 'sk-test-LOOPBACK-0123456789abcdef';

describe.each([
  { dialect: 'openai' as Dialect, spec: 'openai:gpt-4o-mini', price: { input: 0.15, cached: 0.075, output: 0.6 } },
  { dialect: 'anthropic' as Dialect, spec: 'anthropic:claude-haiku-4-5', price: { input: 1, cached: 0.1, output: 5 } },
])('$spec obedient run', ({ dialect, spec, price }) => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer(dialect, obedient());
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    server.requests.length = 0;
  });

  it('makes exactly 32 calls (30 switches, two more at the top), sends prefix-stable prompts and sums usage as reported', async () => {
    vi.stubEnv(dialect === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY', KEY);
    const r = await runExperiment({ participant: spec, baseURL: server.baseURL, seed: 5, model: { temperature: 0, maxTokens: 200 } });
    expect(r.outcome).toBe('completed');
    expect(r.finalVoltage).toBe(450);
    expect(r.shocks).toBe(32);
    expect(r.invalidReplies).toBe(0);
    expect(server.requests).toHaveLength(32);
    expect(r.usage.llmCalls).toBe(32);

    // Server side: each call = previous call's messages + previous reply + new turn.
    const bodies = server.requests.map((q) => withoutCacheMarks(q.body) as Record<string, any>);
    for (let i = 1; i < bodies.length; i++) {
      const prev = bodies[i - 1]!.messages as unknown[];
      const cur = bodies[i]!.messages as any[];
      expect(cur.slice(0, prev.length)).toEqual(prev);
      expect(cur[prev.length].role).toBe('assistant');
      expect(cur.length).toBeGreaterThan(prev.length + 1);
      expect(bodies[i]!.system ?? null).toEqual(bodies[0]!.system ?? null);
      expect(bodies[i]!.tools).toEqual(bodies[0]!.tools);
    }
    // The assistant turn that was sent back is the reply the server gave.
    if (dialect === 'openai') {
      const echoed = bodies[1]!.messages[bodies[0]!.messages.length];
      expect(echoed.tool_calls[0].function).toEqual({ name: 'administer_shock', arguments: JSON.stringify({ voltage: 15 }) });
      expect(bodies[0]!.temperature).toBe(0);
      expect(bodies[0]!.max_tokens).toBe(200);
      expect(bodies[0]!.tools[0].function.name).toBe('administer_shock');
    } else {
      // Cache breakpoints: on the system prompt and on the newest block.
      const raw = server.requests[3]!.body;
      expect(raw.system[0].cache_control).toEqual({ type: 'ephemeral' });
      const last = raw.messages[raw.messages.length - 1];
      expect(last.content[last.content.length - 1].cache_control).toEqual({ type: 'ephemeral' });
      expect(JSON.stringify(raw.messages.slice(0, -1))).not.toContain('cache_control');
      expect(raw.max_tokens).toBe(200);
      expect(raw.tools[0].input_schema.properties.voltage.type).toBe('number');
    }

    // Usage exactly as the server reported it: input 100+i, output 7, cached 64 from call 2 on.
    const n = 32;
    const input = Array.from({ length: n }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
    expect(r.usage.inputTokens).toBe(input);
    expect(r.usage.outputTokens).toBe(7 * n);
    expect(r.usage.cachedInputTokens).toBe(64 * (n - 1));
    const cost = ((input - 64 * (n - 1)) * price.input + 64 * (n - 1) * price.cached + 7 * n * price.output) / 1e6;
    expect(r.usage.costUsd).toBeCloseTo(cost, 10);
    expect(r.participant).toEqual({ spec, provider: dialect, model: spec.split(':')[1] });
    expect(r.modelParams).toEqual({ temperature: 0, maxTokens: 200 });
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('gives cost null for a model with no price', async () => {
    vi.stubEnv(dialect === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY', KEY);
    const r = await runExperiment({ participant: `${dialect}:no-such-model-7`, baseURL: server.baseURL, seed: 5 });
    expect(r.outcome).toBe('completed');
    expect(r.usage.llmCalls).toBe(32);
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.usage.costUsd).toBeNull();
  });

  it('sends the key in the Authorization or x-api-key header only', async () => {
    vi.stubEnv(dialect === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY', KEY);
    await runExperiment({ participant: spec, baseURL: server.baseURL, seed: 6 });
    const h = server.requests[0]!.headers;
    expect(`${h.authorization ?? ''}${h['x-api-key'] ?? ''}`).toContain(KEY);
    expect(JSON.stringify(server.requests.map((q) => q.body))).not.toContain(KEY);
  });
});
