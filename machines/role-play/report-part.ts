// The role-play's section of the study report: one row per group (model x role counts x days)
// with the four rates and their Wilson intervals, then by role, by day, toxicity by turn,
// failures by kind and the Holm-adjusted contrasts. JSON carries everything.
import type { ReportSection } from '../../engine/protocol.ts';
import { rolePlayReport, type GroupMetrics, type RolePlayReport } from './metrics.ts';
import type { RolePlayResult } from './result.ts';
import { escapeHtml as esc } from '../../viz/html-escape.ts';
import { csvRows, markdownTable, textTable } from '../../report/formats/tables.ts';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const ci = (c: [number, number] | null) => (c ? `[${(c[0] * 100).toFixed(0)}-${(c[1] * 100).toFixed(0)}]` : '');
const rateCell = (x: number | null, c: [number, number] | null) => `${pct(x)} ${ci(c)}`.trim();

const COLUMNS: { header: string; cell: (g: GroupMetrics) => string }[] = [
  { header: 'group', cell: (g) => g.label },
  { header: 'n', cell: (g) => String(g.n) },
  { header: 'timeout/error', cell: (g) => `${g.timeouts}/${g.errors}` },
  { header: 'persuasion', cell: (g) => rateCell(g.persuasionRate, g.persuasionRateCI) },
  { header: 'anti-social conv.', cell: (g) => rateCell(g.antiSocialRate, g.antiSocialRateCI) },
  { header: 'anti-social msg.', cell: (g) => rateCell(g.antiSocialMessageRate, g.antiSocialMessageRateCI) },
  { header: 'failure', cell: (g) => rateCell(g.failureRate, g.failureRateCI) },
  { header: 'toxicity', cell: (g) => (g.meanToxicity === null ? '-' : g.meanToxicity.toFixed(3)) },
];

const FOOTNOTE =
  'n: conversations that ended completed or failed (timeouts and errors never enter a rate). Persuasion is over completed ' +
  'conversations; the other rates over completed and failed ones. [lo-hi]: Wilson 95% interval in percent.';

function detailLines(g: GroupMetrics): string[] {
  const roles = Object.entries(g.byRole).map(([r, m]) => `${r}: anti-social conv. ${rateCell(m.antiSocialRate, m.antiSocialRateCI)}, msg. ${rateCell(m.antiSocialMessageRate, m.antiSocialMessageRateCI)}, toxicity ${m.meanToxicity ?? '-'}`);
  const days = Object.entries(g.byDay).map(([d, m]) => `day ${d}: anti-social msg. ${rateCell(m.antiSocialMessageRate, m.antiSocialMessageRateCI)}, toxicity ${m.meanToxicity ?? '-'}, persuaded by then ${pct(m.persuadedBy)}`);
  const kinds = Object.entries(g.failureByKind).map(([k, m]) => `${k} ${m.messages} (${pct(m.rate)})`).join(', ');
  const turns = g.toxicityByTurn.map((t) => t.mean.toFixed(2)).join(' ');
  return [`${g.label}`, ...roles.map((l) => `  by role  ${l}`), ...days.map((l) => `  by day   ${l}`), `  failed messages by kind: ${kinds}`, `  toxicity by turn: ${turns}`];
}

const table = (rows: string[][]) => textTable(rows[0]!, rows.slice(1));

function contrastRows(report: RolePlayReport): string[][] {
  return [
    ['measure', 'differs in', 'A', 'B', 'rate A', 'rate B', 'p', 'p (Holm)'],
    ...report.contrasts.map((c) => [c.measure, c.factor, c.a, c.b, pct(c.rateA), pct(c.rateB), String(c.p), String(c.pHolm)]),
  ];
}

const htmlTable = (rows: string[][]) =>
  `<table><thead><tr>${rows[0]!.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.slice(1).map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

/** Mean toxicity by turn as a small inline SVG line per group. */
function toxicitySvg(groups: readonly GroupMetrics[]): string {
  const W = 640, H = 200, pad = 30;
  const maxTurn = Math.max(1, ...groups.flatMap((g) => g.toxicityByTurn.map((t) => t.turn)));
  const colours = ['#1b6ac9', '#c93c1b', '#2a9d3a', '#8a3fc9', '#c98a1b', '#1bb0c9', '#555'];
  const x = (t: number) => pad + (t / maxTurn) * (W - 2 * pad);
  const y = (v: number) => H - pad - v * (H - 2 * pad);
  const lines = groups.map((g, i) => {
    const pts = g.toxicityByTurn.map((t) => `${x(t.turn).toFixed(1)},${y(t.mean).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${colours[i % colours.length]}" stroke-width="1.5" points="${pts}"><title>${esc(g.label)}</title></polyline>`;
  });
  const legend = groups.map((g, i) => `<li><span style="color:${colours[i % colours.length]}">━</span> ${esc(g.label)}</li>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="mean toxicity by turn"><line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#999"/><text x="${pad}" y="${pad - 8}" font-size="11">toxicity (0-1) by message of the conversation</text>${lines.join('')}</svg><ul class="legend">${legend}</ul>`;
}

export function rolePlayReportSection(records: readonly RolePlayResult[]): ReportSection {
  const report = rolePlayReport(records);
  const rows = [COLUMNS.map((c) => c.header), ...report.groups.map((g) => COLUMNS.map((c) => c.cell(g)))];
  return {
    protocol: 'role-play',
    title: 'Role-play under a hierarchy',
    json: JSON.parse(JSON.stringify(report)) as ReportSection['json'],
    table: () => [table(rows), '', FOOTNOTE, '', ...report.groups.flatMap(detailLines), '', 'Contrasts (Fisher exact, Holm-adjusted):', report.contrasts.length ? table(contrastRows(report)) : '(no pair of groups differs in exactly one factor)', ''].join('\n'),
    markdown: () => {
      const md = (r: string[][]) => markdownTable(r[0]!, r.slice(1));
      return ['## Role-play', '', md(rows), '', FOOTNOTE, '', '### Details', '', '```', ...report.groups.flatMap(detailLines), '```', '', '### Contrasts (Fisher exact, Holm-adjusted)', '', report.contrasts.length ? md(contrastRows(report)) : '(none)', ''].join('\n');
    },
    csv: () => {
      const head = ['scenario', 'goal', 'agents', 'counts', 'days', 'runs', 'n', 'completed', 'failed', 'timeouts', 'errors', 'persuasionRate', 'persuasionRateLo', 'persuasionRateHi', 'antiSocialRate', 'antiSocialRateLo', 'antiSocialRateHi', 'antiSocialMessageRate', 'antiSocialMessageRateLo', 'antiSocialMessageRateHi', 'failureRate', 'failureRateLo', 'failureRateHi', 'meanToxicity'];
      const n = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
      const lines = report.groups.map((g) => [g.scenario, g.goal, g.agents, g.counts, String(g.days), String(g.runs), String(g.n), String(g.completed), String(g.failed), String(g.timeouts), String(g.errors),
        n(g.persuasionRate), n(g.persuasionRateCI?.[0]), n(g.persuasionRateCI?.[1]), n(g.antiSocialRate), n(g.antiSocialRateCI?.[0]), n(g.antiSocialRateCI?.[1]),
        n(g.antiSocialMessageRate), n(g.antiSocialMessageRateCI?.[0]), n(g.antiSocialMessageRateCI?.[1]), n(g.failureRate), n(g.failureRateCI?.[0]), n(g.failureRateCI?.[1]), n(g.meanToxicity)]);
      return `${csvRows([head, ...lines])}\r\n`;
    },
    async html() {
      return [
        `<h2>Role-play under a hierarchy</h2>`, htmlTable(rows), `<p class="note">${esc(FOOTNOTE)}</p>`,
        `<h3>Mean toxicity by turn</h3>`, toxicitySvg(report.groups),
        `<h3>By role, by day, failures by kind</h3>`, `<pre>${esc(report.groups.flatMap(detailLines).join('\n'))}</pre>`,
        `<h3>Contrasts (Fisher exact, Holm-adjusted)</h3>`, report.contrasts.length ? htmlTable(contrastRows(report)) : '<p>(no pair of groups differs in exactly one factor)</p>',
      ].join('\n');
    },
  };
}
