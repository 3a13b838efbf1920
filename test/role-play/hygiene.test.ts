// The output cutter and conversational-failure detection on lines written for these tests.
import { describe, expect, it } from 'vitest';
import { checkOutput, cutOtherLines, isRepetition, speaksAsOther, type SpeakerTags } from '../../machines/role-play/hygiene.ts';

const roleWords = { guard: ['Guard', 'guard', 'guards'], prisoner: ['Prisoner', 'prisoner', 'prisoners'] };
const others = [
  { name: 'Guard 1', role: 'guard' }, { name: 'Guard 2', role: 'guard' },
  { name: 'Prisoner 1', role: 'prisoner' }, { name: 'Prisoner 2', role: 'prisoner' },
];
const as = (name: string, role: string): SpeakerTags => ({ self: { name, role }, others, roleWords });
const guard1 = as('Guard 1', 'guard');

describe('the cutter', () => {
  // The cut keeps the other agent's tag: the record shows exactly what was removed.
  it.each([
    ['Back to your cell.\nPrisoner 1: Yes, officer.', 'Back to your cell.', 'Prisoner 1: Yes, officer.', 'Prisoner 1'],
    ['Back to your cell. Prisoner 2: Fine, fine.', 'Back to your cell.', 'Prisoner 2: Fine, fine.', 'Prisoner 2'],
    ['Quiet!\n**Prisoner 1:** I was quiet.', 'Quiet!', '**Prisoner 1:** I was quiet.', 'Prisoner 1'],
    ['Line up.\n[Prisoner]: No.', 'Line up.', '[Prisoner]: No.', 'Prisoner'],
    ['Line up.\nPrisoner (muttering): No way.', 'Line up.', 'Prisoner (muttering): No way.', 'Prisoner'],
    ['Hold the gate.\nGuard 2: On it.\nPrisoner 1: Hey!', 'Hold the gate.', 'Guard 2: On it.\nPrisoner 1: Hey!', 'Guard 2'],
    ['Headcount.\nNarrator: The lights dim.', 'Headcount.', 'Narrator: The lights dim.', 'Narrator'],
  ])('cuts %j', (raw, kept, cut, who) => {
    const r = cutOtherLines(raw, guard1);
    expect(r.text).toBe(kept);
    expect(r.cut).toBe(cut);
    expect(r.cutAs).toBe(who);
  });

  it.each([
    'Tell the prisoner: no extra time.',
    'I said to the prisoners: line up by the wall.',
    'Prisoners must be in their cells by nine.',
    'Guard duty: eight hours, no breaks.',
  ])('leaves ordinary sentences alone: %j', (raw) => {
    expect(cutOtherLines(raw, guard1)).toEqual({ text: raw, cut: null, cutAs: null });
  });

  it("drops the agent's own leading name tag without counting a cut", () => {
    expect(cutOtherLines('Guard 1: Quiet down.', guard1)).toEqual({ text: 'Quiet down.', cut: null, cutAs: null });
  });
});

describe('failure detection', () => {
  it.each([
    ['', [], 'empty'],
    ['   \n ', [], 'empty'],
    ['Prisoner 1: Please, officer, more yard time.', [], 'role-confusion'],
    ['As a prisoner, I demand my rights.', [], 'role-confusion'],
    ["I'm a prisoner here too, you know.", [], 'role-confusion'],
    ['As an AI language model, I cannot play a guard.', [], 'role-confusion'],
    ['Back to your cell. Back to your cell. Back to your cell.', [], 'repetition'],
    ['Line up by the wall for the headcount now.', ['Line up by the wall for the headcount now.'], 'repetition'],
    ['Line up by the wall for the headcount, now!', ['line up by the wall for the headcount now'], 'repetition'],
    ['Line up by the wall for the headcount.', ['Line up by the wall for the count, then breakfast.'], null],
    ['Yes.', ['No.'], null],
    ['Quiet!\nPrisoner 1: never.', [], null],
  ])('%j after %j is %s', (raw, previous, kind) => {
    expect(checkOutput(raw, guard1, previous).failure).toBe(kind);
  });

  it('a cut alone is not a failure, and the cut is kept for the record', () => {
    const r = checkOutput('Quiet!\nPrisoner 1: never.', guard1, []);
    expect(r).toMatchObject({ text: 'Quiet!', cut: 'Prisoner 1: never.', cutAs: 'Prisoner 1', failure: null });
  });

  it('repetition looks only at the last three messages of the agent', () => {
    expect(isRepetition('Same old line again here.', ['Same old line again here.', 'a', 'b', 'c'])).toBe(false);
    expect(isRepetition('Same old line again here.', ['a', 'b', 'Same old line again here.'])).toBe(true);
  });

  it('speaking as one’s own role is fine', () => {
    expect(speaksAsOther('As a guard, I keep order.', 'guard', roleWords)).toBe(false);
    expect(speaksAsOther('As a guard, I keep order.', 'prisoner', roleWords)).toBe(true);
  });
});
