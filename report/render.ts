// One entry point for every report format. A report of one protocol is that protocol's own
// format (Milgram's is unchanged); a file mixing protocols gets one section each, in order.
import type { ReportSection } from '../engine/protocol.ts';
import type { StudyReport } from './build.ts';
import { formatHtml, type HtmlOptions } from './formats/html.ts';
import { csvNotes, formatCsv, formatJson, formatMarkdown, formatTable, jsonNotes, markdownNotes, notes } from './formats/text.ts';
import { leftOutLines } from './left-out.ts';

import type { ReportFormat } from './format-names.ts';
export { REPORT_FORMATS, type ReportFormat } from './format-names.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function renderReport(report: StudyReport, format: ReportFormat, options: HtmlOptions = {}): Promise<string> {
  const sections = report.sections ?? [];
  // Milgram's own formats state the warnings and what was left out themselves.
  if (sections.length === 0 || (sections.length === 1 && sections[0]!.protocol === 'milgram')) return renderMilgram(report, format, options);
  if (sections.length === 1) return withNotes(report, format, await renderSection(sections[0]!, format, options, report));
  switch (format) {
    case 'table': return withNotes(report, format, sections.map((s) => `== ${s.title} (protocol ${s.protocol}) ==\n\n${s.table()}`).join('\n'));
    case 'md': return withNotes(report, format, sections.map((s) => s.markdown()).join('\n'));
    // CSV columns differ by protocol: one block per protocol, each with its header row.
    case 'csv': return withNotes(report, format, sections.map((s) => `# protocol: ${s.protocol}\r\n${s.csv()}`).join('\r\n'));
    case 'json': return `${JSON.stringify({ sections: sections.map((s) => ({ protocol: s.protocol, ...s.json })), ...jsonNotes(report) }, null, 2)}\n`;
    case 'html': return htmlPage(sections, options, report);
  }
}

/** The warnings and what was left out, after a section-built table, Markdown or CSV. */
function withNotes(report: StudyReport, format: ReportFormat, text: string): string {
  switch (format) {
    case 'table': {
      const lines = notes(report);
      return lines.length ? `${text.replace(/\n*$/, '\n')}\n${lines.join('\n')}\n` : text;
    }
    case 'md': {
      const lines = markdownNotes(report);
      return lines.length ? `${text.replace(/\n*$/, '\n')}\n${lines.join('\n')}\n` : text;
    }
    case 'csv': {
      const tail = csvNotes(report);
      return tail ? `${text.replace(/(\r\n)*$/, '\r\n')}${tail}` : text;
    }
    default: return text;
  }
}

/** The HTML of the warnings and what was left out ('' when neither). */
function htmlNotes(report: StudyReport): string {
  const left = leftOutLines(report.leftOut);
  return [
    report.warnings.length ? `<div id="warnings" class="note"><strong>Warnings</strong><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>` : '',
    left.length ? `<div id="left-out" class="note"><strong>Left out of this report</strong><ul>${left.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>${(report.leftOut?.examples ?? []).length ? `<p>For example: ${report.leftOut!.examples.map(esc).join('; ')}</p>` : ''}</div>` : '',
  ].filter(Boolean).join('\n');
}

function renderMilgram(report: StudyReport, format: ReportFormat, options: HtmlOptions): Promise<string> | string {
  switch (format) {
    case 'table': return formatTable(report);
    case 'json': return formatJson(report);
    case 'csv': return formatCsv(report);
    case 'md': return formatMarkdown(report);
    case 'html': return formatHtml(report, options);
  }
}

function renderSection(s: ReportSection, format: ReportFormat, options: HtmlOptions, report: StudyReport): Promise<string> | string {
  switch (format) {
    case 'table': return s.table();
    case 'json': return `${JSON.stringify({ protocol: s.protocol, ...s.json, ...jsonNotes(report) }, null, 2)}\n`;
    case 'csv': return s.csv();
    case 'md': return s.markdown();
    case 'html': return htmlPage([s], options, report);
  }
}

/** A self-contained page (inline CSS and SVG, no script, no external resource) of the sections. */
async function htmlPage(sections: readonly ReportSection[], options: HtmlOptions, report: StudyReport): Promise<string> {
  const title = options.title ?? 'milgram-sim study report';
  const bodies: string[] = [];
  for (const s of sections) bodies.push(`<section id="protocol-${esc(s.protocol)}">\n<h2 class="protocol">${esc(s.title)}</h2>\n${await s.html()}\n</section>`);
  const sources = options.sources?.length ? `<p class="note">Sources: ${options.sources.map((s) => `${esc(s.file)} (${s.records} records)`).join(', ')}.</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; } h2.protocol { font-size: 1.4rem; border-bottom: 2px solid #ccd; }
table { border-collapse: collapse; font-size: 12.5px; margin: .8rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; white-space: nowrap; }
th { background: #f3f5f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; } figure { margin: 1.2rem 0; } figure svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 12.5px; max-width: 60rem; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${sources}
${htmlNotes(report)}
${bodies.join('\n')}
</body>
</html>
`;
}
