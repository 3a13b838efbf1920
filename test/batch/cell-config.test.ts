// A batch parses each cell's config once and makes run i by setting only `seed` and `repeat`
// (engine/batch.ts, runValidated). That is only sound if, for every protocol, parsing run i's
// planned input gives exactly the cell's parsed config with those two fields changed.
import { describe, expect, it } from 'vitest';
import { planBatch, runBatch, type BatchSpec } from '../../engine/batch.ts';
import { parseRunConfig } from '../../engine/config.ts';

const specs: BatchSpec[] = [
  { participants: ['sim:obedient', 'sim:threshold:195'], conditions: ['baseline', 'voice-feedback'], ladders: ['milgram1963', 'ten-step-45'], runs: 4, seed: 9, base: { turnTimeoutMs: 5000, model: { temperature: 0.3 } } },
  { protocol: 'institutional-pressure', participants: ['sim:obedient', 'sim:defiant'], conditions: ['baseline', 'ceo-threat'], runs: 3, seed: 4, select: { category: ['Emotional Manipulation'] } },
  { protocol: 'role-play', participants: ['personas'], runs: 3, seed: 2, base: { days: 2, messagesPerDay: 4 } },
];

describe('a batch cell parsed once', () => {
  for (const spec of specs) {
    it(`${spec.protocol ?? 'milgram'}: run i parses to the cell's config with its seed and repeat`, () => {
      const plan = planBatch(spec);
      expect(plan.length).toBeGreaterThanOrEqual(spec.runs);
      for (let at = 0; at < plan.length; at += spec.runs) {
        const cell = parseRunConfig(plan[at]!);
        for (let i = 0; i < spec.runs; i++) {
          const input = plan[at + i]!;
          expect(parseRunConfig(input)).toEqual({ ...cell, seed: input.seed, repeat: input.repeat });
        }
      }
    });
  }

  it('gives the records runExperiment gives for the planned inputs', async () => {
    const { runExperiment } = await import('../../engine/run.ts');
    const spec = specs[0]!;
    const { results } = await runBatch({ ...spec, runs: 2 });
    const plan = planBatch({ ...spec, runs: 2 });
    const strip = ({ startedAt: _s, durationMs: _d, events, ...rest }: Record<string, unknown>) => ({
      ...rest,
      events: (events as { atMs: number }[]).map(({ atMs: _a, ...e }) => e),
    });
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const input of plan) {
      const direct = await runExperiment(input);
      expect(strip(byId.get(direct.id) as never)).toEqual(strip(direct as never));
    }
  });
});
