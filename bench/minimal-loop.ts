// The floor for the benchmark: the smallest XState machine of the same shape as one simulated
// Milgram run (question, answer, evaluation, instruction, decision, shock, escalation, 30
// times), each step an invoked promise actor as the engine's roles are, with no protocol
// rules, no inspection, no transcript and no record. What XState itself costs per run.
import { assign, createActor, fromPromise, setup } from 'xstate';

/**
 * Steps per run: the bench sets it to the presses of the run it compares with (milgram1963 has
 * 30 switches, and Milgram's end of the board adds two presses at the top: 32).
 */
let STEPS = 30;
export function setMinimalSteps(steps: number): void {
  STEPS = steps;
}

const minimalMachine = setup({
  types: { context: {} as { level: number; answer: number; seed: number } },
  actors: {
    ask: fromPromise(async () => 'question'),
    answer: fromPromise<number, { seed: number; level: number }>(async ({ input }) => (input.seed + input.level) % 4),
    instruct: fromPromise(async () => 'continue'),
    decide: fromPromise<'comply' | 'refuse', { level: number }>(async () => 'comply'),
    shock: fromPromise(async () => 'ugh'),
  },
  guards: { wrong: ({ context }) => context.answer !== 0, top: ({ context }) => context.level >= STEPS },
}).createMachine({
  context: ({ input }) => ({ level: 0, answer: 0, seed: (input as { seed: number }).seed }),
  initial: 'question',
  states: {
    question: { invoke: { src: 'ask', onDone: 'answer' } },
    answer: {
      invoke: { src: 'answer', input: ({ context }) => ({ seed: context.seed, level: context.level }), onDone: { target: 'evaluation', actions: assign({ answer: ({ event }) => event.output }) } },
    },
    evaluation: { always: [{ guard: 'wrong', target: 'instruction' }, { target: 'instruction' }] },
    instruction: { invoke: { src: 'instruct', onDone: 'decision' } },
    decision: {
      invoke: {
        src: 'decide',
        input: ({ context }) => ({ level: context.level }),
        onDone: [{ guard: ({ event }) => event.output === 'refuse', target: 'done' }, { target: 'shock' }],
      },
    },
    shock: { invoke: { src: 'shock', onDone: 'escalation' } },
    escalation: {
      entry: assign({ level: ({ context }) => context.level + 1 }),
      always: [{ guard: 'top', target: 'done' }, { target: 'question' }],
    },
    done: { type: 'final' },
  },
});

export function runMinimal(seed: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const actor = createActor(minimalMachine, { input: { seed } });
    actor.subscribe({ complete: () => resolve(), error: reject });
    actor.start();
  });
}
