// Builds a ChatModel from a parsed spec. One line per backend; adapters stay thin.
import type { ChatModel, ModelParams } from './chat-model.ts';
import { createSimParticipant } from './sim.ts';
import type { ParsedSpec } from './spec.ts';

export interface ModelContext {
  seed: number;
  baseURL?: string;
  params?: ModelParams;
  humanFullObedienceRate?: number;
  /** Role the model plays (replay files key requests by role). */
  role: 'participant' | 'experimenter' | 'learner';
}

export type ModelFactory = (spec: ParsedSpec, ctx: ModelContext) => ChatModel;

const factories: Partial<Record<ParsedSpec['provider'], ModelFactory>> = {
  sim: (spec, ctx) => createSimParticipant(spec.model, { seed: ctx.seed, humanFullObedienceRate: ctx.humanFullObedienceRate }),
};

/** Adapters register here (providers/index.ts imports them all). */
export function registerModelFactory(provider: ParsedSpec['provider'], factory: ModelFactory): void {
  factories[provider] = factory;
}

export function createChatModel(spec: ParsedSpec, ctx: ModelContext): ChatModel {
  const factory = factories[spec.provider];
  if (!factory) throw new Error(`no adapter registered for provider "${spec.provider}" (spec ${spec.spec})`);
  return factory(spec, ctx);
}
