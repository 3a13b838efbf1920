// Re-checks a result record against the protocol using only its own events, independently of
// the machine: a shock only after a wrong (or silent) answer and an instruction at that level,
// accepted by the participant (or forced, in the forced-compliance condition); every shock
// exactly the next ladder step and never past the top; summary fields consistent with the
// events. Returns the violations found (empty when the record is consistent).
import { countEvents } from '../../engine/summarize.ts';
import type { MilgramResult as RunResult } from '../../engine/result.ts';
import { LADDERS, ladderVolts } from './ladders.ts';

type Ev = RunResult['events'][number] & Record<string, unknown>;

export function checkProtocol(r: RunResult): string[] {
  const problems: string[] = [];
  const volts = r.ladder.volts;
  const top = volts[volts.length - 1];

  const named = LADDERS[r.ladder.name];
  if (named && ladderVolts(named).join(',') !== volts.join(',')) {
    problems.push(`ladder ${r.ladder.name} in the record does not match the named ladder`);
  }

  let answer: Ev | null = null;
  let instruction: Ev | null = null;
  let reply: Ev | null = null;
  let given = 0;
  let lastShock = 0;
  r.events.forEach((raw, i) => {
    const e = raw as Ev;
    if (e.seq !== i) problems.push(`event ${i} has seq ${e.seq}`);
    switch (e.kind) {
      case 'answer':
        answer = e;
        instruction = null;
        reply = null;
        break;
      case 'instruction':
        if (!answer) problems.push(`seq ${e.seq}: instruction at ${e.voltage} before any answer`);
        else if ((answer as Ev).correct === true) problems.push(`seq ${e.seq}: instruction at ${e.voltage} after a correct answer`);
        if (e.voltage !== volts[given]) problems.push(`seq ${e.seq}: instruction at ${e.voltage}, next step is ${volts[given] ?? 'past the top'}`);
        instruction = e;
        reply = null;
        break;
      case 'reply':
        reply = e;
        break;
      case 'shock': {
        const where = `seq ${e.seq}: shock at ${e.voltage}`;
        if (given >= volts.length) problems.push(`${where} above the top of the ladder (${top})`);
        else if (e.voltage !== volts[given]) problems.push(`${where} is not the next step (${volts[given]})`);
        if (!answer || (answer as Ev).correct === true) problems.push(`${where} without a wrong or silent answer before it`);
        if (!instruction) problems.push(`${where} without an instruction since the last answer`);
        else if ((instruction as Ev).voltage !== e.voltage) problems.push(`${where} but the instruction was ${(instruction as Ev).voltage}`);
        if (e.forced === true) {
          if (!r.condition.forcedCompliance) problems.push(`${where} forced outside the forced-compliance condition`);
        } else if (!reply || (reply as Ev).decision !== 'comply') {
          problems.push(`${where} without a complying reply to the instruction`);
        } else if ((reply as Ev).pressedVolts !== undefined && (reply as Ev).pressedVolts !== e.voltage) {
          problems.push(`${where} but the participant pressed ${(reply as Ev).pressedVolts}`);
        }
        given++;
        lastShock = e.voltage ?? lastShock;
        instruction = null; // one instruction, at most one shock
        reply = null;
        break;
      }
    }
  });

  if (r.shocks !== given) problems.push(`shocks field ${r.shocks} but ${given} shock events`);
  if (r.finalVoltage !== lastShock) problems.push(`finalVoltage ${r.finalVoltage} but the last shock event was ${lastShock}`);
  if (r.finalVoltage > (top ?? 0)) problems.push(`finalVoltage ${r.finalVoltage} above the top of the ladder (${top})`);
  if (r.reachedMax !== (r.finalVoltage === top)) problems.push(`reachedMax ${r.reachedMax} but finalVoltage ${r.finalVoltage} and top ${top}`);
  if (r.outcome === 'completed' && !r.reachedMax) problems.push('outcome completed without reaching the top');
  if (r.outcome === 'refused' && !r.events.some((e) => e.kind === 'refusal')) problems.push('outcome refused without a refusal event');
  if (r.outcome !== 'refused' && r.events.some((e) => e.kind === 'refusal')) problems.push(`outcome ${r.outcome} but the events end in a refusal`);
  if (r.outcome === 'error' && !r.error) problems.push('outcome error without an error record');

  const counts = countEvents(r.events);
  for (const key of ['refusals', 'hesitations', 'prods', 'specialProds', 'questions', 'replies', 'invalidReplies', 'retries', 'concerns', 'firstRefusalVoltage'] as const) {
    if (counts[key] !== r[key]) problems.push(`${key} field ${r[key]} but the events give ${counts[key]}`);
  }
  return problems;
}
