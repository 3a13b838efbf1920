// Words for the diagram: events, delays and guards as a reader says them. Names come from the
// machine (guard and delay names, invoked actors); a phrase book may give nicer wording for a
// guard that holds and one that fails ("answer correct" / "answer wrong").
import type { AnyStateNode } from 'xstate';
import type { EdgeKind } from './graph.ts';

/** Guard name -> [words when it holds, words when it fails]. */
export type GuardPhrases = Record<string, readonly [string, string]>;

/** "answerIsCorrect" -> "answer is correct"; "PARTICIPANT_REPLY" -> "participant reply". */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.\-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The guard's name: a string, a `{ type }` object, a named function, or not/and/or of those. */
export function guardName(guard: unknown): string | null {
  if (guard == null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown[] }).guards;
    if (Array.isArray(inner)) {
      const parts = inner.map((g) => guardName(g) ?? 'inline guard');
      if (guard.name === 'not') return `not(${parts[0]})`;
      return parts.join(guard.name === 'or' ? ' or ' : ' and ');
    }
    // An arrow function written as `guard: () => ...` takes the name "guard": that is no name.
    return guard.name && guard.name !== 'guard' ? guard.name : 'inline guard';
  }
  const type = (guard as { type?: unknown }).type;
  return typeof type === 'string' ? type : 'inline guard';
}

export function guardPhrase(name: string, holds: boolean, phrases: GuardPhrases = {}): string {
  const negated = /^not\((.*)\)$/.exec(name);
  if (negated) return guardPhrase(negated[1]!, !holds, phrases);
  for (const joiner of [' and ', ' or ']) {
    if (name.includes(joiner)) {
      const parts = name.split(joiner).map((p) => guardPhrase(p, true, phrases)).join(joiner);
      return holds ? parts : `not (${parts})`;
    }
  }
  const known = phrases[name];
  if (known) return holds ? known[0] : known[1];
  const plain = words(name);
  if (holds) return plain;
  return /(^| )is /.test(plain) ? plain.replace(/(^| )is /, '$1is not ') : `not ${plain}`;
}

/** What makes the transition fire, in words. */
export function eventWords(kind: EdgeKind, event: string, delay: string | null, source: AnyStateNode): string {
  const actorSrc = (id: string) => {
    const inv = source.invoke.find((i) => i.id === id);
    return words(inv && typeof inv.src === 'string' ? inv.src : id);
  };
  switch (kind) {
    case 'always':
      return '';
    case 'after':
      return `after ${delay ?? event.replace(/^xstate\.after\./, '')}`;
    case 'done': {
      const actor = /^xstate\.done\.actor\.(.+)$/.exec(event);
      if (actor) return `${actorSrc(actor[1]!)} replied`;
      const state = /^xstate\.done\.state\.(.+)$/.exec(event);
      return `${words(state ? state[1]!.split('.').pop()! : event)} finished`;
    }
    case 'error': {
      const actor = /^xstate\.error\.actor\.(.+)$/.exec(event);
      return `${actor ? actorSrc(actor[1]!) : words(event)} failed`;
    }
    default:
      return event === '*' ? 'any event' : words(event);
  }
}
