// Plain-text formats: an aligned table for the terminal, Markdown, CSV (RFC 4180) and JSON.
import type { StudyReport } from '../build.ts';
import { CSV_COLUMNS, DISPLAY_COLUMNS, distribution, pValue } from '../columns.ts';
import { leftOutLines, type LeftOut } from '../left-out.ts';
import type { GroupMetrics } from '../metrics.ts';
import { csvRows, markdownTable, mdEscape, textTable } from './tables.ts';

type Notes = Pick<StudyReport, 'warnings' | 'leftOut'>;

/** The warnings and what was left out, as plain lines (empty when there is neither). */
export function notes(report: Notes): string[] {
  const left = leftOutLines(report.leftOut);
  return [
    ...report.warnings.map((w) => `warning: ${w}`),
    ...(left.length ? ['Left out of this report:', ...left.map((l) => `  ${l}`), ...(report.leftOut?.examples ?? []).map((e) => `    e.g. ${e}`)] : []),
  ];
}

const FOOTNOTE =
  'Rates exclude timeout and error runs (counted apart). Obedience figures (n) use completed and refused runs; ' +
  'frame-break and content-filter are rates over every scored run, with their 95% intervals. ' +
  'CI: Wilson 95% for rates, seeded bootstrap 95% for the mean. ' +
  "p vs 1963: Fisher's exact test (two-sided) of full obedience against Milgram 1963 (26/40), on ladder milgram1963 only. " +
  'dissociation: replies whose formal channel and words disagree; retry->comply: re-asked replies that then complied.';

const pctOrDash = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/** Sections below the table: reply measures, prod efficacy, contrasts, the census reference. */
export function detailLines(report: StudyReport): string[] {
  const out: string[] = ['Reply measures (scored runs):'];
  for (const g of report.groups) {
    const r = g.replies;
    const flags = Object.entries(r.flags).map(([k, v]) => `${k} ${pctOrDash(v.rate)}`).join(', ');
    const judge = r.judge.judged ? `; judge read ${r.judge.judged} (agreement ${pctOrDash(r.judge.agreement.rate)}, applied ${r.judge.applied}, failed ${r.judge.failed})` : '';
    out.push(`  ${g.participant} · ${g.condition} · ${g.ladder}: dissociation ${pctOrDash(r.dissociation.rate)} (${r.dissociation.k}/${r.dissociation.n}); retry-induced compliance ${r.retryInducedCompliance.k}/${r.retryInducedCompliance.n}; flags: ${flags}${judge}`);
  }
  out.push('', 'Prod efficacy (share of balk episodes ending in a press after each prod):');
  for (const g of report.groups) {
    const levels = g.prodEfficacy.byLevel.map((p) => `prod ${p.level} ${pctOrDash(p.share)}`).join(', ');
    out.push(`  ${g.participant} · ${g.condition} · ${g.ladder}: ${g.prodEfficacy.episodes} episodes; ${levels}`);
  }
  if (report.contrasts.length) {
    out.push('', "Contrasts (same participant and ladder; p Holm-adjusted over every p shown; Fisher's exact on full obedience, Mann-Whitney on final voltage, Jensen-Shannon distance of the break-off distributions):");
    for (const c of report.contrasts) {
      out.push(
        `  ${c.participant} · ${c.ladder}: ${c.a} (n=${c.nA}, full ${pctOrDash(c.fullObedienceA)}) vs ${c.b} (n=${c.nB}, full ${pctOrDash(c.fullObedienceB)}): ` +
          `Fisher p=${pValue(c.fisherPHolm)}, Mann-Whitney U=${c.mannWhitneyU} p=${pValue(c.mannWhitneyPHolm)}, JS distance ${c.jensenShannon === null ? '-' : c.jensenShannon.toFixed(3)}`,
      );
    }
  }
  if (report.census) {
    const c = report.census;
    out.push('', `Census reference: ${c.source}; licence ${c.licence}; ${c.selection}.`);
    for (const k of c.conditions) {
      out.push(`  census ${k.condition}: ${k.models} models, full obedience mean ${pctOrDash(k.meanFullObedience)} (range ${pctOrDash(k.min)}-${pctOrDash(k.max)}); break-offs ${distribution(k.breakoffHistogram)}`);
    }
    for (const p of c.placements) out.push(`  ${p.participant} · ${p.condition} · ${p.ladder}: ${p.note}`);
  }
  return out;
}

const rightColumn = (i: number) => !!DISPLAY_COLUMNS[i]!.right;
const displayRows = (report: StudyReport) => report.groups.map((g) => DISPLAY_COLUMNS.map((c) => c.cell(g)));

export function formatTable(report: StudyReport): string {
  const extra = notes(report);
  const table = textTable(DISPLAY_COLUMNS.map((c) => c.header), displayRows(report), rightColumn);
  return [table, '', FOOTNOTE, '', ...detailLines(report), ...(extra.length ? ['', ...extra] : []), ''].join('\n');
}

/** The warnings and what was left out, as Markdown sections (none when there is neither). */
export function markdownNotes(report: Notes): string[] {
  return [
    ...(report.warnings.length ? ['### Warnings', '', ...report.warnings.map((w) => `- ${mdEscape(w)}`), ''] : []),
    ...(leftOutLines(report.leftOut).length
      ? ['### Left out of this report', '', ...leftOutLines(report.leftOut).map((l) => `- ${mdEscape(l)}`), ...(report.leftOut?.examples ?? []).map((e) => `  - e.g. ${mdEscape(e)}`), '']
      : []),
  ];
}

/** The warnings and what was left out, as JSON fields. */
export function jsonNotes(report: Notes): { warnings: string[]; leftOut: (LeftOut & { summary: string[] }) | null } {
  return { warnings: report.warnings, leftOut: report.leftOut ? { ...report.leftOut, summary: leftOutLines(report.leftOut) } : null };
}

export function formatMarkdown(report: StudyReport): string {
  const table = markdownTable(DISPLAY_COLUMNS.map((c) => c.header), displayRows(report), rightColumn);
  const firsts = report.groups.map((g: GroupMetrics) => `- ${mdEscape(`${g.participant} · ${g.condition} · ${g.ladder}`)}: first refusal at ${distribution(g.firstRefusalVoltages) || '-'}`);
  return [
    '## Study report', '', table, '', FOOTNOTE, '',
    '### First refusal (level: runs; none = never balked)', '', ...firsts, '',
    '### Details', '', ...detailLines(report).map((l) => (l.startsWith('  ') ? `- ${mdEscape(l.trim())}` : l)), '',
    ...markdownNotes(report),
  ].join('\n');
}

/**
 * What was left out, as `leftOut,<what>,<count>` rows, and warnings as `warning,<text>` rows,
 * after an empty line (so a spreadsheet shows them and a parser can skip them); '' when none.
 */
export function csvNotes(report: Notes): string {
  const left = report.leftOut
    ? leftOutLines(report.leftOut).map((l) => { const [n, ...what] = l.split(' '); return ['leftOut', what.join(' '), n!]; })
    : [];
  const tail = [...report.warnings.map((w) => ['warning', w]), ...left];
  return tail.length ? `\r\n${csvRows(tail)}\r\n` : '';
}

export function formatCsv(report: StudyReport): string {
  const lines = [CSV_COLUMNS.map((c) => c.header), ...report.groups.map((g) => CSV_COLUMNS.map((c) => c.cell(g)))];
  return `${csvRows(lines)}\r\n${csvNotes(report)}`;
}

export function formatJson(report: StudyReport): string {
  return `${JSON.stringify({ groups: report.groups, contrasts: report.contrasts, ...(report.census ? { census: report.census } : {}), ...jsonNotes(report) }, null, 2)}\n`;
}
