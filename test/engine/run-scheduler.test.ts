// The run scheduler (engine/run-scheduler.ts) replaces XState's for the delayed events of a
// run: the machine's timeouts must fire when due and never after their state was left.
import { describe, expect, it } from 'vitest';
import { createActor, createMachine, SimulatedClock, type AnyActorRef, type EventObject } from 'xstate';
import { runExperiment } from '../../engine/run.ts';
import { runScheduler, useRunScheduler } from '../../engine/run-scheduler.ts';

/** A clock that counts the timeouts still pending. */
function countingClock() {
  const inner = new SimulatedClock();
  const live = new Set<unknown>();
  return {
    live,
    increment: (ms: number) => inner.increment(ms),
    now: () => inner.now(),
    setTimeout(fn: (...args: unknown[]) => void, ms: number) {
      const id: unknown = inner.setTimeout(() => {
        live.delete(id);
        fn();
      }, ms);
      live.add(id);
      return id;
    },
    clearTimeout(id: unknown) {
      live.delete(id);
      inner.clearTimeout(id as number);
    },
  };
}

const target = () => {
  const got: EventObject[] = [];
  return { got, ref: { send: (e: EventObject) => got.push(e) } as unknown as AnyActorRef };
};

describe('runScheduler', () => {
  it('delivers an event when due, once', () => {
    const clock = countingClock();
    const s = runScheduler(clock);
    const t = target();
    s.schedule(t.ref, t.ref, { type: 'late' }, 100, 'a');
    clock.increment(99);
    expect(t.got).toEqual([]);
    clock.increment(1);
    expect(t.got).toEqual([{ type: 'late' }]);
    clock.increment(1000);
    expect(t.got).toHaveLength(1);
    expect(clock.live.size).toBe(0);
  });

  it('cancels by source and id, and everything of a source at once', () => {
    const clock = countingClock();
    const s = runScheduler(clock);
    const a = target();
    const b = target();
    s.schedule(a.ref, a.ref, { type: 'a1' }, 10, 'x');
    s.schedule(a.ref, a.ref, { type: 'a2' }, 10, 'y');
    s.schedule(b.ref, b.ref, { type: 'b1' }, 10, 'x');
    s.cancel(a.ref, 'x');
    s.cancel(a.ref, 'unknown');
    clock.increment(10);
    expect(a.got).toEqual([{ type: 'a2' }]);
    expect(b.got).toEqual([{ type: 'b1' }]);
    s.schedule(a.ref, a.ref, { type: 'a3' }, 10, 'x');
    s.schedule(a.ref, b.ref, { type: 'to-b' }, 10, undefined);
    s.cancelAll(a.ref);
    clock.increment(10);
    expect(a.got).toHaveLength(1);
    expect(b.got).toHaveLength(1);
    expect(clock.live.size).toBe(0);
  });

  it("runs a machine's after-transitions on the run's clock", async () => {
    const machine = createMachine({
      initial: 'waiting',
      states: {
        waiting: { after: { 500: 'late' }, on: { GO: 'moving' } },
        moving: { after: { 200: 'done' } },
        late: { type: 'final' },
        done: { type: 'final' },
      },
    });
    const clock = countingClock();
    const actor = createActor(machine, { clock });
    useRunScheduler(actor.system, clock);
    actor.start();
    clock.increment(499);
    actor.send({ type: 'GO' }); // leaving `waiting` cancels its timeout
    clock.increment(199);
    expect(actor.getSnapshot().value).toBe('moving');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('done');
    expect(clock.live.size).toBe(0);
  });
});

describe('runExperiment with the run scheduler', () => {
  it('leaves no timeout pending after a finished run (about 100 were set and cancelled)', async () => {
    const clock = countingClock();
    let set = 0;
    const setTimeout = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn, ms) => {
      set++;
      return setTimeout(fn, ms);
    };
    const r = await runExperiment({ participant: 'sim:obedient', seed: 1 }, { clock });
    expect(r.outcome).toBe('completed');
    expect(set).toBeGreaterThan(90);
    expect(clock.live.size).toBe(0);
  });
});
