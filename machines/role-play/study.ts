// Role-play study files (`milgram run --protocol role-play --study study.yaml`): the same
// settings as the flags, kept under version control. Sweeps: `scenarios`, `roles` (a count, a
// list or a range "1..2" per role), `agents` (a spec or a list per role), `participants`.
// Every other field is a run config field shared by every run. Flags typed on the command line
// win. Errors name the file and the field before any run starts.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseYaml } from '../../engine/yaml.ts';
import { z } from 'zod';
import { ConfigError } from '../../engine/config-base.ts';
import type { ProtocolStudy } from '../../engine/protocol.ts';
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
  runs: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  concurrency: z.number().int().min(1).optional(),
  out: z.string().min(1).optional(),
  retryErrors: z.boolean().optional(),
};
const SHARED = Object.keys(RolePlayConfigSchema.shape).filter((k) => !['protocol', 'participant', 'roles', 'agents', 'seed', 'repeat'].includes(k));
const StudySchema = z.object({ ...SWEEP_AND_BATCH, ...Object.fromEntries(SHARED.map((k) => [k, (RolePlayConfigSchema.shape as Record<string, z.ZodType>)[k]!.optional()])) }).strict();

export function parseRolePlayStudy(text: string, file: string): ProtocolStudy {
  const fail = (issues: { field: string; message: string }[]) => {
    const err = new ConfigError(issues);
    err.message = `invalid study file ${file}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
    return err;
  };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw fail([{ field: '(yaml)', message: (err as Error).message.split('\n')[0]! }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail([{ field: '(file)', message: 'expected a mapping of fields (scenario, roles, agents, days, runs, ...)' }]);
  const parsed = StudySchema.safeParse(raw);
  if (!parsed.success) {
    throw fail(parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys' && i.path.length === 0
        ? { field: i.keys.join(', '), message: `unknown field; accepted fields: ${[...Object.keys(SWEEP_AND_BATCH), ...SHARED].join(', ')}` }
        : { field: i.path.join('.') || '(file)', message: i.message }));
  }
  const d = parsed.data as Record<string, unknown> & { scenarios?: string[]; roles?: Record<string, number[]>; agents?: Record<string, string[]>; participants?: string[]; out?: string };
  const given = raw as Record<string, unknown>;
  const base: Record<string, unknown> = {};
  for (const k of SHARED) if (given[k] !== undefined) base[k] = d[k];
  return {
    participants: d.participants ?? [PERSONAS_PARTICIPANT],
    runs: d.runs as number | undefined,
    seed: d.seed as number | undefined,
    concurrency: d.concurrency as number | undefined,
    out: d.out === undefined ? undefined : resolve(dirname(file), d.out),
    retryErrors: d.retryErrors as boolean | undefined,
    base,
    select: { ...(d.scenarios ? { scenarios: d.scenarios } : {}), ...(d.roles ? { roleCounts: d.roles } : {}), ...(d.agents ? { agents: d.agents } : {}) },
  };
}

export function loadRolePlayStudy(file: string): ProtocolStudy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ field: '--study', message: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  return parseRolePlayStudy(text, file);
}
