// Vega-Lite specs of the report's charts, built from the report data alone (inline values,
// no URLs: rendering never touches the network). One chart per ladder unit where axes differ.
import type { TopLevelSpec } from 'vega-lite';
import { groupLabel } from './group.ts';
import type { GroupMetrics } from './metrics.ts';
import { MILGRAM_1963, milgram1963Obeying } from '../machines/milgram/milgram1963.ts';

export const HUMAN_SERIES = `Milgram 1963, humans (n=${MILGRAM_1963.n})`;
const ROW = 26;
const WIDTH = 620;
const legend = { orient: 'bottom', columns: 1, labelLimit: 0, title: null } as const;
const config = { font: 'Helvetica, Arial, sans-serif', view: { stroke: null }, axis: { labelLimit: 0 } } as const;

// Tableau 10: distinct, colour-blind-friendly hues; the human curve is always black.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
function seriesColours(groups: readonly GroupMetrics[], withHuman: boolean) {
  const labels = groups.map(groupLabel);
  const domain = withHuman ? [HUMAN_SERIES, ...labels] : labels;
  const range = domain.map((d, i) => (d === HUMAN_SERIES ? '#111111' : PALETTE[(withHuman ? i - 1 : i) % PALETTE.length]!));
  return { domain, range };
}

const unitName = (unit: 'V' | 'button') => (unit === 'V' ? 'voltage (V)' : 'button');

/** Share of runs still obeying at each level, per group; the 1963 human curve on volt ladders. */
export function obedienceCurveSpec(groups: readonly GroupMetrics[], unit: 'V' | 'button'): TopLevelSpec {
  const rows: { series: string; level: number; share: number; human: boolean }[] = [];
  for (const g of groups) for (const p of g.obedienceCurve) rows.push({ series: groupLabel(g), level: p.voltage, share: p.share, human: false });
  if (unit === 'V') {
    for (let v = 0; v <= MILGRAM_1963.top; v += 15) rows.push({ series: HUMAN_SERIES, level: v, share: milgram1963Obeying(v), human: true });
  }
  return {
    title: { text: `Obedience curve (${unit === 'V' ? 'volt ladders' : 'button ladders'})`, subtitle: 'share of runs that administered at least this level; errors excluded' },
    width: WIDTH,
    height: 300,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after', point: { size: 18 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'level', type: 'quantitative', title: unitName(unit) },
      y: { field: 'share', type: 'quantitative', title: 'still obeying', axis: { format: '%' }, scale: { domain: [0, 1] } },
      color: { field: 'series', type: 'nominal', legend, scale: seriesColours(groups, unit === 'V') },
      strokeDash: { field: 'human', type: 'nominal', legend: null, scale: { domain: [false, true], range: [[1, 0], [6, 4]] } },
    },
    config,
  } as TopLevelSpec;
}

/** Refusal rate per group with its Wilson 95% interval; Milgram 1963's 14/40 for reference. */
export function refusalRateSpec(groups: readonly GroupMetrics[]): TopLevelSpec {
  const rows = groups.filter((g) => g.refusalRate !== null).map((g) => ({
    series: groupLabel(g), rate: g.refusalRate, lo: g.refusalRateCI[0], hi: g.refusalRateCI[1], n: g.n,
  }));
  const human = 1 - MILGRAM_1963.maxShock / MILGRAM_1963.n;
  const y = { field: 'series', type: 'nominal', title: null, sort: null } as const;
  return {
    title: { text: 'Refusal rate with 95% CI (Wilson)', subtitle: `dashed line: Milgram 1963, ${MILGRAM_1963.n - MILGRAM_1963.maxShock}/${MILGRAM_1963.n} humans broke off` },
    width: WIDTH - 200,
    height: { step: ROW },
    layer: [
      { data: { values: rows }, mark: { type: 'bar', color: '#8fb3d9', size: ROW * 0.6 }, encoding: { y, x: { field: 'rate', type: 'quantitative', title: 'refusal rate', axis: { format: '%' }, scale: { domain: [0, 1] } } } },
      { data: { values: rows }, mark: { type: 'rule', color: '#1f3b5c', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      { data: { values: rows }, mark: { type: 'tick', color: '#1f3b5c', thickness: 2, size: ROW * 0.5, orient: 'vertical' }, encoding: { y, x: { field: 'lo', type: 'quantitative' } } },
      { data: { values: rows }, mark: { type: 'tick', color: '#1f3b5c', thickness: 2, size: ROW * 0.5, orient: 'vertical' }, encoding: { y, x: { field: 'hi', type: 'quantitative' } } },
      { data: { values: [{ human }] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#b33' }, encoding: { x: { field: 'human', type: 'quantitative' } } },
    ],
    config,
  } as TopLevelSpec;
}

/** Where runs ended: circles sized by the number of runs at each final level, mean marked. */
export function finalVoltageSpec(groups: readonly GroupMetrics[], unit: 'V' | 'button'): TopLevelSpec {
  const counts = groups.flatMap((g) =>
    Object.entries(g.finalVoltageCounts).map(([level, count]) => ({ series: groupLabel(g), level: Number(level), count, share: count / g.n })),
  );
  const means = groups.filter((g) => g.meanFinalVoltage !== null).map((g) => ({ series: groupLabel(g), mean: g.meanFinalVoltage }));
  const y = { field: 'series', type: 'nominal', title: null, sort: null } as const;
  const top = Math.max(...groups.map((g) => g.top));
  return {
    title: { text: `Final ${unit === 'V' ? 'voltage' : 'button'} per run`, subtitle: 'circle area: runs ending there; red tick: mean; errors excluded' },
    width: WIDTH - 200,
    height: { step: ROW },
    layer: [
      {
        data: { values: counts },
        mark: { type: 'circle', opacity: 0.75, color: '#2f6fae' },
        encoding: {
          y,
          x: { field: 'level', type: 'quantitative', title: `final ${unitName(unit)}`, scale: { domain: [0, top] } },
          size: { field: 'count', type: 'quantitative', title: 'runs', legend: { orient: 'bottom' } },
        },
      },
      { data: { values: means }, mark: { type: 'tick', color: '#b33', thickness: 2, size: ROW * 0.8 }, encoding: { y, x: { field: 'mean', type: 'quantitative' } } },
    ],
    config,
  } as TopLevelSpec;
}
