// What every protocol machine writes the same way: a role actor left for the engine to
// provide, a transcript entry as an emitted event, and a failed role call as the error the
// record keeps. Protocol machines import these; the protocol itself stays in their graphs.
import { fromPromise } from 'xstate';
import type { TranscriptEntry } from './transcript.ts';

/** A failed run's error, as the machine keeps it and the record shows it. */
export interface RunError {
  kind: string;
  message: string;
  status?: number | null;
  /** The server's Retry-After: run-level retries (engine/retry.ts) wait that long. */
  retryAfterMs?: number;
}

/** A role actor slot: the engine binds the run's role (engine/runnable-machine.ts), tests use machine.provide. */
export const notProvided = (role: string) =>
  fromPromise<never, unknown>(async () => {
    throw new Error(`the ${role} actor was not provided (use machine.provide)`);
  });

/** A transcript entry as the machine emits it (`emit(...)`); the run function adds seq and time. */
export const transcriptEvent = (entry: TranscriptEntry) => ({ type: 'transcript' as const, entry });

/** A role's failure (a thrown error, a model call error with kind and HTTP status) as a RunError. */
export function errorOf(err: unknown): RunError {
  const e = err as { name?: string; message?: string; status?: number; kind?: string; retryAfterMs?: number };
  return {
    kind: e?.kind ?? e?.name ?? 'Error',
    message: String(e?.message ?? err),
    status: typeof e?.status === 'number' ? e.status : null,
    ...(typeof e?.retryAfterMs === 'number' ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}
