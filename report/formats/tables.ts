// The table writers every report section shares: aligned plain text for the terminal, Markdown
// (cells with `|` escaped), CSV (RFC 4180: cells quoted when they need it, CRLF lines) and the
// HTML report's scrolling tables.
import { escapeHtml as esc } from '../../viz/html-escape.ts';

/** Which columns are right-aligned (numbers), by index. */
export type RightAligned = (column: number) => boolean;
const noneRight: RightAligned = () => false;

/** A header, a rule of dashes and the rows, each column as wide as its widest cell, two spaces apart. */
export function textTable(head: string[], rows: string[][], right: RightAligned = noneRight): string {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const mdEscape = (s: string) => s.replace(/\|/g, '\\|');

/** A Markdown table; right-aligned columns get `---:`. */
export function markdownTable(head: string[], rows: string[][], right: RightAligned = noneRight): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (right(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`),
  ].join('\n');
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV lines joined by CRLF (no line break after the last). */
export const csvRows = (rows: string[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n');

/** An HTML table in a horizontally scrolling box; right-aligned cells get class "num". */
export function htmlTable(id: string, head: string[], rows: string[][], right: RightAligned = noneRight): string {
  const cells = (r: string[]) => r.map((c, i) => `<td${right(i) ? ' class="num"' : ''}>${esc(c)}</td>`).join('');
  return `<div class="scroll"><table id="${id}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.map((r) => `<tr>${cells(r)}</tr>`).join('\n')}\n</tbody></table></div>`;
}
