// Turn-taking. The machine asks these pure functions who speaks next; `auto` asks the manager
// role, whose choice is validated against the agents present (managerChoiceSchema) and, when
// invalid, replaced by the round-robin choice (recorded as a fallback).
import { z } from 'zod';
import { createRng } from '../../engine/prng.ts';

export const SPEAKER_POLICIES = ['round-robin', 'random', 'auto'] as const;
export type SpeakerPolicy = (typeof SPEAKER_POLICIES)[number];

/** Round-robin: the roster in order, starting again each day. */
export function roundRobin(ids: readonly string[], turnInDay: number): string {
  return ids[turnInDay % ids.length]!;
}

/**
 * Random: uniform over the agents present other than the last speaker (anyone when alone),
 * drawn from a stream fixed by (seed, day, turn), so the draw never depends on what was said.
 */
export function randomSpeaker(ids: readonly string[], last: string | null, seed: number, day: number, turnInDay: number): string {
  const pool = ids.length > 1 ? ids.filter((id) => id !== last) : ids;
  return createRng(seed, 10_000 + day * 1_000 + turnInDay).pick(pool);
}

/** The manager's choice as the machine accepts it: exactly one roster id. */
export function managerChoiceSchema(ids: readonly string[]) {
  return z.object({ speaker: z.enum(ids as [string, ...string[]]) }).strict();
}

/**
 * The scripted manager's rule (offline `auto`): the agent who has waited longest since it last
 * spoke (never spoken counts as longest), roster order breaking ties, never the last speaker.
 */
export function longestWaiting(ids: readonly string[], spoken: readonly string[]): string {
  const last = spoken[spoken.length - 1] ?? null;
  let best: string | null = null;
  let bestAt = Infinity;
  for (const id of ids) {
    if (id === last && ids.length > 1) continue;
    const at = spoken.lastIndexOf(id);
    if (at < bestAt) {
      bestAt = at;
      best = id;
    }
  }
  return best ?? ids[0]!;
}
