// runExperiment: the only way a run happens. Config (zod) -> roles -> machine.provide(roles)
// -> actor (seeded input, clock, inspection) -> transcript and state path recorded as they
// happen -> final state -> result record (zod). The CLI, promptfoo provider and vitest
// helpers all call this.
import { createActor, fromPromise, type AnyActorRef, type InspectionEvent } from 'xstate';
import type { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };
import { resolveCondition } from '../conditions/resolve.ts';
import { LADDERS, ladderVolts } from '../machines/ladders.ts';
import { milgramMachine, type MachineEntry, type MilgramOutput } from '../machines/milgram.ts';
import {
  ExperimenterReplySchema, LearnerReplySchema, ParticipantDecisionSchema,
} from '../machines/milgram-roles.ts';
import { DEFAULT_BRIEFING } from '../machines/milgram-prompts.ts';
import { standardProds } from '../machines/prods.ts';
import { scrubSecrets } from '../providers/secrets.ts';
import type { Role } from '../roles/types.ts';
import { ConfigError, parseRunConfig, type RunConfigInput } from './config.ts';
import { stableId } from './prng.ts';
import { ResultSchema, type RunResult } from './result.ts';
import { buildMilgramRoles } from './roles.ts';
import { countEvents } from './summarize.ts';
import { Transcript } from './transcript.ts';
import { UsageMeter } from './usage.ts';

export const ENGINE_VERSION: string = pkg.version;

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

/**
 * Wraps a role as an invoked actor whose reply is validated before it reaches the machine.
 * Scripted roles are typed project code and skip the parse (it is on the hot path); anything
 * a model or simulation produces is parsed.
 */
function roleActor<Req, Rep>(role: Role<Req, Rep>, schema: z.ZodType<Rep> | null) {
  if (!schema) return fromPromise<Rep, Req>(({ input, signal }) => role.act(input, signal));
  return fromPromise<Rep, Req>(async ({ input, signal }) => schema.parse(await role.act(input, signal)));
}
const scripted = (identity: { provider: string }) => identity.provider === 'scripted';

function leafPath(value: unknown, prefix = ''): string {
  if (typeof value === 'string') return prefix + value;
  const [key, child] = Object.entries(value as Record<string, unknown>)[0] ?? ['?', undefined];
  return child === undefined ? prefix + key : leafPath(child, `${prefix}${key}.`);
}

/** A stable id for the run: same participant, condition, ladder, seed and repeat, same id. */
export function runId(parts: { participant: string; condition: string; ladder: string; seed: number; repeat: number }): string {
  return stableId(parts.participant, parts.condition, parts.ladder, parts.seed, parts.repeat);
}

export async function runExperiment(input: RunConfigInput, options: RunOptions = {}): Promise<RunResult> {
  const config = parseRunConfig(input);
  let condition;
  try {
    condition = resolveCondition(config.condition);
  } catch (err) {
    throw new ConfigError([{ field: 'condition', message: (err as Error).message }]);
  }
  const ladder = LADDERS[config.ladder];
  const volts = ladderVolts(ladder);
  const startedAt = new Date();
  const t0 = performance.now();
  const clock = options.clock;
  const clockStart = clock?.now?.() ?? 0;
  const now = clock?.now ? () => clock.now!() - clockStart : () => Math.round(performance.now() - t0);

  const transcript = new Transcript(now);
  const usage = new UsageMeter();
  const roles = buildMilgramRoles(config, { ladder, condition, transcript, usage, record: options.record, replay: options.replay });

  const machine = milgramMachine.provide({
    actors: {
      experimenter: roleActor(roles.experimenter, scripted(roles.identities.experimenter) ? null : ExperimenterReplySchema),
      learner: roleActor(roles.learner, scripted(roles.identities.learner) ? null : LearnerReplySchema),
      participant: roleActor(roles.participant, ParticipantDecisionSchema),
    },
  });

  const statePath: string[] = [];
  let rootRef: AnyActorRef | undefined;
  const inspect = (ev: InspectionEvent) => {
    if (ev.type !== '@xstate.microstep' && ev.type !== '@xstate.snapshot') return;
    if (rootRef && ev.actorRef !== rootRef) return;
    const snap = ev.snapshot as { value?: unknown; status?: string };
    if (snap.value === undefined) return;
    const path = leafPath(snap.value);
    if (statePath[statePath.length - 1] !== path) statePath.push(path);
  };

  const actor = createActor(machine, {
    input: {
      ladder: volts,
      labels: ladder.levels.map((l) => l.label),
      prodPolicy: condition.prodPolicy,
      forcedCompliance: condition.forcedCompliance,
      prods: standardProds(condition),
      limits: {
        turnTimeoutMs: config.turnTimeoutMs,
        answerTimeoutMs: config.answerTimeoutMs,
        nonCooperationMs: config.nonCooperationMs,
        invalidRetries: config.invalidRetries,
      },
    },
    ...(clock ? { clock: clock as never } : {}),
    inspect,
  });
  rootRef = actor;
  actor.on('transcript', (e: { entry: MachineEntry }) => {
    transcript.append(e.entry);
  });

  let output: MilgramOutput;
  let crash: unknown = null;
  try {
    output = await new Promise<MilgramOutput>((resolve, reject) => {
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
          resolve(actor.getSnapshot().output as MilgramOutput);
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
    const snap = actor.getSnapshot();
    const level = (snap.context?.level as number | undefined) ?? 0;
    output = { outcome: 'error', finalVoltage: level ? volts[level - 1]! : 0, error: null };
  }

  const counts = countEvents(transcript.events);
  const error =
    output.outcome === 'error'
      ? {
          kind: output.error?.kind ?? (crash as Error)?.name ?? 'Error',
          status: output.error?.status ?? null,
          message: scrubSecrets(output.error?.message ?? String((crash as Error)?.message ?? crash ?? 'unknown error')),
        }
      : null;

  const result: RunResult = {
    schemaVersion: 1,
    id: runId({ participant: config.participant, condition: condition.name, ladder: ladder.name, seed: config.seed, repeat: config.repeat }),
    protocol: 'milgram',
    seed: config.seed,
    repeat: config.repeat,
    participant: roles.identities.participant,
    experimenter: roles.identities.experimenter,
    learner: roles.identities.learner,
    condition,
    ladder: { name: ladder.name, unit: ladder.unit, volts },
    briefing: config.briefing ?? DEFAULT_BRIEFING,
    modelParams: config.model,
    outcome: output.outcome,
    finalVoltage: output.finalVoltage,
    reachedMax: output.finalVoltage === volts[volts.length - 1],
    ...counts,
    statePath,
    events: Object.freeze(transcript.events) as RunResult['events'],
    usage: usage.snapshot(),
    error,
    tags: config.tags,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
    engineVersion: ENGINE_VERSION,
  };
  return ResultSchema.parse(result);
}
