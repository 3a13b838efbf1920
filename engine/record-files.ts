// Parses a file of result records, whatever wrote it: milgram-sim JSON lines (`milgram run
// --out`), promptfoo output made with providers/promptfoo.ts (`promptfoo eval -o out.json` or
// `-o out.jsonl`; the record sits in response.metadata.record or .result), a JSON array of
// records, or one record as a JSON document. Every record is validated with parseResult.
//
// This is the only parser of those files. It lives in engine/, beside jsonl.ts and result.ts
// (the record's writer and schema), because two features read it: the viewer (viz/read-records.ts,
// strict: the first problem is an error) and the report (report/load.ts, lenient: problems are
// listed and skipped). Neither policy is here: everything that does not yield a record comes
// back as a skipped entry with enough detail for either to word its own message.
import { abortError, readLines, type ReadInfo } from './line-reader.ts';
import { parseResult, type RunResult } from './result.ts';

/**
 * A file that is one JSON document (promptfoo's out.json, a records array) must be read whole;
 * past this size it is refused with a message (JSON lines have no such limit).
 */
export const MAX_DOCUMENT_BYTES = Number(process.env.MILGRAM_MAX_DOCUMENT_BYTES) || 256 * 1024 * 1024;

export class RecordFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordFileError';
  }
}

export type RecordFileKind = 'results-jsonl' | 'promptfoo-json' | 'promptfoo-jsonl' | 'records-json';

export type SkipReason =
  /** A line (or the whole document) that is not JSON: usually a write cut short by a kill. */
  | 'not-json'
  /** JSON, but not a milgram-sim record (no `protocol: "milgram"` and `schemaVersion`). */
  | 'not-a-record'
  /** A milgram-sim record that fails the schema (another version, or edited by hand). */
  | 'invalid-record'
  /** A promptfoo result without a record (another provider, or the call failed before a run). */
  | 'no-record-in-row';

export interface SkippedEntry {
  /** Where in the file: `line 5`, `results[1]`, `[2]` or `document`. */
  where: string;
  reason: SkipReason;
  /** A short reason a reader can act on. */
  message: string;
  /** 1-based line, for JSON lines. */
  line?: number;
  /** The line is the file's last (no newline after it): an interrupted append. */
  lastLine?: boolean;
  /** 0-based position among the file's promptfoo results, for those. */
  promptfooRow?: number;
  /** The JSON parser's message (not-json) or the schema's issues (records that fail). */
  jsonError?: string;
  issues?: { path: string; message: string }[];
}

export interface ParsedRecordFile {
  /** `other-json`: one JSON document that is neither records nor promptfoo output (nothing read). */
  kind: RecordFileKind | 'other-json';
  records: RunResult[];
  /** In file order. */
  skipped: SkippedEntry[];
  /** How many promptfoo results the file holds (with or without a record). */
  promptfooRows: number;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRecordLike = (v: unknown): v is Obj => isObject(v) && typeof v.protocol === 'string' && 'schemaVersion' in v;
const isPromptfooRow = (v: unknown): v is Obj => isObject(v) && !('schemaVersion' in v) && ('response' in v || 'metadata' in v);

const NO_RECORD = 'no milgram-sim record in response.metadata (result or record): not made with providers/promptfoo.ts, or the call failed before a run';
const CUT_LINE = 'not a JSON line (a run cut short by a kill? `milgram run` repairs this on resume)';

/**
 * The run record inside one promptfoo result, if the result was made by providers/promptfoo.ts:
 * metadata.record or .result (a record-shaped one first), else any record-shaped metadata value.
 * A present but malformed record is returned too, so that it is validated and reported.
 */
export function recordFromPromptfooRow(row: unknown): unknown {
  if (!isObject(row)) return undefined;
  const metadata = (isObject(row.response) ? row.response.metadata : undefined) ?? row.metadata;
  if (!isObject(metadata)) return undefined;
  for (const v of [metadata.record, metadata.result]) if (isRecordLike(v)) return v;
  return Object.values(metadata).find(isRecordLike) ?? metadata.result ?? metadata.record;
}

/** promptfoo's output file: { results: { results: [...] } } (or an older { results: [...] }). */
function promptfooRowsOf(doc: Obj): unknown[] | null {
  const r = doc.results;
  if (isObject(r) && Array.isArray(r.results)) return r.results;
  return Array.isArray(r) ? r : null;
}

export function parseRecordFile(text: string): ParsedRecordFile {
  const out: ParsedRecordFile = { kind: 'results-jsonl', records: [], skipped: [], promptfooRows: 0 };
  const take = (value: unknown, at: Omit<SkippedEntry, 'reason' | 'message'>) => {
    const parsed = validate(value);
    if ('record' in parsed) out.records.push(parsed.record);
    else out.skipped.push({ ...at, ...parsed });
  };
  const takeRow = (row: unknown, at: Omit<SkippedEntry, 'reason' | 'message'>) => {
    const where = { ...at, promptfooRow: out.promptfooRows++ };
    const record = recordFromPromptfooRow(row);
    if (record === undefined) out.skipped.push({ ...where, reason: 'no-record-in-row', message: NO_RECORD });
    else take(record, where);
  };

  const trimmed = text.trim();
  const lines = text.split('\n');
  const oneLine = !trimmed.includes('\n');
  let whole: unknown;
  let wholeError: string | undefined;
  try {
    whole = JSON.parse(text);
  } catch (err) {
    wholeError = (err as Error).message;
  }

  if (wholeError === undefined) {
    // One JSON document: a record, a promptfoo row (one-line .jsonl), promptfoo's out.json, or an array.
    const first = lines.findIndex((l) => l.trim()) + 1;
    const at = oneLine ? { where: `line ${first}`, line: first } : { where: 'document' };
    if (Array.isArray(whole)) {
      out.kind = 'records-json';
      whole.forEach((v, i) => (isPromptfooRow(v) ? takeRow(v, { where: `[${i}]` }) : take(v, { where: `[${i}]` })));
    } else if (isObject(whole) && ('schemaVersion' in whole || whole.protocol === 'milgram')) {
      out.kind = oneLine ? 'results-jsonl' : 'records-json';
      take(whole, at);
    } else if (isObject(whole) && promptfooRowsOf(whole)) {
      // Checked before a single row: promptfoo's out.json has a top-level metadata too.
      out.kind = 'promptfoo-json';
      promptfooRowsOf(whole)!.forEach((row, i) => takeRow(row, { where: `results[${i}]` }));
    } else if (isPromptfooRow(whole)) {
      out.kind = 'promptfoo-jsonl';
      takeRow(whole, at);
    } else {
      return { ...out, kind: 'other-json' };
    }
    return out;
  }

  // A pretty-printed document (several lines, none after the first opening a JSON line) that
  // does not parse is one broken document, not a column of broken lines.
  if ((trimmed.startsWith('[') || (trimmed.startsWith('{') && !oneLine)) && !trimmed.includes('\n{')) {
    out.kind = trimmed.startsWith('[') ? 'records-json' : 'promptfoo-json';
    out.skipped.push({ where: 'document', reason: 'not-json', message: `not valid JSON (${wholeError}); a file cut short?`, jsonError: wholeError });
    return out;
  }

  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const at = { where: `line ${i + 1}`, line: i + 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      out.skipped.push({ ...at, lastLine: i === lines.length - 1, reason: 'not-json', message: CUT_LINE, jsonError: (err as Error).message });
      return;
    }
    if (isPromptfooRow(value)) takeRow(value, at);
    else take(value, at);
  });
  if (out.promptfooRows) out.kind = 'promptfoo-jsonl';
  return out;
}

function validate(value: unknown): { record: RunResult } | Pick<SkippedEntry, 'reason' | 'message' | 'issues'> {
  try {
    return { record: parseResult(value) };
  } catch (err) {
    const raw = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    const issues = raw?.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const message = issues?.length
      ? issues.slice(0, 3).map((i) => `${i.path || '(record)'}: ${i.message}`).join('; ')
      : (err as Error).message.slice(0, 200);
    return { reason: isRecordLike(value) ? 'invalid-record' : 'not-a-record', message, ...(issues ? { issues } : {}) };
  }
}

export interface RecordFileSummary {
  kind: RecordFileKind | 'other-json';
  records: number;
  skipped: number;
  promptfooRows: number;
  /** A gzip file cut short (killed while writing): what came before the cut was read. */
  gzipTruncated: boolean;
}

export interface RecordVisitor {
  record(record: RunResult, at: { where: string; line?: number }): void;
  skip?(entry: SkippedEntry): void;
}

/** The first line decides: a record or promptfoo row per line, or one JSON document. */
function opensDocument(firstLine: string): boolean {
  const t = firstLine.trim();
  try {
    const v = JSON.parse(t) as unknown;
    if (Array.isArray(v) || !isObject(v)) return true;
    return !('schemaVersion' in v) && promptfooRowsOf(v) !== null;
  } catch {
    return t.startsWith('[') || t === '{';
  }
}

/**
 * Reads a record file of any size in one streaming pass (plain or gzip), giving each valid
 * record and each skipped entry to `visit` as it is read, so callers keep only what they need.
 * JSON lines stream with bounded memory; a single JSON document is read whole up to
 * MAX_DOCUMENT_BYTES. Throws RecordFileError for a missing file or one too large to read.
 */
export async function readRecordFile(
  path: string,
  visit: RecordVisitor,
  options: { signal?: AbortSignal; maxDocumentBytes?: number; maxLineBytes?: number } = {},
): Promise<RecordFileSummary> {
  const info: ReadInfo = { gzip: false, gzipTruncated: false, bytes: 0 };
  const summary: RecordFileSummary = { kind: 'results-jsonl', records: 0, skipped: 0, promptfooRows: 0, gzipTruncated: false };
  const onRecord = (r: RunResult, at: { where: string; line?: number }) => {
    summary.records++;
    visit.record(r, at);
  };
  const onSkip = (e: SkippedEntry) => {
    summary.skipped++;
    visit.skip?.(e);
  };
  const takeValue = (value: unknown, at: Omit<SkippedEntry, 'reason' | 'message'>) => {
    const parsed = validate(value);
    if ('record' in parsed) onRecord(parsed.record, at);
    else onSkip({ ...at, ...parsed });
  };

  let mode: 'lines' | 'document' | null = null;
  // A file of one JSON line that is neither a record nor a promptfoo row is an unrelated
  // document (other-json), not a file with one bad line: its skip waits for a second line.
  let lines = 0;
  let heldSkip: SkippedEntry | null = null;
  for await (const line of readLines(path, { signal: options.signal, maxLineBytes: options.maxLineBytes, info })) {
    if (mode === null) {
      if (!line.text.trim() && !line.tooLong) continue;
      mode = !line.tooLong && opensDocument(line.text) ? 'document' : 'lines';
      if (mode === 'document') break;
    }
    const at = { where: `line ${line.number}`, line: line.number };
    if (line.tooLong) {
      onSkip({ ...at, lastLine: line.unterminated, reason: 'not-json', message: `line longer than ${options.maxLineBytes ?? 'the limit of'} bytes (MILGRAM_MAX_LINE_BYTES); not read`, jsonError: 'line too long' });
      continue;
    }
    if (!line.text.trim()) continue;
    if (++lines === 2 && heldSkip) onSkip(heldSkip);
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (err) {
      onSkip({ ...at, lastLine: line.unterminated, reason: 'not-json', message: CUT_LINE, jsonError: (err as Error).message });
      continue;
    }
    if (isPromptfooRow(value)) {
      const where = { ...at, promptfooRow: summary.promptfooRows++ };
      const record = recordFromPromptfooRow(value);
      if (record === undefined) onSkip({ ...where, reason: 'no-record-in-row', message: NO_RECORD });
      else takeValue(record, where);
    } else if (lines === 1 && !isRecordLike(value)) {
      const parsed = validate(value);
      if ('record' in parsed) onRecord(parsed.record, at);
      else heldSkip = { ...at, ...parsed };
    } else takeValue(value, at);
  }
  if (lines === 1 && heldSkip) return { ...summary, kind: 'other-json' };
  summary.gzipTruncated = info.gzipTruncated;
  if (summary.promptfooRows) summary.kind = 'promptfoo-jsonl';
  if (mode !== 'document') return summary;

  // One JSON document: read whole, within the cap.
  const cap = options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  const parts: string[] = [];
  let bytes = 0;
  for await (const line of readLines(path, { signal: options.signal, maxLineBytes: cap })) {
    bytes += Buffer.byteLength(line.text) + 1;
    if (line.tooLong || bytes > cap) {
      throw new RecordFileError(`${path} is one JSON document larger than ${cap} bytes (MILGRAM_MAX_DOCUMENT_BYTES); write JSON lines instead (\`promptfoo eval -o out.jsonl\`, \`milgram run --out results.jsonl\`), which are read in a stream at any size`);
    }
    parts.push(line.text);
  }
  if (options.signal?.aborted) throw abortError();
  const parsed = parseRecordFile(parts.join('\n'));
  for (const r of parsed.records) onRecord(r, { where: 'document' });
  for (const s of parsed.skipped) onSkip(s);
  return { ...summary, kind: parsed.kind, promptfooRows: parsed.promptfooRows };
}
