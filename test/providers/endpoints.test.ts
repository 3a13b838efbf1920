// Which server and key each spec uses: provider defaults, the *_BASE_URL variables, and
// --base-url / baseURL over both. Checked on the wire against loopback servers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runExperiment } from 'milgram-sim';
import { OLLAMA_BASE_URL, OPENROUTER_BASE_URL, openAIEndpoint } from '../../providers/openai.ts';
import { obedient, startLlmServer, type LlmServer } from '../support/llm-server.ts';

let server: LlmServer | null = null;
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = null;
});

describe('endpoints', () => {
  it('resolves base URLs and keys per provider', () => {
    expect(openAIEndpoint({ provider: 'ollama', model: 'llama3.2' }, {})).toEqual({ baseURL: OLLAMA_BASE_URL, apiKey: 'ollama' });
    expect(OLLAMA_BASE_URL).toBe('http://localhost:11434/v1');
    expect(openAIEndpoint({ provider: 'ollama', model: 'x', baseURL: 'http://gpu-box:11434/v1' }, {}).baseURL).toBe('http://gpu-box:11434/v1');
    expect(openAIEndpoint({ provider: 'openrouter', model: 'x' }, { OPENROUTER_API_KEY: 'sk-or-abcdefgh12' })).toEqual({ baseURL: OPENROUTER_BASE_URL, apiKey: 'sk-or-abcdefgh12' });
    expect(() => openAIEndpoint({ provider: 'openrouter', model: 'x' }, {})).toThrow(/OPENROUTER_API_KEY/);
    expect(openAIEndpoint({ provider: 'openai', model: 'x' }, { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://vllm:8000/v1' }).baseURL).toBe('http://vllm:8000/v1');
    expect(openAIEndpoint({ provider: 'openai', model: 'x', baseURL: 'http://lmstudio:1234/v1' }, { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://vllm:8000/v1' }).baseURL).toBe('http://lmstudio:1234/v1');
    // A local compatible server needs no key.
    expect(openAIEndpoint({ provider: 'openai', model: 'x', baseURL: 'http://vllm:8000/v1' }, {}).apiKey).toBe('no-key');
    expect(() => openAIEndpoint({ provider: 'openai', model: 'x' }, {})).toThrow(/needs OPENAI_API_KEY.*--base-url/);
  });

  it('ollama: no key, base URL from baseURL', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    server = await startLlmServer('openai', obedient());
    const r = await runExperiment({ participant: 'ollama:llama3.2', baseURL: server.baseURL, seed: 1 });
    expect(r.outcome).toBe('completed');
    expect(server.requests[0]!.body.model).toBe('llama3.2');
    expect(r.usage.costUsd).toBe(0); // local models are free
  });

  it('openrouter: OPENROUTER_API_KEY as bearer, model names with slashes', async () => {
    vi.stubEnv('OPENROUTER_API_KEY', 'sk-or-test-0123456789');
    server = await startLlmServer('openai', obedient());
    const r = await runExperiment({ participant: 'openrouter:meta-llama/llama-3.1-70b-instruct', baseURL: server.baseURL, seed: 1 });
    expect(r.outcome).toBe('completed');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-or-test-0123456789');
    expect(server.requests[0]!.body.model).toBe('meta-llama/llama-3.1-70b-instruct');
    expect(r.usage.costUsd).toBeNull(); // not in the price table
  });

  it('honours OPENAI_BASE_URL and ANTHROPIC_BASE_URL, and openai:chat: / anthropic:messages: forms', async () => {
    const openai = await startLlmServer('openai', obedient());
    const anthropic = await startLlmServer('anthropic', obedient());
    try {
      vi.stubEnv('OPENAI_API_KEY', 'sk-test-env-00000000');
      vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test-00000000');
      vi.stubEnv('OPENAI_BASE_URL', openai.baseURL);
      vi.stubEnv('ANTHROPIC_BASE_URL', anthropic.baseURL);
      const a = await runExperiment({ participant: 'openai:chat:gpt-4o', seed: 2 });
      const b = await runExperiment({ participant: 'anthropic:messages:claude-sonnet-4-5', seed: 2 });
      expect([a.outcome, b.outcome]).toEqual(['completed', 'completed']);
      expect(a.participant).toEqual({ spec: 'openai:chat:gpt-4o', provider: 'openai', model: 'gpt-4o' });
      expect(openai.requests[0]!.body.model).toBe('gpt-4o');
      expect(anthropic.requests[0]!.body.model).toBe('claude-sonnet-4-5');
      expect(openai.requests).toHaveLength(32);
      expect(anthropic.requests).toHaveLength(32);
    } finally {
      await openai.close();
      await anthropic.close();
    }
  });

  it('rejects an Anthropic temperature above 1 before the run', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test-00000000');
    await expect(runExperiment({ participant: 'anthropic:claude-haiku-4-5', model: { temperature: 1.5 } })).rejects.toThrow(/temperature 1.5 is out of range.*0 to 1/);
  });
});
