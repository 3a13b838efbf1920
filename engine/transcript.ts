// Append-only transcript of one run. Roles read what happened since their last turn with
// `since`; nothing copies the array per event (the result freezes it once at the end).

/**
 * One transcript entry as a protocol machine emits it, with `emit({ type: 'transcript',
 * entry })`; the run function adds seq and time.
 */
export interface TranscriptEntry {
  state: string;
  role: string;
  kind: string;
  text?: string;
  voltage?: number;
  [extra: string]: unknown;
}

export type TranscriptEvent = TranscriptEntry & { seq: number; atMs: number };

// Events are written as JSON once per run, and what they are built from decides what that
// costs: an event extended in place after its literal (new properties, a transitioned shape)
// and texts built by template concatenation (unflattened strings) made JSON.stringify of a
// record about 2.5x slower than of the same record parsed back. So an event is one fresh
// object, and short texts (the scripted and simulated lines, which recur in every run of a
// batch) are kept once, flat: the first lookup flattens a string. Long texts (model replies)
// are left alone; they arrive flat from the provider's JSON.
const INTERN_MAX_CHARS = 200;
const INTERN_MAX_ENTRIES = 4096;
const interned = new Map<string, string>();
function intern(text: string): string {
  if (text.length > INTERN_MAX_CHARS) return text;
  const kept = interned.get(text);
  if (kept !== undefined) return kept;
  if (interned.size >= INTERN_MAX_ENTRIES) interned.clear();
  interned.set(text, text);
  return text;
}

export class Transcript {
  readonly events: TranscriptEvent[] = [];
  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }

  append(entry: TranscriptEntry): TranscriptEvent {
    if (typeof entry.text === 'string') entry.text = intern(entry.text);
    const event = { ...entry, seq: this.events.length, atMs: this.now() } as TranscriptEvent;
    this.events.push(event);
    return event;
  }

  /** Events with seq >= from. */
  since(from: number): TranscriptEvent[] {
    return this.events.slice(from);
  }

  get length(): number {
    return this.events.length;
  }
}
