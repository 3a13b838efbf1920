// Opening a results file for a batch: the path checked at once (one clear line, no hang on
// /proc), the file ours (new, or every line a result record: anything else is refused, never
// appended to), one writer (engine/lock.ts), a cut-off last record removed (and only that),
// the finished ids read in one streaming pass, and a writer that appends whole records,
// plain or gzip (`.jsonl.gz`: one gzip member per record, so a kill loses at most the record
// being written). Secrets are scrubbed from every line written.
import {
  appendFileSync, closeSync, createWriteStream, existsSync, mkdirSync, openSync, renameSync, statSync, truncateSync, unlinkSync, writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { scrubSecrets } from '../providers/secrets.ts';
import { abortError, isGzipFile, readLines, type ReadInfo } from './line-reader.ts';
import { lockFile, type FileLock } from './lock.ts';

export class ResultsFileError extends Error {
  readonly field = 'out';
  constructor(message: string) {
    super(message);
    this.name = 'ResultsFileError';
  }
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * Makes sure `path` can be written before any run starts: its folder exists or can be made,
 * the file (if any) is a regular file. Folders are made one level at a time, never with
 * mkdir's recursive mode (which spins forever under /proc).
 */
export function prepareOut(path: string): void {
  const abs = resolve(path);
  const missing: string[] = [];
  let dir = dirname(abs);
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch (err) {
      if (code(err) !== 'ENOENT') throw new ResultsFileError(`cannot write the results file ${path}: ${dir} is not accessible (${code(err)})`);
      const parent = dirname(dir);
      if (parent === dir) throw new ResultsFileError(`cannot write the results file ${path}: no such folder`);
      missing.unshift(dir);
      dir = parent;
      continue;
    }
    if (!st.isDirectory()) throw new ResultsFileError(`cannot write the results file ${path}: ${dir} is not a folder`);
    break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if (code(err) !== 'EEXIST') throw new ResultsFileError(`cannot write the results file ${path}: cannot create the folder ${d} (${code(err)})`);
    }
  }
  if (existsSync(abs) && !statSync(abs).isFile()) throw new ResultsFileError(`cannot write the results file ${path}: it is not a regular file`);
  try {
    closeSync(openSync(abs, 'a'));
  } catch (err) {
    throw new ResultsFileError(`cannot write the results file ${path} (${code(err)})`);
  }
}

/** A JSON line that looks like one of our records (any version): an object with an id and a schemaVersion. */
function recordIdOf(text: string): { id: string; outcome: unknown } | null {
  if (!text.startsWith('{')) return null;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.id === 'string' && 'schemaVersion' in v) return { id: v.id, outcome: v.outcome };
  } catch { /* not JSON */ }
  return null;
}

/** A cut-off record: the start of a JSON object that does not parse (a write cut by a kill). */
const looksLikeCutRecord = (text: string) => /^\{"(schemaVersion|id|protocol)"/.test(text);

export interface ScanResult {
  /** Ids of the finished runs (with retryErrors, not those whose latest record is an error). */
  done: Set<string>;
  records: number;
  /** Bytes of a cut-off last record removed (0 if none). */
  repairedBytes: number;
}

function notOurs(path: string, line: number): ResultsFileError {
  return new ResultsFileError(
    `${path} is not a milgram-sim results file (line ${line} is not a result record); milgram run appends only to its own results files: give a new --out path, or one written by \`milgram run --out\``,
  );
}

/**
 * Reads the results file once, streaming: checks every line is a record, collects the finished
 * ids, and repairs a cut-off last record (plain: truncated away; gzip: the readable records are
 * rewritten). Call it with the lock held.
 */
export async function scanResultsFile(path: string, options: { retryErrors?: boolean; signal?: AbortSignal } = {}): Promise<ScanResult> {
  const result: ScanResult = { done: new Set(), records: 0, repairedBytes: 0 };
  // A new (empty) file has nothing to read: no stream, no turns of the event loop.
  if (!existsSync(path) || statSync(path).size === 0) return result;
  const errored = new Set<string>();
  const info: ReadInfo = { gzip: false, gzipTruncated: false, bytes: 0 };
  let offset = 0;
  let cutAt: number | null = null;
  let cutBytes = 0;
  let needsNewline = false;
  for await (const line of readLines(path, { signal: options.signal, info })) {
    const bytes = line.tooLong ? 0 : Buffer.byteLength(line.text);
    const start = offset;
    offset += bytes + (line.unterminated ? 0 : 1);
    if (line.tooLong) throw notOurs(path, line.number);
    if (!line.text.trim()) continue;
    const rec = recordIdOf(line.text);
    if (!rec) {
      if (line.unterminated && looksLikeCutRecord(line.text)) {
        cutAt = start;
        cutBytes = bytes;
        continue;
      }
      throw notOurs(path, line.number);
    }
    if (line.unterminated) needsNewline = true;
    result.records++;
    result.done.add(rec.id);
    if (options.retryErrors) {
      if (rec.outcome === 'error') errored.add(rec.id);
      else errored.delete(rec.id);
    }
  }
  for (const id of errored) result.done.delete(id);

  if (info.gzip && (info.gzipTruncated || cutAt !== null || needsNewline)) {
    result.repairedBytes = await rewriteGzip(path, options.signal);
  } else if (cutAt !== null) {
    truncateSync(path, cutAt);
    result.repairedBytes = cutBytes;
  } else if (needsNewline) {
    // A complete record that only lacks its newline (edited by hand) is kept, not cut.
    appendFileSync(path, '\n');
  }
  return result;
}

/** Rewrites a gzip results file keeping its whole record lines (a kill cut its last member). */
async function rewriteGzip(path: string, signal?: AbortSignal): Promise<number> {
  const tmp = `${path}.repair-${process.pid}`;
  const out = createWriteStream(tmp);
  let dropped = 0;
  try {
    for await (const line of readLines(path, { signal })) {
      if (line.tooLong) continue;
      if (line.unterminated && !recordIdOf(line.text)) {
        dropped = Buffer.byteLength(line.text);
        continue;
      }
      if (!line.text.trim()) continue;
      if (!out.write(gzipSync(`${line.text}\n`))) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
    renameSync(tmp, path);
  } catch (err) {
    out.destroy();
    try { unlinkSync(tmp); } catch { /* never made */ }
    throw err;
  }
  return dropped || 1;
}

export interface ResultsWriter {
  readonly path: string;
  readonly gzip: boolean;
  append(result: { id: string }): void;
  close(): void;
}

/**
 * Appends records as whole lines, one write(2) each to a file opened once in append mode (a
 * line is never split between writes, so a crash leaves at most a cut last line, which the
 * next scan repairs); gzip for `.gz` files or files already gzip.
 */
export function resultsWriter(path: string, lock?: FileLock): ResultsWriter {
  const existing = existsSync(path) ? statSync(path).size : 0;
  const gzip = existing > 0 ? isGzipFile(path) : path.endsWith('.gz');
  let fd: number | null = null;
  // Plain lines are encoded into one reused buffer (a record is tens of KB: encoding it there
  // costs less than building `json + "\n"` and letting write(2) encode the string).
  let buf = Buffer.allocUnsafe(0);
  return {
    path,
    gzip,
    append(result) {
      const json = scrubSecrets(JSON.stringify(result));
      fd ??= openSync(path, 'a');
      let bytes: Buffer;
      let size: number;
      if (gzip) {
        bytes = gzipSync(`${json}\n`);
        size = bytes.length;
      } else {
        // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the newline.
        if (buf.length < json.length * 3 + 1) buf = Buffer.allocUnsafe(Math.max(json.length * 3 + 1, 1 << 16));
        size = buf.write(json, 0, 'utf8');
        buf[size++] = 0x0a;
        bytes = buf;
      }
      // One write(2) per line; the rest of a short write (rare on files) until done.
      for (let written = 0; written < size; ) written += writeSync(fd, bytes, written, size - written);
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
      lock?.release();
    },
  };
}

/**
 * Everything a batch needs before its first run: path checked, lock taken, file checked and
 * repaired, finished ids read. The lock is released by the writer's close (and on exit).
 */
export async function openResultsFile(
  path: string,
  options: { retryErrors?: boolean; signal?: AbortSignal } = {},
): Promise<{ writer: ResultsWriter; scan: ScanResult }> {
  prepareOut(path);
  let lock: FileLock;
  try {
    lock = lockFile(path);
  } catch (err) {
    throw new ResultsFileError((err as Error).message);
  }
  try {
    const scan = await scanResultsFile(path, options);
    if (options.signal?.aborted) throw abortError();
    return { writer: resultsWriter(path, lock), scan };
  } catch (err) {
    lock.release();
    throw err;
  }
}
