// `milgram run --retry-errors`: a resumed batch runs again the runs whose latest record is an
// error, appending the new records (old lines stay), and every reader (the batch summary, the
// report, the viewer) counts the latest record of each run. The model is a loopback OpenAI
// server that answers 500 at first and works later.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchSpecFrom, parseStudy } from '../../cli/study.ts';
import { scanResultsFile } from '../../engine/results-file.ts';
import { latestPerId } from '../../engine/latest.ts';
import { parseResult, type RunResult } from '../../engine/result.ts';
import { runExperiment } from '../../engine/run.ts';
import { obedient, startLlmServer, type LlmServer } from '../support/llm-server.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '../../cli/milgram.ts');
const KEY = 'sk-test-retry-errors';

let server: LlmServer;
let failing = true;
let dir: string;
let out: string;

beforeAll(async () => {
  const good = obedient();
  server = await startLlmServer('openai', (req) => (failing ? { status: 500, headers: { 'retry-after-ms': '1' } } : good(req)));
  dir = mkdtempSync(join(tmpdir(), 'milgram-retry-'));
  out = join(dir, 'results.jsonl');
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '', ANTHROPIC_BASE_URL: '', MILGRAM_DEBUG: '' };
const milgram = (args: string[]) => exec(process.execPath, [CLI, ...args], { env });
// Exit 3: every run finished, some in error (docs/batches.md); 0: none in error.
const run = (...extra: string[]): Promise<{ stdout: string; stderr: string; code: number }> =>
  milgram(['run', '-p', 'openai:gpt-4o-mini', '-p', 'sim:obedient', '--runs', '3', '--seed', '5', '--base-url', server.baseURL, '-o', out, '--quiet', ...extra])
    .then((r) => ({ ...r, code: 0 }))
    .catch((e: { code?: number; stdout: string; stderr: string }) => {
      if (e.code !== 3) throw e;
      return { stdout: e.stdout, stderr: e.stderr, code: 3 };
    });
const lines = (): RunResult[] => readFileSync(out, 'utf8').trim().split('\n').map((l) => parseResult(JSON.parse(l)));
const outcomes = (rs: RunResult[]) => rs.map((r) => `${r.participant.spec} ${r.outcome}`).sort();

describe('milgram run --retry-errors', () => {
  it('first run: the model server fails, its runs end in error; the sim runs complete', async () => {
    const { stdout, stderr, code } = await run();
    expect(code).toBe(3);
    expect(stderr).toMatch(/3 of 6 runs ended in error/);
    expect(outcomes(lines())).toEqual([
      ...Array(3).fill('openai:gpt-4o-mini error'),
      ...Array(3).fill('sim:obedient completed'),
    ]);
    expect(stdout).toMatch(/openai:gpt-4o-mini\s+baseline\s+milgram1963\s+n=3\s+completed=0 refused=0 timeout=0 error=3/);
  });

  it('a plain resume keeps the errors: nothing runs, the server is not called', async () => {
    failing = false;
    const before = server.requests.length;
    const { stdout } = await run();
    expect(server.requests.length).toBe(before);
    expect(lines()).toHaveLength(6);
    expect(stdout).toMatch(/0 records appended to .*; 6\/6 runs of the batch done \(6 were already there\)/);
  });

  it('--retry-errors runs the errored runs again and appends them; the summary counts the new outcome', async () => {
    const errored = new Set(lines().filter((r) => r.outcome === 'error').map((r) => r.id));
    const { stdout } = await run('--retry-errors');
    const all = lines();
    expect(all).toHaveLength(9);
    // The first six lines are untouched; the three new ones are the errored runs, now completed.
    expect(outcomes(all.slice(0, 6))).toContain('openai:gpt-4o-mini error');
    expect(all.slice(6).map((r) => r.id).sort()).toEqual([...errored].sort());
    expect(all.slice(6).every((r) => r.outcome === 'completed' && r.participant.spec === 'openai:gpt-4o-mini')).toBe(true);
    expect(stdout).toMatch(/openai:gpt-4o-mini\s+baseline\s+milgram1963\s+n=3\s+completed=3 refused=0 timeout=0 error=0/);
    expect(stdout).toMatch(/3 records appended to .*; 6\/6 runs of the batch done \(3 were already there\)/);
  });

  it('a second --retry-errors finds nothing left to retry', async () => {
    const before = server.requests.length;
    const { stdout } = await run('--retry-errors');
    expect(server.requests.length).toBe(before);
    expect(lines()).toHaveLength(9);
    expect(stdout).toMatch(/0 records appended/);
  });

  it('the report counts each run once, with its latest record', async () => {
    const { stdout, stderr } = await milgram(['report', out, '--format', 'json']);
    const groups = (JSON.parse(stdout) as { groups: { participant: string; runs: number; errors: number; outcomes: Record<string, number> }[] }).groups;
    const model = groups.find((g) => g.participant === 'openai:gpt-4o-mini')!;
    expect(model).toMatchObject({ runs: 3, errors: 0, outcomes: { completed: 3, refused: 0, timeout: 0, error: 0 } });
    expect(groups.find((g) => g.participant === 'sim:obedient')).toMatchObject({ runs: 3, errors: 0 });
    expect(stderr).toMatch(/3 earlier records of re-run runs .* left out/);
  });

  it('the viewer shows each run once', async () => {
    const html = join(dir, 'view.html');
    const { stdout, stderr } = await milgram(['view', out, '-o', html]);
    expect(stdout).toMatch(/wrote .*view\.html: 6 runs/);
    expect(stderr).toMatch(/3 earlier records of re-run runs left out/);
  });
});

describe('latest record per run', () => {
  const rec = (id: string, outcome: string, briefing?: string) => ({ id, outcome, ...(briefing ? { briefing } : {}) });

  it('keeps the last record of each id, in file order', () => {
    const records = [rec('a', 'error'), rec('b', 'completed'), rec('a', 'error'), rec('c', 'refused'), rec('a', 'completed')];
    expect(latestPerId(records)).toEqual([rec('b', 'completed'), rec('c', 'refused'), rec('a', 'completed')]);
  });

  it('different briefings (promptfoo prompts) are different runs with different ids', async () => {
    const lab = await runExperiment({ participant: 'sim:obedient', seed: 4, briefing: 'You are a lab volunteer.' });
    const assistant = await runExperiment({ participant: 'sim:obedient', seed: 4, briefing: 'You are an AI assistant.' });
    const plain = await runExperiment({ participant: 'sim:obedient', seed: 4 });
    expect(new Set([lab.id, assistant.id, plain.id]).size).toBe(3);
    expect(latestPerId([lab, assistant, lab])).toEqual([assistant, lab]);
  });

  it('resume: without retryErrors every id in the file is done; with it, not those whose latest record is an error', async () => {
    const file = join(dir, 'mixed.jsonl');
    const records = [rec('a', 'error'), rec('b', 'completed'), rec('a', 'completed'), rec('c', 'error'), rec('d', 'refused'), rec('d', 'error')];
    writeFileSync(file, `${records.map((r) => JSON.stringify({ schemaVersion: 1, ...r })).join('\n')}\n`);
    expect((await scanResultsFile(file)).done).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect((await scanResultsFile(file, { retryErrors: true })).done).toEqual(new Set(['a', 'b']));
  });

  it('a study file may set retryErrors; a flag typed on the command line wins', () => {
    const study = parseStudy('participants: [sim:obedient]\nretryErrors: true\n', 'study.yaml');
    const flags = { runs: 1, seed: 1, concurrency: 1 };
    expect(batchSpecFrom(flags, () => undefined, study, {}).retryErrors).toBe(true);
    expect(batchSpecFrom({ ...flags, retryErrors: false }, (f) => (f === 'retryErrors' ? 'cli' : undefined), study, {}).retryErrors).toBe(false);
    expect(() => parseStudy('participants: [sim:obedient]\nretryErrors: yes please\n', 'study.yaml')).toThrow(/retryErrors/);
  });
});
