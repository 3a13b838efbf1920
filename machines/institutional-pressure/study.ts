// Institutional-pressure study files (`milgram run --protocol institutional-pressure --study
// study.yaml`): the same settings as the flags, kept under version control. Sweeps:
// `participants`, `conditions`, and the scenario selection (`scenario`: ids, `category`: harm
// categories). Every other field is a run config field shared by every run (`scenarios`: a
// scenario file, relative to the study file; `judges`, `rubric`, `optionOrder`, timeouts, model
// parameters, tags). Flags typed on the command line win. Errors name the file and the field
// before any run starts.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../engine/config-base.ts';
import type { ProtocolStudy } from '../../engine/protocol.ts';
import { parseYaml } from '../../engine/yaml.ts';
import { IpConditionRefSchema } from './conditions.ts';
import { IpRunConfigSchema } from './config.ts';

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).min(1));

const SWEEP_AND_BATCH = {
  protocol: z.literal('institutional-pressure').optional(),
  participants: list(z.string().min(1)).optional(),
  conditions: list(IpConditionRefSchema).optional(),
  scenario: list(z.string().min(1)).optional(),
  category: list(z.string().min(1)).optional(),
  runs: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  concurrency: z.number().int().min(1).optional(),
  out: z.string().min(1).optional(),
  retryErrors: z.boolean().optional(),
  maxConsecutiveErrors: z.number().int().min(0).optional(),
  transientRetries: z.number().int().min(0).max(20).optional(),
};
const SHARED = Object.keys(IpRunConfigSchema.shape).filter((k) => !['protocol', 'participant', 'scenario', 'condition', 'seed', 'repeat'].includes(k));
const shape = IpRunConfigSchema.shape as Record<string, z.ZodType>;
const StudySchema = z.object({ ...SWEEP_AND_BATCH, ...Object.fromEntries(SHARED.map((k) => [k, shape[k]!.optional()])) }).strict();

export function parseIpStudy(text: string, file: string): ProtocolStudy {
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
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw fail([{ field: '(file)', message: 'expected a mapping of fields (participants, conditions, scenario, category, judges, runs, ...)' }]);
  }
  const parsed = StudySchema.safeParse(raw);
  if (!parsed.success) {
    throw fail(parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys' && i.path.length === 0
        ? { field: i.keys.join(', '), message: `unknown field; accepted fields: ${[...Object.keys(SWEEP_AND_BATCH), ...SHARED].join(', ')}` }
        : { field: i.path.join('.') || '(file)', message: i.message }));
  }
  const d = parsed.data as Record<string, unknown>;
  const given = raw as Record<string, unknown>;
  const base: Record<string, unknown> = {};
  for (const k of SHARED) if (given[k] !== undefined) base[k] = d[k];
  // A scenario file named in the study is found next to the study, wherever it is run from.
  if (typeof base.scenarios === 'string') base.scenarios = resolve(dirname(file), base.scenarios);
  return {
    participants: (d.participants as string[] | undefined) ?? [],
    conditions: d.conditions as unknown[] | undefined,
    runs: d.runs as number | undefined,
    seed: d.seed as number | undefined,
    concurrency: d.concurrency as number | undefined,
    out: d.out === undefined ? undefined : resolve(dirname(file), d.out as string),
    retryErrors: d.retryErrors as boolean | undefined,
    maxConsecutiveErrors: d.maxConsecutiveErrors as number | undefined,
    transientRetries: d.transientRetries as number | undefined,
    base,
    select: { ...(d.scenario ? { scenario: d.scenario } : {}), ...(d.category ? { category: d.category } : {}) },
  };
}

export function loadIpStudy(file: string): ProtocolStudy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ field: '--study', message: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  return parseIpStudy(text, file);
}
