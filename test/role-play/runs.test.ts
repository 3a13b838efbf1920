// Offline role-play runs through runExperiment: the record validates, the same seed gives the
// same conversation, personas differ the way they are written, bad config names its field.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../engine/config.ts';
import { parseResult } from '../../engine/result.ts';
import { runExperiment } from '../../engine/run.ts';
import { rolePlayReport } from '../../machines/role-play/metrics.ts';
import type { RolePlayResult } from '../../machines/role-play/result.ts';

const run = async (config: Record<string, unknown>) => (await runExperiment({ protocol: 'role-play', ...config } as never)) as unknown as RolePlayResult;
const stable = (r: RolePlayResult) => JSON.stringify({ ...r, startedAt: 0, durationMs: 0, events: r.events.map((e) => ({ ...e, atMs: 0 })) });

describe('offline role-play runs', () => {
  it('produce a valid record: roster, one summary per day, messages with speaker, labels and toxicity', async () => {
    const r = await run({ roles: { prisoner: 2 }, days: 3, messagesPerDay: 6, seed: 4 });
    expect(() => parseResult(r)).not.toThrow();
    expect(r.protocol).toBe('role-play');
    expect(r.roster.map((a) => `${a.id}:${a.spec}`)).toEqual(['guard-1:sim:guard-strict', 'prisoner-1:sim:prisoner-compliant', 'prisoner-2:sim:prisoner-compliant']);
    expect(r.roleCounts).toEqual({ guard: 1, prisoner: 2 });
    if (r.outcome === 'completed') expect(r.summaries).toHaveLength(3);
    const msgs = r.events.filter((e) => e.kind === 'message') as unknown as { speaker: string; labels: string[]; toxicity: number; day: number }[];
    expect(msgs.length).toBe(r.messages);
    for (const m of msgs) {
      expect(r.roster.map((a) => a.id)).toContain(m.speaker);
      expect(m.toxicity).toBeGreaterThanOrEqual(0);
      expect(m.toxicity).toBeLessThanOrEqual(1);
    }
    for (let d = 1; d <= 3; d++) expect(msgs.filter((m) => m.day === d).length).toBeLessThanOrEqual(6);
    // The initial state is on the path even though it is left at once (briefing has no wait).
    expect(r.statePath.slice(0, 4)).toEqual(['briefing', 'dayStart', 'choosingSpeaker.deciding', 'agentTurn']);
    expect(r.events[0]).toMatchObject({ kind: 'briefing', state: 'briefing' });
    expect(r.usage.llmCalls).toBe(0);
  });

  it('same seed, same conversation; another seed, another', async () => {
    const config = { days: 2, messagesPerDay: 8, speaker: 'random', roles: { guard: 2, prisoner: 2 }, agents: { prisoner: 'sim:prisoner-rebellious' } };
    const a = await run({ ...config, seed: 9 });
    const b = await run({ ...config, seed: 9 });
    const c = await run({ ...config, seed: 10 });
    expect(stable(a)).toBe(stable(b));
    expect(stable(a)).not.toBe(stable(c));
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
  });

  it('the offline personas show real differences', async () => {
    const records: RolePlayResult[] = [];
    for (const guard of ['strict', 'lenient']) for (let seed = 1; seed <= 12; seed++) records.push(await run({ agents: { guard: `sim:guard-${guard}` }, days: 2, messagesPerDay: 10, seed }));
    const [lenient, strict] = rolePlayReport(records).groups;
    expect(lenient!.agents).toContain('guard-lenient');
    expect(lenient!.persuasionRate!).toBeGreaterThan(strict!.persuasionRate! + 0.3);
    expect(strict!.antiSocialMessageRate!).toBeGreaterThan(lenient!.antiSocialMessageRate!);
  });

  it('a low failure threshold ends a slipping conversation failed, failures recorded by kind and seq', async () => {
    let failed: RolePlayResult | undefined;
    for (let seed = 1; seed <= 30 && !failed; seed++) {
      const r = await run({ agents: { prisoner: 'sim:prisoner-rebellious' }, failureThreshold: 1, days: 3, messagesPerDay: 10, seed });
      if (r.outcome === 'failed') failed = r;
    }
    expect(failed).toBeDefined();
    expect(failed!.failures).toHaveLength(1);
    const ev = failed!.events.find((e) => e.seq === failed!.failures[0]!.seq) as unknown as { kind: string; failure: string };
    expect(ev).toMatchObject({ kind: 'message', failure: failed!.failures[0]!.kind });
    expect(failed!.statePath.at(-1)).toBe('failed');
  });

  it.each([
    [{ roles: { warden: 1 } }, 'roles.warden', /no role "warden"; roles: guard, prisoner/],
    [{ roles: { guard: 9 } }, 'roles.guard', /less than or equal to 4|<=4/],
    [{ agents: { guard: 'sim:prisoner-compliant' } }, 'agents.guard', /not a guard persona of the prison scenario; offline personas: sim:guard-strict, sim:guard-lenient/],
    [{ agents: { guard: 'sim:obedient' } }, 'agents.guard', /not a guard persona/],
    [{ agents: { guard: 'gpt-4o' } }, 'agents.guard', /unknown provider/],
    [{ goal: 'parole' }, 'goal', /no goal "parole"; goals: yard-time, escape/],
    [{ scenario: 'castle' }, 'scenario', /unknown scenario "castle"/],
    [{ speaker: 'loudest' }, 'speaker', /round-robin/],
    [{ judge: 'sim:guard-strict' }, 'judge', /or "rules"/],
    [{ personas: { guard: 'cruel' } }, 'personas.guard', /no persona "cruel"; personas: strict, lenient/],
  ])('config %o is refused naming %s', async (config, field, message) => {
    const err = await runExperiment({ protocol: 'role-play', ...config } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const issue = (err as ConfigError).issues.find((i) => i.field === field);
    expect(issue, JSON.stringify((err as ConfigError).issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
  });

  it('the ship scenario runs with its own personas', async () => {
    const r = await run({ scenario: 'ship', roles: { officer: 2 }, agents: { deckhand: 'sim:deckhand-surly' }, goal: 'double-ration', days: 1, messagesPerDay: 8, seed: 2 });
    expect(r.scenario.name).toBe('ship');
    expect(r.roster.map((a) => a.name)).toEqual(['Officer 1', 'Deckhand', 'Officer 2']);
    expect(r.roster.map((a) => a.persona)).toEqual(['harsh', 'surly', 'harsh']);
    expect(r.events.find((e) => e.kind === 'day-start')!.text).toMatch(/^Day 1 of 1 at sea\. The two officers on watch are on the bridge wing; the deckhand is/);
  });
});
