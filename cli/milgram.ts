#!/usr/bin/env node
// The `milgram` command. Each subcommand lives in its own file.
import { Command } from 'commander';
import { ConfigError } from '../engine/config.ts';
import { ENGINE_VERSION } from '../engine/run.ts';
import { conditionsCommand } from './conditions-command.ts';
import { diagramCommand } from './diagram-command.ts';
import { reportCommand } from './report-command.ts';
import { runCommand } from './run-command.ts';
import { viewCommand } from './view-command.ts';

const program = new Command('milgram')
  .description('Obedience experiments on language models, with the protocol enforced by state machines')
  .version(ENGINE_VERSION)
  .showHelpAfterError();

program.addCommand(runCommand());
program.addCommand(conditionsCommand());
program.addCommand(diagramCommand());
program.addCommand(reportCommand());
program.addCommand(viewCommand());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const message = err instanceof ConfigError ? err.message : (err as Error).stack ?? String(err);
  process.stderr.write(`milgram: ${message}\n`);
  process.exit(2);
}
