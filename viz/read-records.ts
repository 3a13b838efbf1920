// Reads result records for the viewer: a milgram JSON-lines results file, or a promptfoo output
// file (`promptfoo eval -o out.json`, or its .jsonl form) whose results came from
// providers/promptfoo.ts, which puts the full record in each response's metadata.
import { existsSync, readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { parseResult, type RunResult } from '../engine/result.ts';

export interface LoadedRecords {
  results: RunResult[];
  format: 'milgram-jsonl' | 'promptfoo';
  /** Things skipped that the user should know about (a cut-off last line, errored cells). */
  notes: string[];
}

const isRecordLike = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (v as { protocol?: unknown }).protocol === 'milgram' && 'schemaVersion' in v;

function describe(err: unknown): string {
  if (err instanceof ZodError) {
    const issue = err.issues[0]!;
    return `field "${issue.path.join('.') || '(record)'}": ${issue.message}`;
  }
  return (err as Error).message;
}

/** The record a promptfoo result carries, if any (metadata.record, metadata.result, or any metadata value). */
function recordInPromptfooResult(item: unknown): unknown {
  const metadata = (item as { response?: { metadata?: Record<string, unknown> } })?.response?.metadata;
  if (!metadata) return undefined;
  if (isRecordLike(metadata.record)) return metadata.record;
  if (isRecordLike(metadata.result)) return metadata.result;
  return Object.values(metadata).find(isRecordLike);
}

function promptfooItems(json: unknown): unknown[] | null {
  const top = json as { results?: unknown };
  if (Array.isArray(top?.results)) return top.results;
  const inner = (top?.results as { results?: unknown })?.results;
  return Array.isArray(inner) ? inner : null;
}

export function readRecords(path: string): LoadedRecords {
  if (!existsSync(path)) {
    throw new Error(`results file not found: ${path} (write one with \`npx milgram run ... --out ${path}\` or \`promptfoo eval -o ${path}\`)`);
  }
  const text = readFileSync(path, 'utf8');
  const notes: string[] = [];
  const trimmed = text.trimStart();

  // A whole-file JSON document: promptfoo's -o out.json.
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Error(`${path}: not valid JSON (${(err as Error).message}); expected milgram JSON lines or a promptfoo output file`);
    }
    if (isRecordLike(json)) return { results: [parseAt(json, `${path}`)], format: 'milgram-jsonl', notes };
    const items = (json as { response?: unknown }).response !== undefined ? [json] : promptfooItems(json);
    if (!items) throw new Error(`${path}: neither a milgram result record nor a promptfoo output file (no "results" array)`);
    return fromPromptfoo(items, path, notes);
  }

  const lines = text.split('\n');
  const results: RunResult[] = [];
  const promptfoo: unknown[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      // A run killed mid-write leaves a cut-off last line; the batch runner repairs it on resume.
      if (i === lines.length - 1) {
        notes.push(`line ${i + 1} is cut off (an interrupted write) and was skipped`);
        return;
      }
      throw new Error(`${path} line ${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    if (isRecordLike(value)) results.push(parseAt(value, `${path} line ${i + 1}`));
    else if ((value as { response?: unknown })?.response !== undefined) promptfoo.push(value);
    else throw new Error(`${path} line ${i + 1}: not a milgram result record (no protocol "milgram"); expected lines written by \`npx milgram run --out\``);
  });
  if (promptfoo.length && !results.length) return fromPromptfoo(promptfoo, path, notes);
  if (!results.length) throw new Error(`${path}: no result records in the file`);
  return { results, format: 'milgram-jsonl', notes };
}

function parseAt(value: unknown, where: string): RunResult {
  try {
    return parseResult(value);
  } catch (err) {
    throw new Error(`${where}: invalid result record, ${describe(err)} (was it written by another milgram-sim version? re-run it with this one)`);
  }
}

function fromPromptfoo(items: unknown[], path: string, notes: string[]): LoadedRecords {
  const results: RunResult[] = [];
  let without = 0;
  items.forEach((item, i) => {
    const record = recordInPromptfooResult(item);
    if (record === undefined) without++;
    else results.push(parseAt(record, `${path} promptfoo result ${i + 1} (response.metadata.record)`));
  });
  if (without) notes.push(`${without} of ${items.length} promptfoo results carried no milgram-sim record (failed before a run, or another provider) and were skipped`);
  if (!results.length) {
    throw new Error(`${path}: none of the ${items.length} promptfoo results carries a milgram-sim record in response.metadata; were they produced by providers/promptfoo.ts?`);
  }
  return { results, format: 'promptfoo', notes };
}
