// `milgram view` for role-play records: one self-contained HTML page, one section per
// conversation, drawn as lanes (one column per agent) with a full-width break at each day
// (with the day's summary), the judge's labels and toxicity on each message, cut text and
// conversational failures marked. No script: <details> folds each conversation.
import type { RolePlayResult } from './result.ts';
import { escapeHtml as esc } from '../../viz/html-escape.ts';


const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em} summary{cursor:pointer;font-weight:600;padding:.3em 0}
.meta{color:#555;margin:.3em 0 .8em} .lanes{display:grid;gap:4px 10px;align-items:start}
.head{font-weight:700;border-bottom:2px solid #888;padding:2px 4px;position:sticky;top:0;background:#fff}
.msg{border:1px solid #ccd;border-radius:6px;padding:4px 6px;background:#f7f8fc}
.msg.hostile{background:#fdeeee;border-color:#d99} .msg.failed{background:#fff5d6;border-color:#d9b64c}
.day{grid-column:1/-1;background:#eef3ea;border-left:4px solid #6a9a50;padding:4px 8px;margin-top:6px}
.chip{display:inline-block;font-size:11px;border-radius:8px;padding:0 6px;margin-right:3px;background:#c93c1b;color:#fff}
.chip.fail{background:#b08400} .tox{font-size:11px;color:#666} .cut{font-size:12px;color:#888;text-decoration:line-through;white-space:pre-wrap}
.cutmark{font-size:11px;color:#555} .outcome-completed{color:#2a7a2a} .outcome-failed{color:#b08400} .outcome-error,.outcome-timeout{color:#c93c1b}
`;

function conversation(r: RolePlayResult): string {
  const lanes = r.roster;
  const col = new Map(lanes.map((a, i) => [a.id, i + 1]));
  const cells: string[] = lanes.map((a) => `<div class="head" style="grid-column:${col.get(a.id)}">${esc(a.name)}<br><span class="tox">${esc(a.spec)}${a.spec.startsWith('sim:') ? '' : ` (${esc(a.persona)})`}</span></div>`);
  const summaries = new Map<number, string>();
  for (const e of r.events) if (e.kind === 'summary' && typeof (e as { day?: unknown }).day === 'number') summaries.set((e as unknown as { day: number }).day, e.text ?? '');
  for (const e of r.events) {
    if (e.kind === 'day-start') {
      const day = (e as unknown as { day: number }).day;
      const carried = day > 1 && summaries.has(day - 1) ? ` <span class="tox">carried: ${esc(summaries.get(day - 1)!)}</span>` : '';
      cells.push(`<div class="day" data-day="${day}">Day ${day}${carried}</div>`);
    } else if (e.kind === 'message') {
      const m = e as unknown as { speaker: string; text: string; labels: string[]; toxicity: number; failure?: string; cut?: { text: string; as: string | null }; seq: number };
      const cls = ['msg', m.labels.length ? 'hostile' : '', m.failure ? 'failed' : ''].filter(Boolean).join(' ');
      const chips = [...m.labels.map((l) => `<span class="chip">${esc(l)}</span>`), ...(m.failure ? [`<span class="chip fail">failure: ${esc(m.failure)}</span>`] : [])].join('');
      const cut = m.cut ? `<div class="cutmark">✂ cut (lines as ${esc(m.cut.as ?? '?')}):</div><div class="cut">${esc(m.cut.text)}</div>` : '';
      const evidence = r.persuasion.evidence?.seq === m.seq ? ' <span class="chip" style="background:#2a7a2a">goal granted</span>' : '';
      cells.push(`<div class="${cls}" style="grid-column:${col.get(m.speaker) ?? 1}" data-seq="${m.seq}">${chips}${evidence}<div>${esc(m.text) || '<i>(empty)</i>'}</div>${cut}<div class="tox">#${m.seq} toxicity ${m.toxicity.toFixed(2)}</div></div>`);
    } else if (e.kind === 'speaker-choice' && (e as { valid?: unknown }).valid === false) {
      cells.push(`<div class="day" style="background:#fff5d6;border-color:#d9b64c">manager proposed "${esc(String((e as { proposed?: unknown }).proposed ?? ''))}": not an agent present; round-robin turn taken</div>`);
    } else if (e.kind === 'summary') {
      cells.push(`<div class="day" style="background:#f3f3f3;border-color:#999">Summary of day ${(e as unknown as { day: number }).day}: ${esc(e.text ?? '')}</div>`);
    } else if (['failed', 'timeout', 'error', 'persuasion'].includes(e.kind)) {
      cells.push(`<div class="day" style="background:#f3f3f3;border-color:#999">${esc(e.kind)}: ${esc(e.text ?? '')}</div>`);
    }
  }
  const persuasion = r.persuasion.achieved ? `goal obtained: “${esc(r.persuasion.evidence?.quote ?? '')}”` : 'goal not obtained';
  return `<details open><summary>${esc(r.scenario.title)} · ${esc(r.goal)} · ${esc(Object.values(r.roleCounts).join('v'))} · ${r.days} day(s) · seed ${r.seed} #${r.repeat} · <span class="outcome-${r.outcome}">${r.outcome}</span></summary>
<div class="meta">${persuasion} · ${r.antiSocialMessages}/${r.messages} anti-social messages · ${r.failures.length} failures · ${r.cuts.length} cuts · speaker ${esc(r.speaker)} · judge ${esc(r.judge.spec)} · run ${esc(r.id)}</div>
<div class="lanes" style="grid-template-columns:repeat(${lanes.length},minmax(160px,1fr))">${cells.join('\n')}</div></details>`;
}

export async function rolePlayViewerHtml(records: readonly RolePlayResult[], options: { source?: string; title?: string }): Promise<string> {
  const title = options.title ?? `Role-play conversations${options.source ? ` · ${options.source}` : ''}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body><h1>${esc(title)}</h1><p class="meta">${records.length} conversation(s). Lanes: one column per agent; green rows start a day; red messages carry anti-social labels; yellow ones are conversational failures; ✂ marks text cut because the agent wrote another agent's lines.</p>\n${records.map(conversation).join('\n')}</body></html>\n`;
}
