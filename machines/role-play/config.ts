// The role-play run config (the `protocol: 'role-play'` member of the run config union).
// Checked against its scenario before anything runs: roles, counts, agent specs (offline
// personas belong to their role), goal; every error names the field and what is accepted.
import { z } from 'zod';
import { BASE_CONFIG_SHAPE } from '../../engine/config-base.ts';
import { parseSpec } from '../../providers/spec.ts';
import { findPersona, personaSpecs } from './personas.ts';
import { loadScenario } from './scenario.ts';
import type { Scenario } from './scenario-schema.ts';
import { SPEAKER_POLICIES } from './speaker.ts';

export const MAX_ROLE_COUNT = 4;

/** A model spec (no sim: Milgram persona), checked by providers/spec.ts. */
export function modelSpecError(spec: string): string | null {
  const p = parseSpec(spec);
  if ('error' in p) return p.error;
  if (p.provider === 'sim') return `"${spec}" is a Milgram participant persona, not a role-play one`;
  return null;
}

export const RolePlayConfigSchema = z
  .object({
    protocol: z.literal('role-play'),
    /** A shipped scenario (prison, ship) or a scenario file path. */
    scenario: z.string().min(1).default('prison'),
    /** Agents per role: { guard: 1, prisoner: 2 }; roles left out have one agent. */
    roles: z.record(z.string(), z.number().int().min(1).max(MAX_ROLE_COUNT)).default({}),
    /** The model that plays every role `agents` does not name (a batch's participant axis); `personas`: the scenario's offline personas. */
    participant: z.string().min(1).default('personas'),
    /** Who plays each role: a model spec or an offline persona (sim:guard-strict); default `participant`, else the scenario's persona. */
    agents: z.record(z.string(), z.string().min(1)).default({}),
    /** The persona each role's agents play (its prompt section); default the offline persona named, else the scenario's. */
    personas: z.record(z.string(), z.string().min(1)).default({}),
    /** The seeker's goal (a key of the scenario's goals); default the scenario's. */
    goal: z.string().optional(),
    days: z.number().int().min(1).max(30).default(3),
    messagesPerDay: z.number().int().min(1).max(200).default(10),
    speaker: z.enum(SPEAKER_POLICIES).default('round-robin'),
    /** Picks the next speaker under `speaker: auto`: scripted or a model spec. */
    manager: z.string().default('scripted'),
    /** Writes each day's summary: scripted or a model spec. */
    summarizer: z.string().default('scripted'),
    /** Labels messages and decides persuasion: rules or a model spec. */
    judge: z.string().default('rules'),
    /** Failed messages (empty, repetition, role confusion) at which the conversation ends failed. */
    failureThreshold: z.number().int().min(1).default(3),
    ...BASE_CONFIG_SHAPE,
  })
  .strict()
  .superRefine((c, ctx) => {
    let scenario: Scenario;
    try {
      scenario = loadScenario(c.scenario);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['scenario'], message: (err as Error).message });
      return;
    }
    const roles = Object.keys(scenario.roles);
    for (const [field, map] of [['roles', c.roles], ['agents', c.agents], ['personas', c.personas]] as const) {
      for (const role of Object.keys(map)) {
        if (!roles.includes(role)) ctx.addIssue({ code: 'custom', path: [field, role], message: `the ${scenario.name} scenario has no role "${role}"; roles: ${roles.join(', ')}` });
      }
    }
    if (c.participant !== 'personas') {
      const err = modelSpecError(c.participant);
      if (err) ctx.addIssue({ code: 'custom', path: ['participant'], message: `${err}; the participant plays every role without an agent: give a model spec, or --agent role=sim:<persona>` });
    }
    for (const [role, spec] of Object.entries(c.agents)) {
      if (!roles.includes(role)) continue;
      if (spec.startsWith('sim:')) {
        const found = findPersona(scenario, spec.slice(4));
        if (!found || found.role !== role) {
          const own = personaSpecs(scenario).filter((s) => s.startsWith(`sim:${role}-`));
          ctx.addIssue({ code: 'custom', path: ['agents', role], message: `"${spec}" is not a ${role} persona of the ${scenario.name} scenario; offline personas: ${own.join(', ')}, or a model spec` });
        }
        continue;
      }
      const err = modelSpecError(spec);
      if (err) ctx.addIssue({ code: 'custom', path: ['agents', role], message: err });
    }
    for (const [role, persona] of Object.entries(c.personas)) {
      const r = scenario.roles[role];
      if (!r) continue;
      if (!(persona in r.personas)) ctx.addIssue({ code: 'custom', path: ['personas', role], message: `the ${role} role has no persona "${persona}"; personas: ${Object.keys(r.personas).join(', ')}` });
      const sim = c.agents[role]?.startsWith('sim:') ? findPersona(scenario, c.agents[role]!.slice(4)) : null;
      if (sim && sim.persona !== persona) ctx.addIssue({ code: 'custom', path: ['personas', role], message: `${c.agents[role]} plays the ${sim.persona} persona; drop personas.${role} or name sim:${role}-${persona}` });
    }
    for (const field of ['manager', 'summarizer', 'judge'] as const) {
      const offline = field === 'judge' ? 'rules' : 'scripted';
      if (c[field] === offline) continue;
      const err = modelSpecError(c[field]);
      if (err) ctx.addIssue({ code: 'custom', path: [field], message: `${err}; or "${offline}"` });
    }
    if (c.goal !== undefined && !(c.goal in scenario.goals)) {
      ctx.addIssue({ code: 'custom', path: ['goal'], message: `the ${scenario.name} scenario has no goal "${c.goal}"; goals: ${Object.keys(scenario.goals).join(', ')}` });
    }
  });

export type RolePlayConfig = z.infer<typeof RolePlayConfigSchema>;
export type RolePlayConfigInput = z.input<typeof RolePlayConfigSchema>;

/** The run's resolved shape: counts for every role, the spec of every role, the goal. */
export function resolveRolePlay(config: RolePlayConfig) {
  const scenario = loadScenario(config.scenario);
  const counts = Object.fromEntries(Object.keys(scenario.roles).map((r) => [r, config.roles[r] ?? 1]));
  const specs = Object.fromEntries(
    Object.entries(scenario.roles).map(([r, role]) => [r, config.agents[r] ?? (config.participant !== 'personas' ? config.participant : `sim:${r}-${role.defaultPersona}`)]),
  );
  const personas = Object.fromEntries(
    Object.entries(scenario.roles).map(([r, role]) => {
      const sim = specs[r]!.startsWith('sim:') ? findPersona(scenario, specs[r]!.slice(4)) : null;
      return [r, config.personas[r] ?? sim?.persona ?? role.defaultPersona];
    }),
  );
  return { scenario, counts, specs, personas, goal: config.goal ?? scenario.defaultGoal };
}

/** "1v2": agents per role in the scenario's role order. */
export function countsLabel(counts: Record<string, number>): string {
  return Object.values(counts).join('v');
}
