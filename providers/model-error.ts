// The one error shape a failed model call turns into. The machine copies kind, status and
// message into the run's error record; the message is scrubbed of keys here, once.
import { scrubSecrets } from './secrets.ts';

export type ModelErrorKind =
  | 'rate-limit' | 'server-error' | 'auth' | 'bad-request' | 'connection' | 'timeout' | 'aborted' | 'model-error'
  /** The serving layer blocked the reply (ChatReply.blocked): an outcome of its own, not an error. */
  | 'content-filter'
  /** The server answered, but with a reply of the wrong shape (see providers/reply-shape.ts). */
  | 'bad-response';

export class ModelCallError extends Error {
  readonly kind: ModelErrorKind;
  readonly status: number | null;
  /** The server's Retry-After (429, 503), in ms, when it sent one. */
  readonly retryAfterMs?: number;
  constructor(kind: ModelErrorKind, status: number | null, message: string, retryAfterMs?: number) {
    super(scrubSecrets(message));
    this.name = 'ModelCallError';
    this.kind = kind;
    this.status = status;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/** retry-after-ms, or retry-after in seconds or as an HTTP date, from an SDK error's headers. */
export function retryAfterOf(headers: unknown, now = Date.now()): number | undefined {
  const get = (name: string): string | null | undefined => {
    if (!headers || typeof headers !== 'object') return undefined;
    const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
    if (typeof h.get === 'function') return h.get(name);
    const v = h[name];
    return typeof v === 'string' ? v : undefined;
  };
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function kindOf(status: number | null, name: string): ModelErrorKind {
  if (/Abort/i.test(name)) return 'aborted';
  if (/Timeout/i.test(name)) return 'timeout';
  if (status === null) return /Connection/i.test(name) ? 'connection' : 'model-error';
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'bad-request';
  return 'model-error';
}

/** Wraps whatever an SDK threw (after its own bounded retries) into a ModelCallError. */
export function toModelCallError(err: unknown, where: string): ModelCallError {
  if (err instanceof ModelCallError) return err;
  const e = err as { name?: string; constructor?: { name?: string }; status?: unknown; message?: unknown; headers?: unknown };
  const status = typeof e?.status === 'number' ? e.status : null;
  const name = e?.constructor?.name ?? e?.name ?? 'Error';
  const kind = kindOf(status, name);
  const text = String(e?.message ?? err);
  const hint = kind === 'auth' ? ' (check the API key variable for this provider)' : '';
  return new ModelCallError(kind, status, `${where}: ${text}${hint}`, retryAfterOf(e?.headers));
}
