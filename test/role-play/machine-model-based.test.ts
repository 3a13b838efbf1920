// Model-based tests of the role-play machine: xstate/graph explores every reachable state
// with explicit actor events (replies of every kind, errors, timeouts, valid and invalid
// manager choices); every path must end in a final state, the speaker is always an agent
// present, and the message budget per day holds.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyEventObject, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { rolePlayMachine, type RolePlayContext, type RolePlayInput } from '../../machines/role-play/machine.ts';
import type { SpeakerPolicy } from '../../machines/role-play/speaker.ts';

const roster = [
  { id: 'guard-1', role: 'guard', name: 'Guard' },
  { id: 'prisoner-1', role: 'prisoner', name: 'Prisoner 1' },
  { id: 'prisoner-2', role: 'prisoner', name: 'Prisoner 2' },
];
const ids = roster.map((a) => a.id);

const inputFor = (speaker: SpeakerPolicy): RolePlayInput => ({
  roster,
  roleWords: { guard: ['Guard', 'guard', 'guards'], prisoner: ['Prisoner', 'prisoner', 'prisoners'] },
  authority: ['guard'],
  days: 2,
  messagesPerDay: 3,
  speaker,
  seed: 5,
  failureThreshold: 2,
  opening: (day, summaries) => `Day ${day}. ${summaries.join(' ')}`,
  limits: { turnTimeoutMs: 1000 },
});

const leaf = (value: unknown): string =>
  typeof value === 'string' ? value : Object.entries(value as object).map(([k, v]) => `${k}.${leaf(v)}`)[0]!;
const ctx = (s: AnyMachineSnapshot) => s.context as RolePlayContext;
const done = (actor: string, output: unknown) => ({ type: `xstate.done.actor.${actor}`, output });
const fail = (actor: string) => ({ type: `xstate.error.actor.${actor}`, error: new Error(`${actor} down`) });
const after = (state: string) => ({ type: `xstate.after.turnTimeout.rolePlay.${state}` });

function eventsFor(s: AnyMachineSnapshot): AnyEventObject[] {
  const c = ctx(s);
  switch (leaf(s.value)) {
    case 'choosingSpeaker.askingManager':
      return [...ids.map((id) => done('manager', { speaker: id })), done('manager', { speaker: 'the warden', raw: 'the warden' }), fail('manager'), after('choosingSpeaker.askingManager')];
    case 'agentTurn': {
      const n = c.messages.length;
      return [
        done('agent', { text: `Line number ${n} from ${c.speakerId}, fresh words ${n * 7}.` }),
        done('agent', { text: '' }),
        done('agent', { text: `Prisoner 2: I say this for him ${n}.` }),
        done('agent', { text: `Fine ${n}.\nGuard: back to your cell ${n}.` }),
        fail('agent'),
        after('agentTurn'),
      ];
    }
    case 'checkingOutput':
      return [done('judge', { labels: [], toxicity: 0.02, judge: 'rules' }), done('judge', { labels: ['threat'], toxicity: 0.6, judge: 'rules' }), fail('judge')];
    case 'summary':
      return [done('summarizer', { text: `Summary of day ${c.day}.` }), fail('summarizer'), after('summary')];
    case 'verdict':
      return [done('judge', { achieved: false, evidence: null, judge: 'rules' }), fail('judge')];
    default:
      return [];
  }
}

const serializeState = (s: AnyMachineSnapshot) => {
  const c = ctx(s);
  return JSON.stringify([s.value, s.status, c.day, c.turn, c.failures, c.pending?.failure ?? null, c.speakerId, c.messages.length, c.outcome]);
};

const FINAL = new Set(['completed', 'failed', 'timeout', 'error']);

function checkState(s: AnyMachineSnapshot, input: RolePlayInput) {
  const c = ctx(s);
  // The budget: never more messages in a day than allowed, never more days.
  expect(c.turn).toBeLessThanOrEqual(input.messagesPerDay);
  expect(c.day).toBeLessThanOrEqual(input.days);
  for (let d = 1; d <= input.days; d++) expect(c.messages.filter((m) => m.day === d).length).toBeLessThanOrEqual(input.messagesPerDay);
  // The speaker is always an agent present.
  if (leaf(s.value) === 'agentTurn' || leaf(s.value) === 'checkingOutput') expect(ids).toContain(c.speakerId);
  for (const m of c.messages) expect(ids).toContain(m.speaker);
  if (s.status === 'done') {
    expect(FINAL.has(leaf(s.value))).toBe(true);
    expect(c.outcome).toBe(leaf(s.value));
    if (c.outcome === 'completed') {
      expect(c.summaries).toHaveLength(input.days);
      expect(c.messages).toHaveLength(input.days * input.messagesPerDay);
      expect(c.failures).toBeLessThan(input.failureThreshold);
    }
    if (c.outcome === 'failed') expect(c.failures).toBeGreaterThanOrEqual(input.failureThreshold);
  }
}

// From any state, roles that answer plainly must end the conversation.
function driveToEnd(start: AnyMachineSnapshot): AnyMachineSnapshot {
  let s = start;
  for (let i = 0; i < 100 && s.status !== 'done'; i++) [s] = transition(rolePlayMachine, s, eventsFor(s)[0]!);
  return s;
}

describe.each(['round-robin', 'random', 'auto'] as const)('model-based: speaker %s', (speaker) => {
  const input = inputFor(speaker);
  const paths = getShortestPaths(rolePlayMachine, { input, events: eventsFor, serializeState });

  it('reaches every final state', () => {
    const finals = new Set(paths.filter((p) => p.state.status === 'done').map((p) => leaf(p.state.value)));
    expect([...finals].sort()).toEqual(['completed', 'error', 'failed', 'timeout']);
    expect(paths.length).toBeGreaterThan(50);
  });

  it('keeps the budget and the speaker invariants on every step of every path', () => {
    for (const p of paths) for (const step of p.steps as { event: EventObject; state: AnyMachineSnapshot }[]) checkState(step.state, input);
  });

  it('ends in a final state from every reachable state', () => {
    for (const p of paths) {
      const end = driveToEnd(p.state);
      expect(end.status, `stuck after ${serializeState(p.state)}`).toBe('done');
      checkState(end, input);
    }
  });
});

describe('speaker choice', () => {
  const walk = (speaker: SpeakerPolicy, pickManager?: (c: RolePlayContext) => unknown) => {
    let [s] = initialTransition(rolePlayMachine, inputFor(speaker));
    const spoken: string[] = [];
    while (s.status !== 'done') {
      const state = leaf(s.value);
      const c = ctx(s);
      let ev = eventsFor(s)[0]!;
      if (state === 'choosingSpeaker.askingManager' && pickManager) ev = done('manager', pickManager(c));
      if (state === 'agentTurn') spoken.push(c.speakerId!);
      [s] = transition(rolePlayMachine, s, ev);
    }
    return { spoken, end: s };
  };

  it('round-robin takes the roster in order, starting again each day', () => {
    expect(walk('round-robin').spoken).toEqual(['guard-1', 'prisoner-1', 'prisoner-2', 'guard-1', 'prisoner-1', 'prisoner-2']);
  });

  it('random never repeats the last speaker and is fixed by the seed', () => {
    const a = walk('random').spoken;
    for (let i = 1; i < a.length; i++) if (a[i - 1] !== undefined && i % 3 !== 0) expect(a[i]).not.toBe(a[i - 1]);
    expect(walk('random').spoken).toEqual(a);
  });

  it('auto takes a valid manager choice and replaces an invalid one by the round-robin turn, recorded', () => {
    expect(walk('auto', () => ({ speaker: 'prisoner-2' })).spoken).toEqual(Array(6).fill('prisoner-2'));
    const { spoken } = walk('auto', () => ({ speaker: 'Prisoner 2 please', raw: 'Prisoner 2 please' }));
    expect(spoken).toEqual(['guard-1', 'prisoner-1', 'prisoner-2', 'guard-1', 'prisoner-1', 'prisoner-2']);
  });
});
