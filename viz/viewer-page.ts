// The run viewer: one self-contained HTML file. The diagram is rendered once (Graphviz SVG,
// inline), the runs go in as compact JSON, and the page's script and styles are inlined from
// viz/viewer/. A Content-Security-Policy forbids every network load, so the file works offline
// and cannot leak anything when opened.
import { readFileSync } from 'node:fs';
import type { MilgramResult as RunResult } from '../engine/result.ts';
import { toDot } from './dot.ts';
import { diagramMachine, graphOf } from './machines.ts';
import { buildViewerData } from './run-data.ts';
import { dotToSvg } from './svg.ts';
import { escapeHtml } from './html-escape.ts';

const asset = (name: string) => readFileSync(new URL(`./viewer/${name}`, import.meta.url), 'utf8');
// JSON inside <script>: "<" is escaped so no "</script>" or "<!--" can end the block early.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export interface ViewerOptions {
  machine?: string;
  title?: string;
  /** Where the records came from, shown in the header. */
  source?: string;
  /** Shown under the title: what the page holds when it is a part of a large file (see viz/read-records.ts). */
  note?: string;
}

export async function viewerHtml(results: readonly RunResult[], options: ViewerOptions = {}): Promise<string> {
  const machineName = options.machine ?? 'milgram';
  const graph = graphOf(machineName);
  const svg = await dotToSvg(toDot(graph, diagramMachine(machineName).source));
  const data = buildViewerData(graph, results);
  const title = options.title ?? `milgram-sim runs${options.source ? `: ${options.source}` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
${asset('style.css')}
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  ${options.note ? `<p id="sample-note" class="keys">${escapeHtml(options.note)}</p>` : ''}
  <p id="summary" aria-live="polite"></p>
  <p class="keys">Keys: <kbd>&larr;</kbd>/<kbd>&rarr;</kbd> step, <kbd>Home</kbd>/<kbd>End</kbd> first/last entry, <kbd>&uarr;</kbd>/<kbd>&darr;</kbd> previous/next run, <kbd>z</kbd> zoom</p>
</header>
<main>
  <section id="runs" aria-label="Runs">
    <div class="filters">
      <label>Participant <select id="f-participant"></select></label>
      <label>Condition <select id="f-condition"></select></label>
      <label>Outcome <select id="f-outcome"></select></label>
    </div>
    <p id="run-count"></p>
    <div class="run-table"><table>
      <thead><tr><th>Participant</th><th>Condition</th><th>Outcome</th><th>Final</th></tr></thead>
      <tbody id="run-rows"></tbody>
    </table></div>
  </section>
  <section id="machine" aria-label="Machine diagram">
    <div class="diagram-bar"><button id="zoom" type="button" aria-pressed="false" title="toggle between fitting the pane and full size (z)">Zoom to full size</button></div>
    <div id="diagram">${svg.slice(svg.indexOf('<svg'))}</div>
    <p class="legend"><span class="l-path">selected run's path</span> <span class="l-current">current state</span> <span class="l-weight">line width and (n): runs in the filtered list that took the transition</span></p>
    <div id="meter" aria-label="Voltage meter"></div>
  </section>
  <section id="transcript" aria-label="Transcript">
    <div id="run-head"></div>
    <div class="controls">
      <button id="prev" type="button" title="previous entry (left arrow)">&larr; Back</button>
      <input id="step" type="range" min="0" max="0" value="0" aria-label="transcript position">
      <button id="next" type="button" title="next entry (right arrow)">Forward &rarr;</button>
      <span id="step-label"></span>
    </div>
    <ol id="entries"></ol>
  </section>
</main>
<script type="application/json" id="viewer-data">${scriptJson(data)}</script>
<script>
${asset('client.js')}
</script>
</body>
</html>
`;
}
