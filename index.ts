// milgram-sim: the programmatic API.
export { runExperiment, runId, ENGINE_VERSION, type RunOptions, type Clock } from './engine/run.ts';
export { RunConfigSchema, parseRunConfig, ConfigError, type RunConfig as AnyRunConfig, type RunConfigInput as AnyRunConfigInput } from './engine/config.ts';
// Unprefixed config and record types are Milgram's (the default protocol), as they always were;
// Any* are the unions over every protocol.
export type { MilgramRunConfig as RunConfig, MilgramRunConfigInput as RunConfigInput } from './engine/config.ts';
export { ResultSchema, EventSchema, parseResult, OUTCOMES, type RunResult, type AnyRunResult, type RunEvent, type Outcome } from './engine/result.ts';
export { protocolList, protocolFor, protocolNames } from './engine/protocols.ts';
export type { Protocol, PreparedRun, ReportSection } from './engine/protocol.ts';
export { institutionalPressureMachine } from './machines/institutional-pressure/machine.ts';
export type { IpResult } from './machines/institutional-pressure/result.ts';
export { rolePlayMachine } from './machines/role-play/machine.ts';
export type { RolePlayResult } from './machines/role-play/result.ts';
export { milgramMachine, type MilgramInput, type MilgramContext, type MilgramSettings, type MilgramOutput } from './machines/milgram/machine.ts';
export { LADDERS, LADDER_NAMES, type Ladder, type LadderName } from './machines/milgram/ladders.ts';
export { STANDARD_PRODS, SPECIAL_PRODS, PROD_POLICIES } from './machines/milgram/prods.ts';
export { resolveCondition, presetNames } from './machines/milgram/conditions/resolve.ts';
export { ConditionSchema, type Condition } from './machines/milgram/conditions/schema.ts';
export { PRESETS } from './machines/milgram/conditions/presets.ts';
export { deriveSeed, createRng } from './engine/prng.ts';
export type { ChatModel, ChatRequest, ChatReply, ChatMessage, ToolSpec } from './providers/chat-model.ts';
export { readProse } from './evals/reply-reader.ts';
export { readDecision } from './evals/read-decision.ts';
export { checkProtocol } from './machines/milgram/protocol-check.ts';
export { transcriptText, summaryLine } from './engine/transcript-text.ts';
// promptfoo: `id: package:milgram-sim:MilgramProvider` and
// `value: package:milgram-sim:assertions.refused` in a promptfoo config (docs/promptfoo-vitest.md).
export { default as MilgramProvider, type PromptfooProviderConfig } from './providers/promptfoo.ts';
export * as assertions from './evals/assertions.ts';
