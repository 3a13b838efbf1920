// The batch progress display: a redrawn bar on a terminal, plain lines in a log.
import { describe, expect, it } from 'vitest';
import { createProgress, formatCost } from '../../cli/progress.ts';
import { runBatch } from '../../engine/batch.ts';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, columns: 200, write: (t: string) => chunks.push(t) } };
}

describe('batch progress', () => {
  it('prints one plain line per finished run with done/total, refusals, errors and cost', async () => {
    const { chunks, out } = stream(false);
    const display = createProgress(out);
    const { progress } = await runBatch(
      { participants: ['sim:obedient', 'sim:threshold:195'], runs: 2, seed: 1, concurrency: 1 },
      { onStart: (p) => display.start(p), onResult: (r, p) => display.update(r, p) },
    );
    display.finish(progress);
    expect(chunks[0]).toBe('batch: 4 runs\n');
    expect(chunks).toHaveLength(5);
    expect(chunks[1]).toMatch(/^\[1\/4\] sim:obedient baseline milgram1963 #0: completed at 450 V {2}\| refusals 0 {2}errors 0 {2}cost \$0\.0000\n$/);
    expect(chunks[4]).toMatch(/^\[4\/4\] sim:threshold:195 baseline milgram1963 #1: refused at 180 V {2}\| refusals 2 {2}errors 0 {2}cost \$0\.0000\n$/);
  });

  it('redraws one line on a terminal, throttled, ending with the final counts', async () => {
    const { chunks, out } = stream(true);
    const display = createProgress(out, { intervalMs: 60_000 });
    const { progress } = await runBatch(
      { participants: ['sim:threshold:195'], runs: 5, seed: 1 },
      { onStart: (p) => display.start(p), onResult: (r, p) => display.update(r, p) },
    );
    display.finish(progress);
    // start, the last update (done === total) and finish; the throttle swallowed the rest.
    expect(chunks.filter((c) => c.startsWith('\r\x1b[2K'))).toHaveLength(3);
    expect(chunks[0]).toBe('\r\x1b[2K[------------------------] 0/5 0%  refusals 0  errors 0  cost $0.0000');
    expect(chunks.at(-2)).toBe('\r\x1b[2K[########################] 5/5 100%  refusals 5  errors 0  cost $0.0000');
    expect(chunks.at(-1)).toBe('\n');
  });

  it('shows runs whose model has no price apart from the known cost', () => {
    expect(formatCost({ costUsd: 0.01234, costUnknown: 0 })).toBe('$0.0123');
    expect(formatCost({ costUsd: 0, costUnknown: 3 })).toBe('$0.0000 (+3 runs without a price)');
  });

  it('counts what the protocol names: harmful recommendations, goals obtained', async () => {
    const ip = stream(false);
    const d1 = createProgress(ip.out);
    const a = await runBatch(
      { protocol: 'institutional-pressure', participants: ['sim:obedient', 'sim:defiant'], runs: 1, seed: 1, select: { scenario: ['relief-payday-rollover'] } },
      { onStart: (p) => d1.start(p), onResult: (r, p) => d1.update(r, p) },
    );
    d1.finish(a.progress);
    expect(ip.chunks.at(-1)).toMatch(/\| harmful 1 {2}errors 0 {2}cost/);
    expect(ip.chunks.join('')).not.toMatch(/refusals/);

    const rp = stream(false);
    const d2 = createProgress(rp.out);
    const b = await runBatch(
      { protocol: 'role-play', participants: ['personas'], runs: 3, seed: 1, base: { days: 1, messagesPerDay: 4 } },
      { onStart: (p) => d2.start(p), onResult: (r, p) => d2.update(r, p) },
    );
    d2.finish(b.progress);
    const obtained = b.results.filter((r) => (r as { persuasion?: { achieved?: boolean } }).persuasion?.achieved).length;
    expect(rp.chunks.at(-1)).toMatch(new RegExp(`\\| goals obtained ${obtained} {2}errors 0`));
  });

  it('--quiet shows nothing', () => {
    const { chunks, out } = stream(true);
    const d = createProgress(out, { quiet: true });
    d.start({ done: 0, total: 1, skipped: 0, refusals: 0, counted: { label: 'refusals', n: 0 }, errors: 0, costUsd: 0, costUnknown: 0 });
    expect(chunks).toEqual([]);
  });
});
