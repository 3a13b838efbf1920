// The machine runExperiment runs, built once per protocol machine and shared by every run.
//
// Per-run work a batch can do once: `machine.provide(roles)` per run rebuilt the whole state
// tree (~0.3 ms a run), and XState's inspection API, used to record the state path, builds an
// event object for every action, snapshot and event (~0.7 ms a run). Instead, the machine's
// config gets, once, an entry action on every leaf state that reports the state's path, and
// each role actor becomes a dispatcher to the run's own role implementation. Both find their
// run through the actor system the run's root actor owns (one per run), so runs that share
// the machine never see each other's roles or paths.
import { createMachine, fromPromise, type ActorSystem, type AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import type { Role } from '../roles/types.ts';

type AnyActorSystem = ActorSystem<any>;

/** One role's implementation for one run: the invoke input in, the validated reply out. */
export type RoleImpl = (input: any, signal: AbortSignal) => Promise<unknown>;

/**
 * A role as the machine invokes it, its reply validated (zod) before it reaches the machine.
 * `schema: null` for scripted roles, typed project code whose replies skip the parse on the
 * hot path; anything a model or a simulation produces is parsed.
 */
export function roleImpl<Req, Rep>(role: Role<Req, Rep>, schema: z.ZodType<Rep> | null): RoleImpl {
  if (!schema) return (input, signal) => role.act(input, signal);
  return async (input, signal) => schema.parse(await role.act(input, signal));
}

export interface RunHooks {
  /** The run's role implementations by actor name (the machine's `src`). */
  actors: Readonly<Record<string, RoleImpl>>;
  /** Called with 'a.b' each time a leaf state is entered. */
  enter(path: string): void;
}

const RUN_HOOKS = Symbol('milgram-sim run hooks');
const hooksOf = (system: AnyActorSystem): RunHooks | undefined => (system as unknown as { [RUN_HOOKS]?: RunHooks })[RUN_HOOKS];

/** Ties a run's hooks to its root actor's system; call before `actor.start()`. */
export function bindRun(system: ActorSystem<any>, hooks: RunHooks): void {
  (system as unknown as { [RUN_HOOKS]?: RunHooks })[RUN_HOOKS] = hooks;
}

type StateConfig = { states?: Record<string, StateConfig>; entry?: unknown; [k: string]: unknown };

/** A copy of the state config where every leaf state first reports its path on entry. */
function traced(config: StateConfig, path: string[]): StateConfig {
  if (config.states && Object.keys(config.states).length > 0) {
    const states: Record<string, StateConfig> = {};
    for (const [key, child] of Object.entries(config.states)) states[key] = traced(child, [...path, key]);
    return { ...config, states };
  }
  const name = path.join('.');
  const report = ({ system }: { system: AnyActorSystem }) => hooksOf(system)?.enter(name);
  const entry = config.entry === undefined ? [] : Array.isArray(config.entry) ? config.entry : [config.entry];
  return { ...config, entry: [report, ...entry] };
}

const built = new WeakMap<AnyStateMachine, AnyStateMachine>();

/** The protocol machine with its state path traced and its role actors dispatching per run. */
export function runnableMachine(machine: AnyStateMachine): AnyStateMachine {
  let runnable = built.get(machine);
  if (runnable) return runnable;
  const actors: Record<string, unknown> = {};
  for (const name of Object.keys(machine.implementations.actors)) {
    actors[name] = fromPromise<unknown, unknown>(({ input, system, signal }) => {
      const impl = hooksOf(system)?.actors[name];
      if (!impl) return Promise.reject(new Error(`the ${name} actor has no implementation for this run`));
      try {
        return impl(input, signal);
      } catch (err) {
        return Promise.reject(err); // a role that throws before its first await fails the invoke alike
      }
    });
  }
  const root = machine.config as StateConfig;
  runnable = createMachine(
    { ...root, states: traced(root, []).states } as never,
    { ...machine.implementations, actors } as never,
  );
  built.set(machine, runnable);
  return runnable;
}
