// The result record: one per run, the same for the CLI, promptfoo and vitest. Everything
// downstream (reports, assertions, the viewer) reads only this. A union on `protocol` over the
// shared base (engine/result-base.ts); each protocol's schema lives in its folder.
import { z } from 'zod';
import { protocolFor, protocolList, protocolNames, type AnyRunResult } from './protocols.ts';

export { BaseResultSchema, BaseEventSchema, RoleIdentitySchema, UsageSchema, RunErrorSchema } from './result-base.ts';
export {
  EventSchema, MilgramResultSchema, OUTCOMES, MILGRAM_ROLES as ROLES,
  type MilgramResult, type Outcome, type RunEvent,
} from '../machines/milgram/result.ts';

/** A record of any protocol the engine runs (built on first use: protocols register later). */
export const ResultSchema = z.lazy(() => z.discriminatedUnion('protocol', protocolList().map((p) => p.resultSchema) as never)) as unknown as z.ZodType<RunResult>;
export type RunResult = AnyRunResult;

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

/** Records of one protocol, narrowed to its record type. */
export function recordsOf<P extends RunResult['protocol']>(records: readonly RunResult[], protocol: P): Extract<RunResult, { protocol: P }>[] {
  return records.filter((r): r is Extract<RunResult, { protocol: P }> => r.protocol === protocol);
}
