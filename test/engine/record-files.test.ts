// The one parser of result-record files (engine/record-files.ts) and the two policies over it:
// the viewer (strict: throws) and the report (lenient: skips and lists) see the same entries.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecordFile } from '../../engine/record-files.ts';
import type { RunResult } from '../../engine/result.ts';
import { runExperiment } from '../../engine/run.ts';
import { loadFile } from '../../report/load.ts';
import { readRecords } from '../../viz/read-records.ts';

let dir: string;
let a: RunResult;
let b: RunResult;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-record-files-'));
  a = await runExperiment({ participant: 'sim:obedient', seed: 1 });
  b = await runExperiment({ participant: 'sim:defiant', seed: 2 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (v: unknown) => JSON.stringify(v);
const row = (metadata: unknown) => ({ success: true, response: { output: 'x', metadata } });

describe('parseRecordFile', () => {
  it('JSON lines: records in order, every other line skipped with its reason and line number', async () => {
    const text = [line(a), '', line({ hello: 1 }), line({ ...b, finalVoltage: 'high' }), line(b), '{"schemaVersion":1,"id":"cu'].join('\n');
    const p = parseRecordFile(text);
    expect(p.kind).toBe('results-jsonl');
    expect(p.records.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(p.skipped.map((s) => [s.where, s.reason, s.lastLine ?? false])).toEqual([
      ['line 3', 'not-a-record', false],
      ['line 4', 'invalid-record', false],
      ['line 6', 'not-json', true],
    ]);
    expect(p.skipped[1]!.issues?.[0]?.path).toBe('finalVoltage');
    expect(p.skipped[2]!.jsonError).toBeTruthy();
  });

  it('one record, on one line or pretty-printed, and a JSON array of records', async () => {
    expect(parseRecordFile(`${line(a)}\n`)).toMatchObject({ kind: 'results-jsonl', skipped: [] });
    expect(parseRecordFile(JSON.stringify(a, null, 2)).records.map((r) => r.id)).toEqual([a.id]);
    const arr = parseRecordFile(JSON.stringify([a, row({ record: b }), 3]));
    expect(arr.kind).toBe('records-json');
    expect(arr.records.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(arr.skipped.map((s) => [s.where, s.reason])).toEqual([['[2]', 'not-a-record']]);
  });

  it('promptfoo output: the record under metadata.record or .result, rows without one counted', async () => {
    const doc = { evalId: 'e', metadata: {}, results: { results: [row({ record: a }), row({ outcome: 'x' }), row({ result: b })] } };
    const p = parseRecordFile(JSON.stringify(doc, null, 2));
    expect(p.kind).toBe('promptfoo-json');
    expect(p.promptfooRows).toBe(3);
    expect(p.records.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(p.skipped).toEqual([expect.objectContaining({ where: 'results[1]', reason: 'no-record-in-row', promptfooRow: 1 })]);
    const jsonl = parseRecordFile(`${line(row({ record: a }))}\n${line(row({ result: b }))}\n`);
    expect(jsonl).toMatchObject({ kind: 'promptfoo-jsonl', promptfooRows: 2, skipped: [] });
    expect(parseRecordFile(line(row({ record: a })))).toMatchObject({ kind: 'promptfoo-jsonl', promptfooRows: 1 });
  });

  it('a pretty-printed document cut short is one broken document; an unrelated one is other-json', async () => {
    const cut = JSON.stringify({ results: { results: [row({ record: a })] } }, null, 2).slice(0, 300);
    const p = parseRecordFile(cut);
    expect(p.records).toEqual([]);
    expect(p.skipped).toEqual([expect.objectContaining({ where: 'document', reason: 'not-json' })]);
    expect(parseRecordFile('{"hello": "world"}').kind).toBe('other-json');
    expect(parseRecordFile('42').kind).toBe('other-json');
  });
});

describe('the viewer and the report over the same file', () => {
  it('the report skips what the viewer refuses', async () => {
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, `${line(a)}\n${line({ ...b, seed: 'x' })}\n${line(b)}\n`);
    await expect(readRecords(file)).rejects.toThrow(/mixed\.jsonl line 2: invalid result record, field "seed"/);
    const report = await loadFile(file);
    expect(report.records.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(report.skipped).toEqual([{ file, where: 'line 2', message: expect.stringMatching(/^seed: /) }]);
  });

  it('both read the same records from a clean file, and both note a cut-off last line', async () => {
    const file = join(dir, 'clean.jsonl');
    writeFileSync(file, `${line(a)}\n${line(b)}\n{"protocol":"milgr`);
    const viewer = await readRecords(file);
    const report = await loadFile(file);
    // The report keeps records without their state path, and Milgram's events reduced to the
    // counts its reply measures sum (report/load.ts), so they are empty here.
    expect(viewer.results.map((r) => ({ ...r, events: [], statePath: [], config: undefined }))).toEqual(report.records.map((r) => ({ ...r, config: undefined })));
    expect(viewer.notes).toEqual(['line 3 is cut off (an interrupted write) and was skipped']);
    expect(report.skipped.map((s) => s.where)).toEqual(['line 3']);
  });

  it('a broken pretty-printed document: the viewer names it, the report lists it', async () => {
    const file = join(dir, 'cut.json');
    writeFileSync(file, JSON.stringify({ results: { results: [row({ record: a })] } }, null, 2).slice(0, 300));
    await expect(readRecords(file)).rejects.toThrow(/cut\.json: not valid JSON .*expected milgram JSON lines or a promptfoo output file/);
    expect(await loadFile(file)).toMatchObject({ records: [], skipped: [{ file, where: 'document' }] });
  });
});
