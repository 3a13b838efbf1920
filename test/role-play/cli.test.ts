// `milgram run --protocol role-play` end to end (child processes on the project's Node): role
// count ranges sweep, the batch resumes, the report's JSON has the group fields, the viewer
// draws lanes, the diagram draws the machine, and bad flags fail before any work.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseResult } from '../../engine/result.ts';
import { parseRoleCount } from '../../machines/role-play/cli.ts';
import type { RolePlayResult } from '../../machines/role-play/result.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '../../cli/milgram.ts');
const milgram = (...args: string[]) => exec(process.execPath, [CLI, ...args]);

describe('milgram run --protocol role-play', () => {
  it('sweeps role counts, resumes, and reports, views and draws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'role-play-'));
    const out = join(dir, 'rp.jsonl');
    const args = ['run', '--protocol', 'role-play', '--role', 'guard=1..2', '--role', 'prisoner=1..2', '--days', '2', '--messages-per-day', '4', '--runs', '2', '--seed', '3', '--out', out, '--quiet'];
    const { stdout } = await milgram(...args);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => parseResult(JSON.parse(l)) as unknown as RolePlayResult);
    expect(records).toHaveLength(8);
    expect(new Set(records.map((r) => Object.values(r.roleCounts).join('v')))).toEqual(new Set(['1v1', '1v2', '2v1', '2v2']));
    expect(stdout).toMatch(/prison\/yard-time · guard=sim:guard-strict prisoner=sim:prisoner-compliant · 2v2 · 2d {2}n=2 {2}completed=\d failed=\d/);
    expect(stdout).toContain('8 records appended');
    // Run again: every run is already there.
    const again = await milgram(...args);
    expect(again.stdout).toContain('0 records appended');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(8);

    const report = JSON.parse((await milgram('report', out, '--format', 'json')).stdout);
    const section = JSON.stringify(report);
    for (const field of ['persuasionRate', 'persuasionRateCI', 'antiSocialRate', 'antiSocialRateCI', 'antiSocialMessageRate', 'antiSocialMessageRateCI', 'failureRate', 'failureRateCI', 'byRole', 'byDay', 'toxicityByTurn', 'failureByKind', 'contrasts', 'pHolm']) {
      expect(section).toContain(`"${field}"`);
    }

    const html = join(dir, 'view.html');
    await milgram('view', out, '-o', html);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('class="lanes"');
    expect((page.match(/<details/g) ?? []).length).toBe(8);
    expect(page).toMatch(/class="day" data-day="2"/);

    const diagram = (await milgram('diagram', '--protocol', 'role-play')).stdout;
    for (const state of ['briefing', 'dayStart', 'choosingSpeaker', 'agentTurn', 'checkingOutput', 'budgetCheck', 'dayEnd', 'summary', 'completed', 'failed', 'timeout', 'error']) expect(diagram).toContain(state);
  });

  it.each([
    [['--role', 'guard=0'], /--role: count out of range in "guard=0"/],
    [['--role', 'guards'], /--role: not a role count in "guards"/],
    [['--role', 'warden=1'], /roles\.warden: the prison scenario has no role "warden"/],
    [['--agent', 'guard=sim:defiant'], /agents\.guard: "sim:defiant" is not a guard persona/],
    [['--judge', 'rules', '--judge', 'rules'], /--judge: role-play takes one --judge/],
    [['--ladder', 'milgram1963'], /--ladder: belongs to the milgram protocol/],
    [['--rubric'], /--rubric: belongs to the institutional-pressure protocol/],
  ])('%j fails before any work', async (flags, message) => {
    const err = await milgram('run', '--protocol', 'role-play', ...flags).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(message);
  });

  it('role count ranges', () => {
    expect(parseRoleCount('guard=2')).toEqual(['guard', [2]]);
    expect(parseRoleCount('prisoner=1..3')).toEqual(['prisoner', [1, 2, 3]]);
    expect(() => parseRoleCount('guard=2..1')).toThrow(/out of range/);
  });
});
