// A batch: the product participants x conditions x ladders x runs, each run through
// runExperiment, `concurrency` at a time, each finished record appended as one whole line.
// Resumable: runs whose id is already in the output file are skipped (with retryErrors, not
// those whose latest record is an error: they run again, appended). Stopping (the signal)
// aborts the runs in flight, which are never written; finished runs stay in the file.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ConditionRef } from '../machines/milgram/conditions/resolve.ts';
import { ConfigError, parseRunConfig, protocolNamed, type RunConfigInput } from './config.ts';
import { appendResult, existingIds, prepareOut, repairTail } from './jsonl.ts';
import { createCircuitBreaker, DEFAULT_MAX_CONSECUTIVE_ERRORS } from './circuit-breaker.ts';
import { deriveSeed } from './prng.ts';
import { protocolFor } from './protocols.ts';
import type { AnyRunResult, ResultFor } from './result.ts';
import { runExperiment, type RunOptions } from './run.ts';
import type { LadderName } from '../machines/milgram/ladders.ts';

export interface BatchSpec {
  /** The protocol every run of the batch follows (default milgram). */
  protocol?: string;
  participants: string[];
  conditions?: ConditionRef[];
  ladders?: LadderName[];
  runs: number;
  /** Batch seed S; run i uses deriveSeed(S, i), so the first k runs never depend on N. */
  seed: number;
  concurrency?: number;
  /** Fields shared by every run (briefing, timeouts, model params, baseURL, judges, ...). */
  base?: Record<string, unknown>;
  /** Protocol-specific selections that expand into runs (institutional-pressure: scenario, category). */
  select?: Record<string, unknown>;
  out?: string;
  /** On resume, run again the runs whose latest record in `out` is an error (old lines stay). */
  retryErrors?: boolean;
  /** Stop the batch after this many runs in a row end in error (default 5; 0 never stops). */
  maxConsecutiveErrors?: number;
}

export interface BatchProgress {
  /** Runs of the batch finished so far, including those already in the file (`skipped`). */
  done: number;
  /** Runs in the whole batch (after removing duplicate ids). */
  total: number;
  /** Runs found already finished in the output file at start. */
  skipped: number;
  /** Among the runs finished by this invocation: */
  refusals: number;
  errors: number;
  costUsd: number;
  /** Runs whose cost is unknown (a model without a price): not in costUsd. */
  costUnknown: number;
  last?: AnyRunResult;
}

export interface BatchOptions extends RunOptions {
  onResult?: (result: AnyRunResult, progress: BatchProgress) => void;
  /** Called once before the first run, with the counts known at start. */
  onStart?: (progress: BatchProgress) => void;
  /**
   * Keep each finished record in `results` (default true). Batches written to a file can turn
   * this off so memory stays flat however many runs there are; `appended` still counts them.
   */
  collect?: boolean;
}

export interface BatchOutcome<R = AnyRunResult> {
  /** Runs finished by this invocation, in the order they finished (empty when collect is false). */
  results: R[];
  /** How many runs this invocation finished (and appended, when there is an out file). */
  appended: number;
  skipped: number;
  /** Ids of every run of the batch, in plan order (for reading the whole batch back). */
  ids: string[];
  /** True when the signal stopped the batch before every run finished. */
  stopped: boolean;
  /** The circuit breaker's one-line cause, when it stopped the batch. */
  circuitBreaker?: string;
  /** The counts at the end (as last given to onResult). */
  progress: BatchProgress;
}

export function batchSeed(seed: number, index: number): number {
  return deriveSeed('milgram-batch', seed, index);
}

/** Every run config of the batch, in a fixed order (the protocol says what a batch expands to). */
export function planBatch(spec: BatchSpec): RunConfigInput[] {
  const protocol = protocolNamed(spec.protocol ?? 'milgram');
  return protocol.planBatch(
    { participants: spec.participants, conditions: spec.conditions, ladders: spec.ladders, runs: spec.runs, base: spec.base, select: spec.select },
    (i) => batchSeed(spec.seed, i),
  );
}

/** The id runExperiment will give this config's record. */
export function plannedId(input: RunConfigInput): string {
  const config = parseRunConfig(input);
  return protocolFor(config.protocol).runId(config);
}

/** Checks every run's config before any work starts: a typo fails fast, not at run 37. */
/**
 * Checks every run's config before any work starts: schema, condition, and what each distinct
 * role set needs (API keys, replay files), so a typo or a missing key fails at once, not after
 * other participants' runs.
 */
function validatePlan(plan: RunConfigInput[], files: { record?: string; replay?: string }): void {
  const checked = new Set<string>();
  for (const input of plan) {
    const config = parseRunConfig(input);
    // Seeds, repeats and labels change nothing a preflight checks.
    const key = JSON.stringify({ ...config, seed: 0, repeat: 0, tags: {} });
    if (checked.has(key)) continue;
    checked.add(key);
    protocolFor(config.protocol).preflight(config, files);
  }
}

export async function runBatch<S extends BatchSpec>(spec: S, options: BatchOptions = {}): Promise<BatchOutcome<ResultFor<S>>> {
  if (!Number.isInteger(spec.runs) || spec.runs < 1) throw new ConfigError([{ field: 'runs', message: `must be a whole number >= 1, got ${spec.runs}` }]);
  if (!spec.participants.length) throw new ConfigError([{ field: 'participant', message: 'give at least one participant (--participant sim:obedient)' }]);
  const concurrency = spec.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError([{ field: 'concurrency', message: `must be a whole number >= 1, got ${concurrency}` }]);
  const fullPlan = planBatch(spec);
  validatePlan(fullPlan, { record: options.record, replay: options.replay });

  // The same participant or condition given twice would plan the same run twice: keep one.
  const byId = new Map<string, RunConfigInput>();
  for (const config of fullPlan) {
    const id = plannedId(config);
    if (!byId.has(id)) byId.set(id, config);
  }
  const ids = [...byId.keys()];

  if (spec.out) {
    try {
      prepareOut(spec.out);
    } catch (err) {
      throw new ConfigError([{ field: 'out', message: `${(err as Error).message}; give a writable path` }]);
    }
    repairTail(spec.out);
  }
  const have = spec.out ? existingIds(spec.out, { retryErrors: spec.retryErrors }) : new Set<string>();
  const todo = ids.filter((id) => !have.has(id)).map((id) => byId.get(id)!);
  const skipped = ids.length - todo.length;
  const progress: BatchProgress = { done: skipped, total: ids.length, skipped, refusals: 0, errors: 0, costUsd: 0, costUnknown: 0 };
  options.onStart?.(progress);

  // One controller for the batch: the caller's signal stops it, and so does a run that throws
  // (a bug, not a model failure: those become error records), after which the batch rethrows.
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let failure: unknown = null;
  const breaker = createCircuitBreaker(spec.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS);
  let tripped: string | null = null;

  const results: AnyRunResult[] = [];
  let appended = 0;
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !controller.signal.aborted) {
      const config = todo[next++]!;
      let result: AnyRunResult;
      try {
        result = await runExperiment(config, { ...options, signal: controller.signal });
      } catch (err) {
        if ((err as Error)?.name === 'AbortError') return;
        failure ??= err;
        controller.abort();
        return;
      }
      // A finished run is kept even if the stop came while it was finishing.
      if (spec.out) appendResult(spec.out, result);
      appended++;
      if (options.collect !== false) results.push(result);
      progress.done++;
      if (result.outcome === 'refused') progress.refusals++;
      if (result.outcome === 'error') progress.errors++;
      if (result.usage.costUsd === null) progress.costUnknown++;
      else progress.costUsd += result.usage.costUsd;
      progress.last = result;
      options.onResult?.(result, progress);
      tripped ??= breaker.observe(result);
      if (tripped) controller.abort();
      // Simulated runs finish in microtasks; yielding lets signals (Ctrl+C) and I/O through.
      await nextTurn();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, todo.length || 1)) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (failure) throw failure;
  return { results: results as ResultFor<S>[], appended, skipped, ids, stopped: progress.done < progress.total, progress, ...(tripped ? { circuitBreaker: tripped } : {}) };
}
