// The one small chat-model interface the engine talks to. Every backend (OpenAI, Anthropic,
// compatible servers, offline simulations, recorded replays) is a thin adapter to it.
// Nothing here knows about Milgram.

export interface ToolCall {
  id: string;
  name: string;
  /** Raw JSON text of the arguments, exactly as the model produced it (validated later). */
  arguments: string;
}

export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments (generated from zod). */
  parameters: Record<string, unknown>;
}

export interface ModelParams {
  temperature?: number;
  maxTokens?: number;
  seed?: number;
}

export interface ChatRequest {
  system: string;
  messages: readonly ChatMessage[];
  tools?: readonly ToolSpec[];
  params?: ModelParams;
  signal?: AbortSignal;
  /**
   * Structured facts about the turn for offline simulated participants (which cannot read
   * prose). Real-model adapters ignore it and it is never sent over the network.
   */
  simHint?: Readonly<Record<string, unknown>>;
}

export interface ChatUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export interface ChatReply {
  text: string;
  toolCalls: ToolCall[];
  /** As the provider reported it; null when the backend has no usage (simulations). */
  usage: ChatUsage | null;
  /**
   * Set when the serving layer blocked the reply instead of the model answering (OpenAI
   * finish_reason "content_filter" or a `refusal` on the message; Anthropic stop_reason
   * "refusal"). `by` names the signal, `detail` what the server said.
   */
  blocked?: { by: string; detail: string };
}

export interface ChatModel {
  /** Backend name: openai, anthropic, ollama, openrouter, sim, replay, ... */
  readonly provider: string;
  readonly model: string;
  /** True for backends that never call a model (sim personas, scripted replies). */
  readonly offline: boolean;
  complete(request: ChatRequest): Promise<ChatReply>;
}
