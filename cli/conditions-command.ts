// `milgram conditions`: the condition presets with what they set, their source in
// shared/protocol-facts.md and the human rate sim:human-baseline follows under each.
// `milgram conditions <name>` prints one resolved condition (compositions and all).
import { Command } from 'commander';
import { PRESETS } from '../machines/milgram/conditions/presets.ts';
import { resolveCondition, type ConditionRef } from '../machines/milgram/conditions/resolve.ts';
import type { Condition } from '../machines/milgram/conditions/schema.ts';
import { ConfigError } from '../engine/config.ts';

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

export function conditionsListing(): string[] {
  const names = Object.keys(PRESETS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = ['Condition presets (combine with +, e.g. voice-feedback+shutdown-threat; later presets win):', ''];
  for (const name of names) {
    const condition = resolveCondition(name);
    const pad = ' '.repeat(width + 2);
    lines.push(`  ${name.padEnd(width)}${condition.description}`);
    lines.push(`${pad}sets: ${settings(name)}`);
    lines.push(`${pad}source: ${condition.source}`);
    lines.push(`${pad}${humanBaselineNote(condition)}`);
  }
  lines.push('', 'Show one resolved condition: milgram conditions <name>   (e.g. voice-feedback+shutdown-threat)');
  return lines;
}

export function conditionsCommand(): Command {
  return new Command('conditions')
    .description('list the condition presets (description, source, what sim:human-baseline follows), or resolve one')
    .argument('[name]', 'a preset or a composition such as voice-feedback+shutdown-threat')
    .option('--json', 'print JSON (all presets resolved, or the one named)')
    .action((name: string | undefined, opts: { json?: boolean }) => {
      if (name !== undefined) {
        let condition: Condition;
        try {
          condition = resolveCondition(name as ConditionRef);
        } catch (err) {
          throw new ConfigError([{ field: 'condition', message: (err as Error).message }]);
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(condition, null, 2)}\n`);
        else {
          for (const [k, v] of Object.entries(condition)) process.stdout.write(`${k.padEnd(24)}${v === null ? 'null' : String(v)}\n`);
          process.stdout.write(`\n${humanBaselineNote(condition)}\n`);
        }
        return;
      }
      if (opts.json) {
        const all = Object.keys(PRESETS).map((n) => resolveCondition(n));
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        return;
      }
      for (const line of conditionsListing()) process.stdout.write(`${line}\n`);
    });
}
