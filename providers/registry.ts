// Builds a ChatModel from a parsed spec. One line per backend; adapters stay thin.
import type { ChatModel, ModelParams } from './chat-model.ts';
import { recordingModel } from './recording.ts';
import { loadReplayBook, replayModel } from './replay.ts';
import { createSimParticipant } from './sim.ts';
import type { ParsedSpec } from './spec.ts';

export interface ModelContext {
  seed: number;
  /** The run's repeat index (with the seed, the run's randomness). */
  repeat?: number;
  baseURL?: string;
  params?: ModelParams;
  humanFullObedienceRate?: number;
  /** Role the model plays (replay files key requests by role). */
  role: string;
  /** The protocol's own offline personas for `sim:` specs (default: Milgram's participant sims). */
  sim?: (persona: string, seed: number, repeat?: number) => ChatModel;
  /** Per-attempt SDK timeout (the machine's turn timeout still ends the turn). */
  timeoutMs?: number;
  /** Condition, ladder, seed and repeat of the run: how record and replay find its calls. */
  runScope?: string;
  /** Append every call to this file (--record). */
  record?: string;
  /** Answer every call from this recording instead of the backend (--replay). */
  replay?: string;
}

export type ModelFactory = (spec: ParsedSpec, ctx: ModelContext) => ChatModel;

const factories: Partial<Record<ParsedSpec['provider'], ModelFactory>> = {
  sim: (spec, ctx) => ctx.sim ? ctx.sim(spec.model, ctx.seed, ctx.repeat) : createSimParticipant(spec.model, { seed: ctx.seed, repeat: ctx.repeat, humanFullObedienceRate: ctx.humanFullObedienceRate }),
};

/** Adapters register here (providers/index.ts imports them all). */
export function registerModelFactory(provider: ParsedSpec['provider'], factory: ModelFactory): void {
  factories[provider] = factory;
}

export function createChatModel(spec: ParsedSpec, ctx: ModelContext): ChatModel {
  const key = { scope: ctx.runScope ?? '', role: ctx.role, spec: spec.spec };
  // --replay: the recording answers, under the spec the role was recorded with.
  if (ctx.replay && spec.provider !== 'replay') return maybeRecord(replayModel(loadReplayBook(ctx.replay), key), ctx, key);
  const factory = factories[spec.provider];
  if (!factory) throw new Error(`no adapter registered for provider "${spec.provider}" (spec ${spec.spec})`);
  return maybeRecord(factory(spec, ctx), ctx, key);
}

function maybeRecord(model: ChatModel, ctx: ModelContext, key: Parameters<typeof recordingModel>[2]): ChatModel {
  return ctx.record ? recordingModel(model, ctx.record, key) : model;
}
