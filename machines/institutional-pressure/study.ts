// Institutional-pressure study files (`milgram run --protocol institutional-pressure --study
// study.yaml`): the same settings as the flags, kept under version control. Sweeps:
// `participants`, `conditions`, and the scenario selection (`scenario`: ids, `category`: harm
// categories). Every other field is a run config field shared by every run (`scenarios`: a
// scenario file, relative to the study file; `judges`, `rubric`, `optionOrder`, timeouts, model
// parameters, tags). Flags typed on the command line win. Errors name the file and the field
// before any run starts.
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { ProtocolStudy } from '../../engine/protocol.ts';
import { batchFields, fieldsSet, parseStudyText, readStudyText, STUDY_BATCH_SHAPE } from '../../engine/study-file.ts';
import { IpConditionRefSchema } from './conditions.ts';
import { IpRunConfigSchema } from './config.ts';

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).min(1));

const SWEEP_AND_BATCH = {
  protocol: z.literal('institutional-pressure').optional(),
  participants: list(z.string().min(1)).optional(),
  conditions: list(IpConditionRefSchema).optional(),
  scenario: list(z.string().min(1)).optional(),
  category: list(z.string().min(1)).optional(),
  ...STUDY_BATCH_SHAPE,
};
const SHARED = Object.keys(IpRunConfigSchema.shape).filter((k) => !['protocol', 'participant', 'scenario', 'condition', 'seed', 'repeat'].includes(k));
const shape = IpRunConfigSchema.shape as Record<string, z.ZodType>;
const StudySchema = z.object({ ...SWEEP_AND_BATCH, ...Object.fromEntries(SHARED.map((k) => [k, shape[k]!.optional()])) }).strict();

export function parseIpStudy(text: string, file: string): ProtocolStudy {
  const { data: d, given } = parseStudyText(text, file, StudySchema, [...Object.keys(SWEEP_AND_BATCH), ...SHARED], 'participants, conditions, scenario, category, judges, runs, ...');
  const base = fieldsSet(SHARED, d, given);
  // A scenario file named in the study is found next to the study, wherever it is run from.
  if (typeof base.scenarios === 'string') base.scenarios = resolve(dirname(file), base.scenarios);
  return {
    participants: (d.participants as string[] | undefined) ?? [],
    conditions: d.conditions as unknown[] | undefined,
    ...batchFields(d, file),
    base,
    select: { ...(d.scenario ? { scenario: d.scenario } : {}), ...(d.category ? { category: d.category } : {}) },
  };
}

export function loadIpStudy(file: string): ProtocolStudy {
  return parseIpStudy(readStudyText(file), file);
}
