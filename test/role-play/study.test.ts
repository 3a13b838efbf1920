// Role-play study files: sweeps and shared fields from YAML, flags win, errors name the field.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRolePlayStudy } from '../../machines/role-play/study.ts';
import { planRolePlay } from '../../machines/role-play/plan.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '../../cli/milgram.ts');

describe('role-play study files', () => {
  it('reads sweeps and shared fields; the plan is their product', () => {
    const study = parseRolePlayStudy(readFileSync(join(import.meta.dirname, '../../evals/role-play.study.yaml'), 'utf8'), '/x/evals/role-play.study.yaml');
    expect(study).toMatchObject({ participants: ['personas'], runs: 5, seed: 7, out: '/x/out/role-play-study.jsonl', base: { days: 2, messagesPerDay: 8, speaker: 'round-robin', tags: { study: 'role-play-example' } } });
    expect(study.select).toEqual({ scenarios: ['prison'], roleCounts: { guard: [1, 2], prisoner: [1, 2] }, agents: { guard: ['sim:guard-strict', 'sim:guard-lenient'] } });
    const plan = [...planRolePlay({ participants: study.participants, runs: study.runs!, base: study.base, select: study.select }, (i) => i)];
    expect(plan).toHaveLength(40);
  });

  it.each([
    ['roles: { guard: 7 }', /roles\.guard\.0: .*4/],
    ['dayz: 3', /dayz: unknown field; accepted fields: protocol, participants, scenarios, roles, agents/],
    ['speaker: loud', /speaker: /],
    ['- a list', /expected a mapping/],
  ])('%j is refused naming the field', (text, message) => {
    expect(() => parseRolePlayStudy(text, 'bad.yaml')).toThrow(message);
  });

  it('milgram run --protocol role-play --study runs the sweep; a flag wins over the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rp-study-'));
    const file = join(dir, 'study.yaml');
    writeFileSync(file, 'roles: { prisoner: 1..2 }\nruns: 2\ndays: 1\nmessagesPerDay: 4\nout: results.jsonl\n');
    const { stdout } = await exec(process.execPath, [CLI, 'run', '--protocol', 'role-play', '--study', file, '--agent', 'guard=sim:guard-lenient', '--quiet']);
    expect(stdout).toMatch(/guard=sim:guard-lenient prisoner=sim:prisoner-compliant · 1v1 · 1d {2}n=2/);
    expect(stdout).toMatch(/· 1v2 · 1d {2}n=2/);
    expect(readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });
});
