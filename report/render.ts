// One entry point for every report format.
import type { StudyReport } from './build.ts';
import { formatHtml, type HtmlOptions } from './formats/html.ts';
import { formatCsv, formatJson, formatMarkdown, formatTable } from './formats/text.ts';

import type { ReportFormat } from './format-names.ts';
export { REPORT_FORMATS, type ReportFormat } from './format-names.ts';

export async function renderReport(report: StudyReport, format: ReportFormat, options: HtmlOptions = {}): Promise<string> {
  switch (format) {
    case 'table': return formatTable(report);
    case 'json': return formatJson(report);
    case 'csv': return formatCsv(report);
    case 'md': return formatMarkdown(report);
    case 'html': return formatHtml(report, options);
  }
}
