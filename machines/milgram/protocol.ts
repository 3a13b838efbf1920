// The Milgram protocol as the engine sees it: resolve the condition and ladder, build the
// roles, provide them to the machine as validated actors, and derive the Milgram result fields
// (final voltage, refusals, prods, ...) from the machine's output and the transcript.
import { resolveCondition } from './conditions/resolve.ts';
import type { Condition } from './conditions/schema.ts';
import { ConfigError } from '../../engine/config-base.ts';
import type { PreparedRun, Protocol } from '../../engine/protocol.ts';
import { roleImpl } from '../../engine/runnable-machine.ts';
import { runId } from '../../engine/run-id.ts';
import { countEvents } from '../../engine/summarize.ts';
import { buildMilgramRoles, createRoleModels } from './roles/build.ts';
import type { RoleIdentity } from '../../roles/types.ts';
import { LADDERS, ladderVolts } from './ladders.ts';
import { milgramMachine, type MilgramInput, type MilgramOutput } from './machine.ts';
import { defaultBriefing, peerDefianceEvents } from './condition-prompts.ts';
import { ExperimenterReplySchema, LearnerReplySchema, ParticipantDecisionSchema } from './role-types.ts';
import { standardProds } from './prods.ts';
import { armVariant, MilgramRunConfigSchema, type MilgramRunConfig, type MilgramRunConfigInput } from './config.ts';
import { conditionLines, conditionsListing } from './conditions/listing.ts';
import { presetNames } from './conditions/resolve.ts';
import { MilgramResultSchema, OUTCOMES, type MilgramResult } from './result.ts';
import { milgramReportSection } from './report-part.ts';
import { describeMilgramRun, milgramSummaryLines, milgramSummaryRecord } from './summary.ts';
import { MILGRAM_GUARDS, MILGRAM_NOTES } from './viz-notes.ts';
import { milgramMatchers } from './matchers.ts';
import { checkProtocol } from './protocol-check.ts';

// A batch resolves the same few conditions for every run (each resolution is two zod parses):
// resolved ones are kept, keyed by their reference, and frozen, since every run shares them.
const resolvedConditions = new Map<string, Condition>();
const deepFreeze = <T>(x: T): T => {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
};

function conditionOf(config: MilgramRunConfig): Condition {
  const key = typeof config.condition === 'string' ? config.condition : JSON.stringify(config.condition);
  const kept = resolvedConditions.get(key);
  if (kept) return kept;
  let condition: Condition;
  try {
    condition = resolveCondition(config.condition);
  } catch (err) {
    throw new ConfigError([{ field: 'condition', message: (err as Error).message }]);
  }
  if (resolvedConditions.size >= 256) resolvedConditions.clear();
  resolvedConditions.set(key, deepFreeze(condition));
  return condition;
}

/** Milgram's end of the board: two more presses at the top on his generator, none on other ladders unless set. */
export function topRepeatsFor(condition: Pick<Condition, 'topRepeats'>, ladder: string): number {
  return condition.topRepeats ?? (ladder === 'milgram1963' ? 2 : 0);
}

const scripted = (identity: RoleIdentity) => identity.provider === 'scripted';

/** The id a Milgram config's record gets (batches predict it to resume). */
function milgramRunId(config: MilgramRunConfig): string {
  return runId({ participant: config.participant, condition: conditionOf(config).name, ladder: config.ladder, seed: config.seed, repeat: config.repeat, variant: armVariant(config) });
}

export const milgramProtocol: Protocol<MilgramRunConfig, MilgramResult, MilgramRunConfigInput> = {
  name: 'milgram',
  summary: "Milgram's obedience experiment: a teacher told to shock a learner up a ladder, with prods (default)",
  configSchema: MilgramRunConfigSchema,
  resultSchema: MilgramResultSchema,
  roles: ['participant', 'experimenter', 'learner'],
  outcomes: OUTCOMES,
  machine: milgramMachine as never,
  conditions: {
    presetNames,
    listing: conditionsListing,
    resolve: (ref) => resolveCondition(ref as never),
    describe: (c) => conditionLines(c as Condition),
  },
  runId: milgramRunId,
  *planBatch(axes, seedOf) {
    for (const participant of axes.participants) {
      for (const condition of axes.conditions ?? ['baseline']) {
        for (const ladder of axes.ladders ?? ['milgram1963']) {
          for (let i = 0; i < axes.runs; i++) {
            yield { ...axes.base, participant, condition, ladder, seed: seedOf(i), repeat: i } as MilgramRunConfigInput;
          }
        }
      }
    }
  },
  diagram: { machine: milgramMachine as never, source: 'machines/milgram/machine.ts', options: { notes: MILGRAM_NOTES, guards: MILGRAM_GUARDS } },
  report: { build: milgramReportSection },
  viewer: {
    async html(records, options) {
      const { viewerHtml } = await import('../../viz/viewer-page.ts');
      return viewerHtml(records, options);
    },
  },
  check: checkProtocol,
  summaryLines: milgramSummaryLines,
  summaryRecord: milgramSummaryRecord,
  describeRun: describeMilgramRun,
  progressCount: { label: 'refusals', counts: (r) => r.outcome === 'refused' },
  matchers: milgramMatchers,

  preflight(config, ctx) {
    const condition = conditionOf(config);
    createRoleModels(config, { ladder: LADDERS[config.ladder], condition, ...ctx });
  },

  prepare(config, ctx): PreparedRun {
    const condition = conditionOf(config);
    const ladder = LADDERS[config.ladder];
    const volts = ladderVolts(ladder);
    const roles = buildMilgramRoles(config, { ladder, condition, ...ctx });
    const actors = {
      experimenter: roleImpl(roles.experimenter, scripted(roles.identities.experimenter) ? null : ExperimenterReplySchema),
      learner: roleImpl(roles.learner, scripted(roles.identities.learner) ? null : LearnerReplySchema),
      participant: roleImpl(roles.participant, ParticipantDecisionSchema),
    };
    const input: MilgramInput = {
      ladder: volts,
      labels: ladder.levels.map((l) => l.label),
      prodPolicy: condition.prodPolicy,
      forcedCompliance: condition.forcedCompliance,
      prods: standardProds(condition),
      topRepeats: topRepeatsFor(condition, ladder.name),
      confederates: condition.peerDefiance ? peerDefianceEvents(ladder) : [],
      limits: {
        turnTimeoutMs: config.turnTimeoutMs,
        answerTimeoutMs: config.answerTimeoutMs,
        nonCooperationMs: config.nonCooperationMs,
        invalidRetries: config.invalidRetries,
      },
    };
    return {
      actors,
      input,
      id: milgramRunId(config),
      identities: roles.identities,
      fields: { experimenter: roles.identities.experimenter, learner: roles.identities.learner, condition, ladder: { name: ladder.name, unit: ladder.unit, volts }, briefing: config.briefing ?? defaultBriefing(condition), topRepeats: input.topRepeats },
      finish(output, events) {
        // After an engine crash the machine has no output: the transcript's shocks still tell
        // the highest voltage actually administered.
        const finalVoltage =
          (output as MilgramOutput | null)?.finalVoltage ??
          events.reduce((max, e) => (e.kind === 'shock' && typeof e.voltage === 'number' ? Math.max(max, e.voltage) : max), 0);
        return { finalVoltage, reachedMax: finalVoltage === volts[volts.length - 1], ...countEvents(events) };
      },
    };
  },
};
