import { createActor, fromPromise, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../engine/run.ts';
import { bindRun, runnableMachine } from '../../engine/runnable-machine.ts';

// A two-step machine: an eventless start, one invoked role, two final states.
const tiny = setup({
  types: { context: {} as { reply: string | null; error: string | null } },
  actors: { worker: fromPromise<string, { n: number }>(async () => { throw new Error('not provided'); }) },
}).createMachine({
  context: { reply: null, error: null },
  initial: 'start',
  states: {
    start: { always: 'working' },
    working: {
      invoke: {
        src: 'worker',
        input: { n: 1 },
        onDone: { target: 'done', actions: ({ context, event }) => { context.reply = event.output; } },
        onError: { target: 'failed', actions: ({ context, event }) => { context.error = (event.error as Error).message; } },
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

function runTiny(worker: (input: { n: number }) => Promise<string>) {
  const path: string[] = [];
  const actor = createActor(runnableMachine(tiny));
  bindRun(actor.system, { actors: { worker }, enter: (p) => path.push(p) });
  return new Promise<{ path: string[]; value: unknown; context: { reply: string | null; error: string | null } }>((resolve) => {
    actor.subscribe({ complete: () => resolve({ path, value: actor.getSnapshot().value, context: actor.getSnapshot().context }) });
    actor.start();
  });
}

describe('the runnable machine: built once, bound per run', () => {
  it('is built once per protocol machine', () => {
    expect(runnableMachine(tiny)).toBe(runnableMachine(tiny));
  });

  it('records every leaf state, the transient initial one included, and hands the role its input', async () => {
    const r = await runTiny(async (input) => `got ${input.n}`);
    expect(r.path).toEqual(['start', 'working', 'done']);
    expect(r.context.reply).toBe('got 1');
  });

  it('a role that throws before its first await fails the invoke (onError), not the engine', async () => {
    const r = await runTiny(() => {
      throw new Error('boom');
    });
    expect(r.value).toBe('failed');
    expect(r.context.error).toBe('boom');
  });

  it('an actor system with no run bound fails the invoke with a message naming the role', async () => {
    const actor = createActor(runnableMachine(tiny));
    const snap = await new Promise<{ value: unknown; context: { error: string | null } }>((resolve) => {
      actor.subscribe({ complete: () => resolve(actor.getSnapshot() as never) });
      actor.start();
    });
    expect(snap.value).toBe('failed');
    expect(snap.context.error).toMatch(/worker actor has no implementation/);
  });

  it('concurrent runs sharing the machine keep their own roles, paths and transcripts', async () => {
    const configs = Array.from({ length: 8 }, (_, i) => ({ participant: i % 2 ? 'sim:defiant' : 'sim:threshold:150', seed: 100 + i, repeat: i }));
    const strip = (r: Awaited<ReturnType<typeof runExperiment>>) => ({
      outcome: r.outcome,
      statePath: r.statePath,
      events: r.events.map(({ atMs: _t, ...e }) => e),
    });
    const sequential = [];
    for (const c of configs) sequential.push(strip(await runExperiment(c)));
    const concurrent = (await Promise.all(configs.map((c) => runExperiment(c)))).map(strip);
    expect(concurrent).toEqual(sequential);
    expect(new Set(sequential.map((r) => r.outcome))).toEqual(new Set(['refused']));
    expect(sequential[0]!.statePath[0]).toBe('briefing');
  });
});
