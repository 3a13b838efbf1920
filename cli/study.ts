// Study files for `milgram run --study study.yaml`: the same settings as the command's flags,
// for a sweep kept under version control. Validated with zod before any run starts; an error
// names the file, the field and what is accepted. Flags given on the command line win over
// the file (a list flag such as --participant replaces the file's list).
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { batchFields, fieldsSet, MAX_STUDY_BYTES, parseStudyText, readStudyText, STUDY_BATCH_SHAPE, StudyError } from '../engine/study-file.ts';
import { z } from 'zod';
import { ConditionRefSchema, resolveCondition, type ConditionRef } from '../machines/milgram/conditions/resolve.ts';
import type { BatchSpec } from '../engine/batch.ts';
import type { ProtocolStudy } from '../engine/protocol.ts';
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
  ...STUDY_BATCH_SHAPE,
};

const perRunShape = Object.fromEntries(PER_RUN_FIELDS.map((k) => [k, RunConfigSchema.shape[k]]));

export const StudySchema = z.object({ ...BATCH_FIELDS, ...perRunShape }).strict();
export const STUDY_FIELDS = [...Object.keys(BATCH_FIELDS), ...PER_RUN_FIELDS];

/** Milgram's study: the batch fields every protocol's study has, its conditions and ladders. */
export interface Study extends Omit<ProtocolStudy, 'conditions' | 'select' | 'base'> {
  conditions?: ConditionRef[];
  ladders?: LadderName[];
  /** Only the per-run fields the file actually sets (no schema defaults). */
  base: NonNullable<BatchSpec['base']>;
}

export { StudyError, MAX_STUDY_BYTES };

/** Parses a study from its YAML text; `file` names it in errors and anchors a relative `out`. */
export function parseStudy(text: string, file: string): Study {
  const { data, given } = parseStudyText(text, file, StudySchema, STUDY_FIELDS, 'participants, conditions, runs, ...');
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
  const base = fieldsSet(PER_RUN_FIELDS, data, given);
  return {
    participants: data.participants as string[],
    conditions: data.conditions as ConditionRef[] | undefined,
    ladders: data.ladders as LadderName[] | undefined,
    ...batchFields(data, file),
    base: base as Study['base'],
  };
}

export function loadStudy(file: string): Study {
  return parseStudy(readStudyText(file), file);
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
