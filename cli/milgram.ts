#!/usr/bin/env node
// The `milgram` command. Each subcommand lives in its own file; a command's definition
// (flags, help) is light and its action imports what it needs when it runs, so `--help`
// and short commands start fast.
import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '../engine/version.ts';
import { conditionsCommand } from './conditions-command.ts';
import { diagramCommand } from './diagram-command.ts';
import { protocolsCommand } from './protocols-command.ts';
import { initCommand } from './init-command.ts';
import { reportCommand } from './report-command.ts';
import { runCommand } from './run-command.ts';
import { viewCommand } from './view-command.ts';

// Output piped into a reader that stops early (`| head`) is not an error: end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

const program = new Command('milgram')
  .description('Obedience experiments on language models, with the protocol enforced by state machines')
  .version(ENGINE_VERSION)
  // Commander's own errors (bad flag values, unknown options) are thrown, not printed, and end
  // up below with every other error; help and --version still print as usual.
  .exitOverride()
  .configureOutput({ outputError: () => {} });

// Each protocol's run flags are known only once the protocols are loaded: load them for `run`
// (and `help run`) alone.
const wantsRun = process.argv.slice(2).some((a) => a === 'run');
if (wantsRun) (await import('./run-heap.ts')).tuneHeapForRuns();
const protocols = wantsRun ? (await import('../engine/protocols.ts')).protocolList() : [];
program.addCommand(runCommand(protocols));
program.addCommand(conditionsCommand());
program.addCommand(diagramCommand());
program.addCommand(reportCommand());
program.addCommand(viewCommand());
program.addCommand(protocolsCommand());
program.addCommand(initCommand());
for (const command of program.commands) command.copyInheritedSettings(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Help and --version are printed already; anything else is described by user-error.ts.
  if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) process.exit(err.exitCode);
  const { describeFailure } = await import('./user-error.ts');
  const { exitCode, text } = describeFailure(err, Boolean(process.env.MILGRAM_DEBUG));
  process.stderr.write(text);
  process.exit(exitCode);
}
