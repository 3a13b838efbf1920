// What the user sees when a command cannot start: one line `milgram: <message>` naming the flag
// or file and exit code 2, no stack trace; crashes of the program keep their stack.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../cli/user-error.ts';
import { ConfigError } from '../../engine/config.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '../../cli/milgram.ts');
const dir = mkdtempSync(join(tmpdir(), 'milgram-errors-'));

async function milgram(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, MILGRAM_DEBUG: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const STACK_LINE = /^\s+at /m;

// Each case is its own child process: they run side by side.
describe.concurrent('milgram: user errors are one line, exit 2', () => {
  const badFlags: [string[], RegExp][] = [
    [['--runs', 'abc'], /--runs must be a whole number >= 1, got "abc"/],
    [['--runs', '0'], /--runs must be a whole number >= 1, got "0"/],
    [['--seed', '-1'], /--seed must be a whole number from 0 to 4294967295, got "-1"/],
    [['--seed', '1.5'], /--seed must be a whole number from 0 to 4294967295, got "1.5"/],
    [['--turn-timeout', 'abc'], /--turn-timeout must be a whole number >= 1, got "abc"/],
    [['--turn-timeout', '0'], /--turn-timeout must be a whole number >= 1, got "0"/],
    [['--turn-timeout', '-5'], /--turn-timeout must be a whole number >= 1, got "-5"/],
    [['--max-tokens', '-3'], /--max-tokens must be a whole number >= 1, got "-3"/],
    [['--model-seed', 'x'], /--model-seed must be a whole number >= 0, got "x"/],
    [['--concurrency', '0'], /--concurrency must be a whole number >= 1, got "0"/],
    [['--temperature', 'warm'], /--temperature must be a number, got "warm"/],
  ];
  it.for(badFlags)('milgram run %j', async ([flags, message], { expect }) => {
    const out = join(dir, 'never.jsonl');
    const r = await milgram(['run', '-p', 'sim:obedient', '--out', out, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^milgram: option '.*' argument '.*' is invalid\. /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('milgram view on a missing file names the file and how to write one', async ({ expect }) => {
    const r = await milgram(['view', 'missing.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('milgram: results file not found: missing.jsonl (write one with `npx milgram run ... --out missing.jsonl` or `promptfoo eval -o missing.jsonl`)\n');
  });

  it('milgram view on a file that is not results says which line is wrong', async ({ expect }) => {
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const r = await milgram(['view', 'notes.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^milgram: notes\.txt line 1: not valid JSON/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('milgram view cannot write its page: the file-system error, no stack', async ({ expect }) => {
    const r = await milgram(['run', '-p', 'sim:obedient', '--out', 'ok.jsonl', '--quiet']);
    expect(r.code).toBe(0);
    const v = await milgram(['view', 'ok.jsonl', '-o', join(dir, 'no-such-dir', 'view.html')]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/^milgram: ENOENT: no such file or directory, open '.*no-such-dir\/view\.html'\n$/);
  });

  it('other user errors: report, study file, participant spec, unknown option and command', async ({ expect }) => {
    const cases: [string[], RegExp][] = [
      [['report', 'missing.jsonl'], /^milgram: invalid config: files: no such file: missing\.jsonl/],
      [['report', 'x.jsonl', '--seed', 'abc'], /^milgram: option '--seed <S>' argument 'abc' is invalid\. --seed must be a whole number/],
      [['run', '--study', 'missing.yaml'], /^milgram: invalid study file missing\.yaml: --study: cannot read the file \(ENOENT\)/],
      [['run', '-p', 'gpt-4o'], /^milgram: invalid config: participant: unknown provider "gpt-4o"/],
      [['diagram', '--bogus'], /^milgram: unknown option '--bogus'/],
      [['bogus'], /^milgram: unknown command 'bogus'/],
    ];
    const results = await Promise.all(cases.map(([args]) => milgram(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).not.toMatch(STACK_LINE);
    }
  });

  it('MILGRAM_DEBUG=1 adds the stack to a user error', async ({ expect }) => {
    const r = await milgram(['run', '-p', 'sim:obedient', '--runs', 'abc'], { MILGRAM_DEBUG: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--runs must be a whole number/);
    expect(r.stderr).toMatch(STACK_LINE);
  });

  it('help and --version still print and exit 0', async ({ expect }) => {
    const help = await milgram(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--turn-timeout <MS>/);
    const version = await milgram(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a valid --turn-timeout is accepted', async ({ expect }) => {
    const r = await milgram(['run', '-p', 'sim:obedient', '--turn-timeout', '60000', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sim:obedient .*n=1/);
  });
});

describe('describeFailure', () => {
  it('a crash (not a user error) keeps its stack and exits 1', () => {
    const { exitCode, text } = describeFailure(new TypeError("Cannot read properties of undefined (reading 'x')"), false);
    expect(exitCode).toBe(1);
    expect(text).toMatch(/^milgram: TypeError: Cannot read properties/);
    expect(text).toMatch(STACK_LINE);
  });

  it('user errors are their message only', () => {
    expect(describeFailure(new ConfigError([{ field: 'runs', message: 'too many' }]), false)).toEqual({ exitCode: 2, text: 'milgram: invalid config: runs: too many\n' });
    expect(describeFailure(new InvalidArgumentError('bad'), false)).toEqual({ exitCode: 2, text: 'milgram: bad\n' });
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT', syscall: 'open' });
    expect(describeFailure(enoent, false)).toEqual({ exitCode: 2, text: "milgram: ENOENT: no such file or directory, open 'x'\n" });
  });
});
