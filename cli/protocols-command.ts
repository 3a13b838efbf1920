// `milgram protocols`: the protocols this version runs, one line each.
import { Command } from 'commander';
import { protocolList } from '../engine/protocols.ts';

export function protocolsLines(): string[] {
  const list = protocolList();
  const width = Math.max(...list.map((p) => p.name.length)) + 2;
  return list.map((p) => `${p.name.padEnd(width)}${p.summary}`);
}

export function protocolsCommand(): Command {
  return new Command('protocols')
    .description('list the protocols `milgram run --protocol <name>` accepts, one line each')
    .option('--json', 'print JSON: name, summary, roles, outcomes, condition presets')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        const rows = protocolList().map((p) => ({ name: p.name, summary: p.summary, roles: p.roles, outcomes: p.outcomes, conditions: p.conditions.presetNames() }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      for (const line of protocolsLines()) process.stdout.write(`${line}\n`);
    });
}
