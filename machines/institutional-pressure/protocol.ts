// The institutional-pressure protocol as the engine and the tools see it (engine/protocol.ts).
import { Option } from 'commander';
import { wholeNumber } from '../../cli/flag-values.ts';
import { loadIpStudy } from './study.ts';
import { ConfigError } from '../../engine/config-base.ts';
import type { PreparedRun, Protocol } from '../../engine/protocol.ts';
import { roleImpl, type RoleImpl } from '../../engine/runnable-machine.ts';
import { createRng, deriveSeed, stableId } from '../../engine/prng.ts';
import { behaviourVariant } from '../../engine/resolved-config.ts';
import { IP_PRESETS, ipConditionsListing, resolveIpCondition, type IpCondition } from './conditions.ts';
import { IP_LIMIT_DEFAULTS, IpRunConfigSchema, OPTION_ORDERS, type IpRunConfig, type IpRunConfigInput } from './config.ts';
import { institutionalPressureMachine, majorityVerdict, type IpInput, type IpOutput } from './machine.ts';
import { ipMatchers } from './matchers.ts';
import { participantSystemPrompt, type OptionOrder } from './prompts.ts';
import { ipPromptfoo } from './promptfoo.ts';
import { ipReportSection } from './report.ts';
import { IP_OUTCOMES, IpResultSchema, type IpResult } from './result.ts';
import { JudgementSchema, ParticipantReplySchema, RubricReplySchema } from './role-types.ts';
import { createIpJudges, createIpModels, createIpParticipant, identityOf } from './roles.ts';
import { voicesConflict } from './rules-judge.ts';
import { loadScenarioSet, ScenarioError, selectScenarios, type Scenario, type ScenarioSet } from './scenario.ts';
import { describeIpRun, ipSummaryLines, ipSummaryRecord } from './summary.ts';
import { ipViewerHtml } from './viewer.ts';
import { IP_GUARDS, IP_NOTES } from './viz-notes.ts';

export const PROTOCOL = 'institutional-pressure';

function asConfigError(err: unknown): never {
  if (err instanceof ScenarioError) throw new ConfigError([{ field: err.field, message: err.message }]);
  throw err;
}

function scenarioSet(config: Pick<IpRunConfig, 'scenarios'>): ScenarioSet {
  try {
    return loadScenarioSet(config.scenarios);
  } catch (err) {
    return asConfigError(err);
  }
}

function scenarioOf(config: IpRunConfig): { set: ScenarioSet; scenario: Scenario } {
  const set = scenarioSet(config);
  if (!config.scenario) throw new ConfigError([{ field: 'scenario', message: `give a scenario id, e.g. ${set.scenarios[0]!.id} (a batch runs every scenario of the set)` }]);
  const scenario = set.scenarios.find((s) => s.id === config.scenario);
  if (!scenario) {
    throw new ConfigError([{ field: 'scenario', message: `no scenario "${config.scenario}" in ${set.source}; e.g. ${set.scenarios.slice(0, 3).map((s) => s.id).join(', ')}` }]);
  }
  return { set, scenario };
}

function conditionOf(config: IpRunConfig): IpCondition {
  try {
    return resolveIpCondition(config.condition);
  } catch (err) {
    throw new ConfigError([{ field: 'condition', message: (err as Error).message }]);
  }
}

/** Drawn once per scenario from the run seed (the same under every condition: paired contrasts). */
export function optionOrderOf(setting: IpRunConfig['optionOrder'], seed: number, scenarioId: string): OptionOrder {
  if (setting === 'ethical-first') return ['ethical', 'harmful'];
  if (setting === 'harmful-first') return ['harmful', 'ethical'];
  return createRng(deriveSeed('ip-option-order', seed, scenarioId)).next() < 0.5 ? ['ethical', 'harmful'] : ['harmful', 'ethical'];
}


function ipRunId(config: IpRunConfig): string {
  const specs = { participant: config.participant, ...Object.fromEntries(config.judges.map((j, i) => [`judge-${i + 1}`, j])) };
  const behaviour = behaviourVariant(specs, config.baseURL, config, IP_LIMIT_DEFAULTS);
  const variant = JSON.stringify({
    judges: config.judges, rubric: config.rubric, scenarios: config.scenarios ?? null, order: config.optionOrder, model: config.model,
    ...(Object.keys(behaviour).length ? { behaviour } : {}),
  });
  return stableId(PROTOCOL, config.participant, config.scenario ?? '', conditionOf(config).name, stableId(variant).slice(0, 8), config.seed, config.repeat);
}

const runScope = (config: IpRunConfig, condition: IpCondition) => `${PROTOCOL}|${config.scenario ?? ''}|${condition.name}|seed=${config.seed}|repeat=${config.repeat}`;

export const institutionalPressureProtocol: Protocol<IpRunConfig, IpResult, IpRunConfigInput> = {
  name: PROTOCOL,
  summary: 'MilgramBench form: one turn in which an institution\'s directive conflicts with a vulnerable user\'s welfare; judges grade the recommendation',
  configSchema: IpRunConfigSchema,
  resultSchema: IpResultSchema,
  roles: ['participant', 'judge'],
  outcomes: IP_OUTCOMES,
  machine: institutionalPressureMachine as never,
  conditions: {
    presetNames: () => Object.keys(IP_PRESETS),
    listing: ipConditionsListing,
    resolve: (ref) => resolveIpCondition(ref),
    describe: (c) => Object.entries(c).map(([k, v]) => `${k.padEnd(14)}${String(v)}`),
  },

  preflight(config, ctx) {
    scenarioOf(config);
    const condition = conditionOf(config);
    createIpModels(config, { runScope: runScope(config, condition), ...ctx });
  },

  prepare(config, ctx): PreparedRun {
    const { set, scenario } = scenarioOf(config);
    const condition = conditionOf(config);
    const order = optionOrderOf(config.optionOrder, config.seed, scenario.id);
    const models = createIpModels(config, { runScope: runScope(config, condition), record: ctx.record, replay: ctx.replay });
    const participant = createIpParticipant(models.participant, ctx.usage, config.model, {
      ethical: scenario.ethical.name, harmful: scenario.harmful.name, ceoNotice: condition.ceoNotice, scratchpad: condition.scratchpad,
    });
    const boundary = stableId('ip-boundary', config.seed, config.repeat, scenario.id);
    const { judges, rubric } = createIpJudges(config, models, ctx.usage, boundary);
    const actors: Record<string, RoleImpl> = {
      participant: roleImpl(participant, ParticipantReplySchema),
      judge: async (input, signal) => JudgementSchema.parse(await judges[input.index]!.act(input, signal)),
      rubricJudge: roleImpl(rubric, RubricReplySchema),
    };
    const input: IpInput = {
      system: participantSystemPrompt(scenario, condition, order),
      user: scenario.user,
      ethical: scenario.ethical,
      harmful: scenario.harmful,
      judgeCount: config.judges.length,
      rubric: config.rubric,
      limits: { turnTimeoutMs: config.turnTimeoutMs, judgeTimeoutMs: config.judgeTimeoutMs },
    };
    const judgeIdentities = config.judges.map((spec, i) => identityOf(spec, models.judges[i]!));
    const participantIdentity = identityOf(config.participant, models.participant);
    return {
      actors,
      input,
      id: ipRunId(config),
      identities: { participant: participantIdentity, ...Object.fromEntries(judgeIdentities.map((id, i) => [`judge-${i + 1}`, id])) },
      fields: {
        roles: { participant: participantIdentity, ...Object.fromEntries(judgeIdentities.map((id, i) => [`judge-${i + 1}`, id])) },
        scenario: { id: scenario.id, category: scenario.category, source: set.source },
        condition,
        optionOrder: order,
        judges: judgeIdentities,
      },
      finish(output) {
        const o = output as IpOutput | null;
        const judgements = o?.judgements ?? [];
        const verdict = o?.outcome === 'graded' ? (o.verdict ?? majorityVerdict(judgements)) : null;
        const graded = verdict !== null;
        const rubricAnswers = o?.rubric ?? null;
        const aware = rubricAnswers ? rubricAnswers.conflict || rubricAnswers.acknowledgesDirective : voicesConflict(o?.reply ?? '');
        return {
          reply: o?.reply ?? null,
          scratchpad: o?.scratchpad ?? null,
          verdict,
          judgements,
          judgeAgreement: graded && judgements.length ? judgements.filter((j) => j.verdict === verdict).length / judgements.length : null,
          rubric: rubricAnswers,
          awareButCompliant: graded ? verdict === 'harmful' && aware : null,
        };
      },
    };
  },

  runId: ipRunId,

  planBatch(axes, seedOf) {
    const base = axes.base ?? {};
    const set = scenarioSet({ scenarios: base.scenarios as string | undefined });
    let scenarios: Scenario[];
    try {
      const fixed = typeof base.scenario === 'string' ? [base.scenario] : undefined;
      scenarios = selectScenarios(set, { ids: (axes.select?.scenario as string[] | undefined) ?? fixed, categories: axes.select?.category as string[] | undefined });
    } catch (err) {
      return asConfigError(err);
    }
    if (!scenarios.length) throw new ConfigError([{ field: 'category', message: 'the selection matches no scenario; check --scenario and --category together' }]);
    // Checked above, at once; the configs themselves come lazily.
    return (function* () {
      for (const participant of axes.participants) {
        for (const condition of (axes.conditions as string[] | undefined) ?? ['baseline']) {
          for (const scenario of scenarios) {
            for (let i = 0; i < axes.runs; i++) {
              yield { ...base, protocol: PROTOCOL, participant, condition, scenario: scenario.id, seed: seedOf(i), repeat: i } as IpRunConfigInput;
            }
          }
        }
      }
    })();
  },

  diagram: { machine: institutionalPressureMachine as never, source: 'machines/institutional-pressure/machine.ts', options: { notes: IP_NOTES, guards: IP_GUARDS } },
  report: { build: ipReportSection },
  viewer: { html: ipViewerHtml },
  summaryLines: ipSummaryLines,
  summaryRecord: ipSummaryRecord,
  describeRun: describeIpRun,
  progressCount: { label: 'harmful', counts: (r) => r.verdict === 'harmful' },
  matchers: ipMatchers,
  promptfoo: ipPromptfoo,

  cli: {
    loadStudy: loadIpStudy,
    options: () => [
      new Option('--scenarios <file>', '[institutional-pressure] scenario file: YAML/JSON in the project format, or MilgramBench dataset.json'),
      new Option('--scenario <id>', '[institutional-pressure] run only this scenario (repeatable)').argParser((v: string, prev: string[] = []) => [...prev, v]),
      new Option('--category <name>', '[institutional-pressure] run only this harm category (repeatable)').argParser((v: string, prev: string[] = []) => [...prev, v]),
      new Option('--option-order <order>', '[institutional-pressure] option order').choices(OPTION_ORDERS),
      new Option('--judge <spec>', '[institutional-pressure] judge: rules (default) or a model spec (repeatable; majority decides)').argParser((v: string, prev: string[] = []) => [...prev, v]),
      new Option('--rubric', '[institutional-pressure] the first judge also answers the seven reasoning questions'),
      new Option('--judge-timeout <MS>', '[institutional-pressure] time a judge has for one answer').argParser(wholeNumber('--judge-timeout', 1)),
    ],
    fromFlags(f) {
      return {
        base: {
          ...(f.scenarios !== undefined ? { scenarios: f.scenarios } : {}),
          ...(f.optionOrder !== undefined ? { optionOrder: f.optionOrder } : {}),
          ...(f.judge !== undefined ? { judges: f.judge } : {}),
          ...(f.rubric ? { rubric: true } : {}),
          ...(f.judgeTimeout !== undefined ? { judgeTimeoutMs: f.judgeTimeout } : {}),
        },
        select: {
          ...(f.scenario !== undefined ? { scenario: f.scenario } : {}),
          ...(f.category !== undefined ? { category: f.category } : {}),
        },
      };
    },
  },
};
