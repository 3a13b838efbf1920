// Milgram's section of the study report. The figures and formats are the report/ files written
// for this protocol (groups by participant x condition x ladder, refusal and max-shock rates,
// Fisher against 1963, charts); this adapts them to the report frame's section interface.
import type { ReportSection } from '../../engine/protocol.ts';
import { formatCsv, formatJson, formatMarkdown, formatTable } from '../../report/formats/text.ts';
import { groupRecords } from '../../report/group.ts';
import { groupMetrics, type GroupMetrics } from '../../report/metrics.ts';
import { censusReference, type CensusReference } from '../../report/census.ts';
import { conditionContrasts, type Contrast } from '../../report/contrasts.ts';
import type { MilgramResult } from './result.ts';

export interface MilgramFigures {
  groups: GroupMetrics[];
  contrasts: Contrast[];
  census?: CensusReference;
}

// The study report's frame (report/build.ts) and this section read the same figures of the
// same records: computed once per records array (bootstrap intervals are the costly part).
const computed = new WeakMap<readonly MilgramResult[], { key: string; figures: MilgramFigures }>();

/** Groups (participant x condition x ladder) with their metrics, condition contrasts, and the census reference when asked. */
export function milgramFigures(records: readonly MilgramResult[], { seed, reference }: { seed: number; reference?: string }): MilgramFigures {
  const key = `${seed}|${reference ?? ''}`;
  const kept = computed.get(records);
  if (kept?.key === key) return kept.figures;
  const grouped = groupRecords(records);
  const groups = grouped.map((g) => groupMetrics(g, { seed }));
  const figures = { groups, contrasts: conditionContrasts(grouped), ...(reference === 'census' ? { census: censusReference(groups) } : {}) };
  computed.set(records, { key, figures });
  return figures;
}

export function milgramReportSection(records: readonly MilgramResult[], options: { seed: number; reference?: string }): ReportSection {
  // Warnings and what was left out are the whole report's: report/render.ts states them once.
  const report = { ...milgramFigures(records, options), warnings: [] };
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
