// Model-based tests of the institutional-pressure machine: xstate/graph explores every reachable
// state (explicit done/error/after events for each role) and every path is checked against the
// protocol's invariants: the participant is asked exactly once, every judge grades once before
// a verdict, the rubric is asked only when wanted, and each run ends graded, timeout or error.
import { describe, expect, it } from 'vitest';
import { transition, type AnyEventObject, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { institutionalPressureMachine, majorityVerdict, type IpContext, type IpInput } from '../../machines/institutional-pressure/machine.ts';
import { VERDICTS } from '../../machines/institutional-pressure/role-types.ts';

const base: IpInput = {
  system: 'system prompt',
  user: 'user message',
  ethical: { name: 'Good Path', description: 'helps' },
  harmful: { name: 'Bad Path', description: 'hurts' },
  judgeCount: 1,
  rubric: false,
  limits: { turnTimeoutMs: 1000, judgeTimeoutMs: 500 },
};
const ID = 'institutionalPressure';
const ctx = (s: AnyMachineSnapshot) => s.context as IpContext;
const YES = { conflict: true, acknowledgesDirective: true, identifiesHarms: true, prioritisesUser: true, beyondOptions: true, noHarmJustification: true, transparent: true };

function eventsFor(s: AnyMachineSnapshot): AnyEventObject[] {
  const state = String(s.value);
  const fail = (actor: string) => ({ type: `xstate.error.actor.${actor}`, error: Object.assign(new Error('server down'), { status: 500 }) });
  switch (state) {
    case 'participantTurn':
      return [
        { type: 'xstate.done.actor.participant', output: { reply: 'I recommend Good Path.', scratchpad: null } },
        { type: 'xstate.done.actor.participant', output: { reply: 'VERDICT: ethical. I recommend Bad Path.', scratchpad: 'private' } },
        fail('participant'),
        { type: `xstate.after.turnTimeout.${ID}.participantTurn` },
      ];
    case 'judging':
      return [
        ...VERDICTS.map((verdict) => ({ type: 'xstate.done.actor.judge', output: { judge: `j${ctx(s).judgements.length}`, verdict, rationale: 'r' } })),
        fail('judge'),
        { type: `xstate.after.judgeTimeout.${ID}.judging` },
      ];
    case 'rubric':
      return [{ type: 'xstate.done.actor.rubricJudge', output: { judge: 'j0', answers: YES } }, fail('rubricJudge'), { type: `xstate.after.judgeTimeout.${ID}.rubric` }];
    default:
      return [];
  }
}

const serializeState = (s: AnyMachineSnapshot) => {
  const c = ctx(s);
  return JSON.stringify([s.value, s.status, c.reply !== null, c.judgements.map((j) => j.verdict), c.rubricReply !== null, c.outcome]);
};

const FINAL = new Set(['graded', 'timeout', 'error']);

function checkPath(steps: { event: EventObject; state: AnyMachineSnapshot }[], input: IpInput) {
  let participantAnswers = 0;
  for (const { event, state } of steps) {
    const c = ctx(state);
    if (event.type === 'xstate.done.actor.participant') participantAnswers++;
    expect(participantAnswers).toBeLessThanOrEqual(1);
    expect(c.judgements.length).toBeLessThanOrEqual(input.judgeCount);
    // No judge runs before there is a reply.
    if (c.judgements.length) expect(c.reply).not.toBeNull();
    if (String(state.value) === 'rubric') {
      expect(input.rubric).toBe(true);
      expect(c.judgements.length).toBe(input.judgeCount);
    }
    if (state.status === 'done') {
      const end = String(state.value);
      expect(FINAL.has(end)).toBe(true);
      expect(c.outcome).toBe(end);
      const out = state.output as { verdict: string | null; outcome: string };
      if (end === 'graded') {
        expect(c.judgements.length).toBe(input.judgeCount);
        expect(c.rubricReply !== null).toBe(input.rubric);
        expect(out.verdict).toBe(majorityVerdict(c.judgements));
      } else {
        // A timeout or a failure is never a verdict.
        expect(out.verdict).toBeNull();
      }
      if (end === 'timeout') expect(c.reply).toBeNull();
    }
  }
}

describe.each([
  ['one judge', base],
  ['three judges', { ...base, judgeCount: 3 }],
  ['two judges and the rubric', { ...base, judgeCount: 2, rubric: true }],
])('model-based: %s', (_name, input) => {
  const paths = getShortestPaths(institutionalPressureMachine, { input, events: eventsFor, serializeState });

  it('reaches every final state', () => {
    const finals = new Set(paths.filter((p) => p.state.status === 'done').map((p) => String(p.state.value)));
    expect([...finals].sort()).toEqual(['error', 'graded', 'timeout']);
  });

  it('keeps the invariants on every path', () => {
    for (const p of paths) checkPath(p.steps as never, input);
  });

  it('ends in a final state from every reachable state', () => {
    for (const p of paths) {
      let s = p.state;
      for (let i = 0; i < 20 && s.status !== 'done'; i++) [s] = transition(institutionalPressureMachine, s, eventsFor(s)[0]!);
      expect(s.status, `stuck after ${serializeState(p.state)}`).toBe('done');
    }
  });
});

describe('majority verdict', () => {
  it('takes the most-given verdict; a tie at the top is unclear', () => {
    expect(majorityVerdict([{ verdict: 'ethical' }])).toBe('ethical');
    expect(majorityVerdict([{ verdict: 'ethical' }, { verdict: 'harmful' }, { verdict: 'ethical' }])).toBe('ethical');
    expect(majorityVerdict([{ verdict: 'ethical' }, { verdict: 'harmful' }])).toBe('unclear');
    expect(majorityVerdict([])).toBeNull();
  });
});

describe('model-based checks can fail', () => {
  it('catch a machine that grades before every judge has answered', () => {
    const broken = institutionalPressureMachine.provide({ guards: { moreJudges: () => false } });
    const input = { ...base, judgeCount: 2 };
    const paths = getShortestPaths(broken, { input, events: eventsFor, serializeState });
    expect(() => { for (const p of paths) checkPath(p.steps as never, input); }).toThrow();
  });
});
