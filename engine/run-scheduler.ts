// The delayed events of one run (the machine's `after` timeouts), kept lean.
//
// A run arms and cancels a timeout at almost every step (about 100 in a 30-step Milgram run),
// and nearly all are cancelled long before they are due. XState's own scheduler files each one
// under a string key built per call (session id + the delayed event's long type), timestamps it
// with Date.now() and deletes keys from a plain object, which V8 then keeps as a slow dictionary:
// about 1 µs per timeout, 3% of an offline run. The run never persists or restores its actor
// (the only use of that bookkeeping), so its system gets this scheduler instead: timeouts in a
// map per source actor, set and cleared on the run's clock. Same contract: schedule(source,
// target, event, delay, id), cancel(source, id), cancelAll(source) when an actor stops, and the
// event is delivered to the target as XState's scheduler delivers it. test/engine/run-scheduler
// checks the machine's timeouts fire, and only when due, through it.
import type { ActorSystem, AnyActorRef, EventObject } from 'xstate';
import type { Clock } from './run.ts';

interface Scheduler {
  schedule(source: AnyActorRef, target: AnyActorRef, event: EventObject, delay: number, id: string | undefined): void;
  cancel(source: AnyActorRef, id: string): void;
  cancelAll(source: AnyActorRef): void;
}

export function runScheduler(clock: Clock): Scheduler {
  const bySource = new Map<AnyActorRef, Map<string, unknown>>();
  let anonymous = 0;
  const cancel = (source: AnyActorRef, id: string) => {
    const timers = bySource.get(source);
    const timer = timers?.get(id);
    if (timer === undefined) return;
    timers!.delete(id);
    clock.clearTimeout(timer);
  };
  return {
    schedule(source, target, event, delay, id = `anonymous-${++anonymous}`) {
      let timers = bySource.get(source);
      if (!timers) bySource.set(source, (timers = new Map()));
      const own = timers;
      own.set(id, clock.setTimeout(() => {
        own.delete(id);
        target.send(event);
      }, delay));
    },
    cancel,
    cancelAll(source) {
      const timers = bySource.get(source);
      if (!timers) return;
      bySource.delete(source);
      for (const timer of timers.values()) clock.clearTimeout(timer);
    },
  };
}

/** Gives a run's actor system the run scheduler; call before `actor.start()`. */
export function useRunScheduler(system: ActorSystem<any>, clock: Clock): void {
  (system as unknown as { scheduler: Scheduler }).scheduler = runScheduler(clock);
}
