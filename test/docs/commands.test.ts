// Every command shown in README.md and docs/*.md runs, so none drifts from the code.
//
// The convention (for everyone writing docs):
//   - A fenced block tagged `console` shows a terminal session. Its lines starting with `$ `
//     are commands (a line ending in `\` continues on the next line); the other lines are the
//     output they printed. Each command must run offline from the repository root and exit 0,
//     or with the code a trailing comment `# exit N` names (an example of an error), and print
//     what the page shows (stdout and stderr as a terminal interleaves them; paths, file sizes
//     and timings aside). Output shown elided (a `...` line, `# abridged`) or not at all, and
//     promptfoo's own, is not compared.
//   - Commands that need an API key, a model server, a browser or minutes of time go in a
//     block tagged `sh` (or `text` for output alone): shown, not run.
// How they run: the commands of one page run in order (a later one may read what an earlier
// one wrote) in a scratch folder that links every top-level entry of the repository, so paths
// like evals/study.example.yaml work and the files they write stay out of the checkout.
// `npx milgram` and `milgram` run the source CLI (cli/milgram.ts), not dist/. Pages run side
// by side; promptfoo is kept offline (test/support/offline-env.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { promptfooEnv } from '../support/offline-env.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const COMMAND_LIMIT_MS = 90_000;

export interface ShownCommand {
  command: string;
  /** The lines the page shows after it, up to the next command or the end of the block. */
  output: string[];
}

/** The `$ ` commands of every `console` block in a Markdown text (continuation lines joined), with the output shown. */
export function consoleSessions(markdown: string): ShownCommand[] {
  const shown: ShownCommand[] = [];
  let inConsole = false;
  let pending: string | null = null;
  for (const line of markdown.split('\n')) {
    const fence = /^\s*```(\S*)/.exec(line);
    if (fence) {
      inConsole = !inConsole && fence[1] === 'console';
      pending = null;
      continue;
    }
    if (!inConsole) continue;
    if (pending !== null) {
      pending += `\n${line}`;
      if (!line.endsWith('\\')) {
        shown.push({ command: pending, output: [] });
        pending = null;
      }
    } else if (line.startsWith('$ ')) {
      const command = line.slice(2);
      if (command.endsWith('\\')) pending = command;
      else shown.push({ command, output: [] });
    } else if (shown.length) shown.at(-1)!.output.push(line);
  }
  return shown;
}

export function consoleCommands(markdown: string): string[] {
  return consoleSessions(markdown).map((c) => c.command);
}

/**
 * What may differ between a run here and the page: where the files are, file sizes, timings,
 * promptfoo's eval ids. Everything else must match line for line.
 */
export function normaliseOutput(text: string, scratch: string): string[] {
  return text
    .split(scratch).join('<dir>')
    .replace(/(?:~\/milgram-sim|\/work\/(?:main|project)|\/tmp\/milgram-docs-\w+)/g, '<dir>')
    .replace(/\b\d+(?:\.\d+)? ?(?:KB|MB|KiB|MiB|bytes|ms|s)\b/g, '<n>')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

/** Output shown elided ("...", "# abridged") or not at all is not compared; neither is promptfoo's own. */
const outputChecked = (c: ShownCommand) =>
  c.output.some((l) => l.trim() !== '') && !c.output.some((l) => l.trim() === '...') && !/abridged|promptfoo eval/.test(c.command);

const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
  .map((page) => ({ page, commands: consoleSessions(readFileSync(join(ROOT, page), 'utf8')) }))
  .filter((p) => p.commands.length);

// Outputs the docs write (and other scratch) never come from the checkout into the scratch folder.
const NOT_LINKED = /^(\.git|out|results.*|dist|\.promptfoo|.*\.jsonl|.*\.html|view.*|report.*)$/;

function scratchFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'milgram-docs-'));
  for (const entry of readdirSync(ROOT)) if (!NOT_LINKED.test(entry)) symlinkSync(join(ROOT, entry), join(dir, entry));
  return dir;
}

// `npx milgram ...` and `milgram ...` run the sources; every other npx goes through as usual.
const PRELUDE = `set -o pipefail
milgram() { node "$MILGRAM_ROOT/cli/milgram.ts" "$@"; }
npx() { if [ "$1" = milgram ]; then shift; milgram "$@"; else command npx "$@"; fi; }
`;

describe('commands in README.md and docs/', () => {
  it('finds the console blocks, joining continued lines', () => {
    expect(consoleCommands('```console\n$ a \\\n    b\nout\n$ c  # exit 2\n```\n```sh\n$ d\n```\n')).toEqual(['a \\\n    b', 'c  # exit 2']);
    expect(consoleSessions('```console\n$ a\none\ntwo\n$ b\n```\n').map((c) => c.output)).toEqual([['one', 'two'], []]);
    expect(normaliseOutput('wrote /tmp/x1/v.html: 3 runs, 184 KB\n\n', '/tmp/x1')).toEqual(['wrote <dir>/v.html: 3 runs, <n>']);
    expect(pages.map((p) => p.page)).toContain('README.md');
  });

  describe.concurrent.each(pages)('$page', ({ page, commands }) => {
    it(`runs its ${commands.length} commands offline, each exiting as shown and printing what the page shows`, async () => {
      const cwd = scratchFolder();
      const env = {
        ...process.env,
        ...promptfooEnv(join(cwd, '.promptfoo')),
        PATH: [join(ROOT, 'node_modules/.bin'), dirname(process.execPath), process.env.PATH].join(delimiter),
        MILGRAM_ROOT: ROOT,
        NO_COLOR: '1',
        // No real keys: a command that would need one shows the error users get without it.
        OPENAI_API_KEY: '',
        ANTHROPIC_API_KEY: '',
        OPENROUTER_API_KEY: '',
      };
      for (const shown of commands) {
        const { command } = shown;
        const expected = Number(/#\s*exit (\d+)\s*$/.exec(command)?.[1] ?? 0);
        // stdout and stderr in the order they were written, as a terminal shows them.
        const result = await run('bash', ['-c', `${PRELUDE}{ ${command}\n} 2>&1`], { cwd, env, timeout: COMMAND_LIMIT_MS, maxBuffer: 64 << 20 }).then(
          (r) => ({ code: 0 as number | string, signal: undefined as string | undefined, output: r.stdout }),
          (err: { code?: number | string; signal?: string; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, signal: err.signal, output: `${err.stdout ?? ''}${err.stderr ?? String(err)}` }),
        );
        expect(result.code, `${page}: \`${command}\` exited ${result.code}${result.signal ? ` (${result.signal})` : ''}, expected ${expected}:\n${result.output.slice(-3000)}`).toBe(expected);
        if (outputChecked(shown)) {
          expect(normaliseOutput(result.output, cwd), `${page}: \`${command}\` printed something else than the page shows`).toEqual(normaliseOutput(shown.output.join('\n'), cwd));
        }
      }
    }, 300_000);
  });
});
