// Run-level retries of transient failures. The SDKs already retry a call a few times; when a
// run still ends in error because the server rate-limited it (429), failed (5xx), reset the
// connection or timed out, the whole run is run again (same config, same seed: the same run)
// a bounded number of times, waiting with exponential backoff or the server's Retry-After.
// Unretried, such errors would bias rates: long compliant runs make more calls, so they would
// fail more often than short refusals. What was retried is kept in the record.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { RunConfig } from './config.ts';
import { abortError } from './line-reader.ts';
import type { AnyRunResult as RunResult } from './result.ts';
import { runValidated, type RunOptions } from './run.ts';

/** Error kinds worth running again (see providers/model-error.ts). */
export const TRANSIENT_KINDS: ReadonlySet<string> = new Set(['rate-limit', 'server-error', 'connection', 'timeout']);

export interface RetryPolicy {
  /** Run-level retries after the first attempt (0 turns retrying off). Default 2. */
  retries?: number;
  /** First backoff; doubled each retry. Default 2,000 ms. */
  baseDelayMs?: number;
  /** No wait is longer than this, Retry-After included. Default 120,000 ms. */
  maxDelayMs?: number;
  /** Waits `ms` or rejects with an AbortError when the signal stops (injectable for tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RUN_RETRIES = 2;

export interface RetriedAttempt {
  kind: string;
  status: number | null;
  message: string;
  /** How long the batch waited before the next attempt. */
  waitedMs: number;
}

export const isTransient = (r: RunResult): boolean => r.outcome === 'error' && !!r.error && TRANSIENT_KINDS.has(r.error.kind);

export function backoffMs(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy = {}): number {
  const max = policy.maxDelayMs ?? 120_000;
  const wait = retryAfterMs !== undefined && retryAfterMs >= 0 ? retryAfterMs : (policy.baseDelayMs ?? 2_000) * 2 ** attempt;
  return Math.min(max, Math.round(wait));
}

const defaultSleep = async (ms: number, signal?: AbortSignal) => {
  await sleepFor(ms, undefined, { signal });
};

/** runExperiment on a validated config, run again on transient errors; the record lists the attempts that failed. */
export async function runWithRetries(config: RunConfig, options: RunOptions, policy: RetryPolicy = {}): Promise<RunResult> {
  const retries = policy.retries ?? DEFAULT_RUN_RETRIES;
  const sleep = policy.sleep ?? defaultSleep;
  const failed: RetriedAttempt[] = [];
  for (let attempt = 0; ; attempt++) {
    const result: RunResult = await runValidated(config, options);
    if (!isTransient(result) || attempt >= retries) {
      return failed.length ? { ...result, transientRetries: failed } : result;
    }
    const waitedMs = backoffMs(attempt, result.error!.retryAfterMs ?? undefined, policy);
    failed.push({ kind: result.error!.kind, status: result.error!.status, message: result.error!.message, waitedMs });
    try {
      await sleep(waitedMs, options.signal);
    } catch (err) {
      throw (err as Error)?.name === 'AbortError' ? err : abortError();
    }
  }
}
