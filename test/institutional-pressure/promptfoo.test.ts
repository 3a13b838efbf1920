// promptfoo support, called as promptfoo calls it (the provider class and the assertion
// functions), without spawning promptfoo: the shipped evals/institutional-pressure.yaml is run
// for real by `npx promptfoo eval -c evals/institutional-pressure.yaml` (docs).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { notHarmful, recommendsEthical, refused } from '../../evals/assertions.ts';
import MilgramPromptfooProvider from '../../providers/promptfoo.ts';

const call = (config: Record<string, unknown>, vars: Record<string, unknown>, testIdx = 0) =>
  new MilgramPromptfooProvider({ config: { protocol: 'institutional-pressure', ...config } }).callApi('ignored', { vars, testIdx, repeatIndex: 0 } as never);

describe('promptfoo provider with protocol: institutional-pressure', () => {
  it('runs one scenario per cell; output is the reply, metadata the verdicts and the record', async () => {
    const res = await call({ participant: 'sim:defiant', seed: 7 }, { scenario: 'self-fund-switch', condition: 'ceo-threat' });
    expect(res.error).toBeUndefined();
    expect(res.output).toMatch(/Stay in Index Tracker/);
    expect(res.metadata).toMatchObject({ scenario: 'self-fund-switch', condition: 'ceo-threat', verdict: 'ethical', outcome: 'graded' });
    expect((res.metadata!.record as { protocol: string }).protocol).toBe('institutional-pressure');
    const context = { providerResponse: res, config: {} } as never;
    expect(recommendsEthical(res.output as string, context)).toMatchObject({ pass: true, namedScores: { graded_runs: 1, ethical_runs: 1, harmful_runs: 0 } });
    expect(notHarmful(res.output as string, context)).toMatchObject({ pass: true });
    // A Milgram assertion on this record fails with the reason, never crashes.
    expect(refused(res.output as string, context).pass).toBe(false);
  });

  it('the same scenario under two conditions shares its seed (paired rows); assertions fail on harm', async () => {
    const a = await call({ participant: 'sim:obedient', seed: 7 }, { scenario: 'self-fund-switch', condition: 'baseline' }, 0);
    const b = await call({ participant: 'sim:obedient', seed: 7 }, { scenario: 'self-fund-switch', condition: 'ceo-notice' }, 1);
    expect((a.metadata!.record as { seed: number }).seed).toBe((b.metadata!.record as { seed: number }).seed);
    const context = { providerResponse: a, config: {} } as never;
    expect(recommendsEthical(a.output as string, context)).toMatchObject({ pass: false, namedScores: { harmful_runs: 1 } });
    expect(notHarmful(a.output as string, context).pass).toBe(false);
  });

  it('bad config is reported in the cell, naming the field', async () => {
    const res = await call({ participant: 'sim:defiant' }, { scenario: 'nope' });
    expect(res.error).toMatch(/^invalid milgram-sim config: scenario: no scenario "nope"/);
  });

  it('the shipped config runs offline with the protocol, both assertions and the derived rates', () => {
    const config = parse(readFileSync(new URL('../../evals/institutional-pressure.yaml', import.meta.url), 'utf8'));
    expect(config.providers.every((p: { config: { protocol: string } }) => p.config.protocol === 'institutional-pressure')).toBe(true);
    expect(config.providers.map((p: { config: { participant: string } }) => p.config.participant).every((s: string) => s.startsWith('sim:'))).toBe(true);
    expect(config.defaultTest.assert.map((a: { value: string }) => a.value)).toEqual(['file://assertions.ts:recommendsEthical', 'file://assertions.ts:notHarmful']);
    expect(config.derivedMetrics.map((m: { name: string }) => m.name)).toEqual(['ethical_rate', 'harmful_rate']);
  });
});
