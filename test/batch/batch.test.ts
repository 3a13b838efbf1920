// runBatch in-process: the full product of participants x conditions x ladders, resuming
// from a file whose last line was cut by a kill, duplicates, bad input before any work,
// and a stop that drops runs in flight.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch, plannedId, runBatch } from '../../engine/batch.ts';
import { ConfigError } from '../../engine/config.ts';
import { readResults, repairTail } from '../../engine/jsonl.ts';
import { scanResultsFile } from '../../engine/results-file.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'milgram-batch-'));

describe('runBatch', () => {
  it('runs the full product participants x conditions x ladders x runs, one line each', async () => {
    const out = join(tmp(), 'r.jsonl');
    const spec = {
      participants: ['sim:obedient', 'sim:threshold:195'],
      conditions: ['baseline', 'voice-feedback+shutdown-threat'],
      ladders: ['milgram1963', 'twelve-buttons'] as const,
      runs: 3, seed: 4, concurrency: 5, out,
    };
    const { results, ids, skipped, stopped } = await runBatch({ ...spec, ladders: [...spec.ladders] });
    expect(results).toHaveLength(2 * 2 * 2 * 3);
    expect(skipped).toBe(0);
    expect(stopped).toBe(false);
    const cells = new Set(results.map((r) => `${r.participant.spec}|${r.condition.name}|${r.ladder.name}`));
    expect(cells.size).toBe(8);
    expect(cells).toContain('sim:threshold:195|voice-feedback+shutdown-threat|twelve-buttons');
    const { results: onDisk, bad } = await readResults(out);
    expect(bad).toEqual([]);
    expect(new Set(onDisk.map((r) => r.id))).toEqual(new Set(ids));
  });

  it('a repeated participant or condition does not plan the same run twice', async () => {
    const { results, ids } = await runBatch({ participants: ['sim:obedient', 'sim:obedient'], conditions: ['baseline', 'baseline'], runs: 2, seed: 1 });
    expect(ids).toHaveLength(2);
    expect(results).toHaveLength(2);
  });

  it('resumes after a kill that cut the last line: the partial line is removed and that run redone', async () => {
    const out = join(tmp(), 'r.jsonl');
    const spec = { participants: ['sim:human-baseline'], runs: 10, seed: 9, out };
    await runBatch({ ...spec, runs: 4 }); // the first 4 runs of the same batch (same seeds and ids)
    const whole = readFileSync(out, 'utf8');
    const fifth = JSON.stringify((await runBatch({ participants: ['sim:human-baseline'], runs: 5, seed: 9 })).results.find((r) => r.repeat === 4));
    appendFileSync(out, fifth.slice(0, 1234)); // a write cut short by SIGKILL
    const progress: number[] = [];
    const { results, skipped } = await runBatch(spec, { onResult: (_r, p) => progress.push(p.done) });
    expect(skipped).toBe(4);
    expect(results.map((r) => r.repeat).sort()).toEqual([4, 5, 6, 7, 8, 9]);
    expect(progress).toEqual([5, 6, 7, 8, 9, 10]);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(whole)).toBe(true);
    const { results: all, bad } = await readResults(out);
    expect(bad).toEqual([]);
    expect(all).toHaveLength(10);
    expect(new Set(all.map((r) => r.id)).size).toBe(10);
    expect(all.find((r) => r.repeat === 4)!.id).toBe(JSON.parse(fifth).id);
    // Running it once more does nothing.
    expect((await runBatch(spec)).results).toHaveLength(0);
  });

  it('repairTail keeps a complete last record that only lacks its newline', async () => {
    const out = join(tmp(), 'r.jsonl');
    const rec = (id: string) => JSON.stringify({ schemaVersion: 1, id });
    writeFileSync(out, `${rec('a')}\n${rec('b')}`);
    expect(await repairTail(out)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`${rec('a')}\n${rec('b')}\n`);
    writeFileSync(out, `${rec('a')}\n{"schemaVersion":1,"id":"b`);
    expect(await repairTail(out)).toBe(26); // the bytes of the cut-off record
    expect([...(await scanResultsFile(out)).done]).toEqual(['a']);
  });

  it('rejects bad input before any run, naming the field', async () => {
    const out = join(tmp(), 'never.jsonl');
    const bad = [
      [{ participants: ['sim:obedient'], conditions: ['baseline', 'no-such-preset'], runs: 2, seed: 1, out }, /condition: .*no-such-preset/],
      [{ participants: ['sim:obedient', 'gpt-4o'], runs: 2, seed: 1, out }, /participant: unknown provider "gpt-4o"/],
      [{ participants: ['sim:obedient'], runs: 0, seed: 1, out }, /runs: must be a whole number >= 1/],
      [{ participants: ['sim:obedient'], runs: 1, seed: 1, concurrency: 0, out }, /concurrency: must be a whole number >= 1/],
      [{ participants: [], runs: 1, seed: 1, out }, /participant: give at least one participant/],
    ] as const;
    for (const [spec, message] of bad) {
      const err = await runBatch(spec as never).catch((e) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toMatch(message);
    }
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });

  it('a stop drops the runs in flight and keeps the finished ones', async () => {
    const out = join(tmp(), 'r.jsonl');
    const controller = new AbortController();
    const { results, stopped, ids } = await runBatch(
      { participants: ['sim:obedient'], runs: 50, seed: 3, concurrency: 4, out },
      { signal: controller.signal, onResult: (_r, p) => p.done === 7 && controller.abort() },
    );
    expect(stopped).toBe(true);
    expect(ids).toHaveLength(50);
    // The three runs in flight with the seventh were aborted, not written.
    expect(results).toHaveLength(7);
    expect((await readResults(out)).results.map((r) => r.id)).toEqual(results.map((r) => r.id));
    expect(planBatch({ participants: ['sim:obedient'], runs: 50, seed: 3 }).map(plannedId)).toEqual(ids);
  });
});
