// The run configuration: a union on `protocol` (default `milgram`). Each protocol owns its
// config schema (machines/<protocol>/); this file only dispatches. Everything a run depends on
// is validated before any work starts; an invalid field is named with the accepted values.
import { z } from 'zod';
import { ConfigError, configIssues } from './config-base.ts';
import { protocolFor, protocolList, protocolNames, type AnyRunConfig, type AnyRunConfigInput } from './protocols.ts';

export { ConfigError, ModelParamsSchema } from './config-base.ts';
export { armVariant, MilgramRunConfigSchema, type MilgramRunConfig, type MilgramRunConfigInput } from '../machines/milgram/config.ts';

export const DEFAULT_PROTOCOL = 'milgram';

/** A config of any protocol the engine runs, after validation (defaults filled in). */
export type RunConfig = AnyRunConfig;
/** What callers may pass: a config of any protocol; `protocol` may be left out for Milgram. */
export type RunConfigInput = AnyRunConfigInput;

/** The name of the protocol a config input asks for (`milgram` when it names none). */
export function protocolOf(input: unknown): string {
  const p = (input as { protocol?: unknown } | null)?.protocol;
  return typeof p === 'string' ? p : DEFAULT_PROTOCOL;
}

/**
 * The union of every protocol's config schema (built on first use: protocols register after
 * this module loads). parseRunConfig gives better errors; this is for tools that want a schema.
 */
export const RunConfigSchema = z.lazy(() =>
  z.preprocess(
    (v) => (v && typeof v === 'object' && !('protocol' in v) ? { ...v, protocol: DEFAULT_PROTOCOL } : v),
    z.discriminatedUnion('protocol', protocolList().map((p) => p.configSchema) as never),
  ),
);

/** The protocol of that name, or a ConfigError naming the field and the accepted names. */
export function protocolNamed(name: string) {
  if (!protocolNames().includes(name)) {
    throw new ConfigError([{ field: 'protocol', message: `unknown protocol "${name}"; accepted: ${protocolNames().join(', ')} (see \`milgram protocols\`)` }]);
  }
  return protocolFor(name);
}

export function parseRunConfig(input: unknown): RunConfig {
  const schema = protocolNamed(protocolOf(input)).configSchema;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as RunConfig;
  throw new ConfigError(configIssues(parsed.error, Object.keys(schema.shape)));
}
