// Reads result records for the report from any mix of: milgram-sim JSON-lines files (`milgram
// run --out`, plain or .gz), promptfoo output files made with providers/promptfoo.ts
// (`promptfoo eval -o out.json` or `-o out.jsonl`; the record sits in response.metadata.result
// or .record), or a JSON array of records. The parsing is engine/record-files.ts (shared with
// the viewer), streamed: each record is validated, checked against its protocol, and kept
// slimmed (no state path, no resolved config; Milgram's events reduced to the counts its reply
// measures sum), so a file of any size loads in bounded memory per run. This file is the
// report's policy: lenient. What does not validate
// or fails the protocol check is counted by reason in `leftOut` (which every report format
// states) and skipped, never silently; only a missing file or a JSON document that holds no
// records at all stops the report.
import { existsSync } from 'node:fs';
import { latestPerId } from '../engine/latest.ts';
import { readRecordFile, RecordFileError, type RecordFileKind, type SkippedEntry } from '../engine/record-files.ts';
import type { RunResult } from '../engine/result.ts';
import { protocolFor } from '../engine/protocols.ts';
import { keepReplyTally, replyTally } from '../machines/milgram/report-metrics.ts';
import { emptyLeftOut, type LeftOut } from './left-out.ts';

export { recordFromPromptfooRow } from '../engine/record-files.ts';

export interface Skipped {
  file: string;
  where: string;
  message: string;
}

export interface Loaded {
  /** Valid records, slimmed (state path and resolved config dropped; Milgram's events reduced to counts). */
  records: RunResult[];
  sources: { file: string; kind: RecordFileKind; records: number }[];
  /** The first entries skipped (at most 100), in file order. */
  skipped: Skipped[];
  /** Records dropped as copies of one already read (same run id and start time: the same run
   * read twice, e.g. a file given twice). Runs that share an id but ran separately are kept. */
  duplicates: number;
  /** Everything left out, by reason, with counts (earlier records of re-run runs included). */
  leftOut: LeftOut;
}

export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** The record's protocol check (records of protocols without one are not checked). */
const checkOf = (r: RunResult): string[] => protocolFor(r.protocol).check?.(r) ?? [];

const MAX_LISTED = 100;

/**
 * Drops what the report never reads, and shares repeated objects (conditions, ladders). The
 * other protocols' sections read their events, which stay; Milgram's events become the counts
 * its reply measures and prod efficacy sum (machines/milgram/report-metrics.ts).
 */
function slim(r: RunResult, shared: Map<string, unknown>): RunResult {
  const intern = <T>(v: T): T => {
    const k = JSON.stringify(v);
    if (!shared.has(k)) shared.set(k, v);
    return shared.get(k) as T;
  };
  const { config: _config, ...rest } = r;
  if (r.protocol !== 'milgram') return { ...rest, statePath: [] } as RunResult;
  // Milgram's reply measures and prod efficacy need a few counts per run, not its events.
  const slimmed = { ...rest, events: [], statePath: [], condition: intern(r.condition), ladder: intern(r.ladder), briefing: intern(r.briefing) } as RunResult;
  keepReplyTally(slimmed, replyTally(r.events as Record<string, unknown>[]));
  return slimmed;
}

function countSkip(left: LeftOut, s: SkippedEntry): void {
  if (s.reason === 'not-json') left.unreadable++;
  else if (s.reason === 'invalid-record') left.otherVersions++;
  else left.notRecords++;
}

export interface LoadOptions {
  signal?: AbortSignal;
  maxDocumentBytes?: number;
}

export async function loadFile(
  file: string,
  options: LoadOptions & { leftOut?: LeftOut; shared?: Map<string, unknown> } = {},
): Promise<{ records: RunResult[]; kind: RecordFileKind; skipped: Skipped[]; leftOut: LeftOut }> {
  if (!existsSync(file)) throw new ReportInputError(`no such file: ${file} (give result JSONL files from \`milgram run --out\` or promptfoo output files)`);
  const leftOut = options.leftOut ?? emptyLeftOut();
  const shared = options.shared ?? new Map<string, unknown>();
  const records: RunResult[] = [];
  const skipped: Skipped[] = [];
  const example = (text: string) => leftOut.examples.length < 10 && leftOut.examples.push(text);
  let summary;
  try {
    summary = await readRecordFile(
      file,
      {
        record(r, at) {
          const problems = checkOf(r);
          if (problems.length) {
            leftOut.protocolFailures++;
            const message = `fails the protocol check: ${problems.slice(0, 2).join('; ')}`;
            example(`${file} ${at.where}: ${message}`);
            if (skipped.length < MAX_LISTED) skipped.push({ file, where: at.where, message });
            return;
          }
          records.push(slim(r, shared));
        },
        skip(s) {
          countSkip(leftOut, s);
          example(`${file} ${s.where}: ${s.message}`);
          if (skipped.length < MAX_LISTED) skipped.push({ file, where: s.where, message: s.message });
        },
      },
      options,
    );
  } catch (err) {
    if (err instanceof RecordFileError) throw new ReportInputError(err.message);
    throw err;
  }
  if (summary.kind === 'other-json') {
    throw new ReportInputError(`${file}: a JSON document that is neither a promptfoo output file (results.results) nor a result record`);
  }
  if (summary.gzipTruncated) {
    leftOut.unreadable++;
    example(`${file}: the gzip stream is cut short (a kill while writing); the records before the cut were read`);
  }
  return { records, kind: summary.kind, skipped, leftOut };
}

export async function loadRecords(files: readonly string[], options: LoadOptions = {}): Promise<Loaded> {
  if (!files.length) throw new ReportInputError('no input files: give one or more result files, e.g. `milgram report results.jsonl`');
  const out: Loaded = { records: [], sources: [], skipped: [], duplicates: 0, leftOut: emptyLeftOut() };
  const seen = new Set<string>();
  const shared = new Map<string, unknown>();
  for (const file of files) {
    const { records, kind, skipped } = await loadFile(file, { ...options, leftOut: out.leftOut, shared });
    out.sources.push({ file, kind, records: records.length });
    out.skipped.push(...skipped.slice(0, Math.max(0, MAX_LISTED - out.skipped.length)));
    for (const r of records) {
      const key = `${r.id}@${r.startedAt}`;
      if (seen.has(key)) {
        out.duplicates++;
        continue;
      }
      seen.add(key);
      out.records.push(r);
    }
  }
  out.leftOut.duplicates = out.duplicates;
  out.leftOut.earlierRecords = out.records.length - latestPerId(out.records).length;
  return out;
}
