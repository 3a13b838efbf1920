// Anthropic Messages adapter (@anthropic-ai/sdk). Thin: converts messages and tools, marks the
// prompt-cache breakpoints, returns text, tool calls and usage. Knows nothing of Milgram.
import type Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam, MessageCreateParamsNonStreaming, MessageParam, TextBlockParam, Tool,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest, ToolSpec } from './chat-model.ts';
import { toModelCallError } from './model-error.ts';
import { checkAnthropicReply } from './reply-shape.ts';
import { DEFAULT_TIMEOUT_MS, MAX_RETRIES } from './openai.ts';
import { registerSecret } from './secrets.ts';

/** Messages requires max_tokens; used when the run sets none. */
export const DEFAULT_MAX_TOKENS = 1024;

export interface AnthropicAdapterOptions {
  model: string;
  /** --base-url / config baseURL; wins over ANTHROPIC_BASE_URL. */
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

const EPHEMERAL = { type: 'ephemeral' } as const;

function credentials(opts: AnthropicAdapterOptions, env: NodeJS.ProcessEnv = process.env): { apiKey?: string; authToken?: string; baseURL?: string } {
  const baseURL = opts.baseURL ?? (env.ANTHROPIC_BASE_URL || undefined);
  if (env.ANTHROPIC_API_KEY) return { apiKey: env.ANTHROPIC_API_KEY, baseURL };
  if (env.ANTHROPIC_AUTH_TOKEN) return { authToken: env.ANTHROPIC_AUTH_TOKEN, baseURL };
  // Without this check the SDK would go looking for credential profiles on disk.
  if (!baseURL) throw new Error(`anthropic:${opts.model} needs ANTHROPIC_API_KEY in the environment, or --base-url (baseURL) pointing at a compatible server that needs no key`);
  return { apiKey: 'no-key', baseURL };
}

function toolParams(tools: readonly ToolSpec[] | undefined): Tool[] | undefined {
  if (!tools?.length) return undefined;
  return tools.map((t) => {
    const { $schema: _drop, ...schema } = t.parameters;
    return { name: t.name, description: t.description, input_schema: schema as Tool['input_schema'] };
  });
}

function parseInput(args: string): Record<string, unknown> {
  try {
    const v = JSON.parse(args || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/**
 * Messages wants strict user/assistant alternation with tool results inside the user turn,
 * so tool results and the user text that follows them merge into one user message. The
 * conversion is a pure function of the message list: a longer list converts to a longer
 * prefix-identical list, so the cache keeps working.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  const userBlocks = (): ContentBlockParam[] => {
    const last = out[out.length - 1];
    if (last?.role === 'user') return last.content as ContentBlockParam[];
    const blocks: ContentBlockParam[] = [];
    out.push({ role: 'user', content: blocks });
    return blocks;
  };
  for (const m of messages) {
    if (m.role === 'user') userBlocks().push({ type: 'text', text: m.content });
    else if (m.role === 'tool') userBlocks().push({ type: 'tool_result', tool_use_id: m.toolCallId, content: m.content });
    else {
      const blocks: ContentBlockParam[] = [];
      if (m.content) blocks.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: parseInput(c.arguments) });
      // Messages rejects empty assistant turns; an empty reply is sent as an explicit marker.
      if (!blocks.length) blocks.push({ type: 'text', text: '(no reply)' });
      out.push({ role: 'assistant', content: blocks });
    }
  }
  return out;
}

/** Cache breakpoints: end of the system prompt, and the last block of the conversation. */
function withCacheBreakpoint(messages: MessageParam[]): MessageParam[] {
  const last = messages[messages.length - 1];
  if (!last || typeof last.content === 'string' || !last.content.length) return messages;
  const blocks = [...last.content];
  blocks[blocks.length - 1] = { ...blocks[blocks.length - 1]!, cache_control: EPHEMERAL } as ContentBlockParam;
  return [...messages.slice(0, -1), { ...last, content: blocks } as MessageParam];
}

export function createAnthropicChatModel(opts: AnthropicAdapterOptions): ChatModel {
  const creds = credentials(opts);
  registerSecret(creds.apiKey);
  registerSecret(creds.authToken);
  // The SDK is loaded on the first call, so commands and runs without Anthropic models never load it.
  let client: Promise<Anthropic> | undefined;
  const connect = async () => {
    const { default: AnthropicClient } = await import('@anthropic-ai/sdk');
    return new AnthropicClient({
      ...creds,
      maxRetries: opts.maxRetries ?? MAX_RETRIES,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      logLevel: 'off',
    });
  };
  const where = `anthropic:${opts.model}`;
  return {
    provider: 'anthropic',
    model: opts.model,
    offline: false,
    async complete(req: ChatRequest): Promise<ChatReply> {
      const p = req.params ?? {};
      const system: TextBlockParam[] = [{ type: 'text', text: req.system, cache_control: EPHEMERAL }];
      const tools = toolParams(req.tools);
      // Messages has no seed parameter; params.seed is recorded in the result but not sent.
      const body: MessageCreateParamsNonStreaming = {
        model: opts.model,
        system,
        messages: withCacheBreakpoint(toAnthropicMessages(req.messages)),
        max_tokens: p.maxTokens ?? DEFAULT_MAX_TOKENS,
        ...(tools ? { tools } : {}),
        ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
      };
      let res;
      try {
        client ??= connect();
        res = await (await client).messages.create(body, { signal: req.signal });
      } catch (err) {
        throw toModelCallError(err, where);
      }
      checkAnthropicReply(res, where);
      let text = '';
      const toolCalls: ChatReply['toolCalls'] = [];
      for (const block of res.content ?? []) {
        if (block.type === 'text') text += block.text;
        else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
      }
      const u = res.usage;
      const blocked = (res.stop_reason as string | null) === 'refusal'
        ? { by: 'stop_reason:refusal', detail: text || 'the server stopped the reply (stop_reason refusal)' }
        : undefined;
      // inputTokens counts every prompt token (uncached + cache reads + cache writes), as
      // OpenAI's prompt_tokens does; cachedInputTokens are the cache reads.
      const cacheRead = u?.cache_read_input_tokens ?? 0;
      const cacheWrite = u?.cache_creation_input_tokens ?? 0;
      return {
        text,
        toolCalls,
        ...(blocked ? { blocked } : {}),
        usage: u ? { inputTokens: (u.input_tokens ?? 0) + cacheRead + cacheWrite, outputTokens: u.output_tokens ?? 0, cachedInputTokens: cacheRead } : null,
      };
    },
  };
}
