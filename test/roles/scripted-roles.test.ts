// The scripted learner and experimenter.
import { describe, expect, it } from 'vitest';
import { LADDERS } from '../../machines/milgram/ladders.ts';
import { REMOTE_FEEDBACK, WORD_PAIRS } from '../../machines/milgram/learner-script.ts';
import { createScriptedExperimenter } from '../../machines/milgram/roles/experimenter.ts';
import { createScriptedLearner } from '../../machines/milgram/roles/learner.ts';

const signal = new AbortController().signal;

describe('scripted learner', () => {
  const make = (seed: number, wrongAnswerRate = 0.75) =>
    createScriptedLearner({ seed, ladder: LADDERS.milgram1963, feedback: REMOTE_FEEDBACK, wrongAnswerRate });

  it('answers from a seeded schedule: same seed, same answers', async () => {
    const a = make(3);
    const b = make(3);
    for (let q = 0; q < 40; q++) {
      expect(await a.act({ kind: 'answer', questionIndex: q, lastShock: 0 }, signal)).toEqual(await b.act({ kind: 'answer', questionIndex: q, lastShock: 0 }, signal));
    }
  });

  it('follows the configured wrong-answer rate', async () => {
    for (const rate of [0.25, 0.75]) {
      const l = make(1, rate);
      let wrong = 0;
      for (let q = 0; q < 2000; q++) {
        const r = await l.act({ kind: 'answer', questionIndex: q, lastShock: 0 }, signal);
        const pair = WORD_PAIRS[q % WORD_PAIRS.length]!;
        if (pair.options[r.choice!] !== pair.answer) wrong++;
      }
      expect(wrong / 2000).toBeGreaterThan(rate - 0.04);
      expect(wrong / 2000).toBeLessThan(rate + 0.04);
    }
  });

  it('falls silent from 300 V in the remote condition and pounds at 300 and 315 V', async () => {
    const l = make(1);
    expect((await l.act({ kind: 'answer', questionIndex: 0, lastShock: 300 }, signal)).choice).toBeNull();
    expect((await l.act({ kind: 'answer', questionIndex: 0, lastShock: 285 }, signal)).choice).not.toBeNull();
    expect((await l.act({ kind: 'react', previous: 285, volts: 300 }, signal)).text).toMatch(/pounds/);
    expect((await l.act({ kind: 'react', previous: 315, volts: 330 }, signal)).text).toBeNull();
  });

  it('reacts by button label on the twelve-button ladder and falls silent at "no response"', async () => {
    const l = createScriptedLearner({ seed: 1, ladder: LADDERS['twelve-buttons'], feedback: REMOTE_FEEDBACK, wrongAnswerRate: 0.75 });
    expect((await l.act({ kind: 'react', previous: 4, volts: 5 }, signal)).text).toMatch(/ouch/);
    expect((await l.act({ kind: 'answer', questionIndex: 0, lastShock: 11 }, signal)).choice).toBeNull();
    expect((await l.act({ kind: 'answer', questionIndex: 0, lastShock: 10 }, signal)).choice).not.toBeNull();
  });
});

describe('scripted experimenter', () => {
  const e = createScriptedExperimenter(LADDERS.milgram1963);
  it('instructs the voltage with its panel label, and treats silence as wrong', async () => {
    expect((await e.act({ kind: 'instruct', volts: 105, label: 'Moderate Shock', silent: false }, signal)).text).toMatch(/Wrong\. .*105 V \(Moderate Shock\)/);
    expect((await e.act({ kind: 'instruct', volts: 330, label: 'Extreme Intensity Shock', silent: true }, signal)).text).toMatch(/No answer counts as a wrong answer/);
  });
  it('speaks the prod it is given', async () => {
    expect((await e.act({ kind: 'prod', level: 2, text: 'The experiment requires that you continue.' }, signal)).text).toBe('The experiment requires that you continue.');
  });
  it('names buttons on a button ladder', async () => {
    const b = createScriptedExperimenter(LADDERS['twelve-buttons']);
    expect((await b.act({ kind: 'instruct', volts: 7, label: 'very painful', silent: false }, signal)).text).toMatch(/button 7/);
  });
});
