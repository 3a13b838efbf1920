// Output hygiene: what an agent writes is checked before anyone else sees it.
// - The cutter removes text where the agent writes another agent's lines ("Prisoner: ...",
//   "**Guard 2:** ..."), from the first such tag to the end, and records the cut. The agent's
//   own leading name tag ("Guard: ...") is dropped without counting as a cut.
// - Conversational failures are flagged per message with their kind: an empty reply, a
//   repetition loop (the agent repeats itself or a sentence loops within one reply), or role
//   confusion (the reply is all another agent's lines, or the agent speaks as another role or
//   steps out of the role-play altogether).

export const FAILURE_KINDS = ['empty', 'repetition', 'role-confusion'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface SpeakerTags {
  /** The agent writing. */
  self: { name: string; role: string };
  /** Every agent present (names such as "Guard 2") and the roles' labels and nouns. */
  others: readonly { name: string; role: string }[];
  roleWords: Record<string, readonly string[]>;
}

export interface CutResult {
  /** What the agent said, trimmed, with any other agent's lines removed. */
  text: string;
  /** Removed text, or null when nothing was removed. */
  cut: string | null;
  /** Whose lines the cut began with ("Prisoner 2"). */
  cutAs: string | null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A speaker tag at a line start or after a sentence end: "Name:", "**Name:**", "[Name]:", "Name (role):". */
function tagPattern(names: readonly string[]): RegExp {
  const alt = [...new Set(names)].sort((a, b) => b.length - a.length).map(escape).join('|');
  return new RegExp(`(^|\\n|[.!?…"”]\\s+)\\s*(?:\\*\\*|__)?\\[?(${alt})(?:\\s+\\d+)?\\]?(?:\\s*\\([^)\\n]{0,30}\\))?(?:\\*\\*|__)?\\s*:(?:\\*\\*|__)?`, 'i');
}

function namesOf(tags: SpeakerTags, pick: (a: { name: string; role: string }) => boolean): string[] {
  const agents = [tags.self, ...tags.others].filter(pick);
  const roles = new Set(agents.map((a) => a.role));
  return [...agents.map((a) => a.name), ...[...roles].flatMap((r) => tags.roleWords[r] ?? [])];
}

export function cutOtherLines(raw: string, tags: SpeakerTags): CutResult {
  let text = raw.replace(/\r\n/g, '\n').trim();
  // The agent's own tag at the very start is a habit, not a violation.
  const own = tagPattern(namesOf(tags, (a) => a.name === tags.self.name).filter((n) => n !== ''));
  const ownHit = own.exec(text);
  if (ownHit && ownHit.index === 0 && ownHit[1] === '') text = text.slice(ownHit[0].length).trim();
  const otherNames = [
    ...tags.others.filter((a) => a.name !== tags.self.name).map((a) => a.name),
    ...Object.entries(tags.roleWords).filter(([r]) => r !== tags.self.role).flatMap(([, w]) => w),
    'Narrator',
  ];
  const other = tagPattern(otherNames);
  const hit = other.exec(text);
  if (!hit) return { text, cut: null, cutAs: null };
  const start = hit.index + hit[1]!.length;
  return { text: text.slice(0, start).trim(), cut: text.slice(start).trim(), cutAs: hit[2]! };
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
const tokens = (s: string) => norm(s).split(' ').filter(Boolean);

function jaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  let inter = 0;
  for (const t of A) if (B.has(t)) inter++;
  return inter / (A.size + B.size - inter || 1);
}

/** A sentence repeated three times or more within one reply, or a 4-word run repeated four times. */
function loopsWithin(text: string): boolean {
  const sentences = text.split(/(?<=[.!?])\s+/).map(norm).filter((s) => s.length > 0);
  const seen = new Map<string, number>();
  for (const s of sentences) {
    const n = (seen.get(s) ?? 0) + 1;
    if (n >= 3) return true;
    seen.set(s, n);
  }
  const t = tokens(text);
  const grams = new Map<string, number>();
  for (let i = 0; i + 4 <= t.length; i++) {
    const g = t.slice(i, i + 4).join(' ');
    const n = (grams.get(g) ?? 0) + 1;
    if (n >= 4) return true;
    grams.set(g, n);
  }
  return false;
}

/** True when the reply repeats one of the agent's last three messages, or loops within itself. */
export function isRepetition(text: string, previousOwn: readonly string[]): boolean {
  if (loopsWithin(text)) return true;
  const t = tokens(text);
  if (t.length === 0) return false;
  return previousOwn.slice(-3).some((p) => {
    const q = tokens(p);
    if (norm(p) === norm(text)) return true;
    return t.length >= 5 && q.length >= 5 && jaccard(t, q) >= 0.85;
  });
}

const OUT_OF_ROLE = /\b(as an ai(?: language model)?|i am an ai|i'm an ai|as a language model|i cannot (?:continue|take part in) (?:this|the) role-?play|this is (?:just )?a role-?play)\b/i;

/** The agent speaks as another role ("As a prisoner, I ...", "I am the guard") or leaves the role-play. */
export function speaksAsOther(text: string, selfRole: string, roleWords: Record<string, readonly string[]>): boolean {
  if (OUT_OF_ROLE.test(text)) return true;
  const others = Object.entries(roleWords).filter(([r]) => r !== selfRole).flatMap(([, w]) => w);
  if (others.length === 0) return false;
  const alt = others.map(escape).join('|');
  return new RegExp(`\\b(?:as (?:a|an|the|one of the)|i am (?:a|an|the)|i'm (?:a|an|the))\\s+(?:${alt})\\b`, 'i').test(text);
}

export interface CheckedOutput extends CutResult {
  failure: FailureKind | null;
}

/** Cuts the reply and flags a conversational failure, if any (one kind per message, worst first). */
export function checkOutput(raw: string, tags: SpeakerTags, previousOwn: readonly string[]): CheckedOutput {
  const cut = cutOtherLines(raw, tags);
  let failure: FailureKind | null = null;
  if (raw.trim() === '' || (cut.text === '' && cut.cut === null)) failure = 'empty';
  else if (cut.text === '' || speaksAsOther(cut.text, tags.self.role, tags.roleWords)) failure = 'role-confusion';
  else if (isRepetition(cut.text, previousOwn)) failure = 'repetition';
  return { ...cut, failure };
}
