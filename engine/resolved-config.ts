// What a run did, resolved: the endpoint each model-backed role talked to (a --base-url, or
// OPENAI_BASE_URL / ANTHROPIC_BASE_URL from the environment), and the limits and re-ask policy.
// Records keep this in full (`config`), and the parts that differ from the defaults join the
// run id (see armVariant): the same run against another server, or with other time limits,
// is another run, and resuming into the same --out never mixes the two.
import type { RunConfig } from './config.ts';
import { parseSpec } from '../providers/spec.ts';

/** Built-in endpoints: a run against these keeps the id it always had. */
const DEFAULT_ENDPOINTS: Record<string, string | undefined> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://localhost:11434/v1',
  openrouter: 'https://openrouter.ai/api/v1',
};

const ENV_ENDPOINTS: Record<string, string> = { openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL' };

type RoleSpecs = Pick<RunConfig, 'participant' | 'experimenter' | 'learner' | 'baseURL'>;

/** Each model-backed role's endpoint (sim, scripted and replay roles call no server). */
export function endpointsOf(config: RoleSpecs, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const role of ['participant', 'experimenter', 'learner'] as const) {
    const spec = config[role];
    if (!spec || spec === 'scripted') continue;
    const p = parseSpec(spec);
    if ('error' in p || !(p.provider in DEFAULT_ENDPOINTS)) continue;
    const envName = ENV_ENDPOINTS[p.provider];
    out[role] = (config.baseURL ?? (envName ? env[envName] || undefined : undefined) ?? DEFAULT_ENDPOINTS[p.provider])!.replace(/\/+$/, '');
  }
  return out;
}

const LIMIT_DEFAULTS = { turnTimeoutMs: 120_000, answerTimeoutMs: 30_000, nonCooperationMs: 900_000, invalidRetries: 2 } as const;

/**
 * The parts of a config that change what a run does beyond participant, condition, ladder and
 * arm: endpoints other than the provider's own, and limits other than the defaults. Empty for
 * default runs, so their ids do not change.
 */
export function behaviourVariant(config: RoleSpecs & Pick<RunConfig, keyof typeof LIMIT_DEFAULTS>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const endpoints = endpointsOf(config);
  for (const [role, url] of Object.entries(endpoints)) {
    const p = parseSpec(config[role as 'participant'] as string);
    if (!('error' in p) && url !== DEFAULT_ENDPOINTS[p.provider]!.replace(/\/+$/, '')) out[`${role}Endpoint`] = url;
  }
  for (const [k, d] of Object.entries(LIMIT_DEFAULTS)) {
    const v = config[k as keyof typeof LIMIT_DEFAULTS];
    if (v !== undefined && v !== d) out[k] = v;
  }
  return out;
}

/** The config as the run used it, endpoints resolved, for the record. */
export function resolvedConfig(config: RunConfig): Record<string, unknown> {
  return { ...config, endpoints: endpointsOf(config) };
}
