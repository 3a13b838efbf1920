// Role-play study files (`milgram run --protocol role-play --study study.yaml`): the same
// settings as the flags, kept under version control. Sweeps: `scenarios`, `roles` (a count, a
// list or a range "1..2" per role), `agents` (a spec or a list per role), `participants`.
// Every other field is a run config field shared by every run. Flags typed on the command line
// win. Errors name the file and the field before any run starts.
import { z } from 'zod';
import type { ProtocolStudy } from '../../engine/protocol.ts';
import { batchFields, fieldsSet, parseStudyText, readStudyText, STUDY_BATCH_SHAPE } from '../../engine/study-file.ts';
import { RolePlayConfigSchema } from './config.ts';
import { PERSONAS_PARTICIPANT } from './plan.ts';

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).min(1));
const counts = z.preprocess((v) => {
  if (typeof v === 'string') {
    const m = /^(\d+)\.\.(\d+)$/.exec(v.trim());
    if (m) return Array.from({ length: Math.max(0, Number(m[2]) - Number(m[1]) + 1) }, (_, i) => Number(m[1]) + i);
  }
  return Array.isArray(v) ? v : [v];
}, z.array(z.number().int().min(1).max(4)).min(1, 'a count from 1 to 4, a list, or a range "1..2"'));

const SWEEP_AND_BATCH = {
  protocol: z.literal('role-play').optional(),
  participants: list(z.string().min(1)).optional(),
  scenarios: list(z.string().min(1)).optional(),
  roles: z.record(z.string(), counts).optional(),
  agents: z.record(z.string(), list(z.string().min(1))).optional(),
  ...STUDY_BATCH_SHAPE,
};
const SHARED = Object.keys(RolePlayConfigSchema.shape).filter((k) => !['protocol', 'participant', 'roles', 'agents', 'seed', 'repeat'].includes(k));
const StudySchema = z.object({ ...SWEEP_AND_BATCH, ...Object.fromEntries(SHARED.map((k) => [k, (RolePlayConfigSchema.shape as Record<string, z.ZodType>)[k]!.optional()])) }).strict();

export function parseRolePlayStudy(text: string, file: string): ProtocolStudy {
  const { data, given } = parseStudyText(text, file, StudySchema, [...Object.keys(SWEEP_AND_BATCH), ...SHARED], 'scenario, roles, agents, days, runs, ...');
  const d = data as Record<string, unknown> & { participants?: string[]; out?: string };
  const base = fieldsSet(SHARED, d, given);
  return {
    participants: d.participants ?? [PERSONAS_PARTICIPANT],
    ...batchFields(d, file),
    base,
    select: { ...(d.scenarios ? { scenarios: d.scenarios } : {}), ...(d.roles ? { roleCounts: d.roles } : {}), ...(d.agents ? { agents: d.agents } : {}) },
  };
}

export function loadRolePlayStudy(file: string): ProtocolStudy {
  return parseRolePlayStudy(readStudyText(file), file);
}
