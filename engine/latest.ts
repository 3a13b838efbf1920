// The latest record of each run. Results files are append-only: `milgram run --retry-errors`
// runs again a run whose record ended in error and appends the new record, leaving the old line
// where it was. Readers (report, viewer, the batch summary, resume) count each run's last
// record in file order, so a retried run counts once, with its newest outcome.
//
// A run is its id, plus the briefing when the record carries one: promptfoo derives a run's seed
// from the test and repeat only, so one cell under two prompts (briefings) shares an id while
// being two runs; both are kept.

/** The key two records of the same run share. */
export function runKey(record: { id: string }): string {
  const briefing = (record as { briefing?: unknown }).briefing;
  return typeof briefing === 'string' ? `${record.id}\u0000${briefing}` : record.id;
}

/** Each run's last record, in file order; earlier records of the same run are dropped. */
export function latestPerId<T extends { id: string }>(records: readonly T[]): T[] {
  const last = new Map<string, number>();
  records.forEach((r, i) => last.set(runKey(r), i));
  return records.filter((r, i) => last.get(runKey(r)) === i);
}
