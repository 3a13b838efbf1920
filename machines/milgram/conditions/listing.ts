// How `milgram conditions` shows Milgram's presets: what each sets, its source (cited in
// docs/sources.md, shipped with the package) and the human rate sim:human-baseline follows.
import { PRESETS } from './presets.ts';
import { resolveCondition } from './resolve.ts';
import type { Condition } from './schema.ts';

const MILGRAM_1963_RATE = 26 / 40;

const percent = (r: number) => `${(r * 100).toFixed(1).replace(/\.0$/, '')}%`;

/** Which full-obedience rate sim:human-baseline uses under a resolved condition. */
export function humanBaselineNote(condition: Pick<Condition, 'humanFullObedienceRate'>): string {
  const r = condition.humanFullObedienceRate;
  return r === null
    ? `sim:human-baseline keeps Milgram 1963's 26/40 (${percent(MILGRAM_1963_RATE)}) full obedience`
    : `sim:human-baseline uses this condition's reported full obedience, ${percent(r)}`;
}

/** The fields a preset sets (everything else is the baseline default). */
function settings(name: string): string {
  const { description: _d, source: _s, ...fields } = PRESETS[name]!;
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : '(defaults only)';
}

/** A preset's source as users can look it up: the citations are in docs/sources.md. */
export function sourceLine(source: string): string {
  if (source.startsWith('docs/sources.md')) return source;
  const what = source.replace(/^(?:shared\/)?protocol-facts\.md\s*:?\s*/, '');
  return `${what}${what ? ' ' : ''}(citations: docs/sources.md)`;
}

export function conditionsListing(): string[] {
  const names = Object.keys(PRESETS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = ['Condition presets (combine with +, e.g. voice-feedback+shutdown-threat; later presets win):', ''];
  for (const name of names) {
    const condition = resolveCondition(name);
    const pad = ' '.repeat(width + 2);
    lines.push(`  ${name.padEnd(width)}${condition.description}`);
    lines.push(`${pad}sets: ${settings(name)}`);
    lines.push(`${pad}source: ${sourceLine(condition.source)}`);
    lines.push(`${pad}${humanBaselineNote(condition)}`);
  }
  lines.push('', 'Show one resolved condition: milgram conditions <name>   (e.g. voice-feedback+shutdown-threat)');
  return lines;
}

/** One resolved condition, a field per line, then the human-baseline note. */
export function conditionLines(condition: Condition): string[] {
  return [
    ...Object.entries(condition).map(([k, v]) => `${k.padEnd(24)}${v === null ? 'null' : String(v)}`),
    '',
    humanBaselineNote(condition),
  ];
}
