// What a protocol gives the engine and the tools around it. runExperiment, batches, the CLI,
// the report, the viewer, the promptfoo provider and the vitest matchers are written against
// this interface only; everything protocol-specific lives in machines/<protocol>/ and is made
// known by one line in engine/protocols.ts. See docs/architecture.md.
import type { Option } from 'commander';
import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import type { RoleIdentity } from '../roles/types.ts';
import type { GraphOptions } from '../viz/graph.ts';
import type { Transcript, TranscriptEvent } from './transcript.ts';
import type { RunError } from './machine-parts.ts';
import type { RoleImpl } from './runnable-machine.ts';
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
  outcome: string;
  error: RunError | null;
}

export interface PreparedRun {
  /**
   * This run's implementation of each role actor the protocol machine invokes, by actor name
   * (the invoke's `src`): the invoke input in, the validated reply out. The engine runs the
   * protocol's machine, built once (engine/runnable-machine.ts), with these.
   */
  actors: Record<string, RoleImpl>;
  input: unknown;
  /** The run's id (engine/run-id.ts), which batches predict to resume. */
  id: string;
  /** Who plays each role, by role name; `participant` is the role the study measures. */
  identities: { participant: RoleIdentity } & Record<string, RoleIdentity>;
  /** Result fields the protocol records besides the shared ones. */
  fields: Record<string, unknown>;
  /**
   * The protocol's result fields that depend on how the run went. `output` is null when the
   * engine crashed mid-run (the outcome is then 'error'); the transcript holds what happened.
   */
  finish(output: ProtocolOutput | null, events: readonly TranscriptEvent[]): Record<string, unknown>;
}

/** A batch as the CLI, study files and runSeeded describe it, before protocol expansion. */
export interface BatchAxes {
  participants: string[];
  conditions?: unknown[];
  /** Milgram's ladders axis. */
  ladders?: string[];
  runs: number;
  /** Fields shared by every run (timeouts, model params, protocol options such as judges). */
  base?: Record<string, unknown>;
  /** Protocol-specific selections that expand into runs (institutional-pressure: scenarios). */
  select?: Record<string, unknown>;
}

/** A protocol's study file, read: what the command's flags would give, flags given win. */
export interface ProtocolStudy {
  /** Empty: the participants come from --participant. */
  participants: string[];
  /** The conditions axis, for protocols that have one (flags given win). */
  conditions?: unknown[];
  runs?: number;
  seed?: number;
  concurrency?: number;
  /** Resolved against the study file's folder. */
  out?: string;
  retryErrors?: boolean;
  maxConsecutiveErrors?: number;
  transientRetries?: number;
  base: Record<string, unknown>;
  select: Record<string, unknown>;
}

/** The condition presets of a protocol, for `milgram conditions --protocol <name>`. */
export interface ConditionCatalog {
  presetNames(): string[];
  /** The listing printed by `milgram conditions`. */
  listing(): string[];
  /** A condition reference resolved (throws an Error naming the preset and the accepted ones). */
  resolve(ref: unknown): { name: string } & Record<string, unknown>;
  /** Lines showing one resolved condition. */
  describe(resolved: { name: string } & Record<string, unknown>): string[];
}

/** One protocol's part of a study report (a file mixing protocols gets one section each). */
export interface ReportSection {
  protocol: string;
  title: string;
  /** The JSON report of this protocol (`{ groups: [...] , ...}`). */
  json: Record<string, unknown> & { groups: unknown[] };
  table(): string;
  markdown(): string;
  csv(): string;
  /** The section's HTML body (no <html> frame): tables and inline SVG figures. */
  html(): Promise<string>;
}

/** promptfoo provider support for a protocol other than Milgram (Milgram's is built in). */
export interface PromptfooPart {
  /** The run config of one promptfoo cell from the provider's `config` block, prompt and vars. */
  runConfig(config: Record<string, unknown>, prompt: string, context: { vars?: Record<string, unknown>; testIdx: number; repeatIndex: number }): Record<string, unknown>;
  /** The provider output text (what promptfoo's table shows). */
  output(record: never): string;
  /** Headline figures put beside the record in the response metadata. */
  metadata(record: never): Record<string, unknown>;
}

export interface Protocol<C extends { protocol: string } = any, R extends { protocol: string } = any, CI = any> {
  name: string;
  /** One line for `milgram protocols`. */
  summary: string;
  /** zod object schema of the run config, with `protocol: z.literal(name)`. */
  configSchema: z.ZodType<C, CI> & { shape: Record<string, z.ZodType> };
  /** zod schema of the result record: BaseResultSchema extended, `protocol: z.literal(name)`. */
  resultSchema: z.ZodType<R>;
  /** Role names, as written in config (participant first). */
  roles: readonly string[];
  /** Outcomes a run can end with, as in the record's `outcome`. */
  outcomes: readonly string[];
  conditions: ConditionCatalog;
  /** The protocol machine runExperiment runs, its role actors left for PreparedRun.actors. */
  machine: AnyStateMachine;
  /**
   * Checks everything a run of this config needs (condition, API keys, replay files, data files)
   * without running or calling a model; throws ConfigError. Batches call it before their first run.
   */
  preflight(config: C, ctx: { record?: string; replay?: string }): void;
  prepare(config: C, ctx: RunContext): PreparedRun;
  /** The id runExperiment will give this config's record (batches resume by it). */
  runId(config: C): string;
  /**
   * The configs one batch expands to, in a fixed order; `seedOf(i)` is the seed of repeat i.
   * Lazy (a generator): a batch of 10^9 runs starts at once and never holds its plan in memory.
   * Bad selections throw when it is called, not when the first config is asked for. The configs
   * of one cell (the runs of the same arm) differ only in `seed` and `repeat`: runBatch plans
   * with `runs: 1` to find the cells and makes run i of each by setting those two.
   */
  planBatch(axes: BatchAxes, seedOf: (repeat: number) => number): Iterable<CI>;
  /** The machine `milgram diagram --protocol <name>` draws, with its diagram wording. */
  diagram: { machine: AnyStateMachine; source: string; options: GraphOptions };
  report: { build(records: readonly R[], options: { seed: number; reference?: string }): ReportSection };
  /** `milgram view`: one self-contained HTML page of this protocol's runs (`note`: what a page cut to the first runs of a large file holds). */
  viewer: { html(records: readonly R[], options: { source?: string; title?: string; note?: string }): Promise<string> };
  /**
   * Problems of a record whose outcome or counts contradict its own events (hand-edited or
   * forged); the report leaves such records out and says how many. Empty when it is sound.
   */
  check?(record: R): string[];
  /** Lines of the batch summary `milgram run` prints, and one line per finished run. */
  summaryLines(records: readonly R[]): string[];
  /**
   * The part of a record summaryLines reads: the batch summary keeps one per run, so a batch of
   * any size is summed up in bounded memory. Without it the record is kept (minus state path and config).
   */
  summaryRecord?(record: R): R;
  describeRun(record: R): string;
  /**
   * What the batch progress line counts for this protocol besides errors and cost (Milgram:
   * refusals; institutional-pressure: harmful recommendations). Without it: refusals.
   */
  progressCount?: { label: string; counts(record: R): boolean };
  /** Flags of `milgram run` only this protocol has, and how they become config and selections. */
  cli?: {
    options(): Option[];
    fromFlags(flags: Record<string, unknown>): { base: Record<string, unknown>; select: Record<string, unknown> };
    /**
     * `milgram run --study <file>` for this protocol (without it, study files are Milgram's):
     * the batch fields, the per-run fields the file sets (`base`) and its selections (`select`).
     */
    loadStudy?(file: string): ProtocolStudy;
  };
  promptfoo?: PromptfooPart;
  /** vitest matchers over this protocol's records (registered by milgram-sim/vitest). */
  matchers?: Record<string, (this: { isNot: boolean }, received: unknown, ...args: any[]) => { pass: boolean; message: () => string }>;
}
