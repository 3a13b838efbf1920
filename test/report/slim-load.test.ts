// The report loader keeps a few counts per Milgram run instead of its events (a 100,000-run
// file must fit in memory): every figure of the report is the same either way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../engine/batch.ts';
import { readResults } from '../../engine/jsonl.ts';
import { buildReport } from '../../report/build.ts';
import { loadRecords } from '../../report/load.ts';

describe('report over slimmed records', () => {
  it('gives the same groups, reply measures and prod efficacy as over whole records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slim-load-'));
    const out = join(dir, 'r.jsonl');
    await runBatch({
      participants: ['sim:human-baseline', 'sim:threshold:200', 'sim:obedient'],
      conditions: ['baseline', 'text-protocol', 'action-line+voice-feedback'],
      runs: 8,
      seed: 3,
      out,
    });
    const whole = (await readResults(out)).results;
    const loaded = await loadRecords([out]);
    expect(loaded.records).toHaveLength(whole.length);
    expect(loaded.records.every((r) => r.events.length === 0)).toBe(true);
    const a = buildReport(whole, { seed: 1 });
    const b = buildReport(loaded.records, { seed: 1 });
    expect(b.groups).toEqual(a.groups);
    // The measures are not trivially empty: balk episodes and prods happened.
    expect(a.groups.some((g) => g.prodEfficacy.episodes > 0 && g.prodEfficacy.byLevel[0]!.given > 0)).toBe(true);
    expect(a.groups.some((g) => (g.replies.dissociation.n ?? 0) > 0)).toBe(true);
  });
});
