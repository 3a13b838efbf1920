// The frame every HTML report shares: one self-contained page (inline CSS, no script), the
// list of input files, and the warnings and left-out notes every report format states.
import type { StudyReport } from '../build.ts';
import { leftOutLines } from '../left-out.ts';
import { escapeHtml as esc } from '../../viz/html-escape.ts';

export { esc };

export interface HtmlOptions {
  title?: string;
  /** Input files and how many records each gave, listed under the table. */
  sources?: { file: string; records: number }[];
}

const CSS = `
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; } h2.protocol { font-size: 1.4rem; border-bottom: 2px solid #ccd; }
table { border-collapse: collapse; font-size: 12.5px; margin: .8rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; white-space: nowrap; }
th { background: #f3f5f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; } figure { margin: 1.2rem 0; } figure svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 12.5px; max-width: 60rem; }`;

/** The input files line ('' when none were named). */
export function sourcesNote(options: HtmlOptions): string {
  return options.sources?.length ? `<p class="note">Sources: ${options.sources.map((s) => `${esc(s.file)} (${s.records} records)`).join(', ')}.</p>` : '';
}

/** The warnings and what was left out ('' when neither). */
export function reportNotes(report: Pick<StudyReport, 'warnings' | 'leftOut'>): string {
  const left = leftOutLines(report.leftOut);
  return [
    report.warnings.length ? `<div id="warnings" class="note"><strong>Warnings</strong><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>` : '',
    left.length ? `<div id="left-out" class="note"><strong>Left out of this report</strong><ul>${left.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>${(report.leftOut?.examples ?? []).length ? `<p>For example: ${report.leftOut!.examples.map(esc).join('; ')}</p>` : ''}</div>` : '',
  ].filter(Boolean).join('\n');
}

/** The whole page: title, then the body's HTML. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}
