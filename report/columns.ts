// The columns of the tabular formats (table, md, csv): one definition, so the three agree.
import type { GroupMetrics } from './metrics.ts';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 1) => (x === null ? '-' : x.toFixed(digits));
const ci = (c: [number, number] | null, f: (x: number) => string) => (c ? `[${f(c[0])}, ${f(c[1])}]` : '-');
const pctCI = (c: [number, number]) => ci(c, (x) => (x * 100).toFixed(1));
export const pValue = (p: number | null) => (p === null ? '-' : p < 0.0001 ? '<0.0001' : p.toFixed(4));
export const distribution = (d: Record<string, number>) => Object.entries(d).map(([k, v]) => `${k}:${v}`).join(' ');
const unit = (g: GroupMetrics) => (g.unit === 'V' ? ' V' : '');
const cost = (g: GroupMetrics) => (g.costPerRunUsd === null ? (g.runs ? 'n/a' : '-') : `$${g.costPerRunUsd.toFixed(4)}${g.costUnknownRuns ? ` (+${g.costUnknownRuns} unpriced)` : ''}`);

/** Human-readable cells (table, md). */
export const DISPLAY_COLUMNS: { header: string; cell: (g: GroupMetrics) => string; right?: boolean }[] = [
  { header: 'participant', cell: (g) => g.participant },
  { header: 'condition', cell: (g) => g.condition },
  { header: 'ladder', cell: (g) => g.ladder },
  { header: 'n', cell: (g) => String(g.n), right: true },
  { header: 'errors', cell: (g) => String(g.errors), right: true },
  { header: 'error share', cell: (g) => `${pct(g.errorShare)}${g.errorShare > 0.05 ? ' !' : ''}`, right: true },
  { header: 'timeouts', cell: (g) => String(g.timeouts), right: true },
  { header: 'full obedience', cell: (g) => pct(g.fullObedienceRate), right: true },
  { header: 'full 95% CI', cell: (g) => pctCI(g.fullObedienceRateCI) },
  { header: 'refusal', cell: (g) => pct(g.refusalRate), right: true },
  { header: 'refusal 95% CI', cell: (g) => pctCI(g.refusalRateCI) },
  { header: 'mean final', cell: (g) => `${num(g.meanFinalVoltage)}${g.meanFinalVoltage === null ? '' : unit(g)}`, right: true },
  { header: 'mean 95% CI', cell: (g) => ci(g.meanFinalVoltageCI, (x) => x.toFixed(1)) },
  { header: 'median', cell: (g) => num(g.medianFinalVoltage), right: true },
  { header: 'max shock', cell: (g) => pct(g.maxShockRate), right: true },
  { header: 'p vs 1963', cell: (g) => pValue(g.vsMilgram1963.pValue), right: true },
  { header: 'frame-break', cell: (g) => `${pct(g.frameBreakRate)} ${pctCI(g.frameBreakRateCI)}`, right: true },
  { header: 'content-filter', cell: (g) => `${pct(g.contentFilterRate)} ${pctCI(g.contentFilterRateCI)}`, right: true },
  { header: 'dissociation', cell: (g) => pct(g.replies.dissociation.rate), right: true },
  { header: 'retry->comply', cell: (g) => `${g.replies.retryInducedCompliance.k}/${g.replies.retryInducedCompliance.n}`, right: true },
  { header: 'prods/refusal', cell: (g) => num(g.meanProdsBeforeRefusal, 2), right: true },
  { header: 'concern', cell: (g) => pct(g.concernWhileComplyingRate), right: true },
  { header: 'invalid', cell: (g) => pct(g.invalidReplyRate), right: true },
  { header: 'tokens/run', cell: (g) => (g.tokensPerRun.input + g.tokensPerRun.output).toFixed(0), right: true },
  { header: 'cost/run', cell: cost, right: true },
];

/** Machine-readable cells (csv): plain numbers, empty when undefined. */
const raw = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
export const CSV_COLUMNS: { header: string; cell: (g: GroupMetrics) => string }[] = [
  { header: 'participant', cell: (g) => g.participant },
  { header: 'condition', cell: (g) => g.condition },
  { header: 'ladder', cell: (g) => g.ladder },
  { header: 'unit', cell: (g) => g.unit },
  { header: 'n', cell: (g) => raw(g.n) },
  { header: 'runs', cell: (g) => raw(g.runs) },
  { header: 'errors', cell: (g) => raw(g.errors) },
  { header: 'errorShare', cell: (g) => raw(g.errorShare) },
  { header: 'completed', cell: (g) => raw(g.outcomes.completed) },
  { header: 'refused', cell: (g) => raw(g.outcomes.refused) },
  { header: 'frameBreak', cell: (g) => raw(g.outcomes['frame-break']) },
  { header: 'contentFilter', cell: (g) => raw(g.outcomes['content-filter']) },
  { header: 'timeout', cell: (g) => raw(g.outcomes.timeout) },
  { header: 'scored', cell: (g) => raw(g.scored) },
  { header: 'fullObedienceRate', cell: (g) => raw(g.fullObedienceRate) },
  { header: 'fullObedienceRateLo', cell: (g) => raw(g.fullObedienceRateCI[0]) },
  { header: 'fullObedienceRateHi', cell: (g) => raw(g.fullObedienceRateCI[1]) },
  { header: 'frameBreakRate', cell: (g) => raw(g.frameBreakRate) },
  { header: 'frameBreakRateLo', cell: (g) => raw(g.frameBreakRateCI[0]) },
  { header: 'frameBreakRateHi', cell: (g) => raw(g.frameBreakRateCI[1]) },
  { header: 'contentFilterRate', cell: (g) => raw(g.contentFilterRate) },
  { header: 'contentFilterRateLo', cell: (g) => raw(g.contentFilterRateCI[0]) },
  { header: 'contentFilterRateHi', cell: (g) => raw(g.contentFilterRateCI[1]) },
  { header: 'dissociationRate', cell: (g) => raw(g.replies.dissociation.rate) },
  { header: 'reaskedReplies', cell: (g) => raw(g.replies.retryInducedCompliance.n) },
  { header: 'retryInducedCompliance', cell: (g) => raw(g.replies.retryInducedCompliance.k) },
  { header: 'frameBreakReplyRate', cell: (g) => raw(g.replies.flags.frameBreak.rate) },
  { header: 'recognitionRate', cell: (g) => raw(g.replies.flags.recognition.rate) },
  { header: 'harmQuestionRate', cell: (g) => raw(g.replies.flags.harmQuestion.rate) },
  { header: 'consentObjectionRate', cell: (g) => raw(g.replies.flags.consentObjection.rate) },
  { header: 'judgedReplies', cell: (g) => raw(g.replies.judge.judged) },
  { header: 'judgeAgreement', cell: (g) => raw(g.replies.judge.agreement.rate) },
  { header: 'prodEfficacy', cell: (g) => g.prodEfficacy.byLevel.map((p) => `${p.level}:${p.share === null ? '' : p.share}`).join(' ') },
  { header: 'refusalRate', cell: (g) => raw(g.refusalRate) },
  { header: 'refusalRateLo', cell: (g) => raw(g.refusalRateCI[0]) },
  { header: 'refusalRateHi', cell: (g) => raw(g.refusalRateCI[1]) },
  { header: 'meanFinalVoltage', cell: (g) => raw(g.meanFinalVoltage) },
  { header: 'meanFinalVoltageLo', cell: (g) => raw(g.meanFinalVoltageCI?.[0]) },
  { header: 'meanFinalVoltageHi', cell: (g) => raw(g.meanFinalVoltageCI?.[1]) },
  { header: 'medianFinalVoltage', cell: (g) => raw(g.medianFinalVoltage) },
  { header: 'maxShockRate', cell: (g) => raw(g.maxShockRate) },
  { header: 'maxShockRateLo', cell: (g) => raw(g.maxShockRateCI[0]) },
  { header: 'maxShockRateHi', cell: (g) => raw(g.maxShockRateCI[1]) },
  { header: 'vsMilgram1963PValue', cell: (g) => raw(g.vsMilgram1963.pValue) },
  { header: 'meanProdsBeforeRefusal', cell: (g) => raw(g.meanProdsBeforeRefusal) },
  { header: 'firstRefusalVoltages', cell: (g) => distribution(g.firstRefusalVoltages) },
  { header: 'concernWhileComplyingRate', cell: (g) => raw(g.concernWhileComplyingRate) },
  { header: 'runsWithConcernRate', cell: (g) => raw(g.runsWithConcernRate) },
  { header: 'invalidReplyRate', cell: (g) => raw(g.invalidReplyRate) },
  { header: 'inputTokensPerRun', cell: (g) => raw(g.tokensPerRun.input) },
  { header: 'outputTokensPerRun', cell: (g) => raw(g.tokensPerRun.output) },
  { header: 'cachedInputTokensPerRun', cell: (g) => raw(g.tokensPerRun.cachedInput) },
  { header: 'llmCallsPerRun', cell: (g) => raw(g.tokensPerRun.llmCalls) },
  { header: 'costPerRunUsd', cell: (g) => raw(g.costPerRunUsd) },
  { header: 'costTotalUsd', cell: (g) => raw(g.costTotalUsd) },
  { header: 'costUnknownRuns', cell: (g) => raw(g.costUnknownRuns) },
  { header: 'errorKinds', cell: (g) => distribution(g.errorKinds) },
];
