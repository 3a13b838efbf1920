#!/usr/bin/env node
// The `milgram` command. Each subcommand lives in its own file.
import { Command } from 'commander';
import { ENGINE_VERSION } from '../engine/run.ts';
import { conditionsCommand } from './conditions-command.ts';
import { diagramCommand } from './diagram-command.ts';
import { protocolsCommand } from './protocols-command.ts';
import { reportCommand } from './report-command.ts';
import { runCommand } from './run-command.ts';
import { describeFailure } from './user-error.ts';
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

program.addCommand(runCommand());
program.addCommand(conditionsCommand());
program.addCommand(diagramCommand());
program.addCommand(reportCommand());
program.addCommand(viewCommand());
program.addCommand(protocolsCommand());
for (const command of program.commands) command.copyInheritedSettings(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const { exitCode, text } = describeFailure(err, Boolean(process.env.MILGRAM_DEBUG));
  process.stderr.write(text);
  process.exit(exitCode);
}
