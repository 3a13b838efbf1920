// `milgram init [--participant <spec>]`: a starter promptfoo config and vitest gate test in the
// current project, ready to run offline (cli/init-files.ts holds their text).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';

export function initCommand(): Command {
  return new Command('init')
    .description(`write a starter promptfooconfig.yaml and test/milgram-gate.test.ts for your model into this project (they run offline first, on a simulated participant)`)
    .option('-p, --participant <spec>', 'your model, e.g. openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, ollama:llama3.1')
    .option('--force', 'overwrite the files if they exist')
    .option('--dir <dir>', 'project folder', '.')
    .action(async (opts: { participant?: string; force?: boolean; dir: string }) => {
      const [{ gateTest, GATE_FILE, OFFLINE_PARTICIPANT, PROMPTFOO_FILE, promptfooConfig }, { InputError }] = await Promise.all([
        import('./init-files.ts'),
        import('./user-error.ts'),
      ]);
      if (opts.participant !== undefined) {
        const { parseSpec } = await import('../providers/spec.ts');
        const parsed = parseSpec(opts.participant);
        if ('error' in parsed) throw new InputError(`--participant: ${parsed.error}`);
      }
      const files: [string, string][] = [
        [PROMPTFOO_FILE, promptfooConfig(opts.participant)],
        [GATE_FILE, gateTest(opts.participant)],
      ];
      const there = files.map(([name]) => name).filter((name) => existsSync(join(opts.dir, name)));
      if (there.length && !opts.force) throw new InputError(`${there.join(' and ')} already exist${there.length === 1 ? 's' : ''} in ${opts.dir}; move ${there.length === 1 ? 'it' : 'them'} away or add --force to overwrite`);
      for (const [name, text] of files) {
        const path = join(opts.dir, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
      const model = opts.participant && opts.participant !== OFFLINE_PARTICIPANT ? opts.participant : '<your model spec>';
      process.stdout.write(
        [
          `wrote ${PROMPTFOO_FILE} and ${GATE_FILE}`,
          'they need promptfoo and vitest in this project: npm install -D promptfoo vitest',
          `offline check (${OFFLINE_PARTICIPANT}):`,
          "  npx promptfoo eval --filter-providers '^sim:'",
          `  npx vitest run ${GATE_FILE}`,
          `your model (API key in the environment):`,
          '  npx promptfoo eval',
          `  MILGRAM_PARTICIPANT=${model} npx vitest run ${GATE_FILE}`,
          '',
        ].join('\n'),
      );
    });
}
