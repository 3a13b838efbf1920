// Study files for `milgram run --study study.yaml`: the same settings as the command's flags,
// for a sweep kept under version control. Validated with zod before any run starts; an error
// names the file, the field and what is accepted. Flags given on the command line win over
// the file (a list flag such as --participant replaces the file's list).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseYaml } from '../engine/yaml.ts';
import { z } from 'zod';
import { ConditionRefSchema, resolveCondition, type ConditionRef } from '../machines/milgram/conditions/resolve.ts';
import type { BatchSpec } from '../engine/batch.ts';
import { ConfigError, MilgramRunConfigSchema as RunConfigSchema } from '../engine/config.ts';
import { LADDER_NAMES, type LadderName } from '../machines/milgram/ladders.ts';
import { SpecSchema } from '../providers/spec.ts';

/** Run config fields a study may set for every run (the batch supplies the rest). */
const PER_RUN_FIELDS = Object.keys(RunConfigSchema.shape).filter(
  (k) => !['participant', 'condition', 'ladder', 'seed', 'repeat', 'protocol'].includes(k),
) as (keyof typeof RunConfigSchema.shape)[];

// A single entry may be written without the list brackets.
const oneOrMany = <T extends z.ZodType>(item: T, what: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null || Array.isArray(v) ? v : [v]),
    z.array(item, { error: (i) => (i.input === undefined ? `required: ${what}` : `expected a list of ${what}`) }).min(1, `give at least one of ${what}`),
  );

const BATCH_FIELDS = {
  /** Participant specs (sim:obedient, openai:gpt-4o, ...). */
  participants: oneOrMany(SpecSchema, 'participant specs (e.g. [sim:obedient, openai:gpt-4o])'),
  conditions: oneOrMany(ConditionRefSchema, 'condition presets (e.g. [baseline, voice-feedback])').optional(),
  ladders: oneOrMany(z.enum(LADDER_NAMES), `ladder names (${LADDER_NAMES.join(', ')})`).optional(),
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

const perRunShape = Object.fromEntries(PER_RUN_FIELDS.map((k) => [k, RunConfigSchema.shape[k]]));

export const StudySchema = z.object({ ...BATCH_FIELDS, ...perRunShape }).strict();
export const STUDY_FIELDS = [...Object.keys(BATCH_FIELDS), ...PER_RUN_FIELDS];

export interface Study {
  participants: string[];
  conditions?: ConditionRef[];
  ladders?: LadderName[];
  runs?: number;
  seed?: number;
  concurrency?: number;
  out?: string;
  retryErrors?: boolean;
  maxConsecutiveErrors?: number;
  transientRetries?: number;
  /** Only the per-run fields the file actually sets (no schema defaults). */
  base: NonNullable<BatchSpec['base']>;
}

export class StudyError extends ConfigError {
  constructor(file: string, issues: { field: string; message: string }[]) {
    super(issues);
    this.name = 'StudyError';
    this.message = `invalid study file ${file}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
  }
}

/** Parses a study from its YAML text; `file` names it in errors and anchors a relative `out`. */
export function parseStudy(text: string, file: string): Study {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new StudyError(file, [{ field: '(yaml)', message: (err as Error).message.split('\n')[0]! }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new StudyError(file, [{ field: '(file)', message: `expected a mapping of fields (participants, conditions, runs, ...), got ${Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  const parsed = StudySchema.safeParse(raw);
  if (!parsed.success) {
    throw new StudyError(
      file,
      parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys' && i.path.length === 0
          ? { field: i.keys.join(', '), message: `unknown field; accepted fields: ${STUDY_FIELDS.join(', ')}` }
          : { field: i.path.join('.') || '(file)', message: i.message },
      ),
    );
  }
  const data = parsed.data as Record<string, unknown>;
  // Presets and overrides are checked here too, so the error names the file and the entry.
  const conditionIssues: { field: string; message: string }[] = [];
  ((data.conditions as ConditionRef[] | undefined) ?? []).forEach((ref, i) => {
    try {
      resolveCondition(ref);
    } catch (err) {
      conditionIssues.push({ field: `conditions.${i}`, message: (err as Error).message });
    }
  });
  if (conditionIssues.length) throw new StudyError(file, conditionIssues);
  const given = raw as Record<string, unknown>;
  const base: Record<string, unknown> = {};
  for (const k of PER_RUN_FIELDS) if (given[k] !== undefined) base[k] = data[k];
  return {
    participants: data.participants as string[],
    conditions: data.conditions as ConditionRef[] | undefined,
    ladders: data.ladders as LadderName[] | undefined,
    runs: data.runs as number | undefined,
    seed: data.seed as number | undefined,
    concurrency: data.concurrency as number | undefined,
    out: data.out === undefined ? undefined : resolve(dirname(file), data.out as string),
    retryErrors: data.retryErrors as boolean | undefined,
    maxConsecutiveErrors: data.maxConsecutiveErrors as number | undefined,
    transientRetries: data.transientRetries as number | undefined,
    base: base as Study['base'],
  };
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

export function loadStudy(file: string): Study {
  let text: string;
  try {
    text = readCapped(file, MAX_STUDY_BYTES);
  } catch (err) {
    throw new StudyError(file, [{ field: '--study', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  return parseStudy(text, file);
}

const inside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * A study's `out:` (already resolved against the study file's folder) must stay inside that
 * folder or the current working directory: a study file from elsewhere cannot make the tool
 * write anywhere it likes. `--allow-outside-out` lifts this; `--out` on the command line is the
 * user's own choice and is not limited. (Whatever the path, milgram run appends only to its
 * own results files: see engine/results-file.ts.)
 */
export function checkStudyOut(study: Study, studyFile: string, allowOutside: boolean, cwd = process.cwd()): void {
  if (!study.out || allowOutside) return;
  const studyDir = dirname(resolve(studyFile));
  if (inside(studyDir, study.out) || inside(resolve(cwd), study.out)) return;
  throw new StudyError(studyFile, [{
    field: 'out',
    message: `${study.out} is outside the study file's folder (${studyDir}) and the working directory; give a path inside one of them, --out <file> on the command line, or --allow-outside-out`,
  }]);
}

/** The command's flags as parsed, and where each value came from (commander's sources). */
export interface RunFlags {
  participant?: string[];
  condition?: string[];
  ladder?: string[];
  runs: number;
  seed: number;
  concurrency: number;
  out?: string;
  retryErrors?: boolean;
  maxConsecutiveErrors?: number;
  transientRetries?: number;
}
export type SourceOf = (flag: keyof RunFlags) => string | undefined;

/** Merges a study (if any) with the flags: flags typed on the command line win. */
export function batchSpecFrom(flags: RunFlags, sourceOf: SourceOf, study: Study | undefined, cliBase: NonNullable<BatchSpec['base']>): BatchSpec {
  const fromCli = (k: keyof RunFlags) => sourceOf(k) === 'cli';
  const pick = <T>(k: keyof RunFlags, studyValue: T | undefined, flagValue: T): T =>
    fromCli(k) || studyValue === undefined ? flagValue : studyValue;
  const participants = fromCli('participant') ? flags.participant! : (study?.participants ?? flags.participant ?? []);
  if (!participants.length) {
    throw new ConfigError([{ field: 'participant', message: 'no participant: give --participant <spec> (e.g. sim:obedient) or --study <file> with participants' }]);
  }
  return {
    participants,
    conditions: fromCli('condition') ? flags.condition : (study?.conditions ?? flags.condition),
    ladders: (fromCli('ladder') ? flags.ladder : (study?.ladders ?? flags.ladder)) as LadderName[] | undefined,
    runs: pick('runs', study?.runs, flags.runs),
    seed: pick('seed', study?.seed, flags.seed),
    concurrency: pick('concurrency', study?.concurrency, flags.concurrency),
    out: pick('out', study?.out, flags.out),
    retryErrors: pick('retryErrors', study?.retryErrors, flags.retryErrors),
    maxConsecutiveErrors: pick('maxConsecutiveErrors', study?.maxConsecutiveErrors, flags.maxConsecutiveErrors),
    transientRetries: pick('transientRetries', study?.transientRetries, flags.transientRetries),
    base: mergeBase(study?.base ?? {}, cliBase),
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Flag values over file values; unset flags (undefined) keep the file's; `model` and `tags` merge by key. */
export function mergeBase(file: Record<string, unknown>, cli: Record<string, unknown>): NonNullable<BatchSpec['base']> {
  const out: Record<string, unknown> = { ...file };
  for (const [k, v] of Object.entries(cli)) {
    if (v === undefined) continue;
    if (isPlainObject(v) && isPlainObject(out[k])) {
      const inner = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
      out[k] = { ...(out[k] as object), ...inner };
    } else out[k] = v;
  }
  return out as NonNullable<BatchSpec['base']>;
}
