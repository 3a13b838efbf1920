// Registers every backend with the registry. Engine code imports this module, so any run
// (CLI, promptfoo, vitest) can build any spec. One line per backend.
import { createAnthropicChatModel } from './anthropic.ts';
import { createOpenAIChatModel } from './openai.ts';
import { registerModelFactory, type ModelContext } from './registry.ts';
import { loadReplayBook, replayModel } from './replay.ts';
import type { ParsedSpec } from './spec.ts';

const common = (ctx: ModelContext) => ({ baseURL: ctx.baseURL, timeoutMs: ctx.timeoutMs });

for (const provider of ['openai', 'ollama', 'openrouter'] as const) {
  registerModelFactory(provider, (spec: ParsedSpec, ctx) => createOpenAIChatModel({ provider, model: spec.model, ...common(ctx) }));
}

registerModelFactory('anthropic', (spec, ctx) => {
  const t = ctx.params?.temperature;
  if (t !== undefined && t > 1) throw new Error(`model.temperature ${t} is out of range for ${spec.spec}: Anthropic accepts 0 to 1`);
  return createAnthropicChatModel({ model: spec.model, ...common(ctx) });
});

// `replay:<file>`: the file's one recorded spec for this role answers.
registerModelFactory('replay', (spec, ctx) => {
  const book = loadReplayBook(spec.model);
  return replayModel(book, { scope: ctx.runScope ?? '', role: ctx.role, spec: book.onlySpec(ctx.role) });
});
