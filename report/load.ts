// Reads result records for the report from any mix of: milgram-sim JSON-lines files (`milgram
// run --out`), promptfoo output files made with providers/promptfoo.ts (`promptfoo eval -o
// out.json` or `-o out.jsonl`; the record sits in response.metadata.result or .record), or a
// JSON array of records. The parsing is engine/record-files.ts (shared with the viewer); this
// file is the report's policy: lenient. What does not validate is reported (file, line or
// entry, reason) and skipped, never silently counted; only a missing file or a JSON document
// that holds no records at all stops the report.
import { existsSync, readFileSync } from 'node:fs';
import { parseRecordFile, type RecordFileKind } from '../engine/record-files.ts';
import type { RunResult } from '../engine/result.ts';

export { recordFromPromptfooRow } from '../engine/record-files.ts';

export interface Skipped {
  file: string;
  where: string;
  message: string;
}

export interface Loaded {
  records: RunResult[];
  sources: { file: string; kind: RecordFileKind; records: number }[];
  skipped: Skipped[];
  /** Records dropped as copies of one already read (same run id and start time: the same run
   * read twice, e.g. a file given twice). Runs that share an id but ran separately are kept. */
  duplicates: number;
}

export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

export function loadFile(file: string): { records: RunResult[]; kind: RecordFileKind; skipped: Skipped[] } {
  if (!existsSync(file)) throw new ReportInputError(`no such file: ${file} (give result JSONL files from \`milgram run --out\` or promptfoo output files)`);
  const parsed = parseRecordFile(readFileSync(file, 'utf8'));
  if (parsed.kind === 'other-json') {
    throw new ReportInputError(`${file}: a JSON document that is neither a promptfoo output file (results.results) nor a result record`);
  }
  const skipped = parsed.skipped.map(({ where, message }) => ({ file, where, message }));
  return { records: parsed.records, kind: parsed.kind, skipped };
}

export function loadRecords(files: readonly string[]): Loaded {
  if (!files.length) throw new ReportInputError('no input files: give one or more result files, e.g. `milgram report results.jsonl`');
  const out: Loaded = { records: [], sources: [], skipped: [], duplicates: 0 };
  const seen = new Set<string>();
  for (const file of files) {
    const { records, kind, skipped } = loadFile(file);
    out.sources.push({ file, kind, records: records.length });
    out.skipped.push(...skipped);
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
  return out;
}
