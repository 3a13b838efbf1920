// Plain-text formats: an aligned table for the terminal, Markdown, CSV (RFC 4180) and JSON.
import type { StudyReport } from '../build.ts';
import { CSV_COLUMNS, DISPLAY_COLUMNS, distribution } from '../columns.ts';
import type { GroupMetrics } from '../metrics.ts';

const FOOTNOTE =
  'Rates exclude error runs (counted under errors). CI: Wilson 95% for rates, seeded bootstrap 95% for the mean. ' +
  "p vs 1963: Fisher's exact test (two-sided) of the max-shock count against Milgram 1963 (26/40).";

export function formatTable(report: StudyReport): string {
  const rows = [DISPLAY_COLUMNS.map((c) => c.header), ...report.groups.map((g) => DISPLAY_COLUMNS.map((c) => c.cell(g)))];
  const widths = DISPLAY_COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (DISPLAY_COLUMNS[i]!.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), '', FOOTNOTE, ''].join('\n');
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
  ].join('\n');
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function formatCsv(report: StudyReport): string {
  const lines = [CSV_COLUMNS.map((c) => c.header), ...report.groups.map((g) => CSV_COLUMNS.map((c) => c.cell(g)))];
  return `${lines.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function formatJson(report: StudyReport): string {
  return `${JSON.stringify({ groups: report.groups }, null, 2)}\n`;
}
