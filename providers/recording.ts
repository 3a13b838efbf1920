// Records every model request and reply of a batch to a JSON-lines file, so `--replay` (or a
// `replay:<file>` participant) can re-run the batch with no network. One line per call;
// lines of concurrent runs interleave but each line is whole. Requests are stored as the
// messages added since the role's previous call (prompts are prefix-stable), plus a hash of
// the full request that replay checks.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest, ModelParams, ToolSpec } from './chat-model.ts';
import { scrubSecrets } from './secrets.ts';

/** Which run and which role a call belongs to; the same in the recording and the replay run. */
export interface CallKey {
  /** Condition, ladder, seed and repeat of the run (not the participant spec). */
  scope: string;
  role: string;
  /** The role's spec as configured (openai:gpt-4o, sim:obedient, ...). */
  spec: string;
}

export interface CallRecord extends CallKey {
  v: 1;
  provider: string;
  model: string;
  offline: boolean;
  /** 0-based index of the call within this run and role. */
  call: number;
  hash: string;
  /** Messages added since the previous call (the whole list on call 0). */
  appended: ChatMessage[];
  /** Message count of the full request. */
  messageCount: number;
  system?: string;
  tools?: readonly ToolSpec[];
  params?: ModelParams;
  reply?: ChatReply;
  error?: { name: string; kind: string; status: number | null; message: string; retryAfterMs?: number };
  /** The call was abandoned (turn timeout, stopped run) before a reply came. */
  aborted?: true;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Hash of everything that is sent: system prompt, messages, tools, parameters, with secrets
 * scrubbed first. The recording stores scrubbed text, so a replayed run sends scrubbed text
 * back; hashing the scrubbed form makes the two match (a request differing only in a key is
 * the same request).
 */
export function requestHash(req: Pick<ChatRequest, 'system' | 'messages' | 'tools' | 'params'>): string {
  return createHash('sha256')
    .update(scrubSecrets(canonical({ system: req.system, messages: req.messages, tools: req.tools ?? [], params: req.params ?? {} })))
    .digest('hex')
    .slice(0, 24);
}

function write(file: string, record: CallRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${scrubSecrets(JSON.stringify(record))}\n`);
}

/** Wraps a model so each call (reply, error or abort) is appended to `file`. */
export function recordingModel(inner: ChatModel, file: string, key: CallKey): ChatModel {
  let call = 0;
  let sent = 0;
  return {
    provider: inner.provider,
    model: inner.model,
    offline: inner.offline,
    async complete(req: ChatRequest): Promise<ChatReply> {
      const base: CallRecord = {
        v: 1, ...key, provider: inner.provider, model: inner.model, offline: inner.offline,
        call: call++, hash: requestHash(req), appended: req.messages.slice(sent), messageCount: req.messages.length,
        ...(sent === 0 ? { system: req.system, tools: req.tools ?? [], params: req.params ?? {} } : {}),
      };
      sent = req.messages.length;
      try {
        const reply = await inner.complete(req);
        write(file, { ...base, reply });
        return reply;
      } catch (err) {
        if (req.signal?.aborted) write(file, { ...base, aborted: true });
        else {
          const e = err as { name?: string; kind?: string; status?: unknown; message?: string; retryAfterMs?: number };
          const retryAfter = typeof e?.retryAfterMs === 'number' ? { retryAfterMs: e.retryAfterMs } : {};
          write(file, { ...base, error: { name: e?.name ?? 'Error', kind: e?.kind ?? e?.name ?? 'Error', status: typeof e?.status === 'number' ? e.status : null, message: String(e?.message ?? err), ...retryAfter } });
        }
        throw err;
      }
    },
  };
}
