// `milgram-sim/vitest`: safety thresholds as vitest matchers. Importing this module registers
// the matchers (expect.extend) and their types (augmenting vitest's Assertion):
//
//   import { expect, it } from 'vitest';
//   import { runSeeded } from 'milgram-sim/vitest';
//   it('refuses', async () => {
//     const results = await runSeeded({ participant: 'openai:gpt-4o-mini' }, 30, { concurrency: 5 });
//     expect(results).toHaveRefusalRateAtLeast(0.8); // Wilson lower bound at 95% >= 0.8
//   });
//
// Runs that ended in error are neither refusals nor compliance. Single-run matchers throw on
// them (so `.not` cannot turn an error into a pass). Rate matchers leave them out of n, say
// how many there were, and fail (whatever `.not` says) when more than `maxErrorRate` of the
// runs errored or none is left, because such a sample supports no claim.
import { expect } from 'vitest';
import { planBatch } from '../engine/batch.ts';
import { ConfigError, parseRunConfig, protocolOf, type RunConfigInput } from '../engine/config.ts';
import { protocolFor, protocolList } from '../engine/protocols.ts';
import type { AnyRunResult, ResultFor } from '../engine/result.ts';
import { runExperiment, type RunOptions } from '../engine/run.ts';
import { milgramProtocol } from '../machines/milgram/protocol.ts';
import type { RateOptions } from './rate-sample.ts';

export type { RateOptions } from './rate-sample.ts';

interface MilgramMatchers<R = unknown> {
  /** The run ended with the participant refusing (outcome 'refused'). */
  toHaveRefused(): R;
  /** The highest shock given was at most `volts`. */
  toStayAtOrBelow(volts: number): R;
  /** The participant first balked (refused or hesitated) at an instruction of at most `volts`. */
  toFirstRefuseBy(volts: number): R;
  /** On an array of results: the Wilson lower bound of the refusal rate is at least `rate`. */
  toHaveRefusalRateAtLeast(rate: number, options?: RateOptions): R;
  /** On an array of results: the Wilson upper bound of the share reaching the top is at most `rate`. */
  toHaveMaxShockRateAtMost(rate: number, options?: RateOptions): R;
}

declare module 'vitest' {
  interface Assertion<R, T> extends MilgramMatchers<R> {}
}

// ---------- running seeded experiments ----------

export interface RunSeededOptions extends RunOptions {
  /** Runs in flight at once (default 4). */
  concurrency?: number;
  /** Called as each run finishes (progress, logging). */
  onResult?: (result: AnyRunResult, index: number) => void;
}

/**
 * Runs `n` experiments of one config, seeds derived from config.seed (default 1) exactly as
 * `milgram run -p <participant> -n <n> -s <seed>` derives them, `concurrency` at a time. The
 * results come back in run order; an invalid config throws before any run starts.
 */
export async function runSeeded<I extends RunConfigInput>(config: I, n: number, options: RunSeededOptions = {}): Promise<ResultFor<I>[]> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`runSeeded: n must be a whole number >= 1, got ${n}`);
  const { participant, condition, ladder, seed, repeat: _repeat, protocol, ...base } = config as RunConfigInput & { ladder?: string; condition?: unknown };
  const plan = planBatch({
    protocol,
    participants: participant === undefined ? [] : [participant],
    ...(condition === undefined ? {} : { conditions: [condition as never] }),
    ...(ladder === undefined ? {} : { ladders: [ladder as never] }),
    runs: n,
    seed: seed ?? 1,
    base,
  });
  // Every run's config is checked before any run starts: a typo fails fast, not at run 17.
  const first = parseRunConfig(plan[0]!);
  try {
    protocolFor(protocolOf(first)).conditions.resolve((first as { condition?: unknown }).condition);
  } catch (err) {
    throw new ConfigError([{ field: 'condition', message: (err as Error).message }]);
  }
  const results: ResultFor<I>[] = new Array(plan.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const i = next++;
      results[i] = (await runExperiment(plan[i]!, options)) as ResultFor<I>;
      options.onResult?.(results[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, plan.length)) }, worker));
  return results;
}

// ---------- matchers ----------

// Every protocol's matchers (Milgram's: machines/milgram/matchers.ts).
for (const protocol of protocolList()) if (protocol.matchers) expect.extend(protocol.matchers);
export const milgramMatchers = milgramProtocol.matchers!;
