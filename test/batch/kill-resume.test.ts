// A batch killed mid-way by a real signal, then resumed by re-running the same command:
// no record lost, duplicated or partial, and exactly the planned count at the end.
// The batch runs as `npx milgram run` in its own process group, as from a terminal (Ctrl+C
// reaches the whole foreground group).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planBatch, plannedId } from '../../engine/batch.ts';
import { parseResult, type RunResult } from '../../engine/result.ts';
import { obedient, startLlmServer, type LlmServer } from '../support/llm-server.ts';

const ROOT = join(import.meta.dirname, '../..');

interface Finished { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Starts `npx milgram run ...` as the leader of a new process group. */
function startBatch(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn('npx', ['milgram', 'run', ...args], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  // 'close' waits for every process holding the pipes (npx's node child too), not just npx.
  const finished = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, finished };
}

const countLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);

async function whenLines(file: string, n: number, finished: Promise<Finished>): Promise<number> {
  let done = false;
  void finished.then(() => (done = true));
  for (;;) {
    const have = countLines(file);
    if (have >= n) return have;
    if (done) throw new Error(`the batch ended with ${have} lines before it could be interrupted at ${n}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Every line a whole, valid record; ids distinct. */
function readAll(file: string): RunResult[] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const records = text.slice(0, -1).split('\n').map((line) => parseResult(JSON.parse(line)));
  expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  return records;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a batch killed mid-way and resumed', () => {
  it('SIGKILL (no chance to clean up): the re-run completes exactly the planned runs', async () => {
    const out = join(dir, 'killed.jsonl');
    // Many simulated runs with large records (about 37 kB a line), so the kill may land mid-write.
    const args = ['--participant', 'sim:human-baseline', '--participant', 'sim:threshold:330', '--runs', '200', '--seed', '11', '--concurrency', '4', '--out', out];
    const first = startBatch(args);
    const atKill = await whenLines(out, 15, first.finished);
    process.kill(-first.child.pid!, 'SIGKILL');
    const killed = await first.finished;
    expect(killed.signal).toBe('SIGKILL');
    const afterKill = readFileSync(out);
    const wholeLines = afterKill.subarray(0, afterKill.lastIndexOf(0x0a) + 1).toString('utf8').split('\n').length - 1;
    expect(wholeLines).toBeGreaterThanOrEqual(atKill);
    expect(wholeLines).toBeLessThan(400); // interrupted, not finished

    const second = await startBatch(args).finished;
    expect(second.code, second.stderr).toBe(0);
    const records = readAll(out);
    expect(records).toHaveLength(400);
    const planned = planBatch({ participants: ['sim:human-baseline', 'sim:threshold:330'], runs: 200, seed: 11 }).map(plannedId);
    expect(new Set(records.map((r) => r.id))).toEqual(new Set(planned));
    // Every whole line written before the kill is still there, unchanged, at the start.
    expect(readFileSync(out, 'utf8').startsWith(afterKill.subarray(0, afterKill.lastIndexOf(0x0a) + 1).toString('utf8'))).toBe(true);
    expect(second.stdout).toMatch(new RegExp(`${400 - wholeLines} records appended to .*; 400/400 runs of the batch done \\(${wholeLines} were already there\\)`));
    // 400 runs through the CLI take seconds on a quiet machine; a minute and more on a shared one.
  }, 180_000);

  describe('SIGINT (Ctrl+C) with model runs in flight', () => {
    let server: LlmServer;
    beforeAll(async () => {
      const reply = obedient({ usage: () => ({ input: 1000, output: 10 }) });
      // Each model reply takes a while, so several runs are always in flight.
      server = await startLlmServer('openai', async (req) => {
        await new Promise((r) => setTimeout(r, 8));
        return reply(req);
      });
    });
    afterAll(() => server.close());
    afterEach(() => {
      server.requests.length = 0;
    });

    it('stops cleanly keeping finished runs; the re-run ends with exactly 30 distinct records', async () => {
      const out = join(dir, 'interrupted.jsonl');
      const env = { OPENAI_API_KEY: 'sk-test-loopback', OPENAI_BASE_URL: server.baseURL };
      const args = ['--participant', 'openai:gpt-4o-mini', '--ladder', 'ten-step-45', '--runs', '30', '--concurrency', '3', '--out', out];
      const first = startBatch(args, env);
      await whenLines(out, 5, first.finished);
      process.kill(-first.child.pid!, 'SIGINT');
      const stopped = await first.finished;
      const kept = readAll(out);
      expect(kept.length).toBeGreaterThanOrEqual(5);
      expect(kept.length).toBeLessThan(30);
      expect(stopped.stderr).toContain('SIGINT: stopping; runs in flight are dropped, finished runs are kept');
      expect(stopped.stderr).toMatch(new RegExp(`stopped with ${30 - kept.length} runs to go`));
      // Every kept record is a complete run, never one cut short by the stop.
      for (const r of kept) {
        expect(r.outcome).toBe('completed');
        expect(r.shocks).toBe(10);
      }
      // Every kept run made its 10 calls; runs in flight at the signal may have made more, which
      // were dropped (how many depends on timing, so this bound is not strict).
      expect(server.requests.length).toBeGreaterThanOrEqual(kept.length * 10);

      const second = await startBatch(args, env).finished;
      expect(second.code, second.stderr).toBe(0);
      const all = readAll(out);
      expect(all).toHaveLength(30);
      expect(all.slice(0, kept.length)).toEqual(kept);
      expect(new Set(all.map((r) => r.repeat))).toEqual(new Set(Array.from({ length: 30 }, (_, i) => i)));
      expect(second.stdout).toMatch(new RegExp(`${30 - kept.length} records appended to .*; 30/30 runs of the batch done \\(${kept.length} were already there\\)`));
    }, 180_000);
  });
});
