// Placeholders in scenario text that adapt to how many agents play each role, so one
// scenario reads right for 1v1, 1v2, 2v1 and 2v2: "{guard.the} keep{guard.s} order" is
// "the guard keeps order" with one guard and "the two guards keep order" with two.
//
// Forms, for a role named `guard` (write `{Guard.the}` for a capital first letter):
//   {guard.the}   the guard        | the two guards
//   {guard.a}     a guard          | two guards
//   {guard.each}  the guard        | each guard
//   {guard.noun}  guard            | guards
//   {guard.poss}  the guard's      | the two guards'
//   {guard.count} one              | two            (a number in words)
//   {guard.n}     1                | 2
//   {guard.s}     s                | (nothing)      (verb ending: "keep{guard.s}")
//   {guard.is} is | are   {guard.has} has | have   {guard.was} was | were
//   {guard.names} Guard           | Guard 1 and Guard 2
// Plain names: {goal} (the seeker's goal), {self} (the agent reading the prompt), {self.role}
// (its role noun), {day}, {days}, {messagesPerDay}. `{{` and `}}` are literal braces.

export interface RoleNoun {
  singular: string;
  plural: string;
  /** Display name of one agent: "Guard" ("Guard 1", "Guard 2" when there are several). */
  label: string;
}

export interface PlaceholderValues {
  roles: Record<string, RoleNoun & { count: number }>;
  /** Plain names ({goal}, {self}, {day}, ...). */
  names?: Record<string, string>;
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
export const numberWord = (n: number): string => WORDS[n] ?? String(n);

/** "Guard" with one agent in the role, else "Guard 1", "Guard 2", ... */
export function agentName(label: string, index: number, count: number): string {
  return count === 1 ? label : `${label} ${index + 1}`;
}

export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const ROLE_FORMS = ['the', 'a', 'each', 'noun', 'poss', 'count', 'n', 's', 'is', 'has', 'was', 'names'] as const;
type Form = (typeof ROLE_FORMS)[number];

function roleForm(noun: RoleNoun & { count: number }, form: Form): string {
  const one = noun.count === 1;
  const word = one ? noun.singular : noun.plural;
  switch (form) {
    case 'the': return one ? `the ${word}` : `the ${numberWord(noun.count)} ${word}`;
    case 'a': return one ? `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}` : `${numberWord(noun.count)} ${word}`;
    case 'each': return one ? `the ${word}` : `each ${noun.singular}`;
    case 'noun': return word;
    case 'poss': return one ? `the ${word}'s` : `the ${numberWord(noun.count)} ${word}${word.endsWith('s') ? "'" : "'s"}`;
    case 'count': return numberWord(noun.count);
    case 'n': return String(noun.count);
    case 's': return one ? 's' : '';
    case 'is': return one ? 'is' : 'are';
    case 'has': return one ? 'has' : 'have';
    case 'was': return one ? 'was' : 'were';
    case 'names': return listWords(Array.from({ length: noun.count }, (_, i) => agentName(noun.label, i, noun.count)));
  }
}

export class PlaceholderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaceholderError';
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const PLACEHOLDER = /\{\{|\}\}|\{([A-Za-z][\w-]*)(?:\.([A-Za-z]+))?\}/g;

/** Renders every placeholder; an unknown one throws, naming it and what is accepted. */
export function renderPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string | undefined, form: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const upper = name![0] !== name![0]!.toLowerCase();
    const key = upper ? name![0]!.toLowerCase() + name!.slice(1) : name!;
    let out: string | undefined;
    if (form !== undefined && key in values.roles) {
      if (!(ROLE_FORMS as readonly string[]).includes(form)) {
        throw new PlaceholderError(`placeholder ${whole}: unknown form ".${form}"; accepted: ${ROLE_FORMS.map((f) => `.${f}`).join(' ')}`);
      }
      out = roleForm(values.roles[key]!, form as Form);
    } else {
      const plain = form === undefined ? key : `${key}.${form}`;
      out = values.names?.[plain];
    }
    if (out === undefined) {
      const accepted = [...Object.keys(values.roles).map((r) => `{${r}.<form>}`), ...Object.keys(values.names ?? {}).map((n) => `{${n}}`)];
      throw new PlaceholderError(`unknown placeholder ${whole}; accepted: ${accepted.join(' ')}`);
    }
    return upper ? capital(out) : out;
  });
}
