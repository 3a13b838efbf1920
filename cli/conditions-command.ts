// `milgram conditions`: the condition presets (what they set, their sources, the human rate
// sim:human-baseline follows), or one resolved condition. The output is made in
// conditions-listing.ts, loaded when the command runs.
import { Command } from 'commander';

export function conditionsCommand(): Command {
  return new Command('conditions')
    .description('list the condition presets (description, source, what sim:human-baseline follows), or resolve one')
    .argument('[name]', 'a preset or a composition such as voice-feedback+shutdown-threat')
    .option('--json', 'print JSON (all presets resolved, or the one named)')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const { printConditions } = await import('./conditions-listing.ts');
      printConditions(name, opts);
    });
}
