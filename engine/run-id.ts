// The run id: same participant, condition, ladder, seed and repeat (and arm variant, see
// armVariant), same id. The one place the id's parts and their order are defined: the protocol
// gives each record its id with it, and batches predict ids with it to resume.
import { stableId } from './prng.ts';

export function runId(parts: { participant: string; condition: string; ladder: string; seed: number; repeat: number; variant?: string }): string {
  const middle = parts.variant ? [parts.condition, parts.ladder, parts.variant] : [parts.condition, parts.ladder];
  return stableId(parts.participant, ...middle, parts.seed, parts.repeat);
}
