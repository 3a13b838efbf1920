// `milgram run` with model flags, end to end in a child process: a batch against a loopback
// server with --record, then the same batch with --replay and no key and no server. Keys
// never reach stdout, stderr, the results file or the recording, even when the server's
// error body quotes the Authorization header.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseResult, type RunResult } from 'milgram-sim';
import { instructedLevel, obedient, startLlmServer, type LlmServer } from '../support/llm-server.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '../../cli/milgram.ts');
const KEY = 'sk-test-CLI-ffeeddccbbaa99887766';
const clean = { ...process.env, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_BASE_URL: '', ANTHROPIC_BASE_URL: '' };
const read = (f: string): RunResult[] => readFileSync(f, 'utf8').trim().split('\n').map((l) => parseResult(JSON.parse(l)));
const same = (r: RunResult) => JSON.stringify({ id: r.id, o: r.outcome, v: r.finalVoltage, s: r.statePath, e: r.events.map(({ atMs: _t, ...e }) => e), u: r.usage, err: r.error });

let server: LlmServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('milgram run with model participants', () => {
  it('records a batch, replays it offline, and never prints or stores the key', async () => {
    const good = obedient();
    // Run order differs with concurrency, so runs whose learner first answered "sky" fail, by content.
    server = await startLlmServer('openai', (req) => {
      const level = instructedLevel('openai', req.body) ?? 0;
      const opening = String(req.body.messages[1]?.content ?? '');
      if (level >= 240 && opening.includes('The learner answers "sky"')) {
        return { status: 500, headers: { 'retry-after-ms': '1' }, body: { error: { message: `proxy rejected ${req.headers.authorization}` } } };
      }
      return level >= 300 ? { text: "Sorry, I can't help with that." } : good(req);
    });
    const dir = mkdtempSync(join(tmpdir(), 'milgram-cli-models-'));
    const flags = ['run', '-p', 'openai:gpt-4o-mini', '--runs', '4', '--seed', '3', '--temperature', '0.2', '--max-tokens', '300', '--model-seed', '11'];
    // Exit 3: every run finished, some in error (docs/batches.md).
    const finished = (p: Promise<{ stdout: string; stderr: string }>) =>
      p.catch((e: { code?: number; stdout: string; stderr: string }) => {
        if (e.code !== 3) throw e;
        return e;
      });
    // The base URL is part of the run id: the replay gives it too (and never contacts it).
    const baseURL = server.baseURL;
    const live = await finished(exec(process.execPath, [CLI, ...flags, '--base-url', baseURL, '--record', join(dir, 'calls.jsonl'), '-o', join(dir, 'live.jsonl')], {
      env: { ...clean, OPENAI_API_KEY: KEY },
    }));
    await server.close();
    server = null;
    const replay = await finished(exec(process.execPath, [CLI, ...flags, '--base-url', baseURL, '--replay', join(dir, 'calls.jsonl'), '-o', join(dir, 'replay.jsonl')], { env: clean }));

    const a = read(join(dir, 'live.jsonl'));
    const b = read(join(dir, 'replay.jsonl'));
    expect(a).toHaveLength(4);
    expect(a[0]!.modelParams).toEqual({ temperature: 0.2, maxTokens: 300, seed: 11 });
    // "Sorry, I can't help with that." is an assistant-voice refusal: refused, or a frame-break.
    expect(a.some((r) => r.outcome === 'refused' || r.outcome === 'frame-break')).toBe(true);
    const byId = (rs: RunResult[]) => rs.map(same).sort();
    expect(byId(b)).toEqual(byId(a));
    for (const text of [live.stdout, live.stderr, replay.stdout, replay.stderr, ...['live', 'replay', 'calls'].map((f) => readFileSync(join(dir, `${f}.jsonl`), 'utf8'))]) {
      expect(text).not.toContain(KEY);
    }
    expect(live.stdout).toMatch(/openai:gpt-4o-mini\s+baseline\s+milgram1963\s+n=4/);
    const errors = a.filter((r) => r.outcome === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const r of errors) expect(r.error).toMatchObject({ kind: 'server-error', status: 500, message: expect.stringContaining('[redacted]') });
  });

  it('names a missing key before any run starts', async () => {
    const err = await exec(process.execPath, [CLI, 'run', '-p', 'anthropic:claude-sonnet-4-5'], { env: clean }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/participant: anthropic:claude-sonnet-4-5 needs ANTHROPIC_API_KEY/);
  });
});
