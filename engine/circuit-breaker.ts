// The batch's circuit breaker: when K runs in a row (in the order they finish) end in error,
// the batch stops instead of spending the rest of the plan on a dead key, an empty account or
// a down server. It only reads finished records; the batch keeps every one it has written.
import type { AnyRunResult as RunResult } from './result.ts';

export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 5;
/** HTTP statuses that mean the account, not the run, is at fault (key, billing, permission). */
export const ACCOUNT_STATUSES: Readonly<Record<number, string>> = { 401: 'unauthorized: check the API key', 402: 'payment required: check the account balance or billing', 403: 'forbidden: check the key\'s permissions and the model name' };

export interface CircuitBreaker {
  /** Feeds one finished run; returns the one-line cause when the breaker trips, else null. */
  observe(result: Pick<RunResult, 'outcome' | 'error'>): string | null;
}

/** `limit` 0 turns the breaker off. `resume` says how to go on (the batch command's wording). */
export function createCircuitBreaker(limit = DEFAULT_MAX_CONSECUTIVE_ERRORS, resume = 'fix the cause, then run the same command again to resume (finished runs are kept; --retry-errors runs the failed ones again)'): CircuitBreaker {
  let streak: NonNullable<RunResult['error']>[] = [];
  let tripped = false;
  return {
    observe(result) {
      if (tripped || limit <= 0) return null;
      if (result.outcome !== 'error') {
        streak = [];
        return null;
      }
      streak.push(result.error ?? { kind: 'unknown', status: null, message: 'no error recorded' });
      if (streak.length < limit) return null;
      tripped = true;
      const last = streak[streak.length - 1]!;
      const status = last.status;
      const sameAccountError = status !== null && status in ACCOUNT_STATUSES && streak.every((e) => e.status === status);
      const cause = sameAccountError
        ? `account-level error HTTP ${status} (${ACCOUNT_STATUSES[status]!})`
        : `errors (last: ${last.kind}${status ? ` HTTP ${status}` : ''}: ${last.message.replace(/\s+/g, ' ').slice(0, 160)})`;
      return `circuit breaker: ${limit} runs in a row ended in ${cause}; the batch stopped. To resume, ${resume}.`;
    },
  };
}
