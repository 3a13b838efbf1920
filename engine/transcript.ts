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

export class Transcript {
  readonly events: TranscriptEvent[] = [];
  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }

  append(entry: TranscriptEntry): TranscriptEvent {
    // Entries are fresh objects from the machine's emit; extend in place rather than copy.
    const event = Object.assign(entry, { seq: this.events.length, atMs: this.now() }) as TranscriptEvent;
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
