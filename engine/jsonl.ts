// Crash-safe JSON-lines results. Each finished run is one whole line written with a single
// appendFileSync call; on open, a truncated last line (a kill mid-write) is cut away.
import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { latestPerId } from './latest.ts';
import { parseRecordFile } from './record-files.ts';
import type { RunResult } from './result.ts';

/** Makes sure the results file can be written (creating its folder) before any run starts. */
export function prepareOut(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, '');
  } catch (err) {
    throw Object.assign(new Error(`cannot write the results file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`), { field: 'out' });
  }
}

/** Cuts a partial last line, if any. Returns the number of bytes removed. */
export function repairTail(path: string): number {
  if (!existsSync(path)) return 0;
  const buf = readFileSync(path);
  if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return 0;
  const lastNewline = buf.lastIndexOf(0x0a);
  const keep = lastNewline + 1;
  // A complete record that only lacks its newline (edited by hand) is kept, not cut.
  try {
    JSON.parse(buf.subarray(keep).toString('utf8'));
    appendFileSync(path, '\n');
    return 0;
  } catch {
    truncateSync(path, keep);
    return buf.length - keep;
  }
}

export function appendResult(path: string, result: { id: string }): void {
  appendFileSync(path, `${JSON.stringify(result)}\n`);
}

/** Reads every complete record; lines that do not parse as results are reported, not fatal. */
export function readResults(path: string): { results: RunResult[]; bad: { line: number; message: string }[] } {
  if (!existsSync(path)) return { results: [], bad: [] };
  const parsed = parseRecordFile(readFileSync(path, 'utf8'));
  return { results: parsed.records, bad: parsed.skipped.map((s) => ({ line: s.line ?? 0, message: s.message })) };
}

/**
 * Ids already in the file (for resuming), reading only the fields it needs from each line. With
 * `retryErrors`, a run whose latest record ended in error is left out, so it runs again.
 */
export function existingIds(path: string, options: { retryErrors?: boolean } = {}): Set<string> {
  const seen: { id: string; outcome?: unknown; briefing?: unknown }[] = [];
  if (!existsSync(path)) return new Set();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const { id, outcome, briefing } = JSON.parse(line) as { id?: unknown; outcome?: unknown; briefing?: unknown };
      if (typeof id === 'string') seen.push({ id, outcome, briefing });
    } catch {
      // an unreadable line is not a finished run: it will be run again
    }
  }
  const done = options.retryErrors ? latestPerId(seen).filter((r) => r.outcome !== 'error') : seen;
  return new Set(done.map((r) => r.id));
}
