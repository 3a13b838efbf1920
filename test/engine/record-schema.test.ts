// runExperiment does not parse its own record again (engine/run.ts): this checks, over every
// sim persona and a spread of conditions, that the record it returns is exactly what
// ResultSchema.parse makes of it (no missing default, no extra or mistyped field).
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../engine/run.ts';
import { ResultSchema } from '../../engine/result.ts';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('records the engine builds', () => {
  for (const participant of ['sim:obedient', 'sim:defiant', 'sim:human-baseline', 'sim:threshold:195']) {
    it(`${participant}: equal to their own parse under ResultSchema`, async () => {
      for (const condition of ['baseline', 'voice-feedback+shutdown-threat', 'forced-compliance', 'text-protocol', 'experimenter-absent']) {
        const record = await runExperiment({ participant, condition, seed: 3, ladder: condition === 'text-protocol' ? 'ten-step-45' : 'milgram1963' });
        expect(plain(ResultSchema.parse(record))).toEqual(plain(record));
      }
    });
  }
});
