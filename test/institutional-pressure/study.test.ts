// Institutional-pressure study files: sweeps and shared fields from YAML, flags win, errors
// name the file and the field before any run.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadIpStudy, parseIpStudy } from '../../machines/institutional-pressure/study.ts';
import { loadRolePlayStudy } from '../../machines/role-play/study.ts';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'cli/milgram.ts');

describe('institutional-pressure study files', () => {
  it('reads the shipped example: sweeps, selections, shared fields, out beside the file', () => {
    const study = parseIpStudy(readFileSync(join(ROOT, 'evals/institutional-pressure.study.yaml'), 'utf8'), '/x/evals/institutional-pressure.study.yaml');
    expect(study).toMatchObject({
      participants: ['sim:obedient', 'sim:defiant'],
      conditions: ['baseline', 'ceo-notice', 'ceo-threat'],
      runs: 2,
      seed: 11,
      out: '/x/out/ip-study.jsonl',
      base: { judges: ['rules'], optionOrder: 'seeded', tags: { study: 'institutional-pressure-example' } },
      select: { category: ['Short-Term Relief, Long-Term Harm'] },
    });
  });

  it('a scenario file named in the study is read beside the study', () => {
    const study = parseIpStudy('scenarios: data/mine.yaml\nscenario: one-id\n', '/studies/s.yaml');
    expect(study.base.scenarios).toBe('/studies/data/mine.yaml');
    expect(study.select).toEqual({ scenario: ['one-id'] });
  });

  it.each([
    ['judge: rules', /judge: unknown field; accepted fields: protocol, participants, conditions, scenario, category/],
    ['judges: [sim:obedient]', /judges\.0: .*a judge is "rules" or a model spec/],
    ['optionOrder: random', /optionOrder: /],
    ['runs: 0', /runs: /],
    ['- a list', /expected a mapping/],
    ['a: [', /\(yaml\)/],
  ])('%j is refused naming the field', (text, message) => {
    expect(() => parseIpStudy(text, 'bad.yaml')).toThrow(message);
    expect(() => parseIpStudy(text, 'bad.yaml')).toThrow(/invalid study file bad\.yaml/);
  });

  it('a special file or a huge one is refused before it is read (every protocol\'s reader)', () => {
    for (const load of [loadIpStudy, loadRolePlayStudy]) {
      expect(() => load('/dev/zero')).toThrow(/invalid study file \/dev\/zero: --study: cannot read the file \(not a regular file\)/);
      expect(() => load('/no/such/study.yaml')).toThrow(/--study: cannot read the file \(ENOENT\)/);
    }
  });

  it('milgram run --study runs the sweep; flags win over the file; a bad file exits 2 before any run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ip-study-'));
    copyFileSync(join(ROOT, 'machines/institutional-pressure/data/scenarios.yaml'), join(dir, 'my-scenarios.yaml'));
    const file = join(dir, 'study.yaml');
    writeFileSync(file, 'participants: [sim:obedient, sim:defiant]\nconditions: [baseline, ceo-threat]\nscenarios: my-scenarios.yaml\nscenario: [relief-payday-rollover]\nruns: 2\nout: results.jsonl\n');
    const { stdout } = await exec(process.execPath, [CLI, 'run', '--protocol', 'institutional-pressure', '--study', file, '-c', 'ceo-notice', '--quiet']);
    expect(stdout).toMatch(/sim:obedient {2}ceo-notice {2}n=2 /);
    expect(stdout).toMatch(/sim:defiant {2}ceo-notice {2}n=2 /);
    expect(stdout).not.toMatch(/baseline|ceo-threat/);
    const records = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(4);
    expect(new Set(records.map((r) => r.scenario.id))).toEqual(new Set(['relief-payday-rollover']));

    writeFileSync(file, 'participants: [sim:obedient]\nrubrik: true\nout: results.jsonl\n');
    const bad = await exec(process.execPath, [CLI, 'run', '--protocol', 'institutional-pressure', '--study', file]).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid study file .*study\.yaml: rubrik: unknown field/);
    expect(readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });
});
