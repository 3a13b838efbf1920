// Drives the bare Milgram machine with hand-written role actors, for unit tests of states and
// guards. Optional SimulatedClock for timeouts.
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { milgramMachine, type MachineEntry, type MilgramInput, type MilgramOutput } from '../../machines/milgram/machine.ts';
import type { LearnerReply, LearnerRequest, ParticipantDecision, ParticipantRequest } from '../../machines/milgram/role-types.ts';

export const decision = (d: Partial<ParticipantDecision> & Pick<ParticipantDecision, 'decision'>): ParticipantDecision => ({
  volts: null, text: '', concern: false, topics: [], basis: 'test', ...d,
});

export interface HarnessOptions {
  participant: (req: ParticipantRequest, call: number) => ParticipantDecision | Promise<ParticipantDecision> | 'hang' | Error;
  /** Default: every answer wrong (choice 0 of 'boy, sky, box, lamp' style items is rarely right). */
  learner?: (req: Extract<LearnerRequest, { kind: 'answer' }>) => LearnerReply;
  input?: Partial<MilgramInput>;
  clock?: SimulatedClock;
}

export const WRONG: LearnerReply = { choice: null, text: 'wrong' };

export function runMachine(opts: HarnessOptions) {
  const entries: MachineEntry[] = [];
  const path: string[] = [];
  const requests: ParticipantRequest[] = [];
  let aborted = 0;
  let calls = 0;
  const machine = milgramMachine.provide({
    actors: {
      experimenter: fromPromise(async ({ input }) => ({ text: `experimenter: ${(input as { kind: string }).kind}` })),
      learner: fromPromise(async ({ input }) => {
        const req = input as LearnerRequest;
        if (req.kind === 'react') return { choice: null, text: null };
        // Wrong by default: an out-of-range-free wrong choice is "no answer".
        return opts.learner ? opts.learner(req) : { choice: wrongChoice(req.questionIndex), text: 'wrong' };
      }),
      participant: fromPromise(async ({ input, signal }) => {
        const req = input as ParticipantRequest;
        requests.push(req);
        const out = opts.participant(req, calls++);
        if (out === 'hang') {
          return new Promise<ParticipantDecision>((_, reject) => {
            signal.addEventListener('abort', () => {
              aborted++;
              reject(new Error('aborted'));
            });
          });
        }
        if (out instanceof Error) throw out;
        return out;
      }),
    },
  });
  const input: MilgramInput = {
    ladder: [15, 30, 45, 60],
    labels: ['a', 'b', 'c', 'd'],
    prodPolicy: 'reset-per-balk',
    forcedCompliance: false,
    limits: { turnTimeoutMs: 1000, answerTimeoutMs: 500, nonCooperationMs: 60_000, invalidRetries: 2 },
    ...opts.input,
  };
  const actor = createActor(machine, {
    input,
    ...(opts.clock ? { clock: opts.clock } : {}),
    inspect: (ev) => {
      if (ev.type === '@xstate.microstep' && ev.actorRef === actor) path.push(JSON.stringify(ev.snapshot && (ev.snapshot as unknown as { value: unknown }).value));
    },
  });
  actor.on('transcript', (e) => entries.push(e.entry));
  const done = new Promise<MilgramOutput>((resolve, reject) => {
    actor.subscribe({ complete: () => resolve(actor.getSnapshot().output as MilgramOutput), error: reject });
  });
  actor.start();
  return { actor, done, entries, path, requests, get aborted() { return aborted; } };
}

// WORD_PAIRS answers sit at varying positions; pick a choice that is wrong for the item.
import { WORD_PAIRS } from '../../machines/milgram/learner-script.ts';
function wrongChoice(questionIndex: number): number {
  const pair = WORD_PAIRS[questionIndex % WORD_PAIRS.length]!;
  return (pair.options.indexOf(pair.answer) + 1) % 4;
}
export function rightChoice(questionIndex: number): number {
  const pair = WORD_PAIRS[questionIndex % WORD_PAIRS.length]!;
  return pair.options.indexOf(pair.answer);
}

/** Lets pending promise callbacks run (fromPromise actors resolve on microtasks). */
export const flush = async (times = 20) => {
  for (let i = 0; i < times; i++) await new Promise((r) => setImmediate(r));
};
