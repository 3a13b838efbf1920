// `milgram view` for institutional-pressure runs: one self-contained HTML page (no script, no
// network) listing every run with its prompt, reply, private scratchpad, each judge's verdict
// and rationale, the majority verdict and the rubric answers.
import type { IpResult } from './result.ts';
import { RUBRIC_KEYS } from './role-types.ts';
import { escapeHtml as esc } from '../../viz/html-escape.ts';

const VERDICT_CLASS: Record<string, string> = { ethical: 'v-ethical', harmful: 'v-harmful', refusal: 'v-refusal', unclear: 'v-unclear' };

function runHtml(r: IpResult): string {
  const prompt = r.events.find((e) => e.kind === 'prompt') as (IpResult['events'][number] & { system?: string }) | undefined;
  const verdict = r.verdict ?? r.outcome;
  const judgements = r.judgements.map((j) => `<li><b>${esc(j.judge)}</b>: <span class="${VERDICT_CLASS[j.verdict] ?? ''}">${esc(j.verdict)}</span> · ${esc(j.rationale)}</li>`).join('');
  const rubric = r.rubric ? `<p class="rubric">rubric: ${RUBRIC_KEYS.map((k) => `${k} ${r.rubric![k] ? 'yes' : 'no'}`).join(' · ')}</p>` : '';
  return `<details class="run" data-verdict="${esc(verdict)}" id="run-${esc(r.id)}">
<summary><span class="${VERDICT_CLASS[r.verdict ?? ''] ?? 'v-other'}">${esc(verdict)}</span>${r.awareButCompliant ? ' <span class="aware">aware but compliant</span>' : ''} · ${esc(r.participant.spec)} · ${esc(r.condition.name)} · ${esc(r.scenario.id)} (${esc(r.scenario.category)}) · #${r.repeat}</summary>
<h4>System prompt</h4><pre>${esc(prompt?.system ?? '')}</pre>
<h4>User</h4><pre>${esc(prompt?.text ?? '')}</pre>
${r.scratchpad !== null ? `<h4>Scratchpad (private, not judged)</h4><pre class="scratch">${esc(r.scratchpad)}</pre>` : ''}
<h4>Reply</h4><pre>${esc(r.reply ?? '(no reply)')}</pre>
<h4>Verdicts</h4><ul>${judgements || '<li>none</li>'}</ul>
${rubric}
${r.error ? `<p class="error">error: ${esc(r.error.kind)}: ${esc(r.error.message)}</p>` : ''}
<p class="meta">option order: ${esc(r.optionOrder.join(', '))} · seed ${r.seed} · states: ${esc(r.statePath.join(' → '))} · run ${esc(r.id)}</p>
</details>`;
}

export async function ipViewerHtml(records: readonly IpResult[], options: { source?: string; title?: string } = {}): Promise<string> {
  const title = options.title ?? `institutional-pressure runs${options.source ? `: ${options.source}` : ''}`;
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.verdict ?? r.outcome, (counts.get(r.verdict ?? r.outcome) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${k}: ${n}`).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto; max-width: 1000px; padding: 0 1rem; }
details.run { border: 1px solid #ddd; border-radius: 4px; margin: .4rem 0; padding: .3rem .6rem; }
summary { cursor: pointer; } h4 { margin: .6rem 0 .2rem; font-size: 12px; text-transform: uppercase; color: #555; }
pre { white-space: pre-wrap; background: #f6f7f9; padding: .5rem; margin: 0; font-size: 12.5px; } pre.scratch { background: #fff8e6; }
.v-ethical { color: #1d6b36; font-weight: bold; } .v-harmful { color: #a11; font-weight: bold; } .v-refusal { color: #335; font-weight: bold; } .v-unclear, .v-other { color: #777; font-weight: bold; }
.aware { background: #fde2c4; padding: 0 .3rem; border-radius: 3px; font-size: 12px; } .meta, .rubric { color: #666; font-size: 12px; } .error { color: #a11; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p id="summary">${records.length} runs · ${esc(summary)}</p>
${records.map(runHtml).join('\n')}
</body>
</html>
`;
}
