// What `milgram run` does once its flags are parsed: merge a study file, run the batch with a
// progress display, stop cleanly on Ctrl+C / SIGTERM in every phase (opening and reading the
// results file, running, writing the summary: runs in flight are aborted and never written;
// finished ones stay), and print a summary of the whole batch read back from --out in one
// streaming pass. The exit code says how the batch ended (see BATCH_EXIT).
import { runBatch, type BatchSpec } from '../engine/batch.ts';
import { ConfigError, protocolNamed } from '../engine/config.ts';
import { readRecordFile } from '../engine/record-files.ts';
import type { RunOptions } from '../engine/run.ts';
import { createProgress } from './progress.ts';
import { batchSpecFrom, checkStudyOut, loadStudy, type RunFlags, type SourceOf } from './study.ts';
import { SummaryTally } from './summary.ts';

/** Exit codes of `milgram run` (documented in docs/batches.md). */
export const BATCH_EXIT = {
  /** Every planned run finished with a result (completed, refused or timeout). */
  ok: 0,
  /** Every planned run finished, but some ended in error; or the circuit breaker stopped the batch (runs in a row ended in error). */
  someErrors: 3,
  /** Every planned run finished, and every one ended in error. */
  allErrors: 4,
  /** Stopped (Ctrl+C, SIGTERM) before every run finished. */
  stopped: 130,
} as const;

export interface BatchCommandFlags extends RunFlags {
  study?: string;
  quiet?: boolean;
  /** Let a study file's out: point outside its folder and the working directory. */
  allowOutsideOut?: boolean;
}

export async function runBatchCommand(
  flags: BatchCommandFlags,
  sourceOf: SourceOf,
  cliBase: NonNullable<BatchSpec['base']>,
  runOptions: Omit<RunOptions, 'signal'> = {},
  protocol: { protocol?: string; select?: Record<string, unknown> } = {},
): Promise<void> {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(BATCH_EXIT.stopped); // a second Ctrl+C: leave now
    process.stderr.write(`\n${signal}: stopping; runs in flight are dropped, finished runs are kept. Run the same command again to resume.\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await runAndSummarise(flags, sourceOf, cliBase, runOptions, protocol, controller.signal);
  } catch (err) {
    if ((err as Error)?.name !== 'AbortError') throw err;
    process.stderr.write('stopped before the batch started; nothing was run\n');
    process.exitCode = BATCH_EXIT.stopped;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function runAndSummarise(
  flags: BatchCommandFlags, sourceOf: SourceOf, cliBase: NonNullable<BatchSpec['base']>,
  runOptions: Omit<RunOptions, 'signal'>, protocol: { protocol?: string; select?: Record<string, unknown> }, signal: AbortSignal,
): Promise<void> {
  const other = protocol.protocol && protocol.protocol !== 'milgram' ? protocolNamed(protocol.protocol) : null;
  // A protocol with its own study format reads the file; otherwise study files are Milgram's.
  const ownStudy = flags.study && other?.cli?.loadStudy ? other.cli.loadStudy(flags.study) : undefined;
  const study = flags.study && !ownStudy ? loadStudy(flags.study) : undefined;
  if (study && other) {
    throw new ConfigError([{ field: '--study', message: `study files describe Milgram sweeps; for ${other.name} give the flags directly` }]);
  }
  // A study file's out: stays near the study (or the working directory) unless allowed.
  if ((ownStudy ?? study) && flags.study && sourceOf('out') !== 'cli') checkStudyOut((ownStudy ?? study) as never, flags.study, Boolean(flags.allowOutsideOut));
  // Selections typed on the command line win over the study's; empty ones leave them.
  const given = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : v !== undefined);
  const select = { ...ownStudy?.select, ...Object.fromEntries(Object.entries(protocol.select ?? {}).filter(([, v]) => given(v))) };
  const spec = { ...batchSpecFrom(flags, sourceOf, (ownStudy ?? study) as never, cliBase), ...(other ? { protocol: other.name, select } : {}) };

  const progress = createProgress(process.stderr, { quiet: flags.quiet });
  // Without an out file the summary comes from the records kept in memory.
  const tally = new SummaryTally();
  const outcome = await runBatch(spec, {
    ...runOptions,
    signal,
    onStart: (p) => progress.start(p),
    onResult: (r, p) => {
      progress.update(r, p);
      if (!spec.out) tally.add(r);
    },
    collect: false,
  });
  const { appended, skipped, total, stopped } = outcome;
  progress.finish(outcome.progress);

  if (stopped && !outcome.circuitBreaker) {
    // Stopping must be quick whatever the file's size: no read-back, the counts are known.
    const runsToGo = total - outcome.progress.done;
    if (spec.out) process.stdout.write(`${appended} records appended to ${spec.out}; ${outcome.progress.done}/${total} runs of the batch done\n`);
    process.stderr.write(`stopped with ${runsToGo} runs to go${spec.out ? '' : ' (no --out: nothing to resume from)'}\n`);
    process.exitCode = BATCH_EXIT.stopped;
    return;
  }
  // The summary covers the whole batch: records from earlier (interrupted) invocations too,
  // the latest record of each run (a retried run counts with its new outcome).
  if (spec.out) {
    try {
      await readRecordFile(spec.out, { record: (r) => outcome.isPlanned(r) && tally.add(r) }, { signal });
    } catch (err) {
      if ((err as Error)?.name !== 'AbortError') throw err;
      process.stderr.write('stopped while reading the results back; the records are in the file\n');
      process.exitCode = BATCH_EXIT.stopped;
      return;
    }
  }
  for (const line of tally.lines()) process.stdout.write(`${line}\n`);
  if (spec.out) {
    const resumed = skipped ? ` (${skipped} were already there)` : '';
    process.stdout.write(`${appended} records appended to ${spec.out}; ${tally.runs}/${total} runs of the batch done${resumed}\n`);
  }
  const errors = tally.count('error');
  if (outcome.circuitBreaker) {
    // K runs in a row ended in error: the batch stopped itself (engine/circuit-breaker.ts).
    process.stderr.write(`${outcome.circuitBreaker}\n`);
    process.exitCode = BATCH_EXIT.someErrors;
  } else if (tally.runs < total) {
    process.stderr.write(`stopped with ${total - tally.runs} runs to go${spec.out ? '' : ' (no --out: nothing to resume from)'}\n`);
    process.exitCode = BATCH_EXIT.stopped;
  } else if (errors) {
    const all = errors === tally.runs;
    process.stderr.write(`${all ? 'every run' : `${errors} of ${tally.runs} runs`} ended in error (not counted as refusal or compliance; see the error kinds in \`milgram report\`)${spec.out ? '; --retry-errors runs them again' : ''}\n`);
    process.exitCode = all ? BATCH_EXIT.allErrors : BATCH_EXIT.someErrors;
  }
}
