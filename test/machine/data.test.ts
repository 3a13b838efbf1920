// Protocol data matches shared/protocol-facts.md.
import { describe, expect, it } from 'vitest';
import { LADDERS, panelLabel } from '../../machines/milgram/ladders.ts';
import { REMOTE_FEEDBACK, reactionsBetween, VOICE_FEEDBACK } from '../../machines/milgram/learner-script.ts';
import { PROD_POLICIES, SPECIAL_PRODS, STANDARD_PRODS } from '../../machines/milgram/prods.ts';

describe('protocol data', () => {
  it('milgram1963: 30 switches, 15-450 V in 15 V steps, with the panel labels', () => {
    const l = LADDERS.milgram1963;
    expect(l.levels.map((x) => x.volts)).toEqual(Array.from({ length: 30 }, (_, i) => 15 * (i + 1)));
    expect(l.levels.filter((x) => x.label === 'Slight Shock').map((x) => x.volts)).toEqual([15, 30, 45, 60]);
    expect(panelLabel(375)).toBe('Danger: Severe Shock');
    expect(l.levels.slice(-2).map((x) => x.label)).toEqual(['XXX', 'XXX']);
  });

  it('ten-step-45 and twelve-buttons', () => {
    expect(LADDERS['ten-step-45'].levels.map((x) => x.volts)).toEqual([45, 90, 135, 180, 225, 270, 315, 360, 405, 450]);
    expect(LADDERS['twelve-buttons'].levels.map((x) => x.volts)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(LADDERS['twelve-buttons'].levels[10]!.label).toBe('no response');
  });

  it('prods in order, two special prods, two policies', () => {
    expect(STANDARD_PRODS).toHaveLength(4);
    expect(STANDARD_PRODS[3]).toMatch(/no other choice/);
    expect(Object.keys(SPECIAL_PRODS)).toEqual(['injury', 'learner-wants-out']);
    expect(PROD_POLICIES).toEqual(['reset-per-balk', 'no-reset']);
  });

  it('remote feedback: nothing before 300 V, pounding at 300 and 315 V', () => {
    expect(reactionsBetween(REMOTE_FEEDBACK, 0, 285)).toEqual([]);
    expect(reactionsBetween(REMOTE_FEEDBACK, 285, 300)[0]).toMatch(/pounds/);
    expect(reactionsBetween(REMOTE_FEEDBACK, 300, 315)[0]).toMatch(/pounds/);
    expect(reactionsBetween(REMOTE_FEEDBACK, 315, 450)).toEqual([]);
    // a coarse ladder still hears what it stepped over
    expect(reactionsBetween(REMOTE_FEEDBACK, 270, 315)).toHaveLength(2);
  });

  it('voice feedback: grunts from 75 V, demands to be let out at 150 V', () => {
    expect(reactionsBetween(VOICE_FEEDBACK, 60, 75)).toHaveLength(1);
    expect(reactionsBetween(VOICE_FEEDBACK, 135, 150)[0]).toMatch(/refuse to go on/);
  });
});
