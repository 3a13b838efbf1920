// OpenAI Chat Completions adapter (the `openai` SDK). Also serves every server that speaks
// Chat Completions: `ollama:` (local, no key), `openrouter:` (OPENROUTER_API_KEY) and any
// vLLM / LM Studio endpoint given with --base-url. Thin: converts messages and tools, returns
// text, tool calls and the usage exactly as the server reported it. Knows nothing of Milgram.
import type OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam, ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest, ToolSpec } from './chat-model.ts';
import { toModelCallError } from './model-error.ts';
import { checkOpenAIReply } from './reply-shape.ts';
import { registerSecret } from './secrets.ts';

/** SDK retries for 429 / 5xx / connection errors (exponential backoff, honours retry-after). */
export const MAX_RETRIES = 3;
/** Per-attempt SDK timeout when the run sets none (the machine's turn timeout is the real bound). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export const OLLAMA_BASE_URL = 'http://localhost:11434/v1';
export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';

export type OpenAICompatible = 'openai' | 'ollama' | 'openrouter';

export interface OpenAIAdapterOptions {
  provider: OpenAICompatible;
  model: string;
  /** --base-url / config baseURL; wins over OPENAI_BASE_URL and the provider default. */
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

interface Endpoint {
  baseURL: string | undefined;
  apiKey: string;
}

/** Where to send requests and with which key; a missing key is a clear error before any call. */
export function openAIEndpoint(opts: OpenAIAdapterOptions, env: NodeJS.ProcessEnv = process.env): Endpoint {
  const spec = `${opts.provider}:${opts.model}`;
  if (opts.provider === 'ollama') return { baseURL: opts.baseURL ?? OLLAMA_BASE_URL, apiKey: 'ollama' };
  if (opts.provider === 'openrouter') {
    const key = env.OPENROUTER_API_KEY;
    if (!key) throw new Error(`${spec} needs OPENROUTER_API_KEY in the environment (an OpenRouter key)`);
    return { baseURL: opts.baseURL ?? OPENROUTER_BASE_URL, apiKey: key };
  }
  const baseURL = opts.baseURL ?? (env.OPENAI_BASE_URL || undefined);
  const key = env.OPENAI_API_KEY;
  if (!key && !baseURL) {
    throw new Error(`${spec} needs OPENAI_API_KEY in the environment, or --base-url (baseURL) pointing at a compatible server that needs no key`);
  }
  // Local compatible servers (vLLM, LM Studio) usually ignore the key; the SDK needs one.
  return { baseURL, apiKey: key || 'no-key' };
}

function toolParams(tools: readonly ToolSpec[] | undefined): ChatCompletionTool[] | undefined {
  if (!tools?.length) return undefined;
  return tools.map((t) => {
    const { $schema: _drop, ...parameters } = t.parameters;
    return { type: 'function', function: { name: t.name, description: t.description, parameters } };
  });
}

export function toOpenAIMessages(system: string, messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [{ role: 'system', content: system }];
  for (const m of messages) {
    if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'tool') out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.content });
    else if (m.toolCalls?.length) {
      out.push({
        role: 'assistant',
        content: m.content || null,
        tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      });
    } else out.push({ role: 'assistant', content: m.content });
  }
  return out;
}

export function createOpenAIChatModel(opts: OpenAIAdapterOptions): ChatModel {
  const endpoint = openAIEndpoint(opts);
  registerSecret(endpoint.apiKey);
  // The SDK is loaded on the first call, so commands and runs without OpenAI models never load it.
  let client: Promise<OpenAI> | undefined;
  const connect = async () => {
    const { default: OpenAIClient } = await import('openai');
    return new OpenAIClient({
      apiKey: endpoint.apiKey,
      baseURL: endpoint.baseURL,
      maxRetries: opts.maxRetries ?? MAX_RETRIES,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // The SDK logs retries through console; keep its output (which may quote bodies) quiet.
      logLevel: 'off',
    });
  };
  const where = `${opts.provider}:${opts.model}`;
  return {
    provider: opts.provider,
    model: opts.model,
    offline: false,
    async complete(req: ChatRequest): Promise<ChatReply> {
      const p = req.params ?? {};
      const body: ChatCompletionCreateParamsNonStreaming = {
        model: opts.model,
        messages: toOpenAIMessages(req.system, req.messages),
        ...(toolParams(req.tools) ? { tools: toolParams(req.tools) } : {}),
        ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
        ...(p.seed !== undefined ? { seed: p.seed } : {}),
        // OpenAI's newer models accept only max_completion_tokens; compatible servers know max_tokens.
        ...(p.maxTokens !== undefined ? (opts.provider === 'openai' && !endpoint.baseURL ? { max_completion_tokens: p.maxTokens } : { max_tokens: p.maxTokens }) : {}),
      };
      let res;
      try {
        client ??= connect();
        res = await (await client).chat.completions.create(body, { signal: req.signal });
      } catch (err) {
        throw toModelCallError(err, where);
      }
      checkOpenAIReply(res, where);
      const message = res.choices?.[0]?.message;
      if (!message) throw toModelCallError(new Error('reply has no choices'), where);
      const toolCalls = (message.tool_calls ?? []).flatMap((c, i) =>
        c.type === 'function' ? [{ id: c.id || `call_${i}`, name: c.function.name, arguments: c.function.arguments ?? '' }] : [],
      );
      const u = res.usage;
      const finish = res.choices?.[0]?.finish_reason as string | undefined;
      const refusal = (message as { refusal?: string | null }).refusal;
      const blocked = finish === 'content_filter'
        ? { by: 'finish_reason:content_filter', detail: refusal || message.content || 'the server filtered the reply' }
        : refusal
          ? { by: 'message.refusal', detail: refusal }
          : undefined;
      return {
        text: message.content ?? '',
        toolCalls,
        ...(blocked ? { blocked } : {}),
        usage: u
          ? { inputTokens: u.prompt_tokens ?? 0, outputTokens: u.completion_tokens ?? 0, cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? 0 }
          : null,
      };
    },
  };
}
