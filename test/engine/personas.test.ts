// The offline participants behave as documented, through the full run path.
import { describe, expect, it } from 'vitest';
import { runExperiment, type RunResult } from 'milgram-sim';

describe('sim personas', () => {
  it('sim:obedient completes at the top of every ladder', async () => {
    // Milgram's board ends with two more presses at the top (topRepeats); the other ladders end at the top.
    for (const [ladder, top, steps, repeats] of [['milgram1963', 450, 32, 2], ['ten-step-45', 450, 10, 0], ['twelve-buttons', 12, 12, 0]] as const) {
      const r = await runExperiment({ participant: 'sim:obedient', ladder, seed: 11 });
      expect(r).toMatchObject({ outcome: 'completed', finalVoltage: top, reachedMax: true, shocks: steps, refusals: 0, prods: 0, firstRefusalVoltage: null });
      expect(r.events.filter((e) => e.kind === 'shock').map((e) => e.voltage)).toEqual([...r.ladder.volts, ...Array<number>(repeats).fill(top)]);
    }
  });

  it('sim:defiant refuses the first instruction and all four prods', async () => {
    const r = await runExperiment({ participant: 'sim:defiant', seed: 5 });
    expect(r).toMatchObject({ outcome: 'refused', finalVoltage: 0, reachedMax: false, firstRefusalVoltage: 15, prods: 4, shocks: 0, refusals: 5 });
    expect(r.events.filter((e) => e.kind === 'prod').map((e) => e.text)).toEqual([
      'Please continue.',
      'The experiment requires that you continue.',
      'It is absolutely essential that you continue.',
      'You have no other choice, you must go on.',
    ]);
    expect(r.statePath.at(-1)).toBe('refused');
  });

  it('sim:threshold:195 stops at 180 V and first refuses at 195 V', async () => {
    const r = await runExperiment({ participant: 'sim:threshold:195', seed: 5 });
    expect(r).toMatchObject({ outcome: 'refused', finalVoltage: 180, firstRefusalVoltage: 195, prods: 4, shocks: 12 });
  });

  it('sim personas reply in words, and every reply is read into a decision', async () => {
    const r = await runExperiment({ participant: 'sim:threshold:60', seed: 2 });
    const replies = r.events.filter((e) => e.kind === 'reply');
    expect(replies.length).toBe(r.replies);
    for (const e of replies) {
      expect(e.role).toBe('participant');
      expect(e.text!.length).toBeGreaterThan(10);
      expect(['comply', 'refuse']).toContain(e.decision);
    }
  });

  it('sim:human-baseline follows Milgram 1963 Table 2 over 1,000 runs', async () => {
    const results: RunResult[] = [];
    for (let i = 0; i < 1000; i++) results.push(await runExperiment({ participant: 'sim:human-baseline', seed: i, repeat: i }));
    const full = results.filter((r) => r.reachedMax).length / results.length;
    // 0.65 within 3 standard errors of a binomial proportion at n = 1000 (about +-0.045)
    const se = Math.sqrt((0.65 * 0.35) / 1000);
    expect(Math.abs(full - 0.65)).toBeLessThan(3 * se);
    expect(Math.min(...results.map((r) => r.finalVoltage))).toBeGreaterThanOrEqual(300);
    expect(results.every((r) => r.outcome === 'completed' || r.outcome === 'refused')).toBe(true);
    const breakoffs = new Set(results.filter((r) => !r.reachedMax).map((r) => r.finalVoltage));
    expect([...breakoffs].sort()).toEqual([300, 315, 330, 345, 360, 375]);
  });
});
