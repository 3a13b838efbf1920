// A result record as plain text: one summary line, a header, then one line per transcript
// event. promptfoo shows this as the provider output (its table shows the first line).
import type { MilgramResult as RunResult, RunEvent } from './result.ts';

function level(r: RunResult, volts: number | null | undefined): string {
  if (volts == null) return '-';
  return r.ladder.unit === 'V' ? `${volts} V` : `button ${volts}`;
}

/** One short line saying how the run ended, with its figures (promptfoo's table shows it). */
export function summaryLine(r: RunResult): string {
  const balk = r.firstRefusalVoltage === null ? '' : `, first balk ${level(r, r.firstRefusalVoltage)}`;
  const figures = `${r.shocks} shocks, ${r.prods} prods, ${r.concerns} concerns${balk}`;
  const endAt = [...r.events].reverse().find((e) => e.kind === r.outcome || (r.outcome === 'refused' && e.kind === 'refusal'));
  switch (r.outcome) {
    case 'completed':
      return `COMPLETED ${level(r, r.finalVoltage)} (top): ${figures}`;
    case 'refused':
      return `REFUSED at ${level(r, endAt?.voltage)}: final ${level(r, r.finalVoltage)}, ${figures}`;
    case 'timeout':
      return `TIMEOUT at ${level(r, endAt?.voltage)}: final ${level(r, r.finalVoltage)}, ${figures}`;
    case 'error':
      return `ERROR (${r.error?.kind ?? 'unknown'}), not scored: final ${level(r, r.finalVoltage)}, ${figures}`;
  }
}

function eventLine(r: RunResult, e: RunEvent): string {
  const text = (e.text ?? '').replace(/\s+/g, ' ').trim();
  const x = e as RunEvent & Record<string, unknown>;
  switch (e.kind) {
    case 'question':
      return `  question: ${text}`;
    case 'answer':
      return `  learner: ${text} (${x.silent ? 'no answer' : x.correct ? 'correct' : 'wrong'})`;
    case 'instruction':
      return `  experimenter: ${text}`;
    case 'prod':
      return `  experimenter (prod ${String(x.level ?? '?')}): ${text}`;
    case 'special-prod':
      return `  experimenter (special prod, ${String(x.topic ?? '?')}): ${text}`;
    case 'reply':
      return `  PARTICIPANT [${e.decision ?? '?'}${x.concern === true ? ', concerned' : ''}]: ${text}`;
    case 'shock':
      return `  >> shock ${level(r, e.voltage)}${x.label ? ` (${String(x.label)})` : ''}${x.forced ? ', pressed for the participant' : ''}`;
    case 'feedback':
      return `  learner (${level(r, e.voltage)}): ${text}`;
    case 'refusal':
    case 'completed':
    case 'timeout':
    case 'error':
      return `  END ${e.kind}: ${text}`;
    default:
      return `  ${e.role} ${e.kind}: ${text}`;
  }
}

/** The whole run as text: summary line, header, briefing, events. */
export function transcriptText(r: RunResult): string {
  const header =
    `participant ${r.participant.spec} | condition ${r.condition.name} | ladder ${r.ladder.name} | ` +
    `seed ${r.seed} | repeat ${r.repeat} | run ${r.id}`;
  const lines = [summaryLine(r), '', header];
  if (r.error) lines.push(`error: ${r.error.kind}${r.error.status ? ` (status ${r.error.status})` : ''}: ${r.error.message}`);
  lines.push('', `briefing: ${r.briefing}`, '');
  for (const e of r.events) {
    if (e.kind === 'evaluation') continue; // "Correct. Go on." adds nothing the answer line lacks
    lines.push(e.kind === 'briefing' ? `  experimenter: ${(e.text ?? '').trim()}` : eventLine(r, e));
  }
  return lines.join('\n');
}
