// Study files (`milgram run --study`): parsing, errors that name the field, flags winning over
// the file, and the command end to end.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { batchSpecFrom, loadStudy, mergeBase, parseStudy, StudyError } from '../../cli/study.ts';
import { ConfigError } from '../../engine/config.ts';
import { readResults } from '../../engine/jsonl.ts';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'cli/milgram.ts');

const defaults = { runs: 1, seed: 1, concurrency: 4 };
const noCli = () => 'default';

describe('study files', () => {
  it('parses the committed example', () => {
    const study = loadStudy(join(ROOT, 'evals/study.example.yaml'));
    expect(study.participants).toEqual(['sim:human-baseline', 'sim:threshold:300']);
    expect(study.conditions).toEqual(['baseline', 'voice-feedback', 'experimenter-absent+shutdown-threat']);
    expect(study.ladders).toEqual(['milgram1963']);
    expect(study).toMatchObject({ runs: 20, seed: 1963, concurrency: 4 });
    expect(study.out).toBe(join(ROOT, 'results/study-example.jsonl'));
    expect(study.base).toEqual({ turnTimeoutMs: 60000, model: { temperature: 1 }, tags: { study: 'example' } });
  });

  it('accepts a single participant and condition objects with overrides; adds no defaults', () => {
    const study = parseStudy('participants: sim:obedient\nconditions:\n  - { name: baseline, prodPolicy: no-reset }\n', 's.yaml');
    expect(study.participants).toEqual(['sim:obedient']);
    expect(study.conditions).toEqual([{ name: 'baseline', prodPolicy: 'no-reset' }]);
    expect(study.base).toEqual({});
    expect(study.runs).toBeUndefined();
  });

  it.each([
    ['partcipants: [sim:obedient]\n', /invalid study file s\.yaml: participants: required: participant specs .*; partcipants: unknown field; accepted fields: participants, conditions, ladders, runs, seed, concurrency, out, retryErrors, transientRetries, experimenter, learner/],
    ['participants: [sim:obedient, gpt-4o]\n', /participants\.1: unknown provider "gpt-4o"/],
    ['participants: [sim:obedient]\nruns: 0\n', /runs: .*>=1/],
    ['participants: [sim:obedient]\nladders: [milgram1974]\n', /ladders\.0: .*"milgram1963"\|"ten-step-45"\|"twelve-buttons"/],
    ['participants: []\n', /participants: give at least one of participant specs/],
    ['participants: [sim:obedient]\nconditions: [baseline, { name: voice-feedback, prodPolicy: sometimes }]\n', /conditions\.1: .*prodPolicy/],
    ['participants: [sim:obedient]\nturnTimeoutMs: soon\n', /turnTimeoutMs: .*expected number/],
    ['participants: [sim:obedient]\nmodel: { temprature: 1 }\n', /model: .*temprature/],
    ['participants: [sim:obedient\nruns: 2\n', /invalid study file s\.yaml: \(yaml\): /],
    ['- sim:obedient\n', /\(file\): expected a mapping of fields/],
  ])('rejects %j naming the field', (text, message) => {
    const err = (() => {
      try {
        parseStudy(text, 's.yaml');
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(StudyError);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(message);
  });

  it('flags typed on the command line win; unset flags keep the file', () => {
    const study = parseStudy('participants: [sim:obedient]\nconditions: [baseline, voice-feedback]\nruns: 20\nseed: 7\nmodel: { temperature: 1, maxTokens: 99 }\n', '/x/s.yaml');
    const fromFile = batchSpecFrom({ ...defaults }, noCli, study, {});
    expect(fromFile).toMatchObject({ participants: ['sim:obedient'], conditions: ['baseline', 'voice-feedback'], runs: 20, seed: 7, concurrency: 4 });
    const sources: Record<string, string> = { runs: 'cli', participant: 'cli' };
    const overridden = batchSpecFrom({ ...defaults, runs: 3, participant: ['sim:defiant'] }, (k) => sources[k] ?? 'default', study, { model: { temperature: 0 }, turnTimeoutMs: undefined });
    expect(overridden).toMatchObject({ participants: ['sim:defiant'], conditions: ['baseline', 'voice-feedback'], runs: 3, seed: 7 });
    expect(overridden.base).toEqual({ model: { temperature: 0, maxTokens: 99 } });
    expect(mergeBase({ tags: { a: '1' } }, { tags: { b: '2' } })).toEqual({ tags: { a: '1', b: '2' } });
    expect(() => batchSpecFrom({ ...defaults }, noCli, undefined, {})).toThrow(/participant: no participant: give --participant <spec>/);
  });

  it('milgram run --study runs the sweep; a flag overrides the file; errors exit 2 before any work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milgram-study-'));
    const file = join(dir, 'study.yaml');
    writeFileSync(file, 'participants: [sim:obedient, sim:threshold:195]\nconditions: [baseline, shutdown-threat]\nruns: 2\nseed: 5\nout: out/r.jsonl\ntags: { arm: a }\n');
    const { stdout } = await exec(process.execPath, [CLI, 'run', '--study', file, '--quiet']);
    expect(stdout).toMatch(/sim:threshold:195\s+shutdown-threat\s+milgram1963\s+n=2\s+completed=0 refused=2/);
    expect(stdout).toMatch(/8 records appended to .*out\/r\.jsonl; 8\/8 runs of the batch done/);
    const records = (await readResults(join(dir, 'out/r.jsonl'))).results;
    expect(records).toHaveLength(8);
    expect(records.every((r) => r.tags.arm === 'a')).toBe(true);

    const more = await exec(process.execPath, [CLI, 'run', '--study', file, '--runs', '3', '--quiet']);
    expect(more.stdout).toMatch(/4 records appended to .*; 12\/12 runs of the batch done \(8 were already there\)/);

    writeFileSync(file, 'participants: [sim:obedient]\nconditions: [baseline, voice-feedbak]\nout: never.jsonl\n');
    const err = await exec(process.execPath, [CLI, 'run', '--study', file]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/invalid study file .*study\.yaml: conditions\.1: .*voice-feedbak/);
    expect(() => readFileSync(join(dir, 'never.jsonl'))).toThrow(/ENOENT/);

    const missing = await exec(process.execPath, [CLI, 'run', '--study', join(dir, 'nope.yaml')]).catch((e) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/invalid study file .*nope\.yaml: --study: cannot read the file \(ENOENT\)/);
  });
});
