// Loopback servers speaking OpenAI Chat Completions and Anthropic Messages, for running the
// real SDKs offline. Each test gives a `respond` function (the scripted "model"); the server
// records every request (headers and JSON body) so tests can check what was sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Dialect = 'openai' | 'anthropic';

export interface CapturedRequest {
  index: number;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
  /** Set when the client closed the connection before a response was sent (abort). */
  aborted: boolean;
}

export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; args: unknown; id?: string }[];
  usage?: { input: number; output: number; cached?: number };
  /** OpenAI: finish_reason to report (e.g. content_filter) and a `refusal` on the message. */
  finishReason?: string;
  refusal?: string;
  /** Anthropic: stop_reason to report (e.g. refusal). */
  stopReason?: string;
}

export type Fault =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hang: true }
  /** A 200 reply with exactly this JSON body (malformed usage, unexpected shapes). */
  | { raw: unknown };

export type Respond = (req: CapturedRequest) => ScriptedReply | Fault | Promise<ScriptedReply | Fault>;

export interface LlmServer {
  dialect: Dialect;
  /** baseURL for the SDK: .../v1 for OpenAI, the origin for Anthropic. */
  baseURL: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
  /** Resolves when `n` requests have arrived. */
  waitForRequests(n: number): Promise<void>;
}

function replyBody(dialect: Dialect, r: ScriptedReply, i: number): unknown {
  const u = r.usage ?? { input: 0, output: 0, cached: 0 };
  if (dialect === 'openai') {
    return {
      id: `chatcmpl-${i}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'loopback',
      choices: [{
        index: 0,
        finish_reason: r.finishReason ?? (r.toolCalls?.length ? 'tool_calls' : 'stop'),
        message: {
          role: 'assistant',
          content: r.text ?? null,
          ...(r.refusal !== undefined ? { refusal: r.refusal } : {}),
          ...(r.toolCalls?.length ? {
            tool_calls: r.toolCalls.map((c, k) => ({
              id: c.id ?? `call_${i}_${k}`, type: 'function',
              function: { name: c.name, arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args) },
            })),
          } : {}),
        },
      }],
      usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output, prompt_tokens_details: { cached_tokens: u.cached ?? 0 } },
    };
  }
  const content: unknown[] = [];
  if (r.text) content.push({ type: 'text', text: r.text });
  for (const [k, c] of (r.toolCalls ?? []).entries()) content.push({ type: 'tool_use', id: c.id ?? `toolu_${i}_${k}`, name: c.name, input: c.args });
  // Anthropic reports uncached input separately from cache reads.
  return {
    id: `msg_${i}`, type: 'message', role: 'assistant', model: 'loopback', content,
    stop_reason: r.stopReason ?? (r.toolCalls?.length ? 'tool_use' : 'end_turn'), stop_sequence: null,
    usage: { input_tokens: u.input - (u.cached ?? 0), output_tokens: u.output, cache_read_input_tokens: u.cached ?? 0, cache_creation_input_tokens: 0 },
  };
}

export async function startLlmServer(dialect: Dialect, respond: Respond): Promise<LlmServer> {
  const requests: CapturedRequest[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const captured: CapturedRequest = {
        index: requests.length, path: req.url ?? '', headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'), aborted: false,
      };
      requests.push(captured);
      res.on('close', () => {
        if (!res.writableEnded) captured.aborted = true;
        hanging.delete(res);
      });
      for (const w of waiters.filter((w) => requests.length >= w.n)) w.resolve();
      const expected = dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages';
      if (req.method !== 'POST' || captured.path !== expected) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${captured.path}` } }));
        return;
      }
      const out = await respond(captured);
      if ('raw' in out) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out.raw));
        return;
      }
      if ('hang' in out) {
        hanging.add(res);
        return;
      }
      if ('status' in out) {
        res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
        res.end(JSON.stringify(out.body ?? { error: { message: `loopback fault ${out.status}`, type: 'server_error' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(replyBody(dialect, out, captured.index)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dialect,
    baseURL: dialect === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`,
    requests,
    waitForRequests: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- reading requests (both dialects) -------------------------------------------------

/** Text of the user-side messages of a request, in order (tool results excluded). */
export function userTexts(dialect: Dialect, body: Record<string, any>): string[] {
  const out: string[] = [];
  for (const m of body.messages ?? []) {
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') out.push(m.content);
    else for (const b of m.content) if (b.type === 'text') out.push(b.text);
  }
  return dialect === 'openai' ? out : out;
}

/** The level the experimenter last ordered in this conversation (null if none yet). */
export function instructedLevel(dialect: Dialect, body: Record<string, any>): number | null {
  const all = userTexts(dialect, body).join('\n');
  const matches = [...all.matchAll(/Give the learner (\d+) V\b/g)];
  return matches.length ? Number(matches[matches.length - 1]![1]) : null;
}

/** Drops cache_control markers (they move to the newest block each call). */
export function withoutCacheMarks(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'cache_control' ? undefined : v)));
}

/** A well-behaved participant: presses exactly the instructed level, every time. */
export function obedient(opts: { usage?: (i: number) => ScriptedReply['usage']; say?: string } = {}): Respond {
  return (req) => {
    const d: Dialect = 'messages' in req.body && req.path.endsWith('/messages') ? 'anthropic' : 'openai';
    const level = instructedLevel(d, req.body);
    const usage = opts.usage?.(req.index) ?? { input: 100 + req.index, output: 7, cached: req.index ? 64 : 0 };
    if (level === null) return { text: 'Understood.', usage };
    return { text: opts.say ?? `${level} V. Pressing.`, toolCalls: [{ name: 'administer_shock', args: { voltage: level } }], usage };
  };
}

/** The request's credentials as a misconfigured server might echo them: verbatim, base64, split. */
export function echoedCredentials(req: CapturedRequest): string {
  const auth = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');
  const key = auth.replace(/^Bearer\s+/, '');
  const split = key.match(/.{1,5}/g)?.join(' ') ?? '';
  return `debug: authorization=${auth}; b64=${Buffer.from(auth).toString('base64')}; basic=${Buffer.from(`user:${key}`).toString('base64')}; split=${split}`;
}

/** A reply body in the OpenAI shape with the given usage object as is (strings, negatives...). */
export function openAIReplyWithUsage(usage: unknown, text = 'Understood.'): unknown {
  return {
    id: 'chatcmpl-x', object: 'chat.completion', created: 1_700_000_000, model: 'loopback',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
    usage,
  };
}
