// A batch: the product participants x conditions x ladders x runs, each run through
// runExperiment (retried on transient failures, engine/retry.ts), `concurrency` at a time,
// each finished record appended as one whole line. The plan is a generator: a batch of 10^9
// runs starts writing at once and never holds its plan in memory. Resumable: runs whose id is
// already in the output file are skipped (with retryErrors, not those whose latest record is
// an error: they run again, appended); the file is read in one streaming pass, keeping only a
// set of finished ids. One writer per file (a lock beside it). Stopping (the signal) aborts
// the runs in flight, which are never written; finished runs stay in the file.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { resolveCondition, type ConditionRef } from '../machines/milgram/conditions/resolve.ts';
import { armVariant, ConfigError, parseRunConfig, type RunConfigInput } from './config.ts';
import { abortError } from './line-reader.ts';
import { deriveSeed } from './prng.ts';
import { protocolFor } from './protocols.ts';
import type { RunResult } from './result.ts';
import { openResultsFile, ResultsFileError, type ResultsWriter } from './results-file.ts';
import { runWithRetries, type RetryPolicy } from './retry.ts';
import { runId } from './run-id.ts';
import type { RunOptions } from './run.ts';
import type { LadderName } from '../machines/milgram/ladders.ts';

export interface BatchSpec {
  participants: string[];
  conditions?: ConditionRef[];
  ladders?: LadderName[];
  runs: number;
  /** Batch seed S; run i uses deriveSeed(S, i), so the first k runs never depend on N. */
  seed: number;
  concurrency?: number;
  /** Fields shared by every run (briefing, timeouts, model params, baseURL, ...). */
  base?: Omit<RunConfigInput, 'participant' | 'condition' | 'ladder' | 'seed' | 'repeat'>;
  out?: string;
  /** On resume, run again the runs whose latest record in `out` is an error (old lines stay). */
  retryErrors?: boolean;
  /** Run-level retries of a run that ended in a transient error (429, 5xx, reset, timeout). Default 2. */
  transientRetries?: number;
}

export interface BatchProgress {
  /** Runs of the batch finished so far, including those already in the file (`skipped`). */
  done: number;
  /** Runs in the whole batch (after removing duplicate participants, conditions, ladders). */
  total: number;
  /** Runs found already finished in the output file at start. */
  skipped: number;
  /** Among the runs finished by this invocation: */
  refusals: number;
  errors: number;
  costUsd: number;
  /** Runs whose cost is unknown (a model without a price): not in costUsd. */
  costUnknown: number;
  last?: RunResult;
}

export interface BatchOptions extends RunOptions {
  onResult?: (result: RunResult, progress: BatchProgress) => void;
  /** Called once before the first run, with the counts known at start. */
  onStart?: (progress: BatchProgress) => void;
  /**
   * Keep each finished record in `results` (default true). Batches written to a file can turn
   * this off so memory stays flat however many runs there are; `appended` still counts them.
   */
  collect?: boolean;
  /** Backoff settings and the sleep used between run-level retries (tests inject one). */
  retry?: Omit<RetryPolicy, 'retries'>;
}

export interface BatchOutcome {
  /** Runs finished by this invocation, in the order they finished (empty when collect is false). */
  results: RunResult[];
  /** How many runs this invocation finished (and appended, when there is an out file). */
  appended: number;
  skipped: number;
  /** Runs in the batch. */
  total: number;
  /** Ids of every run of the batch, in plan order (computed when read: a huge batch never holds them). */
  readonly ids: string[];
  /** True when a record with this id belongs to this batch (constant memory, for reading back). */
  isPlanned(record: Pick<RunResult, 'id' | 'repeat'> & { participant: { spec: string }; condition: { name: string }; ladder: { name: string } }): boolean;
  /** True when the signal stopped the batch before every run finished. */
  stopped: boolean;
  /** The counts at the end (as last given to onResult). */
  progress: BatchProgress;
}

export function batchSeed(seed: number, index: number): number {
  return deriveSeed('milgram-batch', seed, index);
}

/** One cell of the batch: what every run of it shares, and how its i-th run is made. */
interface Cell {
  participant: string;
  condition: ConditionRef;
  conditionName: string;
  ladder: LadderName;
  variant: string;
}

const unique = <T>(items: readonly T[], key: (t: T) => string): T[] => {
  const seen = new Set<string>();
  return items.filter((t) => !seen.has(key(t)) && !!seen.add(key(t)));
};

/**
 * The batch's cells, each checked (schema, condition, API keys, replay files) before any work
 * starts: a typo or a missing key fails at once, not after other participants' runs. The same
 * participant, condition or ladder given twice would plan the same runs twice: kept once.
 */
function cellsOf(spec: BatchSpec, files: { record?: string; replay?: string }): Cell[] {
  const cells: Cell[] = [];
  const conditions = unique(spec.conditions ?? ['baseline'], (c) => {
    try {
      return JSON.stringify(resolveCondition(c).name);
    } catch {
      return JSON.stringify(c);
    }
  });
  for (const participant of unique(spec.participants, String)) {
    for (const condition of conditions) {
      for (const ladder of unique<LadderName>(spec.ladders ?? ['milgram1963'], String)) {
        const config = parseRunConfig({ ...spec.base, participant, condition, ladder, seed: 0, repeat: 0 });
        protocolFor(config.protocol).preflight(config, files);
        cells.push({ participant, condition, conditionName: resolveCondition(config.condition).name, ladder, variant: armVariant(config) });
      }
    }
  }
  return cells;
}

const cellConfig = (spec: BatchSpec, cell: Cell, i: number): RunConfigInput => ({
  ...spec.base, participant: cell.participant, condition: cell.condition, ladder: cell.ladder, seed: batchSeed(spec.seed, i), repeat: i,
});
const cellId = (spec: BatchSpec, cell: Cell, i: number): string =>
  runId({ participant: cell.participant, condition: cell.conditionName, ladder: cell.ladder, seed: batchSeed(spec.seed, i), repeat: i, variant: cell.variant });

/** Every run config of the batch, lazily, in a fixed order. */
export function* planRuns(spec: BatchSpec): Generator<RunConfigInput> {
  for (const participant of spec.participants) {
    for (const condition of spec.conditions ?? ['baseline']) {
      for (const ladder of spec.ladders ?? ['milgram1963']) {
        for (let i = 0; i < spec.runs; i++) {
          yield { ...spec.base, participant, condition, ladder, seed: batchSeed(spec.seed, i), repeat: i };
        }
      }
    }
  }
}

/** Every run config of the batch as an array (small batches, tests; see planRuns). */
export function planBatch(spec: BatchSpec): RunConfigInput[] {
  return [...planRuns(spec)];
}

/** The id runExperiment will give this config's record. */
export function plannedId(input: RunConfigInput): string {
  const config = parseRunConfig(input);
  return runId({
    participant: config.participant,
    condition: resolveCondition(config.condition).name,
    ladder: config.ladder,
    seed: config.seed,
    repeat: config.repeat,
    variant: armVariant(config),
  });
}

export async function runBatch(spec: BatchSpec, options: BatchOptions = {}): Promise<BatchOutcome> {
  if (!Number.isInteger(spec.runs) || spec.runs < 1) throw new ConfigError([{ field: 'runs', message: `must be a whole number >= 1, got ${spec.runs}` }]);
  if (!spec.participants.length) throw new ConfigError([{ field: 'participant', message: 'give at least one participant (--participant sim:obedient)' }]);
  const concurrency = spec.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError([{ field: 'concurrency', message: `must be a whole number >= 1, got ${concurrency}` }]);
  const transientRetries = spec.transientRetries ?? undefined;
  if (transientRetries !== undefined && (!Number.isInteger(transientRetries) || transientRetries < 0 || transientRetries > 20)) {
    throw new ConfigError([{ field: 'transientRetries', message: `must be a whole number from 0 to 20, got ${transientRetries}` }]);
  }
  const cells = cellsOf(spec, { record: options.record, replay: options.replay });
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
    return await runPlanned(spec, options, cells, total, done, writer, transientRetries);
  } finally {
    writer?.close();
  }
}

async function runPlanned(
  spec: BatchSpec, options: BatchOptions, cells: Cell[], total: number, done: Set<string>,
  writer: ResultsWriter | undefined, transientRetries: number | undefined,
): Promise<BatchOutcome> {
  const outer = options.signal;
  // Runs already in the file: counted by walking the plan's ids (yielding now and then so a
  // stop is heard); a fresh file skips the walk, so a batch of any size starts at once.
  let skipped = 0;
  if (done.size) {
    let k = 0;
    for (const cell of cells) {
      for (let i = 0; i < spec.runs; i++) {
        if (done.has(cellId(spec, cell, i))) skipped++;
        if (++k % 20_000 === 0) {
          await nextTurn();
          if (outer?.aborted) throw abortError();
        }
      }
    }
  }
  const progress: BatchProgress = { done: skipped, total, skipped, refusals: 0, errors: 0, costUsd: 0, costUnknown: 0 };
  options.onStart?.(progress);

  // One controller for the batch: the caller's signal stops it, and so does a run that throws
  // (a bug, not a model failure: those become error records), after which the batch rethrows.
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let failure: unknown = null;

  function* todo(): Generator<RunConfigInput> {
    for (const cell of cells) {
      for (let i = 0; i < spec.runs; i++) {
        if (done.size && done.has(cellId(spec, cell, i))) continue;
        yield cellConfig(spec, cell, i);
      }
    }
  }
  const queue = todo();

  const results: RunResult[] = [];
  let appended = 0;
  const { retry, onResult, onStart: _onStart, collect, ...runOptions } = options;
  const worker = async () => {
    while (!controller.signal.aborted) {
      const next = queue.next();
      if (next.done) return;
      let result: RunResult;
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
      if (result.outcome === 'error') progress.errors++;
      if (result.usage.costUsd === null) progress.costUnknown++;
      else progress.costUsd += result.usage.costUsd;
      progress.last = result;
      onResult?.(result, progress);
      // Simulated runs finish in microtasks; yielding lets signals (Ctrl+C) and I/O through.
      await nextTurn();
    }
  };
  try {
    const remaining = total - skipped;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency ?? 1, remaining || 1)) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (failure) throw failure;
  const byKey = new Map(cells.map((c) => [JSON.stringify([c.participant, c.conditionName, c.ladder]), c]));
  return {
    results,
    appended,
    skipped,
    total,
    get ids() {
      return cells.flatMap((cell) => Array.from({ length: spec.runs }, (_, i) => cellId(spec, cell, i)));
    },
    isPlanned(r) {
      const cell = byKey.get(JSON.stringify([r.participant.spec, r.condition.name, r.ladder.name]));
      return !!cell && Number.isInteger(r.repeat) && r.repeat >= 0 && r.repeat < spec.runs && cellId(spec, cell, r.repeat) === r.id;
    },
    stopped: progress.done < progress.total,
    progress,
  };
}
