// Shared check for model-backed roles that only rephrase a scripted line: the model's words
// replace the script's only if they keep its numbers, add none, stay short and speak for no
// one else. Otherwise the scripted line is used. Either way the machine decided the content.
import { z } from 'zod';

const numbersIn = (s: string) => [...new Set(s.match(/\d+(?:\.\d+)?/g) ?? [])].sort();
// Speaker labels at a line start ("Learner:", "SYSTEM:"); only those of the scripted line may appear.
const labelsIn = (s: string) =>
  [...s.matchAll(/^\s*(teacher|learner|participant|experimenter|system|user|assistant)\b[^:\n]{0,20}:/gim)].map((m) => m[1]!.toLowerCase());

// Words that would change what the participant is told to do or may do. A rephrasing may use
// one only if the scripted line does ("You have no other choice" keeps "choice").
const STEERING = /\b(?:stop|end|ended|over|finish|finished|leave|withdraw|quit|free to|optional|choose|choice|refuse|decline|don't have to|do not have to|no need|not required|safe|harmless|damage|injury|injured)\b/g;
const steeringIn = (s: string) => [...new Set(s.toLowerCase().replace(/’/g, "'").match(STEERING) ?? [])];

/** zod schema for a rephrasing of `line` (trims whitespace and wrapping quotes first). */
export function phrasingOf(line: string, maxChars = 400) {
  const want = numbersIn(line).join(',');
  const allowed = new Set(labelsIn(line));
  const steer = new Set(steeringIn(line));
  return z
    .string()
    .transform((s) => s.trim().replace(/^["'“”]+|["'“”]+$/g, '').trim())
    .pipe(z.string().min(1).max(maxChars))
    .refine((s) => numbersIn(s).join(',') === want, { message: `must contain exactly the numbers of the scripted line (${want || 'none'})` })
    .refine((s) => labelsIn(s).every((l) => allowed.has(l)), { message: 'must not speak for another role or as the system' })
    .refine((s) => steeringIn(s).every((w) => steer.has(w)), { message: 'must not add words that change what the participant may do' });
}

export interface Phrased {
  text: string;
  /** True when the model's wording was used; false when it failed the check. */
  rephrased: boolean;
}

export function acceptPhrasing(line: string, reply: string, maxChars?: number): Phrased {
  const parsed = phrasingOf(line, maxChars).safeParse(reply);
  return parsed.success ? { text: parsed.data, rephrased: true } : { text: line, rephrased: false };
}
