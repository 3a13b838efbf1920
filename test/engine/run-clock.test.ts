import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRunClock } from '../../engine/run-clock.ts';

describe('run clock: the protocol timeouts on one Node timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clockNow = () => Date.now(); // faked with the timers

  it('fires each timeout at its due time, in due order, and never a cancelled one', () => {
    const clock = createRunClock(clockNow);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@200'), 200);
    clock.setTimeout(() => fired.push('a@100'), 100);
    const c = clock.setTimeout(() => fired.push('cancelled'), 150);
    clock.setTimeout(() => fired.push('d@300'), 300);
    clock.clearTimeout(c);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a@100']);
    vi.advanceTimersByTime(200);
    expect(fired).toEqual(['a@100', 'b@200', 'd@300']);
  });

  it('uses one Node timer while timeouts are set and cancelled step after step', () => {
    const clock = createRunClock(clockNow);
    const set = vi.spyOn(globalThis, 'setTimeout');
    for (let step = 0; step < 30; step++) {
      const a = clock.setTimeout(() => {}, 30_000);
      clock.clearTimeout(a);
      const b = clock.setTimeout(() => {}, 900_000);
      const t = clock.setTimeout(() => {}, 120_000);
      clock.clearTimeout(t);
      clock.clearTimeout(b);
      vi.advanceTimersByTime(2);
    }
    expect(set).toHaveBeenCalledTimes(1);
    set.mockRestore();
    clock.dispose();
  });

  it('a stale wake-up (its timeout cancelled) re-arms for the next one due', () => {
    const clock = createRunClock(clockNow);
    const fired: number[] = [];
    const early = clock.setTimeout(() => fired.push(1), 100);
    clock.setTimeout(() => fired.push(2), 500);
    clock.clearTimeout(early);
    vi.advanceTimersByTime(100); // the Node timer wakes for the cancelled one
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(399);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([2]);
  });

  it('a timeout that cancels another due at the same moment wins alone', () => {
    const clock = createRunClock(clockNow);
    const fired: string[] = [];
    let second = 0;
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(second);
    }, 100);
    second = clock.setTimeout(() => fired.push('second'), 100);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['first']);
  });

  it('a timeout set from inside a firing one runs later; dispose drops what is pending', () => {
    const clock = createRunClock(clockNow);
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push('outer');
      clock.setTimeout(() => fired.push('inner'), 50);
    }, 10);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(['outer']);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(['outer', 'inner']);
    clock.setTimeout(() => fired.push('never'), 10);
    clock.dispose();
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['outer', 'inner']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
