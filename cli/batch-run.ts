// What `milgram run` does once its flags are parsed: merge a study file, run the batch with a
// progress display, stop cleanly on Ctrl+C / SIGTERM (runs in flight are aborted and never
// written; finished ones stay), and print a summary of the whole batch read back from --out.
import { runBatch, type BatchSpec } from '../engine/batch.ts';
import { ConfigError, protocolNamed } from '../engine/config.ts';
import { readResults } from '../engine/jsonl.ts';
import { latestPerId } from '../engine/latest.ts';
import type { RunResult } from '../engine/result.ts';
import type { RunOptions } from '../engine/run.ts';
import { createProgress } from './progress.ts';
import { batchSpecFrom, loadStudy, type RunFlags, type SourceOf } from './study.ts';
import { summaryLines } from './summary.ts';

export interface BatchCommandFlags extends RunFlags {
  study?: string;
  quiet?: boolean;
}

export async function runBatchCommand(
  flags: BatchCommandFlags,
  sourceOf: SourceOf,
  cliBase: NonNullable<BatchSpec['base']>,
  runOptions: Omit<RunOptions, 'signal'> = {},
  protocol: { protocol?: string; select?: Record<string, unknown> } = {},
): Promise<void> {
  const other = protocol.protocol && protocol.protocol !== 'milgram' ? protocolNamed(protocol.protocol) : null;
  // A protocol with its own study format reads the file; otherwise study files are Milgram's.
  const ownStudy = flags.study && other?.cli?.loadStudy ? other.cli.loadStudy(flags.study) : undefined;
  const study = flags.study && !ownStudy ? loadStudy(flags.study) : undefined;
  if (study && other) {
    throw new ConfigError([{ field: '--study', message: `study files describe Milgram sweeps; for ${other.name} give the flags directly` }]);
  }
  // Selections typed on the command line win over the study's; empty ones leave them.
  const given = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : v !== undefined);
  const select = { ...ownStudy?.select, ...Object.fromEntries(Object.entries(protocol.select ?? {}).filter(([, v]) => given(v))) };
  const spec = { ...batchSpecFrom(flags, sourceOf, (ownStudy ?? study) as never, cliBase), ...(other ? { protocol: other.name, select } : {}) };

  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl+C: leave now
    process.stderr.write(`\n${signal}: stopping; runs in flight are dropped, finished runs are kept. Run the same command again to resume.\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const progress = createProgress(process.stderr, { quiet: flags.quiet });
  let outcome;
  try {
    outcome = await runBatch(spec, {
      ...runOptions,
      signal: controller.signal,
      onStart: (p) => progress.start(p),
      onResult: (r, p) => progress.update(r, p),
      // With an out file the summary is read back from it: keep no records in memory.
      collect: !spec.out,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  const { results, appended, skipped, ids, stopped } = outcome;
  progress.finish(outcome.progress);

  // The summary covers the whole batch: records from earlier (interrupted) invocations too,
  // the latest record of each run (a retried run counts with its new outcome).
  let batch: RunResult[] = results;
  if (spec.out) {
    const wanted = new Set(ids);
    batch = latestPerId(readResults(spec.out).results).filter((r) => wanted.has(r.id));
  }
  for (const line of summaryLines(batch)) process.stdout.write(`${line}\n`);
  if (spec.out) {
    const resumed = skipped ? ` (${skipped} were already there)` : '';
    process.stdout.write(`${appended} records appended to ${spec.out}; ${batch.length}/${ids.length} runs of the batch done${resumed}\n`);
  }
  if (outcome.circuitBreaker) {
    process.stderr.write(`${outcome.circuitBreaker}\n`);
    process.exitCode = 3;
    return;
  }
  if (stopped) {
    process.stderr.write(`stopped with ${ids.length - batch.length} runs to go${spec.out ? '' : ' (no --out: nothing to resume from)'}\n`);
    process.exitCode = 130;
  }
}
