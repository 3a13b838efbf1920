// Reads result records for the viewer: a milgram JSON-lines results file, or a promptfoo output
// file (`promptfoo eval -o out.json`, or its .jsonl form) whose results came from
// providers/promptfoo.ts, which puts the full record in each response's metadata.
// The parsing is engine/record-files.ts (shared with the report); this file is the viewer's
// policy: strict. A page built from part of a file would mislead, so any entry that is not a
// valid record is an error naming where it is and what to do. Two things are only notes: a
// cut-off last line (an interrupted write) and promptfoo results that carry no record.
import { existsSync, readFileSync } from 'node:fs';
import { parseRecordFile, type SkippedEntry } from '../engine/record-files.ts';
import type { RunResult } from '../engine/result.ts';

export interface LoadedRecords {
  results: RunResult[];
  format: 'milgram-jsonl' | 'promptfoo';
  /** Things skipped that the user should know about (a cut-off last line, errored cells). */
  notes: string[];
}

const RERUN = '(was it written by another milgram-sim version? re-run it with this one)';

function invalidRecord(skip: SkippedEntry): string {
  const issue = skip.issues?.[0];
  const what = issue ? `field "${issue.path || '(record)'}": ${issue.message}` : skip.message;
  return `invalid result record, ${what} ${RERUN}`;
}

/** The error for an entry the viewer cannot skip, or null for one it notes and skips. */
function fatal(path: string, skip: SkippedEntry): string | null {
  const promptfoo = skip.promptfooRow !== undefined;
  const at = promptfoo
    ? `${path} promptfoo result ${skip.promptfooRow! + 1} (response.metadata.record)`
    : skip.where === 'document' ? path : `${path} ${skip.where}`;
  switch (skip.reason) {
    case 'no-record-in-row':
      return null;
    case 'not-json':
      // A run killed mid-write leaves a cut-off last line; the batch runner repairs it on resume.
      if (skip.lastLine) return null;
      return skip.where === 'document'
        ? `${path}: not valid JSON (${skip.jsonError}); expected milgram JSON lines or a promptfoo output file`
        : `${at}: not valid JSON (${skip.jsonError})`;
    case 'not-a-record':
      if (!promptfoo) return `${at}: not a milgram result record (no protocol "milgram"); expected lines written by \`npx milgram run --out\``;
      return `${at}: ${invalidRecord(skip)}`;
    case 'invalid-record':
      return `${at}: ${invalidRecord(skip)}`;
  }
}

export function readRecords(path: string): LoadedRecords {
  if (!existsSync(path)) {
    throw new Error(`results file not found: ${path} (write one with \`npx milgram run ... --out ${path}\` or \`promptfoo eval -o ${path}\`)`);
  }
  const parsed = parseRecordFile(readFileSync(path, 'utf8'));
  if (parsed.kind === 'other-json') {
    throw new Error(`${path}: neither a milgram result record nor a promptfoo output file (no "results" array)`);
  }
  const notes: string[] = [];
  for (const skip of parsed.skipped) {
    const error = fatal(path, skip);
    if (error) throw new Error(error);
    if (skip.reason === 'not-json') notes.push(`line ${skip.line} is cut off (an interrupted write) and was skipped`);
  }
  const without = parsed.skipped.filter((s) => s.reason === 'no-record-in-row').length;
  if (!parsed.records.length) {
    if (parsed.promptfooRows) {
      throw new Error(`${path}: none of the ${parsed.promptfooRows} promptfoo results carries a milgram-sim record in response.metadata; were they produced by providers/promptfoo.ts?`);
    }
    throw new Error(`${path}: no result records in the file`);
  }
  if (without) notes.push(`${without} of ${parsed.promptfooRows} promptfoo results carried no milgram-sim record (failed before a run, or another provider) and were skipped`);
  const format = parsed.kind === 'promptfoo-json' || parsed.kind === 'promptfoo-jsonl' ? 'promptfoo' : 'milgram-jsonl';
  return { results: parsed.records, format, notes };
}
