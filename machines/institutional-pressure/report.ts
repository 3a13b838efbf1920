// The institutional-pressure section of the study report: per participant x condition (and per
// harm category) the ethical, harmful, refusal and unclear rates with Wilson 95% intervals over
// graded runs (timeouts and errors are counted, never rated); paired contrasts between
// conditions over the same scenarios and repeats (exact McNemar, Holm-adjusted); agreement
// between judges when there are several (Cohen's kappa for two, Krippendorff's alpha);
// MilgramBench's published ethical rates as reference marks.
import { latestPerId } from '../../engine/latest.ts';
import type { ReportSection } from '../../engine/protocol.ts';
import { cohenKappa, holm, krippendorffAlpha, mcnemarExact } from '../../evals/paired-stats.ts';
import { wilson } from '../../evals/stats.ts';
import { MILGRAMBENCH_SOURCE, referenceFor } from './reference.ts';
import type { IpResult } from './result.ts';
import type { Verdict } from './role-types.ts';
import { escapeHtml as esc } from '../../viz/html-escape.ts';
import { pValue } from '../../report/columns.ts';
import { csvRows, htmlTable, markdownTable, textTable } from '../../report/formats/tables.ts';

export interface IpGroupMetrics {
  participant: string;
  condition: string;
  /** Set on per-category groups. */
  category?: string;
  /** Graded runs: the denominator of every rate. */
  n: number;
  runs: number;
  timeouts: number;
  errors: number;
  errorKinds: Record<string, number>;
  ethicalRate: number | null;
  ethicalRateCI: [number, number];
  harmfulRate: number | null;
  harmfulRateCI: [number, number];
  refusalRate: number | null;
  refusalRateCI: [number, number];
  unclearRate: number | null;
  unclearRateCI: [number, number];
  /** Harmful recommendations that named the conflict, over graded runs. */
  awareButCompliantRate: number | null;
  /** MilgramBench's published ethical rates under this condition. */
  reference: { model: string; ethicalRate: number }[];
}

export interface IpContrast {
  participant: string;
  conditionA: string;
  conditionB: string;
  metric: 'ethical' | 'harmful';
  /** Scenario x repeat pairs graded under both conditions. */
  pairs: number;
  rateA: number | null;
  rateB: number | null;
  /** Pairs where only A (only B) had the outcome. */
  onlyA: number;
  onlyB: number;
  pValue: number;
  pHolm: number;
}

export interface IpAgreement {
  judges: string[];
  items: number;
  /** Share of items on which every judge agreed. */
  unanimous: number | null;
  cohenKappa: number | null;
  krippendorffAlpha: number | null;
}

export interface IpReport {
  groups: IpGroupMetrics[];
  categories: IpGroupMetrics[];
  contrasts: IpContrast[];
  agreement: IpAgreement[];
  referenceSource: string;
}

const rate = (k: number, n: number) => (n ? k / n : null);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function metrics(records: readonly IpResult[], key: { participant: string; condition: string; category?: string }): IpGroupMetrics {
  const graded = records.filter((r) => r.outcome === 'graded' && r.verdict !== null);
  const n = graded.length;
  const count = (v: Verdict) => graded.filter((r) => r.verdict === v).length;
  const errorKinds: Record<string, number> = {};
  for (const r of records) if (r.outcome === 'error') errorKinds[r.error?.kind ?? 'unknown'] = (errorKinds[r.error?.kind ?? 'unknown'] ?? 0) + 1;
  return {
    ...key,
    n,
    runs: records.length,
    timeouts: records.filter((r) => r.outcome === 'timeout').length,
    errors: records.filter((r) => r.outcome === 'error').length,
    errorKinds,
    ethicalRate: rate(count('ethical'), n),
    ethicalRateCI: wilson(count('ethical'), n),
    harmfulRate: rate(count('harmful'), n),
    harmfulRateCI: wilson(count('harmful'), n),
    refusalRate: rate(count('refusal'), n),
    refusalRateCI: wilson(count('refusal'), n),
    unclearRate: rate(count('unclear'), n),
    unclearRateCI: wilson(count('unclear'), n),
    awareButCompliantRate: rate(graded.filter((r) => r.awareButCompliant).length, n),
    reference: referenceFor(key.condition),
  };
}

function groupBy<K extends string>(records: readonly IpResult[], keyOf: (r: IpResult) => K[]): Map<string, { key: K[]; records: IpResult[] }> {
  const out = new Map<string, { key: K[]; records: IpResult[] }>();
  for (const r of records) {
    const key = keyOf(r);
    const k = JSON.stringify(key);
    const g = out.get(k) ?? { key, records: [] };
    g.records.push(r);
    out.set(k, g);
  }
  return new Map([...out].sort(([, a], [, b]) => a.key.reduce((c, x, i) => c || cmp(x, b.key[i]!), 0)));
}

export function contrasts(records: readonly IpResult[]): IpContrast[] {
  const out: Omit<IpContrast, 'pHolm'>[] = [];
  const pairKey = (r: IpResult) => `${r.scenario.source}|${r.scenario.id}|${r.seed}|${r.repeat}|${JSON.stringify(r.judges.map((j) => j.spec))}`;
  for (const { key: [participant], records: mine } of groupBy(records, (r) => [r.participant.spec]).values()) {
    const byCondition = groupBy(mine.filter((r) => r.outcome === 'graded'), (r) => [r.condition.name]);
    const conditions = [...byCondition.values()].map((g) => ({ name: g.key[0]!, byPair: new Map(g.records.map((r) => [pairKey(r), r])) }));
    for (let i = 0; i < conditions.length; i++) {
      for (let j = i + 1; j < conditions.length; j++) {
        const a = conditions[i]!;
        const b = conditions[j]!;
        const pairs = [...a.byPair].filter(([k]) => b.byPair.has(k)).map(([k, ra]) => [ra, b.byPair.get(k)!] as const);
        for (const metric of ['ethical', 'harmful'] as const) {
          const hitA = pairs.filter(([x]) => x.verdict === metric).length;
          const hitB = pairs.filter(([, y]) => y.verdict === metric).length;
          const onlyA = pairs.filter(([x, y]) => x.verdict === metric && y.verdict !== metric).length;
          const onlyB = pairs.filter(([x, y]) => x.verdict !== metric && y.verdict === metric).length;
          out.push({ participant: participant!, conditionA: a.name, conditionB: b.name, metric, pairs: pairs.length, rateA: rate(hitA, pairs.length), rateB: rate(hitB, pairs.length), onlyA, onlyB, pValue: mcnemarExact(onlyA, onlyB) });
        }
      }
    }
  }
  const adjusted = holm(out.map((c) => c.pValue));
  return out.map((c, i) => ({ ...c, pHolm: adjusted[i]! }));
}

export function agreement(records: readonly IpResult[]): IpAgreement[] {
  const multi = records.filter((r) => r.outcome === 'graded' && r.judgements.length >= 2);
  return [...groupBy(multi, (r) => r.judges.map((j) => j.spec)).values()].map(({ key, records: rs }) => {
    const labels = rs.map((r) => r.judgements.map((j) => j.verdict as string));
    return {
      judges: key,
      items: rs.length,
      unanimous: rate(labels.filter((l) => new Set(l).size === 1).length, rs.length),
      cohenKappa: key.length === 2 ? cohenKappa(labels.map((l) => l[0]!), labels.map((l) => l[1]!)) : null,
      krippendorffAlpha: krippendorffAlpha(labels),
    };
  });
}

export function buildIpReport(all: readonly IpResult[]): IpReport {
  const records = latestPerId(all);
  return {
    groups: [...groupBy(records, (r) => [r.participant.spec, r.condition.name]).values()].map(({ key: [participant, condition], records: rs }) => metrics(rs, { participant: participant!, condition: condition! })),
    categories: [...groupBy(records, (r) => [r.participant.spec, r.condition.name, r.scenario.category]).values()].map(({ key: [participant, condition, category], records: rs }) => metrics(rs, { participant: participant!, condition: condition!, category: category! })),
    contrasts: contrasts(records),
    agreement: agreement(records),
    referenceSource: MILGRAMBENCH_SOURCE,
  };
}

// ---------- formats ----------

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const ci = (c: [number, number]) => `[${(c[0] * 100).toFixed(1)}, ${(c[1] * 100).toFixed(1)}]`;
const num = (x: number | null, d = 3) => (x === null ? '-' : x.toFixed(d));
const refText = (g: IpGroupMetrics) => g.reference.map((r) => `${r.model} ${pct(r.ethicalRate)}`).join(', ') || '-';

type Column = { header: string; cell: (g: IpGroupMetrics) => string; right?: boolean };
const GROUP_COLUMNS: Column[] = [
  { header: 'participant', cell: (g) => g.participant },
  { header: 'condition', cell: (g) => g.condition },
  { header: 'n', cell: (g) => String(g.n), right: true },
  { header: 'timeouts', cell: (g) => String(g.timeouts), right: true },
  { header: 'errors', cell: (g) => String(g.errors), right: true },
  { header: 'ethical', cell: (g) => pct(g.ethicalRate), right: true },
  { header: 'ethical 95% CI', cell: (g) => ci(g.ethicalRateCI) },
  { header: 'harmful', cell: (g) => pct(g.harmfulRate), right: true },
  { header: 'harmful 95% CI', cell: (g) => ci(g.harmfulRateCI) },
  { header: 'refusal', cell: (g) => pct(g.refusalRate), right: true },
  { header: 'unclear', cell: (g) => pct(g.unclearRate), right: true },
  { header: 'aware+harmful', cell: (g) => pct(g.awareButCompliantRate), right: true },
  { header: 'MilgramBench ethical', cell: refText },
];
const CATEGORY_COLUMNS: Column[] = [GROUP_COLUMNS[0]!, GROUP_COLUMNS[1]!, { header: 'category', cell: (g) => g.category ?? '' }, ...GROUP_COLUMNS.slice(2, 11)];

const CONTRAST_HEAD = ['participant', 'A', 'B', 'metric', 'pairs', 'rate A', 'rate B', 'only A', 'only B', 'p (McNemar)', 'p (Holm)'];
const contrastRow = (c: IpContrast) => [c.participant, c.conditionA, c.conditionB, c.metric, String(c.pairs), pct(c.rateA), pct(c.rateB), String(c.onlyA), String(c.onlyB), pValue(c.pValue), pValue(c.pHolm)];
const AGREE_HEAD = ['judges', 'items', 'unanimous', "Cohen's kappa", "Krippendorff's alpha"];
const agreeRow = (a: IpAgreement) => [a.judges.join(' + '), String(a.items), pct(a.unanimous), num(a.cohenKappa), num(a.krippendorffAlpha)];

const RIGHT = new Set(['n', 'timeouts', 'errors', 'pairs', 'items']);
const columnsTable = (cols: Column[], groups: IpGroupMetrics[]) => textTable(cols.map((c) => c.header), groups.map((g) => cols.map((c) => c.cell(g))), (i) => !!cols[i]!.right);
const plainTable = (head: string[], rows: string[][]) => textTable(head, rows, (i) => RIGHT.has(head[i]!) || /^(rate|only|p )/.test(head[i]!));

export const IP_FOOTNOTE =
  'Rates are over graded runs (timeouts and errors are counted, never rated). CI: Wilson 95%. Contrasts pair the same scenario, seed and repeat ' +
  "under two conditions; p: exact McNemar (two-sided), Holm-adjusted over every contrast of the report. MilgramBench ethical: the published rates " +
  `(${MILGRAMBENCH_SOURCE}) under the same condition, for reference.`;

export function ipTable(r: IpReport): string {
  const parts = [columnsTable(GROUP_COLUMNS, r.groups), '', 'By harm category:', '', columnsTable(CATEGORY_COLUMNS, r.categories)];
  if (r.contrasts.length) parts.push('', 'Paired contrasts between conditions:', '', plainTable(CONTRAST_HEAD, r.contrasts.map(contrastRow)));
  if (r.agreement.length) parts.push('', 'Agreement between judges:', '', plainTable(AGREE_HEAD, r.agreement.map(agreeRow)));
  parts.push('', IP_FOOTNOTE, '');
  return parts.join('\n');
}

export function ipMarkdown(r: IpReport): string {
  const cols = (c: Column[], g: IpGroupMetrics[]) => markdownTable(c.map((x) => x.header), g.map((x) => c.map((y) => y.cell(x))), (i) => !!c[i]!.right);
  const parts = ['## Institutional pressure', '', cols(GROUP_COLUMNS, r.groups), '', '### By harm category', '', cols(CATEGORY_COLUMNS, r.categories)];
  if (r.contrasts.length) parts.push('', '### Paired contrasts between conditions', '', markdownTable(CONTRAST_HEAD, r.contrasts.map(contrastRow), (i) => i >= 4));
  if (r.agreement.length) parts.push('', '### Agreement between judges', '', markdownTable(AGREE_HEAD, r.agreement.map(agreeRow), (i) => i >= 1));
  parts.push('', IP_FOOTNOTE, '');
  return parts.join('\n');
}

const raw = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
export function ipCsv(r: IpReport): string {
  const head = ['level', 'participant', 'condition', 'category', 'n', 'runs', 'timeouts', 'errors',
    'ethicalRate', 'ethicalRateLo', 'ethicalRateHi', 'harmfulRate', 'harmfulRateLo', 'harmfulRateHi',
    'refusalRate', 'refusalRateLo', 'refusalRateHi', 'unclearRate', 'unclearRateLo', 'unclearRateHi', 'awareButCompliantRate'];
  const row = (level: string, g: IpGroupMetrics) => [level, g.participant, g.condition, g.category ?? '', raw(g.n), raw(g.runs), raw(g.timeouts), raw(g.errors),
    raw(g.ethicalRate), raw(g.ethicalRateCI[0]), raw(g.ethicalRateCI[1]), raw(g.harmfulRate), raw(g.harmfulRateCI[0]), raw(g.harmfulRateCI[1]),
    raw(g.refusalRate), raw(g.refusalRateCI[0]), raw(g.refusalRateCI[1]), raw(g.unclearRate), raw(g.unclearRateCI[0]), raw(g.unclearRateCI[1]), raw(g.awareButCompliantRate)];
  const lines = [head, ...r.groups.map((g) => row('overall', g)), ...r.categories.map((g) => row('category', g))];
  return `${csvRows(lines)}\r\n`;
}

/** Ethical rate per group with its Wilson interval, and MilgramBench's published rates as marks. */
export function ethicalRateSpec(groups: readonly IpGroupMetrics[]) {
  const series = (g: IpGroupMetrics) => `${g.participant} · ${g.condition}`;
  const rows = groups.filter((g) => g.ethicalRate !== null).map((g) => ({ series: series(g), rate: g.ethicalRate, lo: g.ethicalRateCI[0], hi: g.ethicalRateCI[1] }));
  const marks = groups.flatMap((g) => g.reference.map((r) => ({ series: series(g), model: `MilgramBench: ${r.model}`, rate: r.ethicalRate })));
  const y = { field: 'series', type: 'nominal', title: null, sort: null } as const;
  return {
    title: { text: 'Ethical rate with 95% CI (Wilson)', subtitle: 'marks: MilgramBench published ethical rates under the same condition' },
    width: 420,
    height: { step: 26 },
    layer: [
      { data: { values: rows }, mark: { type: 'bar', color: '#8fc1a0', size: 15 }, encoding: { y, x: { field: 'rate', type: 'quantitative', title: 'ethical rate', axis: { format: '%' }, scale: { domain: [0, 1] } } } },
      { data: { values: rows }, mark: { type: 'rule', color: '#1f4d2e', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      { data: { values: marks }, mark: { type: 'point', filled: true, size: 70 }, encoding: { y, x: { field: 'rate', type: 'quantitative' }, shape: { field: 'model', type: 'nominal', legend: { orient: 'bottom', title: null } }, color: { field: 'model', type: 'nominal', scale: { range: ['#b33', '#335'] }, legend: { orient: 'bottom', title: null } } } },
    ],
    config: { font: 'Helvetica, Arial, sans-serif', view: { stroke: null }, axis: { labelLimit: 0 } },
  };
}

export async function ipHtml(r: IpReport): Promise<string> {
  const { renderSvg } = await import('../../report/svg.ts');
  const svg = r.groups.some((g) => g.n > 0) ? `<figure id="ip-ethical-rate">${await renderSvg(ethicalRateSpec(r.groups) as never)}</figure>` : '';
  const cells = (cols: Column[], gs: IpGroupMetrics[]) => gs.map((g) => cols.map((c) => c.cell(g)));
  const parts = [
    `<p class="note">${esc(IP_FOOTNOTE)}</p>`,
    '<h2>Rates by participant and condition</h2>', htmlTable('ip-summary', GROUP_COLUMNS.map((c) => c.header), cells(GROUP_COLUMNS, r.groups)),
    svg,
    '<h2>By harm category</h2>', htmlTable('ip-categories', CATEGORY_COLUMNS.map((c) => c.header), cells(CATEGORY_COLUMNS, r.categories)),
  ];
  if (r.contrasts.length) parts.push('<h2>Paired contrasts between conditions</h2>', htmlTable('ip-contrasts', CONTRAST_HEAD, r.contrasts.map(contrastRow)));
  if (r.agreement.length) parts.push('<h2>Agreement between judges</h2>', htmlTable('ip-agreement', AGREE_HEAD, r.agreement.map(agreeRow)));
  return parts.join('\n');
}

export function ipReportSection(records: readonly IpResult[]): ReportSection {
  const report = buildIpReport(records);
  return {
    protocol: 'institutional-pressure',
    title: 'Institutional pressure',
    json: report as unknown as ReportSection['json'],
    table: () => ipTable(report),
    markdown: () => ipMarkdown(report),
    csv: () => ipCsv(report),
    html: () => ipHtml(report),
  };
}
