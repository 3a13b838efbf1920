// Builds the roles of one run: the participant (a chat model or an offline persona answering the
// user once) and the judges (`rules` or chat models), each with its identity for the record.
import '../../providers/index.ts'; // registers every backend's factory
import { ConfigError } from '../../engine/config-base.ts';
import type { UsageMeter } from '../../engine/usage.ts';
import type { ChatModel, ModelParams } from '../../providers/chat-model.ts';
import { createChatModel } from '../../providers/registry.ts';
import { parseSpec } from '../../providers/spec.ts';
import { countedCall } from '../../roles/counted-call.ts';
import { roleIdentity, type Role, type RoleIdentity } from '../../roles/types.ts';
import type { IpRunConfig } from './config.ts';
import { createModelJudge, createModelRubricJudge } from './model-judge.ts';
import { splitScratchpad } from '../../roles/scratchpad.ts';
import type { JudgeRequest, Judgement, ParticipantReply, ParticipantRequest, RubricReply } from './role-types.ts';
import { rulesRubric, rulesVerdict } from './rules-judge.ts';
import { createIpSim, IP_SIMS, type IpSimHint } from './sims.ts';

export const RULES_IDENTITY: RoleIdentity = { spec: 'rules', provider: 'rules', model: 'ip-rules-judge' };

export interface IpModels {
  participant: ChatModel;
  /** null for the rules judge. */
  judges: (ChatModel | null)[];
}

/** Builds the chat models the specs name: checks keys and replay files without any call. */
export function createIpModels(config: IpRunConfig, ctx: { runScope: string; record?: string; replay?: string }): IpModels {
  const modelFor = (spec: string, role: string, field: string): ChatModel => {
    const parsed = parseSpec(spec, IP_SIMS);
    if ('error' in parsed) throw new ConfigError([{ field, message: parsed.error }]);
    try {
      return createChatModel(parsed, {
        seed: config.seed,
        repeat: config.repeat,
        baseURL: config.baseURL,
        params: config.model,
        role,
        sim: createIpSim,
        timeoutMs: role === 'participant' ? config.turnTimeoutMs : config.judgeTimeoutMs,
        runScope: ctx.runScope,
        record: ctx.record,
        replay: ctx.replay,
      });
    } catch (err) {
      throw new ConfigError([{ field, message: (err as Error).message }]);
    }
  };
  return {
    participant: modelFor(config.participant, 'participant', 'participant'),
    judges: config.judges.map((spec, i) => (spec === 'rules' ? null : modelFor(spec, `judge-${i + 1}`, `judges.${i}`))),
  };
}

export function identityOf(spec: string, model: ChatModel | null): RoleIdentity {
  return roleIdentity(spec, model, RULES_IDENTITY);
}

export function createIpParticipant(model: ChatModel, usage: UsageMeter, params: ModelParams, hint: IpSimHint): Role<ParticipantRequest, ParticipantReply> {
  return {
    async act(req, signal) {
      const reply = await countedCall(model, usage, { system: req.system, messages: [{ role: 'user', content: req.user }], params, signal, simHint: hint as unknown as Record<string, unknown> });
      // Private reasoning is kept apart and never judged.
      const { visible, scratchpad } = splitScratchpad(reply.text);
      return { reply: visible.trim(), scratchpad };
    },
  };
}

export function createIpJudges(config: IpRunConfig, models: IpModels, usage: UsageMeter, boundary: string): {
  judges: Role<JudgeRequest, Judgement>[];
  rubric: Role<Omit<JudgeRequest, 'index'>, RubricReply>;
} {
  const judges = config.judges.map((spec, i): Role<JudgeRequest, Judgement> => {
    const model = models.judges[i]!;
    if (!model) return { act: async (req) => ({ judge: 'rules', ...rulesVerdict(req) }) };
    return createModelJudge({ spec, model, usage, params: config.model, boundary });
  });
  const first = models.judges[0] ?? null;
  const rubric: Role<Omit<JudgeRequest, 'index'>, RubricReply> = first
    ? createModelRubricJudge({ spec: config.judges[0]!, model: first, usage, params: config.model, boundary })
    : { act: async (req) => ({ judge: 'rules', answers: rulesRubric(req, rulesVerdict(req).verdict) }) };
  return { judges, rubric };
}
