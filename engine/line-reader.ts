// Reads a text file line by line with bounded memory, whatever its size: plain or gzip
// (recognised by its magic bytes, so `results.jsonl.gz` and a renamed file both work). Lines
// longer than the cap are reported, not held (a file of one huge line, /dev/zero, a binary
// file). A stopped signal ends the read at the next chunk. Nothing here knows about records.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** One line is at most this long (a record of a very long run is a few MB). */
export const MAX_LINE_BYTES = Number(process.env.MILGRAM_MAX_LINE_BYTES) || 64 * 1024 * 1024;

export interface Line {
  /** The line without its newline ('' for an over-long line, see tooLong). */
  text: string;
  /** 1-based. */
  number: number;
  /** No newline after it: the file's last line, possibly cut short by a kill. */
  unterminated: boolean;
  /** Longer than the cap: its text is dropped. */
  tooLong?: true;
}

export interface ReadInfo {
  gzip: boolean;
  /** A gzip file that ends mid-stream (killed while writing): the lines before the cut were read. */
  gzipTruncated: boolean;
  /** Bytes of text read (decompressed). */
  bytes: number;
}

export function isGzipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function abortError(): Error {
  return Object.assign(new Error('stopped'), { name: 'AbortError' });
}

/**
 * The lines of a file, in order. `info` (if given) is filled in as the read goes; it is final
 * once the loop ends. Throws an AbortError when the signal stops the read.
 */
export async function* readLines(
  path: string,
  options: { signal?: AbortSignal; maxLineBytes?: number; info?: ReadInfo } = {},
): AsyncGenerator<Line> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  const info = options.info ?? { gzip: false, gzipTruncated: false, bytes: 0 };
  info.gzip = isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = info.gzip ? raw.pipe(createGunzip()) : raw;
  if (info.gzip) raw.on('error', (err) => source.destroy(err));
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overLong = false;
  let number = 0;
  const take = (piece: Buffer) => {
    if (overLong) return;
    if (partBytes + piece.length > max) {
      overLong = true;
      parts = [];
      partBytes = 0;
      return;
    }
    parts.push(piece);
    partBytes += piece.length;
  };
  const finish = (unterminated: boolean): Line => {
    number++;
    const line: Line = overLong
      ? { text: '', number, unterminated, tooLong: true }
      : { text: (parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes)).toString('utf8'), number, unterminated };
    parts = [];
    partBytes = 0;
    overLong = false;
    return line;
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) throw abortError();
      info.bytes += chunk.length;
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        take(chunk.subarray(start, nl));
        yield finish(false);
        start = nl + 1;
      }
      if (start < chunk.length) take(chunk.subarray(start));
    }
  } catch (err) {
    // A gzip stream cut short ends the read where the data ends, like a cut-off plain line.
    if (info.gzip && (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') info.gzipTruncated = true;
    else throw err;
  } finally {
    raw.destroy();
    source.destroy();
  }
  if (partBytes > 0 || overLong) yield finish(true);
}
