// What every protocol's study file reader shares (`milgram run --study <file>`): the file read
// with a size cap (a study is a page of YAML; /dev/zero or a 2 GB file is refused, not read),
// the YAML parsed, the fields checked with the protocol's zod schema, and every error naming
// the file and the field before any run starts. Each protocol's reader says what the fields mean.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-base.ts';
import { parseYaml } from './yaml.ts';

export class StudyError extends ConfigError {
  constructor(file: string, issues: { field: string; message: string }[]) {
    super(issues);
    this.name = 'StudyError';
    this.message = `invalid study file ${file}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
  }
}

/** A study file is a page of YAML: larger ones (or /dev/zero) are refused, not read. */
export const MAX_STUDY_BYTES = Number(process.env.MILGRAM_MAX_STUDY_BYTES) || 1024 * 1024;

function readCapped(file: string, max: number): string {
  const st = statSync(file);
  if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
  if (st.size > max) throw Object.assign(new Error('too large'), { code: `${st.size} bytes, over the limit of ${max} (MILGRAM_MAX_STUDY_BYTES)` });
  const buf = Buffer.alloc(Math.min(st.size, max) + 1);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n > max) throw Object.assign(new Error('too large'), { code: `over the limit of ${max} bytes (MILGRAM_MAX_STUDY_BYTES)` });
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The study file's text; a missing, special or oversized file is a StudyError on `--study`. */
export function readStudyText(file: string): string {
  try {
    return readCapped(file, MAX_STUDY_BYTES);
  } catch (err) {
    throw new StudyError(file, [{ field: '--study', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
}

/**
 * The study's YAML parsed and checked with `schema` (a strict zod object): `data` is the
 * parsed value, `given` the fields as written (to tell set fields from schema defaults).
 * `expected` names a few fields for the error on a file that is not a mapping.
 */
export function parseStudyText(text: string, file: string, schema: z.ZodType, accepted: readonly string[], expected: string): { data: Record<string, unknown>; given: Record<string, unknown> } {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new StudyError(file, [{ field: '(yaml)', message: (err as Error).message.split('\n')[0]! }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new StudyError(file, [{ field: '(file)', message: `expected a mapping of fields (${expected}), got ${Array.isArray(raw) ? 'a list' : raw === null ? 'nothing' : typeof raw}` }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new StudyError(
      file,
      parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys' && i.path.length === 0
          ? { field: i.keys.join(', '), message: `unknown field; accepted fields: ${accepted.join(', ')}` }
          : { field: i.path.join('.') || '(file)', message: i.message },
      ),
    );
  }
  return { data: parsed.data as Record<string, unknown>, given: raw as Record<string, unknown> };
}

/** The per-run fields the file actually sets (no schema defaults), as parsed. */
export function fieldsSet(keys: readonly string[], data: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (given[k] !== undefined) out[k] = data[k];
  return out;
}

/** The batch settings every study file may set (the flags of the same names). */
export const STUDY_BATCH_SHAPE = {
  runs: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  concurrency: z.number().int().min(1).optional(),
  /** Results file; a relative path is taken from the study file's folder. */
  out: z.string().min(1).optional(),
  /** On resume, run again the runs whose latest record in `out` ended in error. */
  retryErrors: z.boolean().optional(),
  /** Circuit breaker: stop after this many runs in a row end in error (0: never). */
  maxConsecutiveErrors: z.number().int().min(0).optional(),
  /** Run-level retries of runs that end in a transient error (429, 5xx, reset, timeout). */
  transientRetries: z.number().int().min(0).max(20).optional(),
};

/** The batch settings a study sets, with `out` taken from the study file's folder. */
export function batchFields(data: Record<string, unknown>, file: string) {
  return {
    runs: data.runs as number | undefined,
    seed: data.seed as number | undefined,
    concurrency: data.concurrency as number | undefined,
    out: data.out === undefined ? undefined : resolve(dirname(file), data.out as string),
    retryErrors: data.retryErrors as boolean | undefined,
    maxConsecutiveErrors: data.maxConsecutiveErrors as number | undefined,
    transientRetries: data.transientRetries as number | undefined,
  };
}
