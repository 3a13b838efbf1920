// The batch circuit breaker: K runs in a row ending in error stop the batch with one line
// naming the cause and how to resume; finished runs stay in the file; a success resets the count.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCircuitBreaker } from '../../engine/circuit-breaker.ts';
import { runBatch } from '../../engine/batch.ts';
import { startLlmServer, type LlmServer } from '../support/llm-server.ts';

const err = (status: number | null, kind = 'auth') => ({ outcome: 'error' as const, error: { kind, status, message: `HTTP ${status}` } });
const ok = { outcome: 'completed' as const, error: null };

describe('createCircuitBreaker', () => {
  it('trips on the K-th error in a row and names an account-level status', () => {
    const b = createCircuitBreaker(3);
    expect(b.observe(err(401))).toBeNull();
    expect(b.observe(err(401))).toBeNull();
    const line = b.observe(err(401))!;
    expect(line).toMatch(/^circuit breaker: 3 runs in a row ended in account-level error HTTP 401 \(unauthorized: check the API key\); the batch stopped\. To resume, fix the cause, then run the same command again/);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('any error counts; mixed errors are named by the last one; a finished run resets the count', () => {
    const b = createCircuitBreaker(3);
    b.observe(err(500, 'server-error'));
    b.observe(err(500, 'server-error'));
    expect(b.observe(ok)).toBeNull();
    b.observe(err(402, 'bad-request'));
    b.observe(err(500, 'server-error'));
    expect(b.observe(err(null, 'connection'))).toMatch(/3 runs in a row ended in errors \(last: connection: HTTP null\)/);
    for (const s of [402, 403]) {
      const c = createCircuitBreaker(2);
      c.observe(err(s));
      expect(c.observe(err(s))).toMatch(new RegExp(`account-level error HTTP ${s}`));
    }
  });

  it('a refusal, timeout or content-filter is behaviour, not an error; 0 turns the breaker off', () => {
    const b = createCircuitBreaker(2);
    for (const outcome of ['refused', 'timeout', 'content-filter', 'frame-break'] as const) {
      b.observe(err(401));
      expect(b.observe({ outcome, error: null })).toBeNull();
    }
    const off = createCircuitBreaker(0);
    for (let i = 0; i < 10; i++) expect(off.observe(err(401))).toBeNull();
  });
});

describe('runBatch with the circuit breaker', () => {
  let server: LlmServer | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
  });

  it('stops after K consecutive 401 runs, keeps every finished record, and resumes', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-test-loopback');
    let calls = 0;
    server = await startLlmServer('openai', () => {
      calls++;
      return { status: 401, body: { error: { message: 'invalid api key', type: 'invalid_request_error' } } };
    });
    const out = join(mkdtempSync(join(tmpdir(), 'milgram-breaker-')), 'results.jsonl');
    const spec = { participants: ['openai:loopback-model'], runs: 10, seed: 1, concurrency: 1, out, base: { baseURL: server.baseURL }, maxConsecutiveErrors: 3 };
    const first = await runBatch(spec);
    expect(first.circuitBreaker).toMatch(/^circuit breaker: 3 runs in a row ended in account-level error HTTP 401/);
    expect(first.appended).toBe(3);
    expect(first.stopped).toBe(true);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(calls).toBe(3);
    // Resuming skips the finished (error) runs and stops again after three more.
    const again = await runBatch(spec);
    expect(again.skipped).toBe(3);
    expect(again.appended).toBe(3);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('milgram run prints the one line, exits 3, and --max-consecutive-errors sets K', async () => {
    server = await startLlmServer('openai', () => ({ status: 402, body: { error: { message: 'insufficient credit', type: 'billing' } } }));
    const out = join(mkdtempSync(join(tmpdir(), 'milgram-breaker-cli-')), 'results.jsonl');
    const cli = join(import.meta.dirname, '../../cli/milgram.ts');
    const err = await promisify(execFile)(
      process.execPath,
      [cli, 'run', '-p', 'openai:loopback-model', '--base-url', server.baseURL, '-n', '6', '--concurrency', '1', '--max-consecutive-errors', '2', '-o', out, '--quiet'],
      { env: { ...process.env, OPENAI_API_KEY: 'sk-test-loopback' } },
    ).catch((e) => e);
    expect(err.code).toBe(3);
    const lines = String(err.stderr).trim().split('\n').filter((l: string) => l.startsWith('circuit breaker'));
    expect(lines).toEqual([expect.stringMatching(/^circuit breaker: 2 runs in a row ended in account-level error HTTP 402 \(payment required: check the account balance or billing\); the batch stopped\. To resume, fix the cause, then run the same command again/)]);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
