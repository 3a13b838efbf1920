// Builds the three Milgram roles of one run from their specs. Scripted roles are the default;
// any chat-model spec makes a role model-backed. Each role gets its own PRNG stream.
import type { Condition } from '../conditions/schema.ts';
import { FEEDBACK_SCRIPTS } from '../machines/learner-script.ts';
import type { Ladder } from '../machines/ladders.ts';
import { DEFAULT_BRIEFING } from '../machines/milgram-prompts.ts';
import type {
  ExperimenterReply, ExperimenterRequest, LearnerReply, LearnerRequest, ParticipantDecision, ParticipantRequest,
} from '../machines/milgram-roles.ts';
import { createChatModel } from '../providers/registry.ts';
import { parseSpec, type ParsedSpec } from '../providers/spec.ts';
import { createScriptedExperimenter } from '../roles/milgram-experimenter.ts';
import { createScriptedLearner } from '../roles/milgram-learner.ts';
import { createModelParticipant } from '../roles/milgram-participant.ts';
import type { Role } from '../roles/types.ts';
import type { RunConfig } from './config.ts';
import type { Transcript } from './transcript.ts';
import type { UsageMeter } from './usage.ts';

export interface RoleIdentity {
  spec: string;
  provider: string;
  model: string;
}

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

export function buildMilgramRoles(
  config: RunConfig,
  ctx: { ladder: Ladder; condition: Condition; transcript: Transcript; usage: UsageMeter },
): MilgramRoles {
  const participantSpec = parsed(config.participant);
  const model = createChatModel(participantSpec, {
    seed: config.seed,
    baseURL: config.baseURL,
    params: config.model,
    humanFullObedienceRate: ctx.condition.humanFullObedienceRate ?? undefined,
    role: 'participant',
  });
  if (config.experimenter !== 'scripted' || config.learner !== 'scripted') {
    throw new Error('model-backed experimenter and learner roles are not available in this build');
  }
  return {
    experimenter: createScriptedExperimenter(ctx.ladder),
    learner: createScriptedLearner({
      seed: config.seed,
      ladder: ctx.ladder,
      feedback: FEEDBACK_SCRIPTS[ctx.condition.feedback],
      wrongAnswerRate: ctx.condition.wrongAnswerRate,
    }),
    participant: createModelParticipant({
      model,
      briefing: config.briefing ?? DEFAULT_BRIEFING,
      ladder: ctx.ladder,
      condition: ctx.condition,
      transcript: ctx.transcript,
      usage: ctx.usage,
      params: config.model,
    }),
    identities: {
      experimenter: SCRIPTED,
      learner: SCRIPTED,
      participant: { spec: config.participant, provider: model.provider, model: model.model },
    },
  };
}
