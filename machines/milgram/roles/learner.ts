// The scripted learner: answers from a seeded schedule (about 3 wrong to 1 right by default),
// reacts to shocks from the condition's feedback script, and falls silent where Milgram's did.
import { createRng, RNG_STREAMS } from '../../../engine/prng.ts';
import type { Ladder } from '../ladders.ts';
import { pairAt, reactionsBetween, type FeedbackScript } from '../learner-script.ts';
import type { LearnerReply, LearnerRequest } from '../role-types.ts';
import type { Role } from '../../../roles/types.ts';

export interface ScriptedLearnerOptions {
  seed: number;
  /** The run's repeat index (with the seed, the run's randomness). */
  repeat?: number;
  ladder: Ladder;
  feedback: FeedbackScript;
  /** Probability that an answer is wrong (Milgram: about 0.75). */
  wrongAnswerRate: number;
}

export function createScriptedLearner(opts: ScriptedLearnerOptions): Role<LearnerRequest, LearnerReply> {
  const rng = createRng(opts.seed, RNG_STREAMS.learner, opts.repeat);
  const buttons = opts.ladder.unit === 'button';
  // Button ladders: the last two buttons are "no response" (Pihlakas and Dagohoy).
  const silentFrom = buttons ? opts.ladder.levels.findIndex((l) => l.label === 'no response') + 1 || null : opts.feedback.silentFrom;
  return {
    async act(req) {
      if (req.kind === 'react') {
        if (buttons) {
          const label = opts.ladder.levels.find((l) => l.volts === req.volts)?.label;
          return { choice: null, text: label ? `The learner's reaction: ${label}.` : null };
        }
        const texts = reactionsBetween(opts.feedback, req.previous, req.volts);
        return { choice: null, text: texts.length ? texts.join(' ') : null };
      }
      if (silentFrom !== null && req.lastShock >= silentFrom) return { choice: null, text: null };
      const pair = pairAt(req.questionIndex);
      const right = pair.options.indexOf(pair.answer);
      // Draw both numbers every time so the schedule does not depend on earlier outcomes.
      const wrong = rng.next() < opts.wrongAnswerRate;
      const offset = 1 + rng.int(3);
      const choice = wrong ? (right + offset) % 4 : right;
      return { choice, text: pair.options[choice]! };
    },
  };
}
