// The result record: one per run, the same for the CLI, promptfoo and vitest. Everything
// downstream (reports, assertions, the viewer) reads only this. A union on `protocol` over the
// shared base (engine/result-base.ts); each protocol's schema lives in its folder.
import { z } from 'zod';
import type { MilgramResult } from '../machines/milgram/result.ts';
import { protocolFor, protocolList, protocolNames, type AnyRunResult as Any } from './protocols.ts';

export { BaseResultSchema, BaseEventSchema, RoleIdentitySchema, UsageSchema, RunErrorSchema, RetriedAttemptSchema } from './result-base.ts';
export {
  EventSchema, MilgramResultSchema, OUTCOMES, MILGRAM_ROLES as ROLES,
  type MilgramResult, type Outcome, type RunEvent,
} from '../machines/milgram/result.ts';

/** A record of any protocol the engine runs (built on first use: protocols register later). */
export const ResultSchema = z.lazy(() => z.discriminatedUnion('protocol', protocolList().map((p) => p.resultSchema) as never)) as unknown as z.ZodType<RunResult>;
/** A record of any protocol: narrow it on `protocol`. */
export type AnyRunResult = Any;
/**
 * The default protocol's record (Milgram), as this type has always been. Readers of result files
 * return it for compatibility; a file may hold records of other protocols, so protocol-blind
 * code (report, viewer, summaries) treats what it reads as AnyRunResult and dispatches.
 */
export type RunResult = MilgramResult;
/** The record type of the protocol a config input names (Milgram when it names none). */
export type ResultFor<I> = I extends { protocol: infer P } ? (P extends AnyRunResult['protocol'] ? Extract<AnyRunResult, { protocol: P }> : MilgramResult) : MilgramResult;

/** Validates a record read from disk or another tool; throws naming the first bad field. */
export function parseResult(value: unknown): RunResult {
  const name = (value as { protocol?: unknown } | null)?.protocol;
  // Records from before protocols were named in files are Milgram's; unknown names fail clearly.
  if (typeof name === 'string' && !protocolNames().includes(name)) {
    throw Object.assign(new Error(`protocol: unknown protocol "${name}"; this version reads ${protocolNames().join(', ')}`), {
      issues: [{ path: ['protocol'], message: `unknown protocol "${name}"; this version reads ${protocolNames().join(', ')}` }],
    });
  }
  return protocolFor(typeof name === 'string' ? name : 'milgram').resultSchema.parse(value) as RunResult;
}

