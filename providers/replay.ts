// Replays a recording made with `--record`: each call is answered from the file, with no
// network. Calls are matched by run scope, role, spec and call index, and the request must
// hash to what was recorded; a call the recording lacks, or a request that differs, is an
// error that names it. Never a guess.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest } from './chat-model.ts';
import { ModelCallError } from './model-error.ts';
import { requestHash, type CallKey, type CallRecord } from './recording.ts';

export class ReplayError extends Error {
  readonly kind = 'replay-mismatch';
  readonly status = null;
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** A recording larger than this is refused (MILGRAM_MAX_REPLAY_BYTES), with a message. */
export const MAX_REPLAY_BYTES = Number(process.env.MILGRAM_MAX_REPLAY_BYTES) || 1024 * 1024 * 1024;
const CHUNK = 1 << 20;

/**
 * The calls of a recording, indexed by where each line sits in the file: the lines themselves
 * stay on disk and are read when a call is replayed, so memory holds an index entry per call,
 * not the recording. Read once, in chunks, within a size limit; only regular files.
 */
export class ReplayBook {
  readonly file: string;
  private readonly path: string;
  private readonly calls = new Map<string, { offset: number; length: number }>();
  private readonly specsByRole = new Map<string, Set<string>>();
  private readonly firstOf = new Map<string, Pick<CallRecord, 'provider' | 'model' | 'offline'>>();

  constructor(file: string, options: { maxBytes?: number } = {}) {
    this.file = file;
    this.path = resolve(file);
    const max = options.maxBytes ?? MAX_REPLAY_BYTES;
    let st;
    try {
      st = statSync(this.path);
    } catch {
      throw new Error(`replay file ${file} does not exist; record one with --record ${file}`);
    }
    if (!st.isFile()) throw new Error(`replay file ${file} is not a regular file; give a file written by --record`);
    if (st.size > max) throw new Error(`replay file ${file} is ${st.size} bytes, over the limit of ${max} (MILGRAM_MAX_REPLAY_BYTES); split the recording or raise the limit`);
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(CHUNK);
      let carry: Buffer<ArrayBufferLike> = Buffer.alloc(0);
      let pos = 0;
      let lineNo = 0;
      let lineStart = 0;
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK, pos);
        // Never more than the size seen at the start (a file growing while read, /proc files).
        if (n === 0 || pos >= max) break;
        pos += n;
        const data: Buffer<ArrayBufferLike> = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
        let from = 0;
        for (let nl = data.indexOf(0x0a, from); nl !== -1; nl = data.indexOf(0x0a, from)) {
          this.index(data.subarray(from, nl), lineStart, ++lineNo);
          lineStart += nl - from + 1;
          from = nl + 1;
        }
        carry = Buffer.from(data.subarray(from));
      }
      if (carry.length) this.index(carry, lineStart, ++lineNo);
    } finally {
      closeSync(fd);
    }
  }

  private index(bytes: Buffer, offset: number, lineNo: number): void {
    const line = bytes.toString('utf8');
    if (!line.trim()) return;
    let rec: CallRecord;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`replay file ${this.file}, line ${lineNo}: not JSON (a cut-off last line can be deleted)`);
    }
    if (rec?.v !== 1 || typeof rec.scope !== 'string' || typeof rec.call !== 'number') {
      throw new Error(`replay file ${this.file}, line ${lineNo}: not a call record written by --record`);
    }
    // A re-run of the same call (resumed batch) replaces the earlier one.
    this.calls.set(ReplayBook.key(rec, rec.spec, rec.call), { offset, length: bytes.length });
    if (!this.specsByRole.has(rec.role)) this.specsByRole.set(rec.role, new Set());
    this.specsByRole.get(rec.role)!.add(rec.spec);
    if (rec.call === 0) this.firstOf.set(`${rec.role}\u0000${rec.spec}`, { provider: rec.provider, model: rec.model, offline: rec.offline });
  }

  static key(k: Pick<CallKey, 'scope' | 'role'>, spec: string, call: number): string {
    return `${k.scope}\u0000${k.role}\u0000${spec}\u0000${call}`;
  }

  get(k: Pick<CallKey, 'scope' | 'role'>, spec: string, call: number): CallRecord | undefined {
    const at = this.calls.get(ReplayBook.key(k, spec, call));
    if (!at) return undefined;
    const buf = Buffer.alloc(at.length);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buf, 0, at.length, at.offset);
    } finally {
      closeSync(fd);
    }
    return JSON.parse(buf.toString('utf8')) as CallRecord;
  }

  /** Provider, model and offline flag a role's spec was recorded with (from any run's first call). */
  identity(role: CallKey['role'], spec: string): Pick<CallRecord, 'provider' | 'model' | 'offline'> | undefined {
    return this.firstOf.get(`${role}\u0000${spec}`);
  }

  /** The one spec a role was recorded under, for `replay:<file>` specs. */
  onlySpec(role: CallKey['role']): string {
    const specs = [...(this.specsByRole.get(role) ?? [])];
    if (specs.length === 1) return specs[0]!;
    if (!specs.length) throw new Error(`replay file ${this.file} has no ${role} calls; record a batch with --record first`);
    throw new Error(`replay file ${this.file} holds several ${role} specs (${specs.join(', ')}); use --replay ${this.file} with --${role} <spec> to pick one`);
  }

  /** The full message list of a recorded call (its deltas put back together). */
  messagesOf(k: Pick<CallKey, 'scope' | 'role'>, spec: string, call: number): ChatMessage[] | null {
    const out: ChatMessage[] = [];
    for (let i = 0; i <= call; i++) {
      const rec = this.get(k, spec, i);
      if (!rec) return null;
      out.push(...rec.appended);
    }
    return out;
  }
}

const books = new Map<string, { stamp: string; book: ReplayBook }>();

/** Loads a recording once per process (reloaded if the file changed). */
export function loadReplayBook(file: string): ReplayBook {
  const path = resolve(file);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`replay file ${file} does not exist; record one with --record ${file}`);
  }
  const stamp = `${stat.mtimeMs}:${stat.size}`;
  const cached = books.get(path);
  if (cached?.stamp === stamp) return cached.book;
  const book = new ReplayBook(file);
  books.set(path, { stamp, book });
  return book;
}

function preview(messages: readonly ChatMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const text = last && 'content' in last ? last.content.replace(/\s+/g, ' ') : '';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function firstDifference(a: readonly ChatMessage[], b: readonly ChatMessage[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i;
  return n;
}

function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    const abort = () => reject(Object.assign(new Error('replayed call aborted'), { name: 'AbortError' }));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * A model answered from the book. `key.spec` is the spec the calls were recorded under; the
 * model reports the recorded provider and model, so usage and cost come out as recorded.
 */
export function replayModel(book: ReplayBook, key: CallKey): ChatModel {
  // Who the spec was recorded as, from the book's index: no read of the file per run.
  const first = book.identity(key.role, key.spec);
  let call = 0;
  return {
    provider: first?.provider ?? key.spec.split(':')[0]!,
    model: first?.model ?? key.spec.slice(key.spec.indexOf(':') + 1),
    offline: first?.offline ?? false,
    async complete(req: ChatRequest): Promise<ChatReply> {
      const n = call++;
      const rec = book.get(key, key.spec, n);
      const name = `${key.role} call #${n + 1} (${key.spec}) of run ${key.scope}`;
      if (!rec) {
        throw new ReplayError(`${book.file} has no recording of ${name}; last message sent: "${preview(req.messages)}". Record this batch again with --record.`);
      }
      if (rec.hash !== requestHash(req)) {
        const recorded = book.messagesOf(key, key.spec, n);
        const where = recorded ? `first difference at message ${firstDifference(recorded, req.messages)}` : 'earlier calls missing';
        throw new ReplayError(`${book.file}: ${name} differs from the recorded request (${where}; last message sent: "${preview(req.messages)}"). The run no longer matches the recording.`);
      }
      if (rec.aborted) return waitForAbort(req.signal);
      if (rec.error) {
        const err = new ModelCallError(rec.error.kind as ModelCallError['kind'], rec.error.status, rec.error.message, rec.error.retryAfterMs);
        throw err;
      }
      return rec.reply!; // parsed afresh by every get: the caller may keep or change it
    },
  };
}
