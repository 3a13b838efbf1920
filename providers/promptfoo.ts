// promptfoo custom provider: `id: file://providers/promptfoo.ts` in a promptfoo config.
// The rendered prompt is the participant's briefing (who it is, where it is); the provider's
// config says who the participant is; the test's vars pick the condition. Each call is one
// run through runExperiment, the same path as the CLI and the vitest helpers.
import type { ApiProvider, CallApiContextParams, CallApiOptionsParams, ProviderOptions, ProviderResponse } from 'promptfoo';
import { z } from 'zod';
import { resolveCondition, type ConditionRef } from '../machines/milgram/conditions/resolve.ts';
import { ConditionSchema } from '../machines/milgram/conditions/schema.ts';
import { ConfigError, MilgramRunConfigSchema as RunConfigSchema, protocolNamed, type MilgramRunConfigInput, type RunConfigInput } from '../engine/config.ts';
import { deriveSeed } from '../engine/prng.ts';
import type { RunResult } from '../engine/result.ts';
import { runExperiment } from '../engine/run.ts';
import { transcriptText } from '../engine/transcript-text.ts';

/** The provider's `config` block: a run config without the parts promptfoo supplies. */

/** A record's usage as promptfoo's tokenUsage and cost; null counts (a malformed usage report) are left out rather than guessed. */
function usageFields(u: RunResult['usage']): Pick<ProviderResponse, 'tokenUsage' | 'cost'> {
  return {
    tokenUsage: {
      prompt: u.inputTokens ?? undefined,
      completion: u.outputTokens ?? undefined,
      cached: u.cachedInputTokens ?? undefined,
      total: u.inputTokens === null || u.outputTokens === null ? undefined : u.inputTokens + u.outputTokens,
      numRequests: u.llmCalls,
    },
    ...(u.costUsd === null ? {} : { cost: u.costUsd }),
  };
}

export const PromptfooProviderConfigSchema = RunConfigSchema.omit({ protocol: true, repeat: true, briefing: true })
  .extend({
    /** Shortcuts for model.temperature / model.maxTokens, as other promptfoo providers take them. */
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
  })
  .strict();
export type PromptfooProviderConfig = z.input<typeof PromptfooProviderConfigSchema>;

/** Condition fields a test's vars may override (the rest of the vars are for the prompt). */
const OVERRIDABLE = Object.keys(ConditionSchema.shape).filter((k) => !['name', 'description', 'source'].includes(k));

/** The seed of one promptfoo cell: distinct per test row and repeat, the same on every re-run. */
export function promptfooSeed(configSeed: number, testIdx: number, repeatIndex: number): number {
  return deriveSeed(configSeed, testIdx, repeatIndex);
}

// CSV vars arrive as strings; condition flags and rates are booleans and numbers.
function coerceVar(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return value;
}

/** The condition a test asks for: `vars.condition` (preset, `a+b`) plus any field overrides. */
export function conditionFromVars(base: ConditionRef, vars: Record<string, unknown> = {}): ConditionRef {
  const chosen = vars.condition ?? base;
  const ref: Record<string, unknown> = typeof chosen === 'string' ? { name: chosen } : { ...(chosen as object) };
  for (const key of OVERRIDABLE) if (vars[key] !== undefined) ref[key] = coerceVar(vars[key]);
  return ref as ConditionRef;
}

// promptfoo re-runs a call whose error mentions 429 or "rate limit"; only a real rate limit
// should. The word joiner keeps other messages readable without matching.
function noRetryWording(text: string): string {
  return text.replace(/429/g, '42\u20609').replace(/rate[\s_-]*limit/gi, 'request cap');
}

function errorText(error: NonNullable<RunResult['error']>): { text: string; rateLimited: boolean } {
  const rateLimited = error.kind === 'rate-limit' || error.status === 429;
  if (rateLimited) {
    return { text: `participant model rate limit (HTTP 429) after the SDK's own retries: ${error.message}`, rateLimited };
  }
  const status = error.status ? ` (HTTP status ${error.status})` : '';
  return { text: noRetryWording(`run ended in error, not scored as refusal or compliance: ${error.kind}${status}: ${error.message}`), rateLimited };
}

function configErrorText(err: unknown): string {
  const detail = err instanceof ConfigError ? err.issues.map((i) => `${i.field}: ${i.message}`).join('; ') : (err as Error).message;
  return noRetryWording(`invalid milgram-sim config: ${detail}`);
}

export function toProviderResponse(record: Extract<RunResult, { protocol: 'milgram' }>): ProviderResponse {
  const metadata = {
    outcome: record.outcome,
    finalVoltage: record.finalVoltage,
    reachedMax: record.reachedMax,
    firstRefusalVoltage: record.firstRefusalVoltage,
    refusals: record.refusals,
    prods: record.prods,
    shocks: record.shocks,
    concerns: record.concerns,
    statePath: record.statePath,
    seed: record.seed,
    repeat: record.repeat,
    condition: record.condition.name,
    participant: record.participant.spec,
    runId: record.id,
    record,
  };
  const response: ProviderResponse = {
    output: transcriptText(record),
    metadata,
    ...usageFields(record.usage),
  };
  if (record.outcome === 'error' && record.error) {
    const { text, rateLimited } = errorText(record.error);
    response.error = text;
    if (rateLimited) response.metadata = { ...metadata, rateLimitKind: 'rate_limit' };
  }
  return response;
}

export default class MilgramPromptfooProvider implements ApiProvider {
  readonly config: PromptfooProviderConfig | undefined;
  readonly label: string | undefined;
  private readonly providerId: string;
  private readonly parsed: z.infer<typeof PromptfooProviderConfigSchema> | null;
  private readonly configError: string | null;

  /** Set when the config names a protocol other than Milgram (`protocol: institutional-pressure`). */
  private readonly otherProtocol: string | null = null;
  private readonly otherConfig: Record<string, unknown> = {};

  constructor(options: ProviderOptions = {}) {
    this.config = options.config;
    this.label = options.label;
    // promptfoo adds basePath (the config file's folder) to every provider config.
    const { basePath, ...given } = (options.config ?? {}) as Record<string, unknown>;
    if (given.protocol !== undefined && given.protocol !== 'milgram') {
      // Another protocol: its own part (machines/<protocol>/promptfoo.ts) maps cells to runs.
      this.otherProtocol = String(given.protocol);
      this.otherConfig = { ...given, ...(typeof basePath === 'string' ? { basePath } : {}) };
      this.parsed = null;
      this.configError = null;
      const participant = typeof given.participant === 'string' ? given.participant : 'unconfigured';
      this.providerId = options.id && !String(options.id).startsWith('file://') ? String(options.id) : `${this.otherProtocol}:${participant}`;
      return;
    }
    delete given.protocol;
    const result = PromptfooProviderConfigSchema.safeParse(given);
    if (result.success) {
      this.parsed = result.data;
      this.configError = null;
    } else {
      // Reported in every result of this provider instead of crashing the whole eval.
      this.parsed = null;
      this.configError = configErrorText(
        new ConfigError(result.error.issues.map((i) => ({ field: `config.${i.path.join('.')}`.replace(/\.$/, ''), message: i.message }))),
      );
    }
    const participant = typeof options.config?.participant === 'string' ? options.config.participant : 'unconfigured';
    // A path-like id (file://providers/promptfoo.ts, package:milgram-sim:MilgramProvider) says where the
    // class came from, not which participant: name the provider after its participant instead.
    this.providerId = options.id && !/^(file|package):/.test(String(options.id)) ? String(options.id) : `milgram:${participant}`;
  }

  id(): string {
    return this.providerId;
  }

  /** The run config of one promptfoo cell (exported behaviour, used by the tests). */
  runConfig(prompt: string, context?: Pick<CallApiContextParams, 'vars' | 'testIdx' | 'repeatIndex'>): RunConfigInput {
    if (!this.parsed) throw new Error(this.configError ?? 'invalid config');
    const { temperature, maxTokens, ...config } = this.parsed;
    const repeat = context?.repeatIndex ?? 0;
    const testIdx = context?.testIdx ?? 0;
    const briefing = prompt.trim();
    return {
      ...config,
      model: {
        ...config.model,
        ...(temperature === undefined ? {} : { temperature }),
        ...(maxTokens === undefined ? {} : { maxTokens }),
      },
      condition: conditionFromVars(config.condition, context?.vars as Record<string, unknown> | undefined),
      seed: promptfooSeed(config.seed, testIdx, repeat),
      repeat,
      ...(briefing ? { briefing } : {}),
      tags: { ...config.tags, promptfooTest: String(testIdx), promptfooRepeat: String(repeat) },
    };
  }

  async callApi(prompt: string, context?: CallApiContextParams, options?: CallApiOptionsParams): Promise<ProviderResponse> {
    if (this.otherProtocol) return this.callOther(this.otherProtocol, prompt, context, options);
    if (this.configError) return { error: this.configError };
    let config: RunConfigInput;
    try {
      config = this.runConfig(prompt, context);
    } catch (err) {
      return { error: configErrorText(err) };
    }
    try {
      resolveCondition((config as MilgramRunConfigInput).condition);
    } catch (err) {
      const where = context?.vars?.condition !== undefined ? 'vars.condition' : 'config.condition';
      return { error: noRetryWording(`invalid milgram-sim condition (${where} plus any condition fields in the test's vars): ${(err as Error).message}`) };
    }
    try {
      return toProviderResponse(await runExperiment(config as MilgramRunConfigInput, { signal: options?.abortSignal }));
    } catch (err) {
      if (err instanceof ConfigError) return { error: configErrorText(err) };
      if ((err as Error)?.name === 'AbortError') return { error: 'run stopped: promptfoo aborted the evaluation' };
      return { error: noRetryWording(`milgram-sim engine failure (not a model reply): ${(err as Error)?.message ?? String(err)}`) };
    }
  }

  private async callOther(name: string, prompt: string, context?: CallApiContextParams, options?: CallApiOptionsParams): Promise<ProviderResponse> {
    let protocol;
    let config: Record<string, unknown>;
    try {
      protocol = protocolNamed(name);
      if (!protocol.promptfoo) return { error: `protocol ${name} has no promptfoo support` };
      config = protocol.promptfoo.runConfig(this.otherConfig, prompt, {
        vars: context?.vars as Record<string, unknown> | undefined,
        testIdx: context?.testIdx ?? 0,
        repeatIndex: context?.repeatIndex ?? 0,
      });
    } catch (err) {
      return { error: configErrorText(err) };
    }
    try {
      const record = await runExperiment(config as RunConfigInput, { signal: options?.abortSignal });
      const response: ProviderResponse = {
        output: protocol.promptfoo.output(record as never),
        metadata: { ...protocol.promptfoo.metadata(record as never), outcome: record.outcome, seed: record.seed, repeat: record.repeat, participant: record.participant.spec, runId: record.id, record },
        ...usageFields(record.usage),
      };
      if (record.outcome === 'error' && record.error) response.error = errorText(record.error).text;
      return response;
    } catch (err) {
      if (err instanceof ConfigError) return { error: configErrorText(err) };
      if ((err as Error)?.name === 'AbortError') return { error: 'run stopped: promptfoo aborted the evaluation' };
      return { error: noRetryWording(`milgram-sim engine failure (not a model reply): ${(err as Error)?.message ?? String(err)}`) };
    }
  }

  toString(): string {
    return `[milgram-sim promptfoo provider ${this.providerId}]`;
  }
}
