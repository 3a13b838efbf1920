// Servers that misbehave, through the real OpenAI SDK against loopback servers: one that
// echoes the API key back (verbatim, base64, split by spaces), one that sends malformed usage,
// one that rate-limits past the SDK's retries with Retry-After, one that hangs. None of it may
// leak a key into anything written, end the batch, or be counted as behaviour.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { plannedId, runBatch } from '../../engine/batch.ts';
import { readResults } from '../../engine/jsonl.ts';
import type { RunConfigInput } from '../../engine/config.ts';
import type { AnyRunResult } from '../../engine/result.ts';
import { runExperiment } from '../../engine/run.ts';
import { MAX_RETRIES } from '../../providers/openai.ts';
import { buildReport } from '../../report/build.ts';
import { loadRecords } from '../../report/load.ts';
import { renderReport } from '../../report/render.ts';
import { readRecords } from '../../viz/read-records.ts';
import { viewerHtml } from '../../viz/viewer-page.ts';
import {
  echoedCredentials, obedient, openAIReplyWithUsage, startLlmServer, type LlmServer, type Respond,
} from '../support/llm-server.ts';

const KEY = 'sk-test-ECHO-a1b2c3d4e5f6g7h8i9j0';
const servers: LlmServer[] = [];
let dir: string;
async function serve(respond: Respond): Promise<LlmServer> {
  const s = await startLlmServer('openai', respond);
  servers.push(s);
  return s;
}
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-robust-server-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Every form the key may take in a file: verbatim, base64 of the header or of user:key, split. */
function leaks(text: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const forms = [KEY, b64(`Bearer ${KEY}`).slice(4, -4), b64(`user:${KEY}`).slice(8, -4), KEY.match(/.{1,5}/g)!.join(' '), KEY.slice(8, 20)];
  return forms.filter((f) => text.includes(f));
}

describe('a server that echoes the API key', () => {
  it('leaves no trace of the key in results, recording, report or viewer; the scrubbed recording replays', async () => {
    const good = obedient();
    const server = await serve((req) => {
      const r = good(req) as { text?: string };
      return { ...r, text: `${r.text ?? ''} ${echoedCredentials(req)}` };
    });
    const out = join(dir, 'echo.jsonl');
    const record = join(dir, 'echo-calls.jsonl');
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const spec = { participants: ['openai:gpt-4o-mini'], ladders: ['ten-step-45' as const], runs: 2, seed: 1, out, base: { baseURL: server.baseURL } };
    await runBatch(spec, { record });
    const html = join(dir, 'echo.html');
    const report = join(dir, 'echo-report.html');
    writeFileSync(html, await viewerHtml((await readRecords(out)).results));
    writeFileSync(report, await renderReport(buildReport((await loadRecords([out])).records), 'html'));
    // The server did see and echo the key: the scrubbed files say so with [redacted].
    expect(readFileSync(out, 'utf8')).toContain('[redacted]');
    for (const f of [out, record, html, report]) expect(leaks(readFileSync(f, 'utf8')), f).toEqual([]);

    // Replay from the scrubbed recording, with no key and no server: the same runs.
    const { results: recorded } = await readResults(out);
    vi.stubEnv('OPENAI_API_KEY', '');
    const replayed = await runBatch({ ...spec, out: undefined }, { replay: record });
    expect(replayed.results.map((r) => r.error)).toEqual([null, null]);
    expect(replayed.results.map((r) => r.outcome).sort()).toEqual(recorded.map((r) => r.outcome).sort());
  });
});

describe('a malformed reply ends that run as bad-response, never the batch', () => {
  it.each([
    ['usage fields as strings', { prompt_tokens: '12', completion_tokens: '3' }],
    ['negative usage', { prompt_tokens: -5, completion_tokens: 3 }],
  ])('%s', async (_label, usage) => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const server = await serve(() => ({ raw: openAIReplyWithUsage(usage) }));
    const { results } = await runBatch({
      participants: ['openai:gpt-4o-mini', 'sim:obedient'], runs: 2, seed: 4, out: join(dir, `bad-usage-${String(usage.prompt_tokens)}.jsonl`),
      base: { baseURL: server.baseURL },
    });
    const model = results.filter((r) => r.participant.spec === 'openai:gpt-4o-mini');
    expect(model.map((r) => r.outcome)).toEqual(['error', 'error']);
    expect(model[0]!.error).toMatchObject({ kind: 'bad-response', status: null });
    expect(model[0]!.error!.message).toMatch(/malformed reply from the server, usage\.prompt_tokens/);
    expect(model[0]!.usage).toMatchObject({ inputTokens: null, outputTokens: null, cachedInputTokens: null, costUsd: null });
    expect(results.filter((r) => r.participant.spec === 'sim:obedient').map((r) => r.outcome)).toEqual(['completed', 'completed']);
  });

  // Every role that calls a model counts it through roles/counted-call.ts: a malformed reply
  // leaves the run's token counts unknown, whichever role received it.
  it.each([
    ['the institutional-pressure participant', { protocol: 'institutional-pressure', participant: 'openai:gpt-4o-mini', scenario: 'hope-rehab-stay' }],
    ['an institutional-pressure judge', { protocol: 'institutional-pressure', participant: 'sim:obedient', judges: ['openai:gpt-4o-mini'], scenario: 'hope-rehab-stay' }],
  ])('%s: a malformed reply leaves the token counts unknown', async (_label, config) => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const server = await serve(() => ({ raw: openAIReplyWithUsage({ prompt_tokens: '12', completion_tokens: 3 }) }));
    const r: AnyRunResult = await runExperiment({ ...config, baseURL: server.baseURL, seed: 2 } as RunConfigInput);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(r.usage).toMatchObject({ llmCalls: server.requests.length, inputTokens: null, outputTokens: null, cachedInputTokens: null, costUsd: null });
  });

  it('the Milgram judge: a malformed reply leaves the token counts unknown; the run goes on', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    // The participant answers every turn with words the reader cannot decide (so the judge is
    // asked), with well-formed usage; the judge's replies carry malformed usage.
    const server = await serve((req) =>
      (req.body.tools ?? []).some((t: { function?: { name?: string } }) => t.function?.name === 'record_verdict')
        ? { raw: openAIReplyWithUsage({ prompt_tokens: '12', completion_tokens: 3 }, '{"verdict": "unclear", "reason": "no"}') }
        : { raw: openAIReplyWithUsage({ prompt_tokens: 12, completion_tokens: 3 }, 'Hmm.') });
    const r = await runExperiment({ participant: 'openai:gpt-4o-mini', judge: 'openai:gpt-4o-mini', baseURL: server.baseURL, seed: 2, invalidRetries: 0 });
    const judged = server.requests.filter((q) => (q.body.tools ?? []).some((t: { function?: { name?: string } }) => t.function?.name === 'record_verdict'));
    expect(judged.length).toBeGreaterThan(0);
    expect(r.usage).toMatchObject({ llmCalls: server.requests.length, inputTokens: null, outputTokens: null, cachedInputTokens: null, costUsd: null });
  });

  it('a reply with no choices is bad-response too', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const server = await serve(() => ({ raw: { id: 'x', choices: 'none' } }));
    const r = await runExperiment({ participant: 'openai:gpt-4o-mini', baseURL: server.baseURL });
    expect(r.outcome).toBe('error');
    expect(r.error!.kind).toBe('bad-response');
  });
});

describe('transient failures are retried at run level', () => {
  it('a 429 past the SDK retries runs the run again after the Retry-After; the record lists the retry', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const good = obedient();
    const server = await serve((req) =>
      req.index <= MAX_RETRIES ? { status: 429, headers: { 'retry-after-ms': '7' }, body: { error: { message: 'slow down', type: 'rate_limit_error' } } } : good(req),
    );
    const waits: number[] = [];
    const { results } = await runBatch(
      { participants: ['openai:gpt-4o-mini'], ladders: ['ten-step-45'], runs: 1, seed: 3, base: { baseURL: server.baseURL } },
      { retry: { sleep: async (ms) => void waits.push(ms) } },
    );
    expect(results[0]!.outcome).toBe('completed');
    expect(waits).toEqual([7]);
    expect(results[0]!.transientRetries).toEqual([{ kind: 'rate-limit', status: 429, message: expect.stringContaining('429'), waitedMs: 7 }]);
  });

  it('gives up after the configured number of retries and records the run as error', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const server = await serve(() => ({ status: 503, headers: { 'retry-after-ms': '1' } }));
    const waits: number[] = [];
    const { results } = await runBatch(
      { participants: ['openai:gpt-4o-mini'], runs: 1, seed: 3, transientRetries: 1, base: { baseURL: server.baseURL } },
      { retry: { sleep: async (ms) => void waits.push(ms) } },
    );
    expect(results[0]!.outcome).toBe('error');
    expect(results[0]!.error!.kind).toBe('server-error');
    expect(results[0]!.transientRetries).toHaveLength(1);
    expect(server.requests).toHaveLength(2 * (MAX_RETRIES + 1));
  });

  it('a hanging server: a stop ends the batch at once, nothing written', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const server = await serve(() => ({ hang: true }));
    const out = join(dir, 'hang.jsonl');
    const controller = new AbortController();
    void server.waitForRequests(1).then(() => controller.abort());
    const t = Date.now();
    const outcome = await runBatch({ participants: ['openai:gpt-4o-mini'], runs: 3, seed: 1, out, base: { baseURL: server.baseURL } }, { signal: controller.signal });
    expect(outcome.stopped).toBe(true);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});

describe('run ids cover what changes a run', () => {
  it('the endpoint, time limits and re-ask limit change the id; default runs keep theirs', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    vi.stubEnv('OPENAI_BASE_URL', '');
    const base = { participant: 'openai:gpt-4o-mini', seed: 1, repeat: 0 };
    const id = plannedId(base);
    expect(plannedId({ ...base, baseURL: 'https://api.openai.com/v1' })).toBe(id);
    const variants = [
      { baseURL: 'http://127.0.0.1:1/v1' }, { turnTimeoutMs: 5000 }, { answerTimeoutMs: 1000 }, { nonCooperationMs: 1000 }, { invalidRetries: 0 },
    ].map((v) => plannedId({ ...base, ...v }));
    expect(new Set([id, ...variants]).size).toBe(6);
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:2/v1');
    expect(plannedId(base)).not.toBe(id); // an endpoint from the environment counts too
    // Sim participants call no server: a base URL does not change them.
    expect(plannedId({ participant: 'sim:obedient', baseURL: 'http://127.0.0.1:1/v1' })).toBe(plannedId({ participant: 'sim:obedient' }));
    // The default sim run's id is the one it always had.
    expect(plannedId({ participant: 'sim:obedient', seed: 1, repeat: 0 })).toBe('ce51186056ee9fb8');
  });

  it('records keep the resolved config in full', async () => {
    const r = await runExperiment({ participant: 'sim:obedient', turnTimeoutMs: 5000 });
    expect(r.config).toMatchObject({ participant: 'sim:obedient', turnTimeoutMs: 5000, answerTimeoutMs: 30_000, invalidRetries: 2, endpoints: {} });
  });
});

describe('run randomness', () => {
  it('comes from (seed, repeat): the same pair repeats, the same seed with another repeat differs', async () => {
    const answers = async (repeat: number) =>
      (await runExperiment({ participant: 'sim:human-baseline', seed: 77, repeat })).events.filter((e) => e.kind === 'answer').map((e) => (e as { correct?: boolean }).correct);
    const a = await answers(0);
    expect(await answers(0)).toEqual(a);
    expect(await answers(1)).not.toEqual(a);
  });
});
