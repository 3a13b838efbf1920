// The scenario file format (YAML, checked with zod). A scenario is everything a role-play
// conversation is made of: the starting message, the sections every agent sees, each role's
// private sections, goal and personas (with the offline behaviour of each persona), the goal
// the seeking role pursues and how the rules judge sees it granted, and the summariser's and
// manager's sections. All text may hold placeholders (placeholders.ts).
import { z } from 'zod';
import { renderPlaceholders, type PlaceholderValues } from './placeholders.ts';

export const SectionSchema = z.object({ title: z.string().min(1), text: z.string().min(1) }).strict();
export type Section = z.infer<typeof SectionSchema>;

const lines = z.array(z.string().min(1));
/** Goal-bound lines: one list for every goal, or a list per goal name. */
const goalLines = z.union([lines, z.record(z.string(), lines)]).default([]);
export type GoalLines = z.infer<typeof goalLines>;

/** The lines of a goal-bound bank for one goal. */
export function linesFor(bank: GoalLines, goal: string): string[] {
  return Array.isArray(bank) ? bank : (bank[goal] ?? []);
}
const share = z.number().min(0).max(1);

/** How the offline persona `sim:<role>-<persona>` behaves: shares of moves and its lines. */
export const OfflineBehaviourSchema = z
  .object({
    /** Share of turns that carry an anti-social line. */
    hostility: share,
    /** Seeker: share of turns that ask for the goal (before it is granted). */
    ask: share.default(0),
    /** Grantor: chance per request heard of granting it (grows with repeated polite requests). */
    concede: share.default(0),
    /** Chance per turn of a conversational slip (empty reply, loop, another role's lines). */
    slip: share.default(0.02),
    lines: z
      .object({
        open: lines.min(1),
        talk: lines.min(1),
        hostile: lines.min(1),
        ask: goalLines,
        grant: goalLines,
        deny: goalLines,
        thanks: goalLines,
      })
      .strict(),
  })
  .strict();
export type OfflineBehaviour = z.infer<typeof OfflineBehaviourSchema>;

export const PersonaSchema = z
  .object({
    description: z.string().min(1),
    /** The persona section of the agent's prompt. */
    prompt: z.string().min(1),
    offline: OfflineBehaviourSchema,
  })
  .strict();

const name = z.string().regex(/^[a-z][a-z0-9]*$/, 'lower-case letters and digits, starting with a letter');

export const RoleSchema = z
  .object({
    singular: z.string().min(1),
    plural: z.string().min(1),
    /** Display name of one agent ("Guard"; "Guard 1", "Guard 2" when there are several). */
    label: z.string().min(1),
    /** Agents of this role hold power over the others (the judge reads abuse of authority only here). */
    authority: z.boolean().default(false),
    goal: z.string().min(1),
    private: z.array(SectionSchema).default([]),
    personas: z.record(name, PersonaSchema).refine((p) => Object.keys(p).length > 0, 'at least one persona'),
    defaultPersona: name,
  })
  .strict();
export type ScenarioRole = z.infer<typeof RoleSchema>;

export const GoalSchema = z
  .object({
    /** Noun phrase filling {goal}: "an extra hour of yard time". */
    text: z.string().min(1),
    /** Words that show the goal being raised (offline grantors hear requests by them). */
    keywords: z.array(z.string().min(1)).min(1),
    /** Regular expressions (case-insensitive) that, in a grantor's message, grant the goal. */
    granted: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type Goal = z.infer<typeof GoalSchema>;

const helperSchema = z.object({ prompt: z.string().min(1), sections: z.array(SectionSchema).default([]) }).strict();

export const ScenarioSchema = z
  .object({
    name,
    title: z.string().min(1),
    description: z.string().min(1),
    /** Starting prompt of every agent's system prompt, before its `## Section` blocks. */
    prompt: z.string().min(1),
    /** The message that opens each day (the day's summaries are appended to it). */
    start: z.string().min(1),
    shared: z.array(SectionSchema).default([]),
    roles: z.record(name, RoleSchema).refine((r) => Object.keys(r).length >= 2, 'at least two roles'),
    /** The role that pursues the goal, and the role that can grant it. */
    seeker: name,
    grantor: name,
    goals: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case words joined by -'), GoalSchema),
    defaultGoal: z.string(),
    summarizer: helperSchema,
    manager: helperSchema,
  })
  .strict()
  .superRefine((s, ctx) => {
    const roleNames = Object.keys(s.roles);
    for (const key of ['seeker', 'grantor'] as const) {
      if (!roleNames.includes(s[key])) ctx.addIssue({ code: 'custom', path: [key], message: `"${s[key]}" is not a role; roles: ${roleNames.join(', ')}` });
    }
    if (!(s.defaultGoal in s.goals)) ctx.addIssue({ code: 'custom', path: ['defaultGoal'], message: `"${s.defaultGoal}" is not a goal; goals: ${Object.keys(s.goals).join(', ')}` });
    for (const [roleName, role] of Object.entries(s.roles)) {
      if (!(role.defaultPersona in role.personas)) {
        ctx.addIssue({ code: 'custom', path: ['roles', roleName, 'defaultPersona'], message: `"${role.defaultPersona}" is not a persona of ${roleName}; personas: ${Object.keys(role.personas).join(', ')}` });
      }
      for (const [personaName, persona] of Object.entries(role.personas)) {
        const need = roleName === s.seeker ? ['ask', 'thanks'] : roleName === s.grantor ? ['grant', 'deny'] : [];
        for (const bank of need) {
          for (const goal of Object.keys(s.goals)) {
            if (linesFor((persona.offline.lines as Record<string, GoalLines>)[bank]!, goal).length === 0) {
              ctx.addIssue({ code: 'custom', path: ['roles', roleName, 'personas', personaName, 'offline', 'lines', bank], message: `the ${roleName === s.seeker ? 'seeking' : 'granting'} role's personas need "${bank}" lines for the goal "${goal}"` });
            }
          }
        }
      }
    }
    for (const [goalName, goal] of Object.entries(s.goals)) {
      goal.granted.forEach((source, i) => {
        try {
          new RegExp(source, 'i');
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['goals', goalName, 'granted', i], message: (err as Error).message });
        }
      });
    }
    // Every text must render for any role count: an unknown placeholder is named here, at load.
    const values: PlaceholderValues = {
      roles: Object.fromEntries(Object.entries(s.roles).map(([n, r]) => [n, { ...r, count: 2 }])),
      names: SAMPLE_NAMES,
    };
    const check = (text: string, path: (string | number)[]) => {
      try {
        renderPlaceholders(text, values);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path, message: (err as Error).message });
      }
    };
    check(s.prompt, ['prompt']);
    check(s.start, ['start']);
    s.shared.forEach((sec, i) => check(sec.text, ['shared', i, 'text']));
    for (const [roleName, role] of Object.entries(s.roles)) {
      check(role.goal, ['roles', roleName, 'goal']);
      role.private.forEach((sec, i) => check(sec.text, ['roles', roleName, 'private', i, 'text']));
      for (const [personaName, persona] of Object.entries(role.personas)) {
        check(persona.prompt, ['roles', roleName, 'personas', personaName, 'prompt']);
        for (const [bank, texts] of Object.entries(persona.offline.lines)) {
          const all = Array.isArray(texts) ? texts : Object.values(texts).flat();
          all.forEach((t, i) => check(t, ['roles', roleName, 'personas', personaName, 'offline', 'lines', bank, i]));
        }
      }
    }
    for (const helper of ['summarizer', 'manager'] as const) {
      check(s[helper].prompt, [helper, 'prompt']);
      s[helper].sections.forEach((sec, i) => check(sec.text, [helper, 'sections', i, 'text']));
    }
  });
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Plain placeholder names scenario text may use (values given per agent and turn). */
export const SAMPLE_NAMES: Record<string, string> = {
  goal: 'the goal',
  self: 'Agent',
  'self.role': 'agent',
  other: 'Other',
  day: '1',
  days: '3',
  messagesPerDay: '10',
};
