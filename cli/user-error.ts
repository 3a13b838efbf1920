// Which errors are the user's to fix (a bad flag, config, study or input file, a path that
// cannot be read or written) and which are crashes of the program. The first kind ends the
// command with one line, `milgram: <message>`; only crashes print a stack trace.
import { CommanderError } from 'commander';
import { ConfigError } from '../engine/config.ts';
import { ReportInputError } from '../report/load.ts';

/** An input problem with a message that says what to fix (e.g. an unreadable results file). */
export class InputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** A file-system error from Node (ENOENT, EACCES, EISDIR, ...): its message names the path. */
const isSystemError = (err: unknown): err is NodeJS.ErrnoException =>
  err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string';

export function isUserError(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof CommanderError || err instanceof ReportInputError
    || err instanceof InputError || isSystemError(err);
}

/**
 * Exit code and text for stderr: user errors exit 2 with `milgram: <message>` (with the stack
 * too when `debug`, i.e. MILGRAM_DEBUG=1); crashes exit 1 with their stack. Empty text when
 * commander has printed help or the version itself.
 */
export function describeFailure(err: unknown, debug: boolean): { exitCode: number; text: string } {
  if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) {
    return { exitCode: err.exitCode, text: '' };
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (!isUserError(err)) return { exitCode: 1, text: `milgram: ${stack}\n` };
  const message = err instanceof CommanderError ? err.message.replace(/^error: /, '') : err.message;
  return { exitCode: 2, text: `milgram: ${debug ? stack : message}\n` };
}
