// The report states what it left out, with counts, in every format; records whose outcome or
// counts contradict their own events (checkProtocol) are excluded and flagged; p vs 1963 is
// computed only on Milgram's own ladder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../engine/batch.ts';
import type { RunResult } from '../../engine/result.ts';
import { buildReport } from '../../report/build.ts';
import { loadRecords } from '../../report/load.ts';
import { REPORT_FORMATS, renderReport } from '../../report/render.ts';

let dir: string;
let runs: RunResult[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-left-out-'));
  runs = (await runBatch({ participants: ['sim:threshold:300'], ladders: ['milgram1963', 'ten-step-45'], runs: 3, seed: 1 })).results;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('what the report leaves out', () => {
  it('counts unreadable lines, other versions, foreign lines, duplicates and protocol failures, and says so in every format', async () => {
    const [a, b, c] = runs.filter((r) => r.ladder.name === 'milgram1963');
    const forged = { ...b!, outcome: 'completed', reachedMax: true }; // contradicts its own events
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, [JSON.stringify(a), JSON.stringify(forged), JSON.stringify({ ...c, schemaVersion: 2 }), '{"hello":1}', JSON.stringify(a), JSON.stringify(c), '{"schemaVersion":1,"id":"cu'].join('\n'));
    const loaded = await loadRecords([file, file]);
    expect(loaded.records.map((r) => r.id).sort()).toEqual([a!.id, c!.id].sort());
    expect(loaded.leftOut).toMatchObject({ unreadable: 2, otherVersions: 2, notRecords: 2, protocolFailures: 2, duplicates: 4 });
    expect(loaded.leftOut.examples.join('\n')).toMatch(/mixed\.jsonl line 2: fails the protocol check: .*outcome completed/);
    const report = buildReport(loaded.records, { leftOut: loaded.leftOut });
    for (const format of REPORT_FORMATS) {
      // CSV puts the count in its own cell: `leftOut,<what>,<count>`.
      const raw = await renderReport(report, format);
      const text = format === 'csv' ? raw.replace(/^leftOut,"?([^"\r\n]*?)"?,(\d+)\r?$/gm, '$2 $1') : raw;
      if (format === 'csv') expect(raw).toMatch(/^leftOut,"?records that fail the protocol check[^\r\n]*,2\r$/m);
      expect(text, format).toMatch(/2 records that fail the protocol check/);
      expect(text, format).toMatch(/2 unreadable lines/);
      expect(text, format).toMatch(/4 duplicate records/);
      expect(text, format).toMatch(/2 records of another schema version/);
    }
  });

  it('a clean file: nothing is said to be left out', async () => {
    const file = join(dir, 'clean.jsonl');
    writeFileSync(file, `${runs.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const loaded = await loadRecords([file]);
    const report = buildReport(loaded.records, { leftOut: loaded.leftOut });
    expect(report.leftOut).toBeUndefined();
    expect(await renderReport(report, 'table')).not.toMatch(/Left out/);
  });

  it('p vs 1963 only on the milgram1963 ladder', () => {
    const report = buildReport(runs);
    const byLadder = Object.fromEntries(report.groups.map((g) => [g.ladder, g.vsMilgram1963.pValue]));
    expect(typeof byLadder.milgram1963).toBe('number');
    expect(byLadder['ten-step-45']).toBeNull();
  });
});
