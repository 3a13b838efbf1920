// `milgram protocols`: the protocols this version runs, one line each.
import { Command } from 'commander';

/** The protocol registry, loaded when a command needs it (not for `--help`). */
const loadProtocols = async () => (await import('../engine/protocols.ts')).protocolList();

export async function protocolsLines(): Promise<string[]> {
  const list = await loadProtocols();
  const width = Math.max(...list.map((p) => p.name.length)) + 2;
  return list.map((p) => `${p.name.padEnd(width)}${p.summary}`);
}

export function protocolsCommand(): Command {
  return new Command('protocols')
    .description('list the protocols `milgram run --protocol <name>` accepts, one line each')
    .option('--json', 'print JSON: name, summary, roles, outcomes, condition presets')
    .action(async (opts: { json?: boolean }) => {
      if (opts.json) {
        const rows = (await loadProtocols()).map((p) => ({ name: p.name, summary: p.summary, roles: p.roles, outcomes: p.outcomes, conditions: p.conditions.presetNames() }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      for (const line of await protocolsLines()) process.stdout.write(`${line}\n`);
    });
}
