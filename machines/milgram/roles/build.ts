// Builds the three Milgram roles of one run from their specs. Scripted roles are the default;
// any chat-model spec makes a role model-backed. Each role gets its own PRNG stream.
import type { Condition } from '../conditions/schema.ts';
import { FEEDBACK_SCRIPTS } from '../learner-script.ts';
import type { Ladder } from '../ladders.ts';
import { defaultBriefing } from '../condition-prompts.ts';
import type {
  ExperimenterReply, ExperimenterRequest, LearnerReply, LearnerRequest, ParticipantDecision, ParticipantRequest,
} from '../role-types.ts';
import '../../../providers/index.ts'; // registers every backend's factory
import type { ChatModel } from '../../../providers/chat-model.ts';
import { createChatModel } from '../../../providers/registry.ts';
import { parseSpec, type ParsedSpec } from '../../../providers/spec.ts';
import { createScriptedExperimenter } from './experimenter.ts';
import { createScriptedLearner } from './learner.ts';
import { createModelExperimenter } from './model-experimenter.ts';
import { createModelLearner } from './model-learner.ts';
import { createModelParticipant } from './participant.ts';
import { createModelJudge, withJudge } from './judge.ts';
import { formatLevel } from '../ladders.ts';
import { roleIdentity, type Role, type RoleIdentity } from '../../../roles/types.ts';
import { ConfigError } from '../../../engine/config-base.ts';
import type { MilgramRunConfig as RunConfig } from '../config.ts';
import type { Transcript } from '../../../engine/transcript.ts';
import type { UsageMeter } from '../../../engine/usage.ts';

export interface MilgramRoles {
  experimenter: Role<ExperimenterRequest, ExperimenterReply>;
  learner: Role<LearnerRequest, LearnerReply>;
  participant: Role<ParticipantRequest, ParticipantDecision>;
  identities: { experimenter: RoleIdentity; learner: RoleIdentity; participant: RoleIdentity };
}

const SCRIPTED: RoleIdentity = { spec: 'scripted', provider: 'scripted', model: 'milgram-script' };

function parsed(spec: string): ParsedSpec {
  const p = parseSpec(spec);
  if ('error' in p) throw new Error(p.error); // unreachable: the config schema checked it
  return p;
}

export interface RoleModels {
  participant: ChatModel;
  experimenter: ChatModel | null;
  learner: ChatModel | null;
  /** The optional model judge of unsure readings (--judge). */
  judge: ChatModel | null;
}

/**
 * Builds the chat models a run's role specs name. Constructing them checks what a run needs
 * (an API key, a replay file) without any network call, so batches call this for every
 * distinct spec before the first run (see milgramProtocol.preflight).
 */
export function createRoleModels(
  config: RunConfig,
  ctx: { ladder: Ladder; condition: Condition; record?: string; replay?: string },
): RoleModels {
  const modelFor = (spec: string, role: 'participant' | 'experimenter' | 'learner' | 'judge'): ChatModel => {
    const p = parsed(spec);
    // Personas read structured turn hints only the participant role provides.
    if (role !== 'participant' && p.provider === 'sim') throw new ConfigError([{ field: role, message: `sim personas only play the participant; use "scripted" or a model spec for the ${role}` }]);
    try {
      return createChatModel(p, {
        seed: config.seed,
        repeat: config.repeat,
        baseURL: config.baseURL,
        params: config.model,
        humanFullObedienceRate: ctx.condition.humanFullObedienceRate ?? undefined,
        role,
        timeoutMs: config.turnTimeoutMs,
        runScope: `${ctx.condition.name}|${ctx.ladder.name}|seed=${config.seed}|repeat=${config.repeat}`,
        record: ctx.record,
        replay: ctx.replay,
      });
    } catch (err) {
      // A missing key, an unreadable replay file: named before the run starts.
      throw new ConfigError([{ field: role, message: (err as Error).message }]);
    }
  };
  return {
    participant: modelFor(config.participant, 'participant'),
    experimenter: config.experimenter === 'scripted' ? null : modelFor(config.experimenter, 'experimenter'),
    learner: config.learner === 'scripted' ? null : modelFor(config.learner, 'learner'),
    judge: config.judge ? modelFor(config.judge, 'judge') : null,
  };
}

export function buildMilgramRoles(
  config: RunConfig,
  ctx: {
    ladder: Ladder; condition: Condition; transcript: Transcript; usage: UsageMeter;
    /** --record / --replay files (RunOptions). */
    record?: string; replay?: string;
  },
): MilgramRoles {
  const { participant: model, experimenter: experimenterModel, learner: learnerModel, judge: judgeModel } = createRoleModels(config, ctx);
  const scriptedLearner = createScriptedLearner({
    seed: config.seed,
    repeat: config.repeat,
    ladder: ctx.ladder,
    feedback: FEEDBACK_SCRIPTS[ctx.condition.feedback],
    wrongAnswerRate: ctx.condition.wrongAnswerRate,
  });
  const modelParticipant = createModelParticipant({
    model,
    briefing: config.briefing ?? defaultBriefing(ctx.condition),
    ladder: ctx.ladder,
    condition: ctx.condition,
    transcript: ctx.transcript,
    usage: ctx.usage,
    params: config.model,
  });
  const participant = judgeModel && config.judge
    ? withJudge(modelParticipant, createModelJudge({ model: judgeModel, usage: ctx.usage }), config.judge, {
        lastReply: modelParticipant.lastReply,
        instructedLabel: (volts) => formatLevel(ctx.ladder, volts),
        responseFormat: ctx.condition.responseFormat,
      })
    : modelParticipant;
  return {
    experimenter: experimenterModel
      ? createModelExperimenter({ model: experimenterModel, ladder: ctx.ladder, usage: ctx.usage, params: config.model })
      : createScriptedExperimenter(ctx.ladder),
    learner: learnerModel
      ? createModelLearner({ model: learnerModel, script: scriptedLearner, usage: ctx.usage, params: config.model })
      : scriptedLearner,
    participant,
    identities: {
      experimenter: roleIdentity(config.experimenter, experimenterModel, SCRIPTED),
      learner: roleIdentity(config.learner, learnerModel, SCRIPTED),
      participant: roleIdentity(config.participant, model, SCRIPTED),
    },
  };
}
