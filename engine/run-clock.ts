// The real-time clock a run's machine gets: the protocol's timeouts (answer, turn, non-
// cooperation) with one Node timer per run instead of one per timeout.
//
// A run sets and cancels a timeout at almost every step (about 100 in a 30-step run), and
// nearly all are cancelled long before they are due (a 120 s turn limit on a reply that took
// 2 ms). A Node timer per timeout cost about a fifth of an offline run. Here timeouts are
// entries in a small map; one Node timer is armed for the earliest due time and is only
// re-armed when a new timeout is due sooner. When it fires, the entries that are due run (in
// due order) and it is armed for the next one. With no timeout pending the timer stays armed
// but unreferenced, so it never keeps the process alive; `dispose()` clears it at run end.

interface Pending {
  fn: (...args: unknown[]) => void;
  due: number;
}

export interface RunClock {
  setTimeout(fn: (...args: unknown[]) => void, ms: number): number;
  clearTimeout(id: unknown): void;
  /** Cancels everything still pending and the Node timer (the run has ended). */
  dispose(): void;
}

export function createRunClock(now: () => number = performance.now.bind(performance)): RunClock {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let armedFor = Infinity;

  function arm(due: number): void {
    if (timer) clearTimeout(timer);
    armedFor = due;
    timer = setTimeout(fire, Math.max(0, due - now()));
  }

  function fire(): void {
    timer = null;
    armedFor = Infinity;
    const t = now();
    const due = [...pending].filter(([, p]) => p.due <= t).sort((a, b) => a[1].due - b[1].due || a[0] - b[0]);
    for (const [id, p] of due) {
      // A timeout that fired may have cancelled one due at the same time: it must not run.
      if (!pending.delete(id)) continue;
      p.fn();
    }
    rearm();
  }

  function rearm(): void {
    let earliest = Infinity;
    for (const p of pending.values()) earliest = Math.min(earliest, p.due);
    if (earliest !== Infinity && earliest < armedFor) arm(earliest);
    else if (timer) (pending.size ? timer.ref() : timer.unref());
  }

  return {
    setTimeout(fn, ms) {
      const id = nextId++;
      const due = now() + ms;
      pending.set(id, { fn, due });
      if (due < armedFor) arm(due);
      else timer?.ref();
      return id;
    },
    clearTimeout(id) {
      if (!pending.delete(id as number)) return;
      if (pending.size === 0) timer?.unref();
    },
    dispose() {
      pending.clear();
      if (timer) clearTimeout(timer);
      timer = null;
      armedFor = Infinity;
    },
  };
}
