// runExperiment: the only way a run happens. Config (zod) -> roles -> the protocol machine
// (built once) bound to this run's roles -> actor (seeded input, clock) -> transcript and state
// path recorded as they happen -> final state -> result record (zod). The CLI, promptfoo provider and vitest
// helpers all call this.
import { createActor } from 'xstate';
import { scrubSecrets } from '../providers/secrets.ts';
import { parseRunConfig, type RunConfig, type RunConfigInput } from './config.ts';
import type { ProtocolOutput } from './protocol.ts';
import { protocolFor } from './protocols.ts';
import { resolvedConfig } from './resolved-config.ts';
import { createRunClock } from './run-clock.ts';
import { useRunScheduler } from './run-scheduler.ts';
import { bindRun, runnableMachine } from './runnable-machine.ts';
import type { AnyRunResult, ResultFor } from './result.ts';
import { Transcript, type TranscriptEntry } from './transcript.ts';
import { UsageMeter } from './usage.ts';
import { ENGINE_VERSION } from './version.ts';

export { ENGINE_VERSION };

/** The XState clock: real timers by default, SimulatedClock in tests. */
export interface Clock {
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now?(): number;
}

export interface RunOptions {
  clock?: Clock;
  /** Stops the run; the promise rejects with an AbortError and nothing is recorded. */
  signal?: AbortSignal;
  /** Append every model request and reply of the run to this JSON-lines file (--record). */
  record?: string;
  /** Answer every model call from this recording, with no network (--replay). */
  replay?: string;
}

export { runId } from './run-id.ts';

export async function runExperiment<I extends RunConfigInput>(input: I, options: RunOptions = {}): Promise<ResultFor<I>> {
  return runValidated(parseRunConfig(input), options) as Promise<ResultFor<I>>;
}

/**
 * runExperiment on a config parseRunConfig already returned. A batch parses each cell once
 * and changes only `seed` and `repeat` per run (both validated by construction), so runs of
 * a 100,000-run batch do not parse the same config 100,000 times.
 */
export async function runValidated(config: RunConfig, options: RunOptions = {}): Promise<AnyRunResult> {
  const protocol = protocolFor(config.protocol);
  const startedAt = new Date();
  const t0 = performance.now();
  const clock = options.clock;
  const clockStart = clock?.now?.() ?? 0;
  const now = clock?.now ? () => clock.now!() - clockStart : () => Math.round(performance.now() - t0);

  const transcript = new Transcript(now);
  const usage = new UsageMeter();
  // Throws ConfigError (condition, keys, replay files) before anything runs.
  const run = protocol.prepare(config, { transcript, usage, record: options.record, replay: options.replay });

  const statePath: string[] = [];
  const runClock = clock ? null : createRunClock();
  const timers: Clock = clock ?? runClock!;
  const actor = createActor(runnableMachine(protocol.machine), { input: run.input, clock: timers as never });
  useRunScheduler(actor.system, timers);
  bindRun(actor.system, {
    actors: run.actors,
    // A leaf state entered again right away (a self-transition) is one step of the path.
    enter: (path) => {
      if (statePath[statePath.length - 1] !== path) statePath.push(path);
    },
  });
  actor.on('transcript', (e: { entry: TranscriptEntry }) => {
    transcript.append(e.entry);
  });

  let output: ProtocolOutput | null;
  let crash: unknown = null;
  try {
    output = await new Promise<ProtocolOutput>((resolve, reject) => {
      const onAbort = () => {
        // Reject first: stopping the actor calls the `complete` observer, which would
        // otherwise resolve with no output.
        reject(Object.assign(new Error('run aborted'), { name: 'AbortError' }));
        actor.stop();
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      actor.subscribe({
        complete: () => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(actor.getSnapshot().output as ProtocolOutput);
        },
        error: (err) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      actor.start();
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    // A crash inside the engine is an error outcome, never a refusal or a completion.
    crash = err;
    output = null;
  } finally {
    runClock?.dispose();
  }

  const error =
    !output || output.outcome === 'error'
      ? {
          kind: output?.error?.kind ?? (crash as Error)?.name ?? 'Error',
          status: output?.error?.status ?? null,
          message: scrubSecrets(output?.error?.message ?? String((crash as Error)?.message ?? crash ?? 'unknown error')),
          ...(output?.error?.retryAfterMs !== undefined ? { retryAfterMs: output.error.retryAfterMs } : {}),
        }
      : null;

  const result = {
    schemaVersion: 1,
    id: run.id,
    protocol: protocol.name,
    seed: config.seed,
    repeat: config.repeat,
    ...run.identities,
    modelParams: config.model,
    ...run.fields,
    outcome: output?.outcome ?? 'error',
    ...run.finish(output, transcript.events),
    statePath,
    events: transcript.events,
    usage: usage.snapshot(),
    error,
    tags: config.tags,
    config: resolvedConfig(config, Object.fromEntries(Object.entries(run.identities).map(([role, id]) => [role, id.spec]))),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
    engineVersion: ENGINE_VERSION,
  };
  // Built here from parsed config and validated replies: not parsed again per run
  // (test/engine/record-schema.test.ts checks it is exactly what ResultSchema.parse returns).
  return result as AnyRunResult;
}
