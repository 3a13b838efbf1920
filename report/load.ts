// Reads result records for the report from any mix of: milgram-sim JSON-lines files (`milgram
// run --out`), promptfoo output files made with providers/promptfoo.ts (`promptfoo eval -o
// out.json` or `-o out.jsonl`; the record sits in response.metadata.result or .record), or a
// JSON array of records. Every record is validated with parseResult; what does not validate is
// reported (file, line or entry, reason), never silently counted.
import { existsSync, readFileSync } from 'node:fs';
import { parseResult, type RunResult } from '../engine/result.ts';

export interface Skipped {
  file: string;
  where: string;
  message: string;
}

export interface Loaded {
  records: RunResult[];
  sources: { file: string; kind: 'results-jsonl' | 'promptfoo-json' | 'promptfoo-jsonl' | 'records-json'; records: number }[];
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

type Row = Record<string, unknown>;
const isObject = (v: unknown): v is Row => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The run record inside one promptfoo result row, if the row was made by this provider. */
export function recordFromPromptfooRow(row: unknown): unknown {
  if (!isObject(row)) return undefined;
  const metadata = (isObject(row.response) ? row.response.metadata : undefined) ?? row.metadata;
  if (!isObject(metadata)) return undefined;
  return metadata.result ?? metadata.record;
}

function shortReason(err: unknown): string {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (issues?.length) return issues.slice(0, 3).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
  return (err as Error).message.slice(0, 200);
}

/** promptfoo's output file: { results: { results: [...] } } (or an older { results: [...] }). */
function promptfooRows(doc: Row): unknown[] | null {
  const r = doc.results;
  if (isObject(r) && Array.isArray(r.results)) return r.results;
  if (Array.isArray(r) && r.some((x) => isObject(x) && 'response' in x)) return r;
  return null;
}

export function loadFile(file: string): { records: RunResult[]; kind: Loaded['sources'][number]['kind']; skipped: Skipped[] } {
  if (!existsSync(file)) throw new ReportInputError(`no such file: ${file} (give result JSONL files from \`milgram run --out\` or promptfoo output files)`);
  const text = readFileSync(file, 'utf8');
  const records: RunResult[] = [];
  const skipped: Skipped[] = [];
  const take = (value: unknown, where: string) => {
    try {
      records.push(parseResult(value));
    } catch (err) {
      skipped.push({ file, where, message: shortReason(err) });
    }
  };

  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (isObject(whole) && !('schemaVersion' in whole)) {
    const rows = promptfooRows(whole);
    if (!rows) throw new ReportInputError(`${file}: a JSON document that is neither a promptfoo output file (results.results) nor a result record`);
    rows.forEach((row, i) => {
      const rec = recordFromPromptfooRow(row);
      if (rec === undefined) skipped.push({ file, where: `results[${i}]`, message: 'no milgram-sim record in response.metadata (result or record): not made with providers/promptfoo.ts, or the call failed before a run' });
      else take(rec, `results[${i}]`);
    });
    return { records, kind: 'promptfoo-json', skipped };
  }
  if (Array.isArray(whole)) {
    whole.forEach((v, i) => take(recordFromPromptfooRow(v) ?? v, `[${i}]`));
    return { records, kind: 'records-json', skipped };
  }

  let promptfooLines = 0;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push({ file, where: `line ${i + 1}`, message: 'not a JSON line (a run cut short by a kill? `milgram run` repairs this on resume)' });
      return;
    }
    if (isObject(value) && !('schemaVersion' in value) && ('response' in value || 'metadata' in value)) {
      promptfooLines++;
      const rec = recordFromPromptfooRow(value);
      if (rec === undefined) skipped.push({ file, where: `line ${i + 1}`, message: 'promptfoo row without a milgram-sim record in response.metadata' });
      else take(rec, `line ${i + 1}`);
      return;
    }
    take(value, `line ${i + 1}`);
  });
  return { records, kind: promptfooLines ? 'promptfoo-jsonl' : 'results-jsonl', skipped };
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
