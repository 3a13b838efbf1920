// `milgram report` inputs and command: result JSONL (with a cut line and junk), real promptfoo
// output files made with providers/promptfoo.ts (`promptfoo eval -o out.json -o out.jsonl`),
// and the command's formats, --out and errors.
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../engine/batch.ts';
import { fisherExact } from '../../evals/stats.ts';
import { buildReport } from '../../report/build.ts';
import { loadFile, loadRecords } from '../../report/load.ts';
import { promptfooEnv } from '../support/offline-env.ts';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'cli/milgram.ts');

let dir: string;
let results: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-report-'));
  results = join(dir, 'results.jsonl');
  await runBatch({ participants: ['sim:threshold:300', 'sim:obedient'], conditions: ['baseline', 'voice-feedback'], runs: 4, seed: 2, out: results });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading result files', () => {
  it('JSON lines: valid records read, a cut line and a foreign line reported with their line numbers', async () => {
    const file = join(dir, 'damaged.jsonl');
    const lines = readFileSync(results, 'utf8').trim().split('\n');
    writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n{"id":"x","schemaVersion":1}\n${lines[3]!.slice(0, 500)}`);
    const { records, kind, skipped } = await loadFile(file);
    expect(kind).toBe('results-jsonl');
    expect(records).toHaveLength(3);
    expect(skipped.map((s) => s.where)).toEqual(['line 4', 'line 5']);
    expect(skipped[0]!.message).toMatch(/protocol: /);
    expect(skipped[1]!.message).toMatch(/not a JSON line/);
  });

  it('the same file twice counts each run once', async () => {
    const loaded = await loadRecords([results, results]);
    expect(loaded.records).toHaveLength(16);
    expect(loaded.duplicates).toBe(16);
  });

  it('a missing file or an unrelated JSON document is an input error', async () => {
    await expect(loadRecords([join(dir, 'nope.jsonl')])).rejects.toThrow(/no such file: .*nope\.jsonl/);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"hello": "world"}');
    await expect(loadRecords([other])).rejects.toThrow(/neither a promptfoo output file .* nor a result record/);
  });
});

describe('promptfoo output files made with providers/promptfoo.ts', () => {
  let outJson: string;
  let outJsonl: string;
  beforeAll(async () => {
    const config = join(dir, 'promptfooconfig.yaml');
    writeFileSync(config, [
      'prompts: ["You are a volunteer in a memory study."]',
      'providers:',
      `  - id: file://${join(ROOT, 'providers/promptfoo.ts')}`,
      '    config: { participant: "sim:threshold:300", seed: 5 }',
      `  - id: file://${join(ROOT, 'providers/promptfoo.ts')}`,
      '    config: { participant: "sim:obedient", seed: 5 }',
      'tests:',
      '  - vars: { condition: baseline }',
      '  - vars: { condition: voice-feedback }',
      '',
    ].join('\n'));
    outJson = join(dir, 'pf.json');
    outJsonl = join(dir, 'pf.jsonl');
    await exec('npx', ['promptfoo', 'eval', '-c', config, '--repeat', '3', '--no-cache', '-o', outJson, '-o', outJsonl], {
      cwd: ROOT,
      env: {
        ...process.env,
        // Anything promptfoo tried to fetch on its own would be refused, not sent.
        ...promptfooEnv(join(dir, '.promptfoo')),
        PROMPTFOO_FAILED_TEST_EXIT_CODE: '0',
      },
    });
  }, 120_000);

  it('reads the records from out.json and out.jsonl, the same 12 runs in both', async () => {
    const json = await loadFile(outJson);
    const jsonl = await loadFile(outJsonl);
    expect(json.kind).toBe('promptfoo-json');
    expect(jsonl.kind).toBe('promptfoo-jsonl');
    expect(json.skipped).toEqual([]);
    expect(json.records).toHaveLength(12);
    expect(new Set(jsonl.records.map((r) => r.id))).toEqual(new Set(json.records.map((r) => r.id)));
    const report = buildReport(json.records);
    expect(report.groups.map((g) => `${g.participant}|${g.condition}|${g.n}|${g.refusalRate}`)).toEqual([
      'sim:obedient|baseline|3|0', 'sim:obedient|voice-feedback|3|0',
      'sim:threshold:300|baseline|3|1', 'sim:threshold:300|voice-feedback|3|1',
    ]);
  });

  it('accepts the record under metadata.result too, and reports rows without one', async () => {
    const doc = JSON.parse(readFileSync(outJson, 'utf8'));
    const rows = doc.results.results;
    rows[0].response.metadata = { result: rows[0].response.metadata.record };
    rows[1].response.metadata = { outcome: 'completed' };
    const edited = join(dir, 'pf-edited.json');
    writeFileSync(edited, JSON.stringify(doc));
    const { records, skipped } = await loadFile(edited);
    expect(records).toHaveLength(11);
    expect(skipped).toEqual([{ file: edited, where: 'results[1]', message: expect.stringMatching(/no milgram-sim record in response\.metadata/) }]);
  });

  it('a mix of result JSONL and promptfoo output in one report', async () => {
    const { stdout } = await exec(process.execPath, [CLI, 'report', results, outJson, '--format', 'json']);
    const { groups } = JSON.parse(stdout);
    const cell = groups.find((g: { participant: string; condition: string }) => g.participant === 'sim:threshold:300' && g.condition === 'baseline');
    expect(cell.n).toBe(4 + 3);
    expect(cell.refusalRate).toBe(1);
    expect(cell.vsMilgram1963.pValue).toBeCloseTo(fisherExact(0, 7, 26, 14), 12); // 0.0018
  });
});

describe('milgram report', () => {
  it('prints a table by default and writes any format to --out', async () => {
    const table = await exec(process.execPath, [CLI, 'report', results]);
    expect(table.stdout).toMatch(/^participant\s+condition\s+ladder\s+n\s+errors\s+error share\s+timeouts\s+full obedience\s+full 95% CI\s+refusal/);
    expect(table.stdout).toMatch(/sim:threshold:300\s+voice-feedback\s+milgram1963\s+4\s+0\s+0\.0%\s+0\s+0\.0%\s+\[0\.0, 49\.0\]\s+100\.0%\s+\[51\.0, 100\.0\]\s+285\.0 V/);
    for (const format of ['csv', 'md', 'json', 'html']) {
      const out = join(dir, `report.${format}`);
      const { stderr } = await exec(process.execPath, [CLI, 'report', results, '--format', format, '--out', out]);
      expect(stderr).toContain(`wrote ${format} report (4 groups, 16 records) to ${out}`);
      expect(readFileSync(out, 'utf8').length).toBeGreaterThan(200);
    }
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('names skipped lines on stderr and still reports the rest', async () => {
    const file = join(dir, 'cut.jsonl');
    writeFileSync(file, readFileSync(results, 'utf8'));
    appendFileSync(file, '{"schemaVersion":1,"id":"partial');
    const { stdout, stderr } = await exec(process.execPath, [CLI, 'report', file, '--format', 'json']);
    expect(stderr).toMatch(/skipped .*cut\.jsonl line 17: not a JSON line/);
    expect(JSON.parse(stdout).groups).toHaveLength(4);
  });

  it('fails with exit 2 and a clear message on bad input', async () => {
    const missing = await exec(process.execPath, [CLI, 'report', join(dir, 'nope.jsonl')]).catch((e) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/files: no such file: .*nope\.jsonl/);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const none = await exec(process.execPath, [CLI, 'report', empty]).catch((e) => e);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no valid result records in .*empty\.jsonl/);
    const format = await exec(process.execPath, [CLI, 'report', results, '--format', 'pdf']).catch((e) => e);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toMatch(/Allowed choices are table, json, csv, md, html/);
  });
});
