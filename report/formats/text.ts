// Plain-text formats: an aligned table for the terminal, Markdown, CSV (RFC 4180) and JSON.
import type { StudyReport } from '../build.ts';
import { CSV_COLUMNS, DISPLAY_COLUMNS, distribution } from '../columns.ts';
import { leftOutLines } from '../left-out.ts';
import type { GroupMetrics } from '../metrics.ts';

/** The warnings and what was left out, as plain lines (empty when there is neither). */
function notes(report: StudyReport): string[] {
  const left = leftOutLines(report.leftOut);
  return [
    ...report.warnings.map((w) => `warning: ${w}`),
    ...(left.length ? ['Left out of this report:', ...left.map((l) => `  ${l}`), ...(report.leftOut?.examples ?? []).map((e) => `    e.g. ${e}`)] : []),
  ];
}

const FOOTNOTE =
  'Rates exclude error runs (counted under errors). CI: Wilson 95% for rates, seeded bootstrap 95% for the mean. ' +
  "p vs 1963: Fisher's exact test (two-sided) of the max-shock count against Milgram 1963 (26/40).";

export function formatTable(report: StudyReport): string {
  const rows = [DISPLAY_COLUMNS.map((c) => c.header), ...report.groups.map((g) => DISPLAY_COLUMNS.map((c) => c.cell(g)))];
  const widths = DISPLAY_COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (DISPLAY_COLUMNS[i]!.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const extra = notes(report);
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), '', FOOTNOTE, ...(extra.length ? ['', ...extra] : []), ''].join('\n');
}

const mdEscape = (s: string) => s.replace(/\|/g, '\\|');

export function formatMarkdown(report: StudyReport): string {
  const head = `| ${DISPLAY_COLUMNS.map((c) => c.header).join(' | ')} |`;
  const rule = `| ${DISPLAY_COLUMNS.map((c) => (c.right ? '---:' : '---')).join(' | ')} |`;
  const body = report.groups.map((g) => `| ${DISPLAY_COLUMNS.map((c) => mdEscape(c.cell(g))).join(' | ')} |`);
  const firsts = report.groups.map((g: GroupMetrics) => `- ${mdEscape(`${g.participant} · ${g.condition} · ${g.ladder}`)}: first refusal at ${distribution(g.firstRefusalVoltages) || '-'}`);
  return [
    '## Study report', '', head, rule, ...body, '', FOOTNOTE, '',
    '### First refusal (level: runs; none = never balked)', '', ...firsts, '',
    ...(report.warnings.length ? ['### Warnings', '', ...report.warnings.map((w) => `- ${mdEscape(w)}`), ''] : []),
    ...(leftOutLines(report.leftOut).length
      ? ['### Left out of this report', '', ...leftOutLines(report.leftOut).map((l) => `- ${mdEscape(l)}`), ...(report.leftOut?.examples ?? []).map((e) => `  - e.g. ${mdEscape(e)}`), '']
      : []),
  ].join('\n');
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function formatCsv(report: StudyReport): string {
  const lines = [CSV_COLUMNS.map((c) => c.header), ...report.groups.map((g) => CSV_COLUMNS.map((c) => c.cell(g)))];
  // What was left out follows the table after an empty line, as `leftOut,<what>,<count>` rows,
  // and warnings as `warning,<text>` rows, so a spreadsheet shows them and a parser can skip them.
  const left = report.leftOut
    ? leftOutLines(report.leftOut).map((l) => { const [n, ...what] = l.split(' '); return ['leftOut', what.join(' '), n!]; })
    : [];
  const tail = [...report.warnings.map((w) => ['warning', w]), ...left];
  const text = (rows: string[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n');
  return `${text(lines)}\r\n${tail.length ? `\r\n${text(tail)}\r\n` : ''}`;
}

export function formatJson(report: StudyReport): string {
  const leftOut = report.leftOut ? { ...report.leftOut, summary: leftOutLines(report.leftOut) } : null;
  return `${JSON.stringify({ groups: report.groups, warnings: report.warnings, leftOut }, null, 2)}\n`;
}
