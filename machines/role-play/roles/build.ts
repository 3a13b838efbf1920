// Builds the role-play's roles for one run: one agent per roster place (offline persona or
// model), the manager, the summariser and the judge. Model construction checks keys and
// replay files without any network call, so preflight can call it for every spec first.
import '../../../providers/index.ts'; // registers every backend's factory
import { ConfigError } from '../../../engine/config.ts';
import type { UsageMeter } from '../../../engine/usage.ts';
import type { ChatModel } from '../../../providers/chat-model.ts';
import { createChatModel } from '../../../providers/registry.ts';
import { parseSpec, type ParsedSpec } from '../../../providers/spec.ts';
import { roleIdentity, type Role, type RoleIdentity } from '../../../roles/types.ts';
import { resolveRolePlay, type RolePlayConfig } from '../config.ts';
import { createPersonaSim, findPersona } from '../personas.ts';
import { agentPrompt, buildRoster, managerPrompt, placeholderValues, summarizerPrompt, type Agent, type PromptFrame } from '../prompts.ts';
import type { AgentReply, AgentRequest, JudgeReply, JudgeRequest, ManagerReply, ManagerRequest, SummaryReply, SummaryRequest } from '../role-types.ts';
import { createAgentRole } from './agent.ts';
import { createRulesJudge, createModelJudge } from './judge.ts';
import { createModelManager, createScriptedManager } from './manager.ts';
import { createModelSummarizer, createScriptedSummarizer } from './summarizer.ts';

export interface RolePlayRun {
  frame: PromptFrame;
  roster: Agent[];
  specs: Record<string, string>;
  /** The persona each role plays. */
  personas: Record<string, string>;
}

export function rolePlayRun(config: RolePlayConfig): RolePlayRun {
  const { scenario, counts, specs, personas, goal } = resolveRolePlay(config);
  const frame: PromptFrame = { scenario, counts, goal, days: config.days, messagesPerDay: config.messagesPerDay };
  return { frame, roster: buildRoster(scenario, counts), specs, personas };
}

export interface RolePlayModels {
  agents: Map<string, ChatModel>;
  manager: ChatModel | null;
  summarizer: ChatModel | null;
  judge: ChatModel | null;
}

function parsed(spec: string): ParsedSpec {
  const p = parseSpec(spec);
  if ('error' in p) throw new Error(p.error); // unreachable: the config schema checked it
  return p;
}

export function createRolePlayModels(config: RolePlayConfig, run: RolePlayRun, ctx: { record?: string; replay?: string }): RolePlayModels {
  const { scenario, goal } = run.frame;
  const scope = (who: string) => `role-play|${scenario.name}|${goal}|${who}|seed=${config.seed}|repeat=${config.repeat}`;
  const model = (spec: string, who: string, field: string): ChatModel => {
    try {
      // Replay files key calls by run scope (which names the agent) under the one role name
      // the model registry knows.
      return createChatModel(parsed(spec), {
        seed: config.seed, baseURL: config.baseURL, params: config.model, role: 'participant',
        timeoutMs: config.turnTimeoutMs, runScope: scope(who), record: ctx.record, replay: ctx.replay,
      });
    } catch (err) {
      throw new ConfigError([{ field, message: (err as Error).message }]);
    }
  };
  const values = placeholderValues(run.frame);
  const agents = new Map<string, ChatModel>();
  run.roster.forEach((agent, index) => {
    const spec = run.specs[agent.role]!;
    if (spec.startsWith('sim:')) {
      const found = findPersona(scenario, spec.slice(4))!;
      const other = run.roster.find((a) => a.role !== agent.role)!;
      agents.set(agent.id, createPersonaSim({
        scenario, role: found.role, persona: found.persona, goal, seed: config.seed, repeat: config.repeat, index, values,
        otherName: other.name, otherLabel: scenario.roles[other.role]!.label,
      }));
    } else agents.set(agent.id, model(spec, agent.id, `agents.${agent.role}`));
  });
  return {
    agents,
    manager: config.speaker === 'auto' && config.manager !== 'scripted' ? model(config.manager, 'manager', 'manager') : null,
    summarizer: config.summarizer !== 'scripted' ? model(config.summarizer, 'summarizer', 'summarizer') : null,
    judge: config.judge !== 'rules' ? model(config.judge, 'judge', 'judge') : null,
  };
}

export interface RolePlayRoles {
  agents: Map<string, Role<AgentRequest, AgentReply>>;
  manager: Role<ManagerRequest, ManagerReply>;
  summarizer: Role<SummaryRequest, SummaryReply>;
  judge: Role<JudgeRequest, JudgeReply>;
  identities: { roster: (Agent & { spec: string; provider: string; model: string; persona: string })[]; manager: RoleIdentity; summarizer: RoleIdentity; judge: RoleIdentity };
}

const identity = (spec: string, m: ChatModel | null, offline: string): RoleIdentity =>
  roleIdentity(spec, m, { spec, provider: 'scripted', model: offline });

export function buildRolePlayRoles(config: RolePlayConfig, run: RolePlayRun, ctx: { usage: UsageMeter; record?: string; replay?: string }): RolePlayRoles {
  const models = createRolePlayModels(config, run, ctx);
  const { scenario, goal } = run.frame;
  const goalDef = scenario.goals[goal]!;
  const frame = { seeker: scenario.seeker, grantor: scenario.grantor, goal: goalDef };
  const agents = new Map<string, Role<AgentRequest, AgentReply>>();
  for (const agent of run.roster) {
    const persona = run.personas[agent.role]!;
    agents.set(agent.id, createAgentRole({ agent, model: models.agents.get(agent.id)!, system: agentPrompt(run.frame, run.roster, agent, persona), usage: ctx.usage, params: config.model }));
  }
  return {
    agents,
    manager: models.manager
      ? createModelManager({ model: models.manager, system: managerPrompt(run.frame, run.roster), usage: ctx.usage, params: config.model })
      : createScriptedManager(),
    summarizer: models.summarizer
      ? createModelSummarizer({ model: models.summarizer, system: (day) => summarizerPrompt(run.frame, day), usage: ctx.usage, params: config.model, frame })
      : createScriptedSummarizer(frame),
    judge: models.judge
      ? createModelJudge({ model: models.judge, spec: config.judge, usage: ctx.usage, params: config.model, frame })
      : createRulesJudge(frame),
    identities: {
      roster: run.roster.map((a) => {
        const m = models.agents.get(a.id)!;
        return { ...a, spec: run.specs[a.role]!, provider: m.provider, model: m.model, persona: run.personas[a.role]! };
      }),
      manager: identity(config.speaker === 'auto' ? config.manager : 'none', models.manager, config.speaker === 'auto' ? 'longest-waiting' : 'none'),
      summarizer: identity(config.summarizer, models.summarizer, 'digest'),
      judge: identity(config.judge, models.judge, 'rules'),
    },
  };
}
