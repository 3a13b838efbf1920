// The role-play protocol as the engine sees it: resolve the scenario, roster and specs, build
// the roles, provide them to the machine as validated actors, and derive the record's fields
// (roster, summaries, persuasion, failures) from the machine's output and the transcript. Its
// registry entry also names its CLI flags, batch plan, report section, viewer, summary lines,
// promptfoo part and vitest matchers.
import { ConfigError, DEFAULT_TURN_TIMEOUT_MS } from '../../engine/config-base.ts';
import type { PreparedRun, Protocol, ProtocolOutput } from '../../engine/protocol.ts';
import { roleImpl, type RoleImpl } from '../../engine/runnable-machine.ts';
import { stableId } from '../../engine/prng.ts';
import { behaviourVariant } from '../../engine/resolved-config.ts';
import { rolePlayCli } from './cli.ts';
import { RolePlayConfigSchema, type RolePlayConfig, type RolePlayConfigInput } from './config.ts';
import { rolePlayMachine, type RolePlayInput, type RolePlayOutput } from './machine.ts';
import { rolePlayMatchers } from './matchers.ts';
import { planRolePlay } from './plan.ts';
import { rolePlayPromptfoo } from './promptfoo.ts';
import { dayStartMessage } from './prompts.ts';
import { conversationFields } from './record.ts';
import { rolePlayReportSection } from './report-part.ts';
import { RolePlayResultSchema, ROLE_PLAY_OUTCOMES, type RolePlayResult } from './result.ts';
import {
  AgentReplySchema, ManagerReplySchema, MessageJudgementSchema, PersuasionSchema, SummaryReplySchema,
  type AgentReply, type AgentRequest, type JudgeReply, type JudgeRequest,
} from './role-types.ts';
import { buildRolePlayRoles, createRolePlayModels, rolePlayRun, type RolePlayRun } from './roles/build.ts';
import { loadScenario, SHIPPED_SCENARIOS } from './scenario.ts';
import { describeRolePlayRun, rolePlaySummaryLines } from './summary.ts';
import { rolePlayViewerHtml } from './viewer.ts';
import { ROLE_PLAY_GUARDS, ROLE_PLAY_NOTES } from './viz-notes.ts';

/** Wraps a role as an invoked actor whose reply is zod-validated before the machine sees it. */

/** The run id: everything that makes two runs different arms, plus seed and repeat. */
function runIdOf(config: RolePlayConfig, run: RolePlayRun): string {
  const arm = {
    scenario: run.frame.scenario.name, goal: run.frame.goal, counts: run.frame.counts, specs: run.specs, personas: run.personas,
    speaker: config.speaker, days: config.days, messagesPerDay: config.messagesPerDay, failureThreshold: config.failureThreshold,
    manager: config.speaker === 'auto' ? config.manager : null, summarizer: config.summarizer, judge: config.judge, model: config.model,
  };
  // Endpoints other than the provider's own and a turn limit other than the default (engine/resolved-config.ts).
  const specs = { participant: config.participant, ...Object.fromEntries(Object.entries(run.specs).map(([k, v]) => [`agent-${k}`, v])), manager: config.manager, summarizer: config.summarizer, judge: config.judge };
  const behaviour = behaviourVariant(specs as Record<string, string | undefined>, config.baseURL, config, { turnTimeoutMs: DEFAULT_TURN_TIMEOUT_MS });
  if (Object.keys(behaviour).length) Object.assign(arm, { behaviour });
  return stableId('role-play', JSON.stringify(arm), config.seed, config.repeat);
}

/** `milgram conditions --protocol role-play`: the scenarios, their goals and personas. */
function scenarioLines(name: string): string[] {
  const s = loadScenario(name);
  return [
    `${s.name}: ${s.description}`,
    `  goals: ${Object.entries(s.goals).map(([g, d]) => `${g}${g === s.defaultGoal ? ' (default)' : ''} = ${d.text}`).join('; ')}`,
    ...Object.entries(s.roles).map(([r, role]) => `  ${r}${r === s.seeker ? ' (seeks the goal)' : r === s.grantor ? ' (grants it)' : ''}: ${Object.keys(role.personas).map((p) => `sim:${r}-${p}${p === role.defaultPersona ? ' (default)' : ''}`).join(', ')}`),
  ];
}

export const rolePlayProtocol: Protocol<RolePlayConfig, RolePlayResult, RolePlayConfigInput> = {
  name: 'role-play',
  summary: 'Multi-agent role-play under a hierarchy (guards and prisoners, ...) over days: persuasion, anti-social behaviour, conversational failures',
  configSchema: RolePlayConfigSchema,
  resultSchema: RolePlayResultSchema,
  roles: ['participant', 'agents', 'manager', 'summarizer', 'judge'],
  outcomes: ROLE_PLAY_OUTCOMES,
  machine: rolePlayMachine as never,
  conditions: {
    presetNames: () => [...SHIPPED_SCENARIOS],
    listing: () => ['Scenarios (--scenario <name> or a YAML file), goals (--goal) and offline personas (--agent role=sim:...):', ...SHIPPED_SCENARIOS.flatMap(scenarioLines)],
    resolve: (ref) => {
      const name = ref === undefined || ref === null ? 'prison' : typeof ref === 'string' ? ref : String((ref as { name?: unknown }).name ?? 'prison');
      return { name: loadScenario(name).name };
    },
    describe: (c) => scenarioLines(c.name),
  },
  runId: (config) => runIdOf(config, rolePlayRun(config)),
  planBatch: planRolePlay,
  diagram: { machine: rolePlayMachine as never, source: 'machines/role-play/machine.ts', options: { notes: ROLE_PLAY_NOTES, guards: ROLE_PLAY_GUARDS } },
  report: { build: (records) => rolePlayReportSection(records) },
  viewer: { html: rolePlayViewerHtml },
  summaryLines: rolePlaySummaryLines,
  describeRun: describeRolePlayRun,
  progressCount: { label: 'goals obtained', counts: (r) => r.persuasion?.achieved === true },
  cli: rolePlayCli,
  promptfoo: rolePlayPromptfoo as never,
  matchers: rolePlayMatchers,

  preflight(config, ctx) {
    createRolePlayModels(config, rolePlayRun(config), ctx);
  },

  prepare(config, ctx): PreparedRun {
    const c = config;
    let run: RolePlayRun;
    try {
      run = rolePlayRun(c);
    } catch (err) {
      throw new ConfigError([{ field: 'scenario', message: (err as Error).message }]);
    }
    const { scenario } = run.frame;
    const roles = buildRolePlayRoles(c, run, ctx);
    const actors: Record<string, RoleImpl> = {
      // One actor source for every agent: the request names the speaker, whose role answers.
      agent: async (input: AgentRequest, signal) => AgentReplySchema.parse(await roles.agents.get(input.speaker)!.act(input, signal)),
      manager: roleImpl(roles.manager, ManagerReplySchema),
      summarizer: roleImpl(roles.summarizer, SummaryReplySchema),
      judge: async (input: JudgeRequest, signal): Promise<JudgeReply> => {
        const reply = await roles.judge.act(input, signal);
        return input.kind === 'message' ? MessageJudgementSchema.parse(reply) : PersuasionSchema.parse(reply);
      },
    };
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
    const who = (a: { spec: string; provider: string; model: string }) => ({ spec: a.spec, provider: a.provider, model: a.model });
    // The participant of the shared record: the agent pursuing the goal (the first one).
    const seeker = roles.identities.roster.find((a) => a.role === scenario.seeker)!;
    return {
      actors,
      input,
      id: runIdOf(c, run),
      identities: { participant: who(seeker) },
      fields: {
        roles: {
          ...Object.fromEntries(roles.identities.roster.map((a) => [a.id, who(a)])),
          manager: roles.identities.manager, summarizer: roles.identities.summarizer, judge: roles.identities.judge,
        },
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
      },
      finish(output: ProtocolOutput | null, events) {
        const out = output as (ProtocolOutput & Partial<RolePlayOutput>) | null;
        return conversationFields(events, out?.persuasion ?? null, { grantor: scenario.grantor, goal: scenario.goals[run.frame.goal]! });
      },
    };
  },
};
