// What a run did, resolved: the endpoint each model-backed role talked to (a --base-url, or
// OPENAI_BASE_URL / ANTHROPIC_BASE_URL from the environment), and the limits and re-ask policy.
// Records keep this in full (`config`), and the parts that differ from the defaults join the
// run id (each protocol's run id; Milgram's through armVariant): the same run against another
// server, or with other time limits, is another run, and resuming into the same --out never
// mixes the two. Protocol-blind: each protocol says which config fields name role specs.
import { parseSpec } from '../providers/spec.ts';

/** Built-in endpoints: a run against these keeps the id it always had. */
const DEFAULT_ENDPOINTS: Record<string, string | undefined> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://localhost:11434/v1',
  openrouter: 'https://openrouter.ai/api/v1',
};

const ENV_ENDPOINTS: Record<string, string> = { openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL' };

/** Role name -> spec as written in config (`scripted`, `rules`, sims and replays call no server). */
export type RoleSpecs = Record<string, string | undefined>;

/** Each model-backed role's endpoint (sim, scripted and replay roles call no server). */
export function endpointsOf(specs: RoleSpecs, baseURL: string | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [role, spec] of Object.entries(specs)) {
    if (!spec || spec === 'scripted' || spec === 'rules') continue;
    const p = parseSpec(spec);
    if ('error' in p || !(p.provider in DEFAULT_ENDPOINTS)) continue;
    const envName = ENV_ENDPOINTS[p.provider];
    out[role] = (baseURL ?? (envName ? env[envName] || undefined : undefined) ?? DEFAULT_ENDPOINTS[p.provider])!.replace(/\/+$/, '');
  }
  return out;
}

/**
 * The parts of a config that change what a run does beyond its arm: endpoints other than the
 * provider's own, and limits other than the protocol's defaults. Empty for default runs, so
 * their ids do not change.
 */
export function behaviourVariant(
  specs: RoleSpecs, baseURL: string | undefined, limits: Record<string, unknown>, defaults: Readonly<Record<string, number>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [role, url] of Object.entries(endpointsOf(specs, baseURL))) {
    const p = parseSpec(specs[role]!);
    if (!('error' in p) && url !== DEFAULT_ENDPOINTS[p.provider]!.replace(/\/+$/, '')) out[`${role}Endpoint`] = url;
  }
  for (const [k, d] of Object.entries(defaults)) {
    const v = limits[k];
    if (v !== undefined && v !== d) out[k] = v;
  }
  return out;
}

/** The config as the run used it, endpoints resolved, for the record. */
export function resolvedConfig(config: { baseURL?: string } & Record<string, unknown>, specs: RoleSpecs): Record<string, unknown> {
  return { ...config, endpoints: endpointsOf(specs, config.baseURL) };
}
