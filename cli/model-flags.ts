// Flags of `milgram run` that concern model-backed roles: role specs, server, parameters,
// record and replay. Turned into the batch's shared config fields and run options here, so
// run-command.ts stays a list of flags.
import type { RunConfigInput } from '../engine/config.ts';

export interface ModelFlags {
  experimenter?: string;
  learner?: string;
  /** Model judge of the replies the reader is unsure of. */
  judge?: string;
  baseUrl?: string;
  temperature?: number;
  maxTokens?: number;
  modelSeed?: number;
  record?: string;
  replay?: string;
}

/** Config fields shared by every run of the batch (validated with the rest of the config). */
export function modelBase(f: ModelFlags): Partial<RunConfigInput> {
  const model = {
    ...(f.temperature !== undefined ? { temperature: f.temperature } : {}),
    ...(f.maxTokens !== undefined ? { maxTokens: f.maxTokens } : {}),
    ...(f.modelSeed !== undefined ? { seed: f.modelSeed } : {}),
  };
  return {
    ...(f.experimenter ? { experimenter: f.experimenter } : {}),
    ...(f.learner ? { learner: f.learner } : {}),
    ...(f.baseUrl ? { baseURL: f.baseUrl } : {}),
    ...(Object.keys(model).length ? { model } : {}),
  };
}
