// `milgram conditions [--protocol <name>]`: a protocol's condition presets (for Milgram: what
// each sets, its source in docs/sources.md and the human rate sim:human-baseline follows).
// `milgram conditions <name>` prints one resolved condition (compositions and all). The
// protocol's catalogue is loaded when the command runs, so --help stays fast.
import { Command } from 'commander';

export function conditionsCommand(): Command {
  return new Command('conditions')
    .description("list a protocol's condition presets (description, source, ...), or resolve one")
    .argument('[name]', 'a preset or a composition such as voice-feedback+shutdown-threat')
    .option('--protocol <name>', 'the protocol whose presets to show (see `milgram protocols`)', 'milgram')
    .option('--json', 'print JSON (all presets resolved, or the one named)')
    .action(async (name: string | undefined, opts: { json?: boolean; protocol: string }) => {
      const { ConfigError, protocolNamed } = await import('../engine/config.ts');
      const catalog = protocolNamed(opts.protocol).conditions;
      if (name !== undefined) {
        let condition: ReturnType<typeof catalog.resolve>;
        try {
          condition = catalog.resolve(name);
        } catch (err) {
          throw new ConfigError([{ field: 'condition', message: (err as Error).message }]);
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(condition, null, 2)}\n`);
        else for (const line of catalog.describe(condition)) process.stdout.write(`${line}\n`);
        return;
      }
      if (opts.json) {
        const all = catalog.presetNames().map((n) => catalog.resolve(n));
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        return;
      }
      for (const line of catalog.listing()) process.stdout.write(`${line}\n`);
    });
}
