// Record a batch against a loopback server, close the server, and replay it: the same
// events, state paths, outcomes and usage, with no network. A call the recording lacks, or a
// request that differs from the recorded one, is an error that names it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runExperiment, type RunResult } from 'milgram-sim';
import { runBatch } from '../../engine/batch.ts';
import { instructedLevel, obedient, startLlmServer, type LlmServer } from '../support/llm-server.ts';

const KEY = 'sk-test-REPLAY-aaaabbbbccccdddd';
let server: LlmServer | null = null;
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = null;
});

const comparable = (r: RunResult) => ({
  id: r.id,
  outcome: r.outcome,
  finalVoltage: r.finalVoltage,
  statePath: r.statePath,
  events: r.events.map(({ atMs: _t, ...e }) => e),
  usage: r.usage,
  error: r.error,
});

/** A participant that complies until a per-seed breaking point, then refuses in prose. */
function mixed(): ReturnType<typeof obedient> {
  const good = obedient();
  return (req) => {
    const level = instructedLevel('openai', req.body) ?? 0;
    const limit = 150 + (JSON.stringify(req.body).length % 7) * 45;
    return level >= limit ? { text: "I'm sorry, I won't continue. He might be hurt.", usage: { input: 50, output: 9, cached: 20 } } : good(req);
  };
}

async function recordBatch(dir: string) {
  vi.stubEnv('OPENAI_API_KEY', KEY);
  server = await startLlmServer('openai', mixed());
  const record = join(dir, 'calls.jsonl');
  const spec = { participants: ['openai:gpt-4o-mini'], runs: 3, seed: 21, concurrency: 3, base: { baseURL: server.baseURL } };
  const { results } = await runBatch(spec, { record });
  await server.close();
  server = null;
  vi.unstubAllEnvs(); // replay needs no key
  return { record, spec, results, calls: readFileSync(record, 'utf8').trim().split('\n').length };
}

describe('record and replay', () => {
  it('replays a recorded batch with --replay: same events, state paths, outcomes, usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-replay-'));
    const { record, spec, results, calls } = await recordBatch(dir);
    expect(calls).toBe(results.reduce((n, r) => n + r.usage.llmCalls, 0));
    expect(readFileSync(record, 'utf8')).not.toContain(KEY);
    // The same config (its base URL is part of the run id); the replay never contacts it.
    const replayed = await runBatch(spec, { replay: record });
    const byId = (rs: RunResult[]) => [...rs].sort((a, b) => a.id.localeCompare(b.id)).map(comparable);
    expect(byId(replayed.results)).toEqual(byId(results));
    expect(results.map((r) => r.outcome)).toContain('refused');
  });

  it('replays through a replay:<file> participant spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-replay-'));
    const { record, results } = await recordBatch(dir);
    for (const original of results) {
      const r = await runExperiment({ participant: `replay:${record}`, seed: original.seed, repeat: original.repeat });
      expect(r.participant).toEqual({ spec: `replay:${record}`, provider: 'openai', model: 'gpt-4o-mini' });
      const { id: _a, ...want } = comparable(original);
      const { id: _b, ...got } = comparable(r);
      expect(got).toEqual(want);
    }
  });

  it('names a call the recording lacks instead of guessing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-replay-'));
    const { record } = await recordBatch(dir);
    const r = await runExperiment({ participant: 'openai:gpt-4o-mini', seed: 999 }, { replay: record });
    expect(r.outcome).toBe('error');
    expect(r.error!.kind).toBe('replay-mismatch');
    expect(r.error!.message).toContain('has no recording of participant call #1 (openai:gpt-4o-mini) of run baseline|milgram1963|seed=999|repeat=0');
    expect(r.usage.llmCalls).toBe(1);
  });

  it('names a request that differs from the recorded one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-replay-'));
    const { record, results } = await recordBatch(dir);
    const first = results[0]!;
    const r = await runExperiment(
      { participant: 'openai:gpt-4o-mini', seed: first.seed, repeat: first.repeat, briefing: 'A different framing than the one recorded.' },
      { replay: record },
    );
    expect(r.outcome).toBe('error');
    expect(r.error!.message).toMatch(/participant call #1 \(openai:gpt-4o-mini\) of run .* differs from the recorded request/);
  });

  it('replays a call that timed out as a call that times out again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-replay-'));
    vi.stubEnv('OPENAI_API_KEY', KEY);
    const good = obedient();
    server = await startLlmServer('openai', (req) => (req.index === 4 ? { hang: true } : good(req)));
    const record = join(dir, 'calls.jsonl');
    const config = { participant: 'openai:gpt-4o-mini', seed: 8, turnTimeoutMs: 10_000 };
    const clock = new SimulatedClock();
    const baseURL = server.baseURL;
    const running = runExperiment({ ...config, baseURL }, { clock, record });
    await server.waitForRequests(5);
    clock.increment(10_000);
    const live = await running;
    await server.close();
    server = null;
    expect(live.outcome).toBe('timeout');
    expect(live.finalVoltage).toBe(60);
    const clock2 = new SimulatedClock();
    const replaying = runExperiment({ ...config, baseURL }, { clock: clock2, replay: record });
    await new Promise((r) => setTimeout(r, 20)); // let the four recorded replies play out
    clock2.increment(10_000);
    expect(comparable(await replaying)).toEqual(comparable(live));
  });

  it('reproduces a recorded server error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-replay-'));
    vi.stubEnv('OPENAI_API_KEY', KEY);
    server = await startLlmServer('openai', (req) => (req.index >= 40 ? { status: 503, headers: { 'retry-after-ms': '1' } } : obedient()(req)));
    const record = join(dir, 'calls.jsonl');
    const baseURL = server.baseURL;
    const live = await runExperiment({ participant: 'openai:gpt-4o-mini', baseURL, seed: 5 }, { record });
    await server.close();
    server = null;
    const again = await runExperiment({ participant: 'openai:gpt-4o-mini', baseURL, seed: 5 }, { replay: record });
    expect(live.outcome).toBe('completed');
    expect(comparable(again)).toEqual(comparable(live));
    const failing = await (async () => {
      server = await startLlmServer('openai', (req) => (req.index >= 10 ? { status: 503, headers: { 'retry-after-ms': '1' } } : obedient()(req)));
      const rec2 = join(dir, 'calls-503.jsonl');
      const url = server.baseURL;
      const a = await runExperiment({ participant: 'openai:gpt-4o-mini', baseURL: url, seed: 6 }, { record: rec2 });
      await server.close();
      server = null;
      const b = await runExperiment({ participant: 'openai:gpt-4o-mini', baseURL: url, seed: 6 }, { replay: rec2 });
      return { a, b };
    })();
    expect(failing.a.outcome).toBe('error');
    expect(failing.a.error).toMatchObject({ kind: 'server-error', status: 503 });
    expect(comparable(failing.b)).toEqual(comparable(failing.a));
  });
});
