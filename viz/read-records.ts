// Reads result records for the viewer: a milgram JSON-lines results file (plain or .gz), or a
// promptfoo output file (`promptfoo eval -o out.json`, or its .jsonl form) whose results came
// from providers/promptfoo.ts, which puts the full record in each response's metadata.
// The parsing is engine/record-files.ts (shared with the report), streamed; this file is the
// viewer's policy: strict. A page built from part of a file would mislead, so any entry that
// is not a valid record is an error naming where it is and what to do. Two things are only
// notes: a cut-off last line (an interrupted write) and promptfoo results that carry no record.
// A page holds at most `maxRuns` runs (the first ones, each as its latest record); the counts
// of every run in the file are tallied in the same pass, and the page says what it shows.
import { existsSync } from 'node:fs';
import { readRecordFile, RecordFileError, type SkippedEntry } from '../engine/record-files.ts';
import type { RunResult } from '../engine/result.ts';

/** Runs embedded in one page by default: the page stays a few MB and opens quickly. */
export const DEFAULT_MAX_VIEW_RUNS = 1000;

export interface RunTally {
  /** Runs in the file (latest record of each). */
  runs: number;
  /** `participant · condition · ladder` -> outcome -> runs, over every run in the file. */
  groups: Record<string, Record<string, number>>;
}

export interface LoadedRecords {
  /** The runs the page embeds (at most maxRuns), each as its latest record in the file. */
  results: RunResult[];
  format: 'milgram-jsonl' | 'promptfoo';
  /** Things skipped that the user should know about (a cut-off last line, errored cells). */
  notes: string[];
  /** Counts over every run of the file, embedded or not. */
  tally: RunTally;
  /** True when the file holds more runs than the page embeds. */
  capped: boolean;
  /** Records read (before keeping the latest of each run). */
  recordsRead: number;
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

/** A run's group in the counts: Milgram's participant · condition · ladder; other protocols are named first. */
function groupOf(r: { protocol: string; participant: { spec: string } }): string {
  const x = r as { condition?: unknown; ladder?: { name?: unknown }; scenario?: { id?: unknown; name?: unknown } };
  const named = (v: unknown) => (typeof v === 'string' ? v : typeof (v as { name?: unknown })?.name === 'string' ? ((v as { name: string }).name) : null);
  const parts = [
    r.protocol === 'milgram' ? null : r.protocol,
    r.participant.spec,
    named(x.condition),
    named(x.ladder),
    r.protocol === 'milgram' ? null : (named(x.scenario) ?? (typeof x.scenario?.id === 'string' ? x.scenario.id : null)),
  ];
  return parts.filter((p): p is string => !!p).join(' · ');
}

export async function readRecords(path: string, options: { maxRuns?: number; signal?: AbortSignal } = {}): Promise<LoadedRecords> {
  if (!existsSync(path)) {
    throw new Error(`results file not found: ${path} (write one with \`npx milgram run ... --out ${path}\` or \`promptfoo eval -o ${path}\`)`);
  }
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_VIEW_RUNS;
  const notes: string[] = [];
  const kept: RunResult[] = [];
  const keptAt = new Map<string, number>();
  // Every run's group and latest outcome, for the counts over the whole file.
  const latest = new Map<string, [string, string]>();
  let recordsRead = 0;
  let firstError: string | null = null;
  let without = 0;
  const summary = await readRecordFile(
    path,
    {
      record(r) {
        recordsRead++;
        latest.delete(r.id);
        latest.set(r.id, [groupOf(r), r.outcome]);
        const at = keptAt.get(r.id);
        if (at !== undefined) kept[at] = r; // a run re-run later: shown as it ended last
        else if (kept.length < maxRuns) {
          keptAt.set(r.id, kept.length);
          kept.push(r);
        }
      },
      skip(s) {
        if (s.reason === 'no-record-in-row') without++;
        if (firstError) return;
        const error = fatal(path, s);
        if (error) firstError = error;
        else if (s.reason === 'not-json') notes.push(`line ${s.line} is cut off (an interrupted write) and was skipped`);
      },
    },
    { signal: options.signal },
  ).catch((err) => {
    if (err instanceof RecordFileError) throw new Error(err.message);
    throw err;
  });
  if (firstError) throw new Error(firstError);
  if (summary.kind === 'other-json') {
    throw new Error(`${path}: neither a milgram result record nor a promptfoo output file (no "results" array)`);
  }
  if (summary.gzipTruncated) notes.push('the gzip file is cut short (an interrupted write); the runs before the cut are shown');
  if (!summary.records) {
    if (summary.promptfooRows) {
      throw new Error(`${path}: none of the ${summary.promptfooRows} promptfoo results carries a milgram-sim record in response.metadata; were they produced by providers/promptfoo.ts?`);
    }
    throw new Error(`${path}: no result records in the file`);
  }
  if (without > 0) notes.push(`${without} of ${summary.promptfooRows} promptfoo results carried no milgram-sim record (failed before a run, or another provider) and were skipped`);
  const groups: RunTally['groups'] = {};
  for (const [group, outcome] of latest.values()) {
    const g = (groups[group] ??= {});
    g[outcome] = (g[outcome] ?? 0) + 1;
  }
  const format = summary.kind === 'promptfoo-json' || summary.kind === 'promptfoo-jsonl' ? 'promptfoo' : 'milgram-jsonl';
  return { results: kept, format, notes, tally: { runs: latest.size, groups }, capped: latest.size > kept.length, recordsRead };
}
