// What a protocol gives the engine. runExperiment is written against this interface only:
// a protocol prepares one run (its machine with role actors provided, the machine's input,
// who plays each role) and turns the machine's output and the transcript into its own result
// fields. Milgram is the first (machines/milgram/protocol.ts); a single-turn pressure benchmark
// or a multi-agent role-play adds a file beside it and a line in engine/protocols.ts.
import type { AnyStateMachine } from 'xstate';
import type { RoleIdentity } from '../roles/types.ts';
import type { RunConfig } from './config.ts';
import type { Outcome } from './result.ts';
import type { Transcript, TranscriptEvent } from './transcript.ts';
import type { UsageMeter } from './usage.ts';

export interface RunContext {
  transcript: Transcript;
  usage: UsageMeter;
  /** --record / --replay files. */
  record?: string;
  replay?: string;
}

/** What every protocol machine's output carries; protocols add their own fields. */
export interface ProtocolOutput {
  outcome: Outcome;
  error: { kind: string; message: string; status?: number | null; retryAfterMs?: number } | null;
}

export interface PreparedRun {
  /** The protocol machine with every role actor provided. */
  machine: AnyStateMachine;
  input: unknown;
  /** The run's id (engine/run-id.ts), which batches predict to resume. */
  id: string;
  identities: { participant: RoleIdentity; experimenter: RoleIdentity; learner: RoleIdentity };
  /** Result fields the protocol records besides the shared ones. */
  fields: Record<string, unknown>;
  /**
   * The protocol's result fields that depend on how the run went. `output` is null when the
   * engine crashed mid-run (the outcome is then 'error'); the transcript holds what happened.
   */
  finish(output: ProtocolOutput | null, events: readonly TranscriptEvent[]): Record<string, unknown>;
}

export interface Protocol {
  name: string;
  /**
   * Checks everything a run of this config needs (condition, API keys, replay files) without
   * running or calling a model; throws ConfigError. Batches call it before their first run.
   */
  preflight(config: RunConfig, ctx: { record?: string; replay?: string }): void;
  prepare(config: RunConfig, ctx: RunContext): PreparedRun;
}
