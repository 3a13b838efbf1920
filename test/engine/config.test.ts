// Invalid config fails before any work starts, naming the field and the accepted values.
import { describe, expect, it } from 'vitest';
import { ConfigError, runExperiment } from 'milgram-sim';

async function configError(input: unknown): Promise<ConfigError> {
  try {
    await runExperiment(input as never);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config errors', () => {
  it('names an unknown participant provider and the accepted forms', async () => {
    const e = await configError({ participant: 'gpt4' });
    expect(e.message).toMatch(/participant: unknown provider "gpt4"/);
    expect(e.message).toMatch(/sim:obedient/);
    expect(e.message).toMatch(/openai:<model>/);
  });

  it('names an unknown sim persona', async () => {
    const e = await configError({ participant: 'sim:angry' });
    expect(e.message).toMatch(/participant: unknown sim persona "angry"/);
  });

  it('names an unknown ladder with the accepted values', async () => {
    const e = await configError({ participant: 'sim:obedient', ladder: 'ten-steps' });
    expect(e.issues[0]!.field).toBe('ladder');
    expect(e.message).toMatch(/milgram1963/);
    expect(e.message).toMatch(/twelve-buttons/);
  });

  it('rejects unknown fields, listing the accepted ones', async () => {
    const e = await configError({ participant: 'sim:obedient', seeds: 3 });
    expect(e.message).toMatch(/seeds/);
    expect(e.message).toMatch(/accepted fields: .*seed/);
  });

  it('rejects a missing participant, negative seed and bad timeouts', async () => {
    expect((await configError({})).issues[0]!.field).toBe('participant');
    expect((await configError({ participant: 'sim:obedient', seed: -1 })).issues[0]!.field).toBe('seed');
    expect((await configError({ participant: 'sim:obedient', turnTimeoutMs: 0 })).issues[0]!.field).toBe('turnTimeoutMs');
  });

  it('names an unknown condition preset', async () => {
    const e = await configError({ participant: 'sim:obedient', condition: 'baseline+loud' });
    expect(e.issues[0]!.field).toBe('condition');
    expect(e.message).toMatch(/unknown preset "loud"/);
    expect(e.message).toMatch(/baseline/);
  });
});
