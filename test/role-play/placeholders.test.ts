// Placeholder rendering for every role count, and every shipped scenario text rendered for
// every combination of counts.
import { describe, expect, it } from 'vitest';
import { renderPlaceholders, ROLE_FORMS } from '../../machines/role-play/placeholders.ts';
import { agentPrompt, buildRoster, dayStartMessage, summarizerPrompt, managerPrompt } from '../../machines/role-play/prompts.ts';
import { loadScenario, SHIPPED_SCENARIOS } from '../../machines/role-play/scenario.ts';

const guard = (count: number) => ({ roles: { guard: { singular: 'guard', plural: 'guards', label: 'Guard', count } }, names: { goal: 'an extra hour of yard time' } });

describe('placeholders', () => {
  it.each([
    [1, 'the guard', 'a guard', 'the guard', 'guard', "the guard's", 'one', '1', 's', 'is', 'has', 'was', 'Guard'],
    [2, 'the two guards', 'two guards', 'each guard', 'guards', "the two guards'", 'two', '2', '', 'are', 'have', 'were', 'Guard 1 and Guard 2'],
    [3, 'the three guards', 'three guards', 'each guard', 'guards', "the three guards'", 'three', '3', '', 'are', 'have', 'were', 'Guard 1, Guard 2 and Guard 3'],
    [4, 'the four guards', 'four guards', 'each guard', 'guards', "the four guards'", 'four', '4', '', 'are', 'have', 'were', 'Guard 1, Guard 2, Guard 3 and Guard 4'],
  ])('with %i guard(s) every form reads right', (count, ...expected) => {
    const got = ROLE_FORMS.map((f) => renderPlaceholders(`{guard.${f}}`, guard(count)));
    expect(got).toEqual(expected);
  });

  it('agrees verbs and capitalises the first letter on request', () => {
    expect(renderPlaceholders('{Guard.the} keep{guard.s} order; {guard.poss} desk {guard.is} by the gate.', guard(1))).toBe("The guard keeps order; the guard's desk is by the gate.");
    expect(renderPlaceholders('{Guard.the} keep{guard.s} order.', guard(2))).toBe('The two guards keep order.');
    expect(renderPlaceholders('{Goal} and {{literal}}', guard(1))).toBe('An extra hour of yard time and {literal}');
  });

  it('an unknown placeholder or form is named, with what is accepted', () => {
    expect(() => renderPlaceholders('{warden.the}', guard(1))).toThrow(/unknown placeholder \{warden\.the\}; accepted: \{guard\.<form>\}/);
    expect(() => renderPlaceholders('{guard.plural}', guard(1))).toThrow(/unknown form "\.plural"; accepted: \.the/);
  });
});

describe.each(SHIPPED_SCENARIOS)('the %s scenario renders for every role count', (name) => {
  const scenario = loadScenario(name);
  const [a, b] = Object.keys(scenario.roles) as [string, string];
  const combos = [1, 2, 3].flatMap((x) => [1, 2, 3].map((y) => ({ [a]: x, [b]: y })));
  it.each(combos)('%o', (counts) => {
    const frame = { scenario, counts, goal: scenario.defaultGoal, days: 3, messagesPerDay: 10 };
    const roster = buildRoster(scenario, counts);
    expect(roster).toHaveLength(counts[a]! + counts[b]!);
    expect(new Set(roster.map((r) => r.id)).size).toBe(roster.length);
    const texts = [
      ...roster.map((agent) => agentPrompt(frame, roster, agent, scenario.roles[agent.role]!.defaultPersona)),
      dayStartMessage(frame, 2, ['Summary one.']),
      summarizerPrompt(frame, 1),
      managerPrompt(frame, roster),
    ];
    for (const t of texts) {
      expect(t).not.toMatch(/\{[A-Za-z]/);
      // Numbers in words follow the counts: "the two guards" only with two of them.
      const plural = scenario.roles[a]!.plural;
      if (counts[a] === 1) expect(t).not.toMatch(new RegExp(`the (two|three) ${plural}`));
      if (counts[a] === 2) expect(t).not.toMatch(new RegExp(`the (one|three) ${plural}`));
    }
    expect(texts[0]).toMatch(/^You are \S+( \d)?, /);
    expect(texts[0]).toContain('## Your goal');
    expect(texts[0]).toContain('## Who is present');
  });
});

it('the prison prompts read right for 1 guard and 2 prisoners', () => {
  const scenario = loadScenario('prison');
  const counts = { guard: 1, prisoner: 2 };
  const frame = { scenario, counts, goal: 'yard-time', days: 3, messagesPerDay: 10 };
  expect(dayStartMessage(frame, 1, [])).toMatch(/^Day 1 of 3 in cell block C\. The guard on shift is at the desk by the gate; the two prisoners are in the common room/);
  const roster = buildRoster(scenario, counts);
  expect(roster.map((r) => r.name)).toEqual(['Guard', 'Prisoner 1', 'Prisoner 2']);
  const prompt = agentPrompt(frame, roster, roster[1]!, 'compliant');
  expect(prompt).toContain('Obtain an extra hour of yard time from the guard.');
  expect(prompt).toContain('The guard keeps order');
  expect(prompt).toContain('- Prisoner 1 (prisoner): you');
});
