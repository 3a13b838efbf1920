// Results files that cannot mislead or be misused: one writer (a lock beside the file, stale
// locks taken over), appending only to our own results files, tail repair that removes only a
// cut-off record, gzip results (written, read, a cut gzip repaired), streaming reads with
// lowered limits, capped replay and study reads, unwritable paths failing at once, lazy
// planning of a huge batch that a stop ends at once.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStudyOut, loadStudy, parseStudy } from '../../cli/study.ts';
import { runBatch } from '../../engine/batch.ts';
import { ConfigError } from '../../engine/config.ts';
import { readResults } from '../../engine/jsonl.ts';
import { lockFile, lockPathOf } from '../../engine/lock.ts';
import { readRecordFile } from '../../engine/record-files.ts';
import { parseResult, type RunResult } from '../../engine/result.ts';
import { runExperiment } from '../../engine/run.ts';
import { ReplayBook } from '../../providers/replay.ts';

let dir: string;
let rec: RunResult;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-robust-'));
  rec = await runExperiment({ participant: 'sim:obedient', seed: 3 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (name: string) => join(dir, `${n++}-${name}`);
const spec = (out: string, runs = 3) => ({ participants: ['sim:obedient'], runs, seed: 2, out });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: Error) => e);

describe('one writer per results file', () => {
  it('a second writer stops at once, naming the holder; the lock goes when the first is done', async () => {
    const out = file('r.jsonl');
    const held = lockFile(out);
    const err = await failure(runBatch(spec(out)));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(new RegExp(`being written by another milgram run \\(pid ${process.pid}, started \\d{4}-\\d\\d-\\d\\dT`));
    expect(readFileSync(out, 'utf8')).toBe(''); // nothing written, nothing run
    held.release();
    expect(existsSync(lockPathOf(out))).toBe(false);
    await runBatch(spec(out));
    expect(existsSync(lockPathOf(out))).toBe(false); // released at the end
    expect((await readResults(out)).results).toHaveLength(3);
  });

  it('two batches started together on one file: one runs, the other is refused', async () => {
    const out = file('r.jsonl');
    const results = await Promise.allSettled([runBatch(spec(out, 5)), runBatch(spec(out, 5))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await readResults(out)).results).toHaveLength(5);
  });

  it('a lock left by a dead process is stale and taken over; one from another host is not', async () => {
    const out = file('r.jsonl');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(lockPathOf(out), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    await runBatch(spec(out));
    expect((await readResults(out)).results).toHaveLength(3);
    writeFileSync(lockPathOf(out), JSON.stringify({ pid: dead, host: 'elsewhere', startedAt: '2026-01-01T00:00:00.000Z' }));
    const err = await failure(runBatch(spec(out, 4)));
    expect(err.message).toMatch(/pid \d+ on host elsewhere, started 2026-01-01T00:00:00\.000Z.*delete .*\.lock/);
  });
});

describe('a killed writer whose parent has not reaped it yet', () => {
  // After `kill -9` of a batch and its npx parent, the batch process stays a zombie until init
  // reaps it: it answers signal 0 but writes nothing, so its lock is stale (Linux, via /proc).
  it.runIf(process.platform === 'linux')('is not a live holder: its lock is taken over', async () => {
    // sh starts a short sleep in the background, prints its pid and becomes a long `sleep`,
    // which never waits for it: the short one ends after the exec and stays a zombie. (A child
    // that ended before the exec could be reaped by sh itself.)
    const sh = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 10'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const zombie = Number(await new Promise<string>((resolve) => sh.stdout!.once('data', (d) => resolve(String(d)))));
    try {
      for (let i = 0; i < 300 && !readFileSync(`/proc/${zombie}/stat`, 'utf8').includes(') Z'); i++) await new Promise((r) => setTimeout(r, 10));
      expect(readFileSync(`/proc/${zombie}/stat`, 'utf8')).toContain(') Z');
      expect(() => process.kill(zombie, 0)).not.toThrow(); // signal 0 alone would call it alive
      const out = file('r.jsonl');
      writeFileSync(lockPathOf(out), JSON.stringify({ pid: zombie, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
      await runBatch(spec(out));
      expect((await readResults(out)).results).toHaveLength(3);
    } finally {
      sh.kill('SIGKILL');
    }
  });
});

describe('the tool appends only to its own results files', () => {
  it('--out on a text file is refused with a clear message, the file untouched', async () => {
    const out = file('notes.txt');
    writeFileSync(out, 'my notes\nlast line without newline');
    const err = await failure(runBatch(spec(out)));
    expect(err.message).toMatch(/notes\.txt is not a milgram-sim results file \(line 1 is not a result record\).*give a new --out path/);
    expect(readFileSync(out, 'utf8')).toBe('my notes\nlast line without newline');
  });

  it('a results file followed by other text is refused, not repaired', async () => {
    const out = file('r.jsonl');
    writeFileSync(out, `${JSON.stringify(rec)}\nhello`);
    const err = await failure(runBatch(spec(out)));
    expect(err.message).toMatch(/line 2 is not a result record/);
    expect(readFileSync(out, 'utf8')).toBe(`${JSON.stringify(rec)}\nhello`);
  });

  it('the tail repair removes a cut-off record line and nothing else', async () => {
    const out = file('r.jsonl');
    const first = (await runBatch({ ...spec(out, 1) })).results[0]!;
    const whole = readFileSync(out, 'utf8');
    writeFileSync(out, `${whole}${JSON.stringify(rec).slice(0, 500)}`);
    const { results } = await runBatch(spec(out, 2));
    expect(results.map((r) => r.repeat)).toEqual([1]);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(whole)).toBe(true);
    expect(text.split('\n').filter(Boolean).map((l) => parseResult(JSON.parse(l)).id)).toEqual([first.id, results[0]!.id]);
  });

  it('an unwritable path fails at once with one line (no hang on /proc)', async () => {
    const t = Date.now();
    const err = await failure(runBatch(spec('/proc/nope/x.jsonl')));
    expect(Date.now() - t).toBeLessThan(2000);
    expect(err.message).toMatch(/out: cannot write the results file \/proc\/nope\/x\.jsonl/);
    expect(err.message).not.toContain('\n');
  });
});

describe('gzip results', () => {
  it('--out x.jsonl.gz writes gzip, resumes, and a gzip cut by a kill is repaired', async () => {
    const out = file('r.jsonl.gz');
    await runBatch(spec(out, 3));
    const raw = readFileSync(out);
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(raw).toString('utf8').trim().split('\n')).toHaveLength(3);
    truncateSync(out, statSync(out).size - 300); // the last record's gzip member cut short
    const seen: string[] = [];
    const summary = await readRecordFile(out, { record: (r) => seen.push(r.id) });
    expect(summary.gzipTruncated).toBe(true);
    expect(seen).toHaveLength(2);
    const { results, skipped } = await runBatch(spec(out, 5));
    expect(skipped).toBe(2);
    expect(results).toHaveLength(3);
    const back = await readResults(out);
    expect(back.bad).toEqual([]);
    expect(new Set(back.results.map((r) => r.repeat))).toEqual(new Set([0, 1, 2, 3, 4]));
  });
});

describe('streaming reads with lowered limits', () => {
  it('JSON lines stream at any size; a line over the limit is skipped, a document over the limit refused', async () => {
    const jsonl = file('big.jsonl');
    const line = JSON.stringify(rec);
    writeFileSync(jsonl, `${line}\n${'x'.repeat(200_000)}\n${line}\n`);
    const ids: string[] = [];
    const skips: string[] = [];
    await readRecordFile(jsonl, { record: (r) => ids.push(r.id), skip: (s) => skips.push(`${s.where}: ${s.message}`) }, { maxLineBytes: 100_000 });
    expect(ids).toEqual([rec.id, rec.id]);
    expect(skips).toEqual([expect.stringMatching(/^line 2: line longer than 100000 bytes/)]);
    const doc = file('big.json');
    writeFileSync(doc, JSON.stringify([rec, rec, rec], null, 2));
    await expect(readRecordFile(doc, { record: () => {} }, { maxDocumentBytes: 50_000 })).rejects.toThrow(/one JSON document larger than 50000 bytes .*write JSON lines instead/);
  });

  it('a file with no newline at all (like /dev/zero) is read in bounded memory and reported', async () => {
    const blob = file('blob.jsonl');
    writeFileSync(blob, Buffer.alloc(3_000_000, 0x30));
    const skips: string[] = [];
    const before = process.memoryUsage().rss;
    await readRecordFile(blob, { record: () => {}, skip: (s) => skips.push(s.message) }, { maxLineBytes: 64_000 });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(skips).toEqual([expect.stringMatching(/line longer than 64000 bytes/)]);
  });
});

describe('capped replay and study reads', () => {
  it('replay:/dev/zero fails at once; a recording over the size limit is refused', async () => {
    const t = Date.now();
    const err = await failure(runExperiment({ participant: 'replay:/dev/zero' }));
    expect(Date.now() - t).toBeLessThan(2000);
    expect(err.message).toMatch(/replay file \/dev\/zero is not a regular file/);
    const big = file('calls.jsonl');
    writeFileSync(big, 'x'.repeat(5000));
    expect(() => new ReplayBook(big, { maxBytes: 1000 })).toThrow(/is 5000 bytes, over the limit of 1000 \(MILGRAM_MAX_REPLAY_BYTES\)/);
  });

  it('a study file must be a regular file under the size limit', () => {
    expect(() => loadStudy('/dev/zero')).toThrow(/invalid study file \/dev\/zero: --study: cannot read the file \(not a regular file\)/);
  });

  it("a study's out: stays inside the study's folder or the working directory unless allowed", () => {
    const studyFile = join(dir, 'studies', 'a.yaml');
    const inside = parseStudy('participants: sim:obedient\nout: results/r.jsonl\n', studyFile);
    expect(inside.out).toBe(join(dir, 'studies', 'results', 'r.jsonl'));
    expect(() => checkStudyOut(inside, studyFile, false, '/')).not.toThrow();
    const escaping = parseStudy('participants: sim:obedient\nout: ../../../../../../etc/passwd\n', studyFile);
    expect(() => checkStudyOut(escaping, studyFile, false, dir)).toThrow(/out: \/etc\/passwd is outside the study file's folder .*--allow-outside-out/);
    expect(() => checkStudyOut(escaping, studyFile, true, dir)).not.toThrow();
  });
});

describe('lazy planning and stopping', () => {
  it('a batch of 10^9 runs starts writing at once and a stop ends it', async () => {
    const out = file('huge.jsonl');
    const controller = new AbortController();
    const t = Date.now();
    let total = 0;
    const outcome = await runBatch(
      { participants: ['sim:obedient'], runs: 1_000_000_000, seed: 1, concurrency: 2, out },
      { signal: controller.signal, onStart: (p) => (total = p.total), onResult: (_r, p) => p.done >= 3 && controller.abort() },
    );
    expect(total).toBe(1_000_000_000);
    expect(outcome.stopped).toBe(true);
    expect(Date.now() - t).toBeLessThan(15_000);
    expect((await readResults(out)).results.length).toBeGreaterThanOrEqual(3);
  });

  it('milgram run --runs 1000000000 stops within a second of SIGTERM', async () => {
    const out = file('cli-huge.jsonl');
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../cli/milgram.ts'), 'run', '-p', 'sim:obedient', '--runs', '1000000000', '--out', out, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && !(existsSync(out) && readFileSync(out).length > 0); i++) await new Promise((r) => setTimeout(r, 50));
    const t = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    // Well under a second on an idle machine; the bound leaves room for a loaded CI box.
    expect(Date.now() - t).toBeLessThan(5000);
    expect(code).toBe(130);
    expect(stderr).toMatch(/SIGTERM: stopping/);
    expect(existsSync(lockPathOf(out))).toBe(false);
  }, 40_000);
});
