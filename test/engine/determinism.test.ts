// Same seed, same config, same replies: the same events, state path and outcome.
import { describe, expect, it } from 'vitest';
import { runExperiment, type RunResult } from 'milgram-sim';

const strip = (r: RunResult) => ({
  ...r,
  startedAt: undefined,
  durationMs: undefined,
  events: r.events.map(({ atMs: _atMs, ...e }) => e),
});

describe('determinism', () => {
  it('repeats a run exactly from its seed', async () => {
    for (const participant of ['sim:human-baseline', 'sim:threshold:240', 'sim:obedient']) {
      const a = await runExperiment({ participant, seed: 42, repeat: 3 });
      const b = await runExperiment({ participant, seed: 42, repeat: 3 });
      expect(strip(b)).toEqual(strip(a));
    }
  });

  it('different seeds give different learner schedules', async () => {
    const a = await runExperiment({ participant: 'sim:obedient', seed: 1 });
    const b = await runExperiment({ participant: 'sim:obedient', seed: 2 });
    expect(a.questions === b.questions && a.events.map((e) => e.text).join() === b.events.map((e) => e.text).join()).toBe(false);
    expect(a.id).not.toBe(b.id);
  });

  it('derives the run id from participant, condition, ladder, seed and repeat', async () => {
    const a = await runExperiment({ participant: 'sim:obedient', seed: 9 });
    const b = await runExperiment({ participant: 'sim:obedient', seed: 9, repeat: 1 });
    const c = await runExperiment({ participant: 'sim:obedient', seed: 9, ladder: 'ten-step-45' });
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect((await runExperiment({ participant: 'sim:obedient', seed: 9 })).id).toBe(a.id);
  });

  it('keeps Milgram\'s ratio of about 3 wrong answers to 1 right', async () => {
    let wrong = 0;
    let total = 0;
    for (let seed = 0; seed < 50; seed++) {
      const r = await runExperiment({ participant: 'sim:obedient', seed });
      const answers = r.events.filter((e) => e.kind === 'answer' && e.silent !== true);
      total += answers.length;
      wrong += answers.filter((e) => e.correct === false).length;
    }
    expect(wrong / total).toBeGreaterThan(0.7);
    expect(wrong / total).toBeLessThan(0.8);
  });

  it('records every state entered, transient ones included', async () => {
    const r = await runExperiment({ participant: 'sim:threshold:30', seed: 4 });
    expect(r.statePath[0]).toBe('briefing');
    for (const s of ['awaitingAnswer', 'instructingShock', 'awaitingDecision.readingDecision', 'awaitingDecision.prodding', 'administeringShock', 'refused']) {
      expect(r.statePath).toContain(s);
    }
    // every event's state appears in the path
    for (const e of r.events) expect(r.statePath).toContain(e.state);
  });
});
