// The latest record of each run. Results files are append-only: `milgram run --retry-errors`
// runs again a run whose record ended in error and appends the new record, leaving the old line
// where it was. Readers (report, viewer, the batch summary, resume) count each run's last
// record in file order, so a retried run counts once, with its newest outcome.

/** Each run's last record, in file order; earlier records of the same run are dropped. */
export function latestPerId<T extends { id: string }>(records: readonly T[]): T[] {
  const last = new Map<string, number>();
  // The run id covers everything that makes two runs different (see armVariant).
  records.forEach((r, i) => last.set(r.id, i));
  return records.filter((r, i) => last.get(r.id) === i);
}
