// Append-only transcript of one run. Roles read what happened since their last turn with
// `since`; nothing copies the array per event (the result freezes it once at the end).
import type { MachineEntry } from '../machines/milgram.ts';

export type TranscriptEvent = MachineEntry & { seq: number; atMs: number };

export class Transcript {
  readonly events: TranscriptEvent[] = [];
  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }

  append(entry: MachineEntry): TranscriptEvent {
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
