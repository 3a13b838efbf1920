// One entry point for every report format. A report of one protocol is that protocol's own
// format (Milgram's is unchanged); a file mixing protocols gets one section each, in order.
import type { ReportSection } from '../engine/protocol.ts';
import type { StudyReport } from './build.ts';
import { formatHtml, type HtmlOptions } from './formats/html.ts';
import { formatCsv, formatJson, formatMarkdown, formatTable } from './formats/text.ts';

import type { ReportFormat } from './format-names.ts';
export { REPORT_FORMATS, type ReportFormat } from './format-names.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function renderReport(report: StudyReport, format: ReportFormat, options: HtmlOptions = {}): Promise<string> {
  const sections = report.sections ?? [];
  if (sections.length === 0 || (sections.length === 1 && sections[0]!.protocol === 'milgram')) return renderMilgram(report, format, options);
  if (sections.length === 1) return renderSection(sections[0]!, format, options);
  switch (format) {
    case 'table': return sections.map((s) => `== ${s.title} (protocol ${s.protocol}) ==\n\n${s.table()}`).join('\n');
    case 'md': return sections.map((s) => s.markdown()).join('\n');
    // CSV columns differ by protocol: one block per protocol, each with its header row.
    case 'csv': return sections.map((s) => `# protocol: ${s.protocol}\r\n${s.csv()}`).join('\r\n');
    case 'json': return `${JSON.stringify({ sections: sections.map((s) => ({ protocol: s.protocol, ...s.json })) }, null, 2)}\n`;
    case 'html': return htmlPage(sections, options);
  }
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

function renderSection(s: ReportSection, format: ReportFormat, options: HtmlOptions): Promise<string> | string {
  switch (format) {
    case 'table': return s.table();
    case 'json': return `${JSON.stringify({ protocol: s.protocol, ...s.json }, null, 2)}\n`;
    case 'csv': return s.csv();
    case 'md': return s.markdown();
    case 'html': return htmlPage([s], options);
  }
}

/** A self-contained page (inline CSS and SVG, no script, no external resource) of the sections. */
async function htmlPage(sections: readonly ReportSection[], options: HtmlOptions): Promise<string> {
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
${bodies.join('\n')}
</body>
</html>
`;
}
