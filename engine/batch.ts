// A batch: the product participants x conditions x ladders x runs, each run through
// runExperiment, `concurrency` at a time, each finished record appended as one whole line.
// Resumable: runs whose id is already in the output file are skipped.
import { resolveCondition, type ConditionRef } from '../conditions/resolve.ts';
import { ConfigError, parseRunConfig, type RunConfigInput } from './config.ts';
import { appendResult, existingIds, repairTail } from './jsonl.ts';
import { deriveSeed } from './prng.ts';
import type { RunResult } from './result.ts';
import { runExperiment, runId, type RunOptions } from './run.ts';
import type { LadderName } from '../machines/ladders.ts';

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
}

export interface BatchProgress {
  done: number;
  total: number;
  skipped: number;
  refusals: number;
  errors: number;
  costUsd: number;
  last?: RunResult;
}

export interface BatchOptions extends RunOptions {
  onResult?: (result: RunResult, progress: BatchProgress) => void;
}

export function batchSeed(seed: number, index: number): number {
  return deriveSeed('milgram-batch', seed, index);
}

/** Every run config of the batch, in a fixed order. */
export function planBatch(spec: BatchSpec): RunConfigInput[] {
  const plan: RunConfigInput[] = [];
  for (const participant of spec.participants) {
    for (const condition of spec.conditions ?? ['baseline']) {
      for (const ladder of spec.ladders ?? ['milgram1963']) {
        for (let i = 0; i < spec.runs; i++) {
          plan.push({ ...spec.base, participant, condition, ladder, seed: batchSeed(spec.seed, i), repeat: i });
        }
      }
    }
  }
  return plan;
}

function conditionName(ref: ConditionRef | undefined): string {
  return resolveCondition(ref ?? 'baseline').name;
}

export async function runBatch(spec: BatchSpec, options: BatchOptions = {}): Promise<{ results: RunResult[]; skipped: number }> {
  const plan = planBatch(spec);
  // Validate every run's config before any work starts: a typo fails fast, not at run 37.
  for (const config of plan) {
    parseRunConfig(config);
    try {
      resolveCondition(config.condition);
    } catch (err) {
      throw new ConfigError([{ field: 'condition', message: (err as Error).message }]);
    }
  }
  if (spec.out) repairTail(spec.out);
  const have = spec.out ? existingIds(spec.out) : new Set<string>();
  const todo = plan.filter(
    (c) => !have.has(runId({ participant: c.participant, condition: conditionName(c.condition), ladder: c.ladder ?? 'milgram1963', seed: c.seed!, repeat: c.repeat! })),
  );
  const progress: BatchProgress = { done: 0, total: todo.length, skipped: plan.length - todo.length, refusals: 0, errors: 0, costUsd: 0 };
  const results: RunResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !options.signal?.aborted) {
      const config = todo[next++]!;
      let result: RunResult;
      try {
        result = await runExperiment(config, options);
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        throw err;
      }
      if (spec.out) appendResult(spec.out, result);
      results.push(result);
      progress.done++;
      if (result.outcome === 'refused') progress.refusals++;
      if (result.outcome === 'error') progress.errors++;
      progress.costUsd += result.usage.costUsd ?? 0;
      progress.last = result;
      options.onResult?.(result, progress);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency ?? 1, todo.length || 1)) }, worker));
  return { results, skipped: progress.skipped };
}
