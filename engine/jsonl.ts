// JSON-lines results, read and written with bounded memory at any size (plain or gzip). The
// batch opens its file through engine/results-file.ts (checks, lock, repair, writer); these
// are the small helpers around it that tests, the CLI summary and library users call.
import { existsSync } from 'node:fs';
import { readRecordFile } from './record-files.ts';
import type { RunResult } from './result.ts';
import { prepareOut, scanResultsFile } from './results-file.ts';

export { prepareOut };

/** Cuts a cut-off last record, if any (never other text). Returns the number of bytes removed. */
export async function repairTail(path: string): Promise<number> {
  return (await scanResultsFile(path)).repairedBytes;
}

/**
 * Every complete record, in file order; lines that do not parse as results are reported, not
 * fatal. Holds every record in memory: for small files and tests. Large files go through
 * readRecordFile with a visitor that keeps only what it needs.
 */
export async function readResults(path: string, options: { signal?: AbortSignal } = {}): Promise<{ results: RunResult[]; bad: { line: number; message: string }[] }> {
  if (!existsSync(path)) return { results: [], bad: [] };
  const results: RunResult[] = [];
  const bad: { line: number; message: string }[] = [];
  await readRecordFile(path, { record: (r) => results.push(r), skip: (s) => bad.push({ line: s.line ?? 0, message: s.message }) }, options);
  return { results, bad };
}

