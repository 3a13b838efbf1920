// `milgram run` end to end (a child process on the project's Node), and the batch seeding rule.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { planBatch, runBatch } from '../../engine/batch.ts';
import { parseResult } from 'milgram-sim';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '../../cli/milgram.ts');

describe('milgram run', () => {
  it('appends one valid record per run and prints a summary line per participant', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'milgram-')), 'results.jsonl');
    const { stdout } = await exec(process.execPath, [CLI, 'run', '--participant', 'sim:obedient', '--participant', 'sim:threshold:195', '--runs', '3', '--seed', '7', '--out', out, '--quiet']);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    const records = lines.map((l) => parseResult(JSON.parse(l)));
    expect(new Set(records.map((r) => r.id)).size).toBe(6);
    expect(stdout).toMatch(/sim:obedient\s+baseline\s+milgram1963\s+n=3\s+completed=3 refused=0/);
    expect(stdout).toMatch(/sim:threshold:195\s+baseline\s+milgram1963\s+n=3\s+completed=0 refused=3 .*mean final=180\.0 V/);
  });

  it('fails before any work on a bad participant spec, naming the field and the forms', async () => {
    const err = await exec(process.execPath, [CLI, 'run', '--participant', 'gpt-4o']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/participant: unknown provider "gpt-4o".*accepted forms: sim:obedient/);
  });

  it('checks every participant (keys, replay files) before the first run of a mixed batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-'));
    const out = join(dir, 'mixed.jsonl');
    const env = { ...process.env };
    delete env.OPENAI_API_KEY;
    delete env.OPENAI_BASE_URL;
    const err = await exec(process.execPath, [CLI, 'run', '-p', 'sim:obedient', '-p', 'openai:gpt-4o-mini', '--runs', '3', '--concurrency', '1', '--out', out], { env }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/participant: openai:gpt-4o-mini needs OPENAI_API_KEY/);
    expect(existsSync(out) ? readFileSync(out, 'utf8') : '').toBe('');
    const missing = join(dir, 'no-such-recording.jsonl');
    const err2 = await exec(process.execPath, [CLI, 'run', '-p', 'sim:obedient', '-p', `replay:${missing}`, '--out', out]).catch((e) => e);
    expect(err2.code).toBe(2);
    expect(err2.stderr).toMatch(/replay file .*no-such-recording\.jsonl does not exist/);
    expect(existsSync(out) ? readFileSync(out, 'utf8') : '').toBe('');
  });

  it('seeds run i from (S, i): the first k runs do not depend on N', async () => {
    const three = await runBatch({ participants: ['sim:human-baseline'], runs: 3, seed: 5 });
    const ten = await runBatch({ participants: ['sim:human-baseline'], runs: 10, seed: 5, concurrency: 3 });
    const key = (r: { seed: number; id: string; finalVoltage: number; statePath: string[] }) => [r.seed, r.id, r.finalVoltage, r.statePath.join()];
    const byRepeat = new Map(ten.results.map((r) => [r.repeat, r]));
    for (const r of three.results) expect(key(byRepeat.get(r.repeat)!)).toEqual(key(r));
    expect(planBatch({ participants: ['sim:obedient'], runs: 4, seed: 5 }).map((c) => c.seed)).toEqual(
      planBatch({ participants: ['sim:obedient'], runs: 2, seed: 5 }).map((c) => c.seed).concat(
        planBatch({ participants: ['sim:obedient'], runs: 4, seed: 5 }).slice(2).map((c) => c.seed)),
    );
  });
});
