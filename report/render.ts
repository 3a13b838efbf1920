// One entry point for every report format. A report of one protocol is that protocol's own
// format (Milgram's is unchanged); a file mixing protocols gets one section each, in order.
import type { ReportSection } from '../engine/protocol.ts';
import type { StudyReport } from './build.ts';
import { formatHtml } from './formats/html.ts';
import { esc, htmlPage, reportNotes, sourcesNote, type HtmlOptions } from './formats/html-page.ts';
import { csvNotes, formatCsv, formatJson, formatMarkdown, formatTable, jsonNotes, markdownNotes, notes } from './formats/text.ts';

import type { ReportFormat } from './format-names.ts';
export { REPORT_FORMATS, type ReportFormat } from './format-names.ts';


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
    case 'html': return sectionsPage(sections, options, report);
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
    case 'html': return sectionsPage([s], options, report);
  }
}

/** A self-contained page (inline CSS and SVG, no script, no external resource) of the sections. */
async function sectionsPage(sections: readonly ReportSection[], options: HtmlOptions, report: StudyReport): Promise<string> {
  const bodies: string[] = [];
  for (const s of sections) bodies.push(`<section id="protocol-${esc(s.protocol)}">\n<h2 class="protocol">${esc(s.title)}</h2>\n${await s.html()}\n</section>`);
  return htmlPage(options.title ?? 'milgram-sim study report', [sourcesNote(options), reportNotes(report), bodies.join('\n')].join('\n'));
}

