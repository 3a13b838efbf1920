// Milgram's section of the study report. The figures and formats are the report/ files written
// for this protocol (groups by participant x condition x ladder, refusal and max-shock rates,
// Fisher against 1963, charts); this adapts them to the report frame's section interface.
import type { ReportSection } from '../../engine/protocol.ts';
import { formatCsv, formatJson, formatMarkdown, formatTable } from '../../report/formats/text.ts';
import { groupRecords } from '../../report/group.ts';
import { groupMetrics } from '../../report/metrics.ts';
import { censusReference } from '../../report/census.ts';
import { conditionContrasts } from '../../report/contrasts.ts';
import type { MilgramResult } from './result.ts';

export function milgramReportSection(records: readonly MilgramResult[], { seed, reference }: { seed: number; reference?: string }): ReportSection {
  const grouped = groupRecords(records);
  const groups = grouped.map((g) => groupMetrics(g, { seed }));
  // Warnings and what was left out are the whole report's: report/render.ts states them once.
  const report = { groups, contrasts: conditionContrasts(grouped), ...(reference === 'census' ? { census: censusReference(groups) } : {}), warnings: [] };
  return {
    protocol: 'milgram',
    title: 'Milgram protocol',
    json: JSON.parse(formatJson(report)) as ReportSection['json'],
    table: () => formatTable(report),
    markdown: () => formatMarkdown(report),
    csv: () => formatCsv(report),
    async html() {
      // The Milgram HTML report's body (summary table, curves, refusal rates, final voltages).
      const { formatHtml } = await import('../../report/formats/html.ts');
      const page = await formatHtml(report);
      return page.slice(page.indexOf('<body>') + '<body>'.length, page.lastIndexOf('</body>')).replace(/<h1>[\s\S]*?<\/h1>\n?/, '');
    },
  };
}
