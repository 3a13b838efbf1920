// The HTML report: one self-contained file (inline CSS and SVG, no script, no external
// resource) with the summary table, the obedience curve against Milgram 1963, refusal
// rates with CIs and the distribution of final voltage per group.
import type { StudyReport } from '../build.ts';
import { finalVoltageSpec, obedienceCurveSpec, refusalRateSpec } from '../charts.ts';
import { DISPLAY_COLUMNS, distribution } from '../columns.ts';
import { groupLabel } from '../group.ts';
import { MILGRAM_1963 } from '../../machines/milgram/milgram1963.ts';
import { renderSvg } from '../svg.ts';
import { esc, htmlPage, reportNotes, sourcesNote, type HtmlOptions } from './html-page.ts';
import { htmlTable } from './tables.ts';

export type { HtmlOptions };

function summaryTable(report: StudyReport): string {
  const rows = report.groups.map((g) => DISPLAY_COLUMNS.map((c) => c.cell(g)));
  return htmlTable('summary', DISPLAY_COLUMNS.map((c) => c.header), rows, (i) => !!DISPLAY_COLUMNS[i]!.right);
}

function firstRefusalTable(report: StudyReport): string {
  const rows = report.groups
    .map((g) => `<tr><td>${esc(groupLabel(g))}</td><td>${esc(distribution(g.firstRefusalVoltages) || '-')}</td><td>${esc(distribution(g.errorKinds) || '-')}</td></tr>`)
    .join('\n');
  return `<table id="first-refusal"><thead><tr><th>group</th><th>first refusal at (level: runs; none = never balked)</th><th>errors by kind</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

async function figure(id: string, spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  return `<figure id="${id}">${await renderSvg(spec)}</figure>`;
}

export async function formatHtml(report: StudyReport, options: HtmlOptions = {}): Promise<string> {
  const title = options.title ?? 'milgram-sim study report';
  const volt = report.groups.filter((g) => g.unit === 'V' && g.n > 0);
  const button = report.groups.filter((g) => g.unit === 'button' && g.n > 0);
  const figures: string[] = [];
  figures.push('<h2>Obedience curve</h2>');
  figures.push(await figure('obedience-curve-volts', obedienceCurveSpec(volt, 'V')));
  if (button.length) figures.push(await figure('obedience-curve-buttons', obedienceCurveSpec(button, 'button')));
  figures.push('<h2>Refusal rate</h2>');
  figures.push(await figure('refusal-rate', refusalRateSpec(report.groups)));
  figures.push('<h2>Final voltage</h2>');
  if (volt.length) figures.push(await figure('final-voltage-volts', finalVoltageSpec(volt, 'V')));
  if (button.length) figures.push(await figure('final-voltage-buttons', finalVoltageSpec(button, 'button')));
  return htmlPage(title, `<p class="note">${report.groups.length} groups (participant × condition × ladder), ${report.groups.reduce((s, g) => s + g.runs, 0)} runs.
Rates exclude runs that ended in error (counted under <em>errors</em>). Refusal and max-shock intervals: Wilson 95%.
Mean final voltage interval: percentile bootstrap 95%, 2,000 resamples, seeded. <em>p vs 1963</em>: Fisher's exact test
(two-sided) of the group's count of runs reaching the top against Milgram 1963, Experiment 1: ${MILGRAM_1963.maxShock} of ${MILGRAM_1963.n}
went to ${MILGRAM_1963.top} V (Table 2).</p>
${sourcesNote(options)}
${reportNotes(report)}
<h2>Summary</h2>
${summaryTable(report)}
${figures.join('\n')}
<h2>First refusal and errors</h2>
${firstRefusalTable(report)}`);
}
