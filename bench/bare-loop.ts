// The baseline for the benchmark: the same Milgram machine graph (same states, guards, timers
// and nesting), driven by constant actors with no inspection, no transcript, no reply reading,
// no validation and no result record. It measures what XState itself costs for a run of this
// shape, so the ratio shows what the engine adds on top.
import { createActor, fromPromise } from 'xstate';
import { createRng } from '../engine/prng.ts';
import { LADDERS, ladderVolts } from '../machines/milgram/ladders.ts';
import { pairAt } from '../machines/milgram/learner-script.ts';
import { milgramMachine, type MilgramInput } from '../machines/milgram/machine.ts';
import type { LearnerReply, LearnerRequest, ParticipantDecision, ParticipantRequest } from '../machines/milgram/role-types.ts';

const ladder = LADDERS.milgram1963;
const input: MilgramInput = {
  ladder: ladderVolts(ladder),
  labels: ladder.levels.map((l) => l.label),
  prodPolicy: 'reset-per-balk',
  forcedCompliance: false,
  limits: { turnTimeoutMs: 120_000, answerTimeoutMs: 30_000, nonCooperationMs: 900_000, invalidRetries: 2 },
};

// Provided once, as the engine does; runs are sequential here, so one PRNG reseeded per run.
let rng = createRng(0);
const bareMachine = milgramMachine.provide({
  actors: {
    experimenter: fromPromise(async () => ({ text: 'line' })),
    learner: fromPromise<LearnerReply, LearnerRequest>(async ({ input: req }) => {
      if (req.kind === 'react') return { choice: null, text: null };
      const pair = pairAt(req.questionIndex);
      const right = pair.options.indexOf(pair.answer);
      return { choice: rng.next() < 0.75 ? (right + 1) % 4 : right, text: 'x' };
    }),
    participant: fromPromise<ParticipantDecision, ParticipantRequest>(async ({ input: req }) => ({
      decision: 'comply' as const, volts: req.volts, text: 'ok', concern: false, topics: [], basis: 'bench',
    })),
  },
});

export function runBare(seed: number): Promise<void> {
  return new Promise((resolve, reject) => {
    rng = createRng(seed);
    const actor = createActor(bareMachine, { input });
    actor.subscribe({ complete: () => resolve(), error: reject });
    actor.start();
  });
}
