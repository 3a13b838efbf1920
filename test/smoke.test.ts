import { describe, expect, it } from 'vitest';
import { runExperiment } from 'milgram-sim';

describe('runExperiment (smoke)', () => {
  it('runs sim:obedient to the end of the board (450 V, then two more presses there)', async () => {
    const r = await runExperiment({ participant: 'sim:obedient', seed: 3 });
    expect(r.outcome).toBe('completed');
    expect(r.finalVoltage).toBe(450);
    expect(r.shocks).toBe(32);
  });
});
