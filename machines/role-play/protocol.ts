// The role-play protocol as the engine sees it: resolve the scenario, roster and specs, build
// the roles, provide them to the machine as validated actors, and derive the record's fields
// (roster, summaries, persuasion, failures) from the machine's output and the transcript.
import { fromPromise } from 'xstate';
import type { z } from 'zod';
import { ConfigError } from '../../engine/config.ts';
import type { PreparedRun, ProtocolOutput, RunContext } from '../../engine/protocol.ts';
import { stableId } from '../../engine/prng.ts';
import type { Role } from '../../roles/types.ts';
import { countsLabel, RolePlayConfigSchema, type RolePlayConfig } from './config.ts';
import { rolePlayMachine, type RolePlayInput, type RolePlayOutput } from './machine.ts';
import { dayStartMessage } from './prompts.ts';
import { conversationFields } from './record.ts';
import { AgentReplySchema, type AgentReply, type AgentRequest, ManagerReplySchema, MessageJudgementSchema, PersuasionSchema, SummaryReplySchema, type JudgeReply, type JudgeRequest } from './role-types.ts';
import { buildRolePlayRoles, createRolePlayModels, rolePlayRun, type RolePlayRun } from './roles/build.ts';

/** Wraps a role as an invoked actor whose reply is zod-validated before the machine sees it. */
function roleActor<Req, Rep>(role: Role<Req, Rep>, schema: z.ZodType<Rep>) {
  return fromPromise<Rep, Req>(async ({ input, signal }) => schema.parse(await role.act(input, signal)));
}

/** The run id: everything that makes two runs different arms, plus seed and repeat. */
export function rolePlayRunId(config: RolePlayConfig, run: RolePlayRun): string {
  const arm = {
    scenario: run.frame.scenario.name, goal: run.frame.goal, counts: run.frame.counts, specs: run.specs, personas: run.personas,
    speaker: config.speaker, days: config.days, messagesPerDay: config.messagesPerDay, failureThreshold: config.failureThreshold,
    manager: config.speaker === 'auto' ? config.manager : null, summarizer: config.summarizer, judge: config.judge, model: config.model,
  };
  return stableId('role-play', JSON.stringify(arm), config.seed, config.repeat);
}

function parse(config: unknown): RolePlayConfig {
  const parsed = RolePlayConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(config)', message: i.message })));
}

export const rolePlayProtocol = {
  name: 'role-play',

  preflight(config: unknown, ctx: { record?: string; replay?: string }): void {
    const c = parse(config);
    createRolePlayModels(c, rolePlayRun(c), ctx);
  },

  prepare(config: unknown, ctx: RunContext): PreparedRun {
    const c = parse(config);
    const run = rolePlayRun(c);
    const { scenario } = run.frame;
    const roles = buildRolePlayRoles(c, run, ctx);
    const machine = rolePlayMachine.provide({
      actors: {
        // One actor source for every agent: the request names the speaker, whose role answers.
        agent: fromPromise<AgentReply, AgentRequest>(async ({ input, signal }) =>
          AgentReplySchema.parse(await roles.agents.get(input.speaker)!.act(input, signal))),
        manager: roleActor(roles.manager, ManagerReplySchema),
        summarizer: roleActor(roles.summarizer, SummaryReplySchema),
        judge: fromPromise<JudgeReply, JudgeRequest>(async ({ input, signal }) => {
          const reply = await roles.judge.act(input, signal);
          return input.kind === 'message' ? MessageJudgementSchema.parse(reply) : PersuasionSchema.parse(reply);
        }),
      },
    });
    const input: RolePlayInput = {
      roster: run.roster,
      roleWords: Object.fromEntries(Object.entries(scenario.roles).map(([n, r]) => [n, [...new Set([r.label, r.singular, r.plural])]])),
      authority: Object.entries(scenario.roles).filter(([, r]) => r.authority).map(([n]) => n),
      days: c.days,
      messagesPerDay: c.messagesPerDay,
      speaker: c.speaker,
      seed: c.seed,
      failureThreshold: c.failureThreshold,
      opening: (day, summaries) => dayStartMessage(run.frame, day, summaries),
      limits: { turnTimeoutMs: c.turnTimeoutMs },
    };
    const seekerAgent = roles.identities.roster.find((a) => a.role === scenario.seeker)!;
    const grantorAgent = roles.identities.roster.find((a) => a.role === scenario.grantor)!;
    const who = (a: { spec: string; provider: string; model: string }) => ({ spec: a.spec, provider: a.provider, model: a.model });
    return {
      machine,
      input,
      id: rolePlayRunId(c, run),
      // The base record's three identities: the seeker plays the participant's part, the
      // grantor the experimenter's; the judge stands in the learner's place.
      identities: { participant: who(seekerAgent), experimenter: who(grantorAgent), learner: roles.identities.judge },
      fields: {
        scenario: { name: scenario.name, title: scenario.title },
        goal: run.frame.goal,
        roleCounts: run.frame.counts,
        roster: roles.identities.roster,
        speaker: c.speaker,
        days: c.days,
        messagesPerDay: c.messagesPerDay,
        failureThreshold: c.failureThreshold,
        manager: roles.identities.manager,
        summarizer: roles.identities.summarizer,
        judge: roles.identities.judge,
        countsLabel: countsLabel(run.frame.counts),
      },
      finish(output: ProtocolOutput | null, events) {
        const out = output as (ProtocolOutput & Partial<RolePlayOutput>) | null;
        return conversationFields(events, out?.persuasion ?? null, { grantor: scenario.grantor, goal: scenario.goals[run.frame.goal]! });
      },
    };
  },
};
