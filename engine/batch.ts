// A batch: what the protocol's planBatch expands the axes to (Milgram: participants x
// conditions x ladders x runs), each run through runExperiment (retried on transient failures,
// engine/retry.ts), `concurrency` at a time, each finished record appended as one whole line.
// The plan is lazy: a batch of 10^9 runs starts writing at once and never holds its plan in
// memory. Resumable: runs whose id is already in the output file are skipped (with retryErrors,
// not those whose latest record is an error: they run again, appended); the file is read in one
// streaming pass, keeping only a set of finished ids. One writer per file (a lock beside it).
// Stopping (the signal, or the circuit breaker) aborts the runs in flight, which are never
// written; finished runs stay in the file.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ConditionRef } from '../machines/milgram/conditions/resolve.ts';
import { ConfigError, parseRunConfig, protocolNamed, type RunConfig, type RunConfigInput } from './config.ts';
import { createCircuitBreaker, DEFAULT_MAX_CONSECUTIVE_ERRORS } from './circuit-breaker.ts';
import { abortError } from './line-reader.ts';
import { deriveSeed } from './prng.ts';
import type { BatchAxes, Protocol } from './protocol.ts';
import { protocolFor } from './protocols.ts';
import type { AnyRunResult, ResultFor } from './result.ts';
import { openResultsFile, ResultsFileError, type ResultsWriter } from './results-file.ts';
import { runWithRetries, type RetryPolicy } from './retry.ts';
import type { RunOptions } from './run.ts';
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
  /** Run-level retries of a run that ended in a transient error (429, 5xx, reset, timeout). Default 2. */
  transientRetries?: number;
}

export interface BatchProgress {
  /** Runs of the batch finished so far, including those already in the file (`skipped`). */
  done: number;
  /** Runs in the whole batch (after removing duplicate cells: a participant or condition given twice). */
  total: number;
  /** Runs found already finished in the output file at start. */
  skipped: number;
  /** Finished in this invocation and read as a refusal (Milgram's outcome `refused`). */
  refusals: number;
  /**
   * The protocol's own count for the progress line (its `progressCount`: Milgram's refusals,
   * institutional-pressure's harmful recommendations, role-play's goals obtained).
   */
  counted: { label: string; n: number };
  /** Finished in this invocation with outcome error. */
  errors: number;
  /** Summed cost of runs finished in this invocation whose cost is known. */
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
   * Keep every finished record in `results` (default true). The CLI, which reads the batch
   * back from its out file at the end and reports progress through onResult, turns
   * this off so memory stays flat however many runs there are; `appended` still counts them.
   */
  collect?: boolean;
  /** Backoff settings and the sleep used between run-level retries (tests inject one). */
  retry?: Omit<RetryPolicy, 'retries'>;
}

export interface BatchOutcome<R = AnyRunResult> {
  /** Runs finished by this invocation, in the order they finished (empty when collect is false). */
  results: R[];
  /** How many runs this invocation finished (and appended, when there is an out file). */
  appended: number;
  skipped: number;
  /** Runs in the batch. */
  total: number;
  /** Ids of every run of the batch, in plan order (computed when read: a huge batch never holds them). */
  readonly ids: string[];
  /** True when a record with this id belongs to this batch (bounded memory, for reading back). */
  isPlanned(record: { id: string; repeat: number }): boolean;
  /** True when the signal or the circuit breaker stopped the batch before every run finished. */
  stopped: boolean;
  /** The circuit breaker's one-line cause, when it stopped the batch. */
  circuitBreaker?: string;
  /** The counts at the end (as last given to onResult). */
  progress: BatchProgress;
}

export function batchSeed(seed: number, index: number): number {
  return deriveSeed('milgram-batch', seed, index);
}

function axesOf(spec: BatchSpec, runs = spec.runs): BatchAxes {
  return { participants: spec.participants, conditions: spec.conditions, ladders: spec.ladders, runs, base: spec.base, select: spec.select };
}

/**
 * Every run config of the batch, lazily, in a fixed order (the protocol says what a batch
 * expands to). Bad selections throw here, before the first config is asked for.
 */
export function planRuns(spec: BatchSpec): Iterable<RunConfigInput> {
  const protocol = protocolNamed(spec.protocol ?? 'milgram');
  return protocol.planBatch(axesOf(spec), (i) => batchSeed(spec.seed, i)) as Iterable<RunConfigInput>;
}

/** Every run config of the batch as an array (small batches, tests; see planRuns). */
export function planBatch(spec: BatchSpec): RunConfigInput[] {
  return [...planRuns(spec)];
}

/** The id runExperiment will give this config's record. */
export function plannedId(input: RunConfigInput): string {
  const config = parseRunConfig(input);
  return protocolFor(config.protocol).runId(config);
}

/**
 * One cell of the batch: the runs that differ only in seed and repeat (Milgram: a participant,
 * condition and ladder). Run i of the cell is its config with seed batchSeed(S, i), repeat i.
 */
interface Cell {
  input: RunConfigInput;
  config: RunConfig;
}

/**
 * The batch's cells (the protocol's plan of one run each), each checked (schema, condition,
 * API keys, replay and data files) before any work starts: a typo or a missing key fails at
 * once, not after other participants' runs. The same participant or condition given twice
 * would plan the same runs twice: a cell whose first run has the id of an earlier one is kept once.
 */
function cellsOf(spec: BatchSpec, protocol: Protocol, files: { record?: string; replay?: string }): Cell[] {
  const cells: Cell[] = [];
  const seen = new Set<string>();
  const checked = new Set<string>();
  for (const input of protocol.planBatch(axesOf(spec, 1), (i) => batchSeed(spec.seed, i)) as Iterable<RunConfigInput>) {
    const config = parseRunConfig(input);
    const id = protocol.runId(config);
    if (seen.has(id)) continue;
    seen.add(id);
    // Seeds, repeats and labels change nothing a preflight checks.
    const key = JSON.stringify({ ...config, seed: 0, repeat: 0, tags: {} });
    if (!checked.has(key)) {
      checked.add(key);
      protocol.preflight(config, files);
    }
    cells.push({ input, config });
  }
  return cells;
}

/** How long simulated runs may hold the event loop between yields. */
const YIELD_EVERY_MS = 10;

export async function runBatch<S extends BatchSpec>(spec: S, options: BatchOptions = {}): Promise<BatchOutcome<ResultFor<S>>> {
  if (!Number.isInteger(spec.runs) || spec.runs < 1) throw new ConfigError([{ field: 'runs', message: `must be a whole number >= 1, got ${spec.runs}` }]);
  if (!spec.participants.length) throw new ConfigError([{ field: 'participant', message: 'give at least one participant (--participant sim:obedient)' }]);
  const concurrency = spec.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError([{ field: 'concurrency', message: `must be a whole number >= 1, got ${concurrency}` }]);
  const transientRetries = spec.transientRetries ?? undefined;
  if (transientRetries !== undefined && (!Number.isInteger(transientRetries) || transientRetries < 0 || transientRetries > 20)) {
    throw new ConfigError([{ field: 'transientRetries', message: `must be a whole number from 0 to 20, got ${transientRetries}` }]);
  }
  const protocol = protocolNamed(spec.protocol ?? 'milgram');
  const cells = cellsOf(spec, protocol, { record: options.record, replay: options.replay });
  const total = cells.length * spec.runs;
  const signal = options.signal;

  let writer: ResultsWriter | undefined;
  let done = new Set<string>();
  if (spec.out) {
    try {
      const opened = await openResultsFile(spec.out, { retryErrors: spec.retryErrors, signal });
      writer = opened.writer;
      done = opened.scan.done;
    } catch (err) {
      if (err instanceof ResultsFileError) throw new ConfigError([{ field: 'out', message: err.message }]);
      throw err;
    }
  }
  try {
    return (await runPlanned(spec, options, protocol, cells, total, done, writer, transientRetries)) as BatchOutcome<ResultFor<S>>;
  } finally {
    writer?.close();
  }
}

async function runPlanned(
  spec: BatchSpec, options: BatchOptions, protocol: Protocol, cells: Cell[], total: number, done: Set<string>,
  writer: ResultsWriter | undefined, transientRetries: number | undefined,
): Promise<BatchOutcome> {
  const outer = options.signal;
  const seedOf = (i: number) => batchSeed(spec.seed, i);
  const idOf = (cell: Cell, i: number): string => protocol.runId({ ...cell.config, seed: seedOf(i), repeat: i });
  // Runs already in the file: found by walking the plan's ids once (yielding now and then so a
  // stop is heard) and kept by plan position, as many as the file has records; a fresh file
  // skips the walk, so a batch of any size starts at once.
  const finishedAt = new Set<number>();
  if (done.size) {
    let k = 0;
    for (const cell of cells) {
      for (let i = 0; i < spec.runs; i++, k++) {
        if (done.has(idOf(cell, i))) finishedAt.add(k);
        if ((k + 1) % 20_000 === 0) {
          await nextTurn();
          if (outer?.aborted) throw abortError();
        }
      }
    }
  }
  const skipped = finishedAt.size;
  const counting = protocol.progressCount ?? { label: 'refusals', counts: (r: AnyRunResult) => r.outcome === 'refused' };
  const progress: BatchProgress = { done: skipped, total, skipped, refusals: 0, counted: { label: counting.label, n: 0 }, errors: 0, costUsd: 0, costUnknown: 0 };
  options.onStart?.(progress);

  // One controller for the batch: the caller's signal stops it, and so does a run that throws
  // (a bug, not a model failure: those become error records), after which the batch rethrows.
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let failure: unknown = null;
  const breaker = createCircuitBreaker(spec.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS);
  let tripped: string | null = null;

  // Each cell's config was parsed once (cellsOf); a run only changes its seed and repeat.
  function* todo(): Generator<RunConfig> {
    let k = 0;
    for (const cell of cells) {
      for (let i = 0; i < spec.runs; i++, k++) {
        if (finishedAt.has(k)) continue;
        yield { ...cell.config, seed: seedOf(i), repeat: i };
      }
    }
  }
  const queue = todo();

  const results: AnyRunResult[] = [];
  let appended = 0;
  let lastYield = performance.now();
  const { retry, onResult, onStart: _onStart, collect, ...runOptions } = options;
  const worker = async () => {
    while (!controller.signal.aborted) {
      const next = queue.next();
      if (next.done) return;
      let result: AnyRunResult;
      try {
        result = await runWithRetries(next.value, { ...runOptions, signal: controller.signal }, { ...retry, retries: transientRetries });
      } catch (err) {
        if ((err as Error)?.name === 'AbortError') return;
        failure ??= err;
        controller.abort();
        return;
      }
      // A finished run is kept even if the stop came while it was finishing.
      writer?.append(result);
      appended++;
      if (collect !== false) results.push(result);
      progress.done++;
      if (result.outcome === 'refused') progress.refusals++;
      if (counting.counts(result as never)) progress.counted.n++;
      if (result.outcome === 'error') progress.errors++;
      if (result.usage.costUsd === null) progress.costUnknown++;
      else progress.costUsd += result.usage.costUsd;
      progress.last = result;
      onResult?.(result, progress);
      tripped ??= breaker.observe(result);
      if (tripped) controller.abort();
      // Simulated runs finish in microtasks: yielding to the event loop every few milliseconds
      // lets signals (Ctrl+C), I/O and progress through without a turn of the loop per run.
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await nextTurn();
        lastYield = performance.now();
      }
    }
  };
  try {
    const remaining = total - skipped;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency ?? 1, remaining || 1)) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (failure) throw failure;
  // Reading a file back: the batch's ids at one repeat, a few repeats at a time (bounded memory).
  const idsAt = new Map<number, Set<string>>();
  let cachedIds = 0;
  return {
    results,
    appended,
    skipped,
    total,
    get ids() {
      return cells.flatMap((cell) => Array.from({ length: spec.runs }, (_, i) => idOf(cell, i)));
    },
    isPlanned(r) {
      if (!Number.isInteger(r.repeat) || r.repeat < 0 || r.repeat >= spec.runs) return false;
      let ids = idsAt.get(r.repeat);
      if (!ids) {
        if (cachedIds > 200_000) {
          idsAt.clear();
          cachedIds = 0;
        }
        ids = new Set(cells.map((cell) => idOf(cell, r.repeat)));
        idsAt.set(r.repeat, ids);
        cachedIds += ids.size;
      }
      return ids.has(r.id);
    },
    stopped: progress.done < progress.total,
    progress,
    ...(tripped ? { circuitBreaker: tripped } : {}),
  };
}
