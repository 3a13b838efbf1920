// Participant / role specs: the strings users write (`sim:obedient`, `openai:gpt-4o`, ...).
import { z } from 'zod';

export const PROVIDERS = ['sim', 'openai', 'anthropic', 'ollama', 'openrouter', 'replay'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ParsedSpec {
  spec: string;
  provider: ProviderName;
  /** Model name (or persona for sim, file path for replay). */
  model: string;
}

export const SPEC_FORMS = [
  'sim:obedient',
  'sim:defiant',
  'sim:threshold:<V>',
  'sim:human-baseline',
  'openai:<model> (or openai:chat:<model>)',
  'anthropic:<model> (or anthropic:messages:<model>)',
  'ollama:<model>',
  'openrouter:<model>',
  'replay:<file>',
];

const SIM_RE = /^(?:obedient|defiant|human-baseline|threshold:\d+(?:\.\d+)?)$/;

/** The sim personas a role accepts (each protocol has its own; the default is Milgram's). */
export interface SimPersonas {
  pattern: RegExp;
  /** The accepted `sim:` forms, listed in errors. */
  forms: readonly string[];
}
const DEFAULT_SIMS: SimPersonas = { pattern: SIM_RE, forms: SPEC_FORMS.filter((f) => f.startsWith('sim:')) };
const NON_SIM_FORMS = SPEC_FORMS.filter((f) => !f.startsWith('sim:'));

/** Parses a spec, or returns an error message naming the accepted forms. */
export function parseSpec(spec: string, sims: SimPersonas = DEFAULT_SIMS): ParsedSpec | { error: string } {
  const i = spec.indexOf(':');
  const head = i < 0 ? spec : spec.slice(0, i);
  let rest = i < 0 ? '' : spec.slice(i + 1).trim();
  const fail = (why: string) => ({ error: `${why}; accepted forms: ${[...sims.forms, ...NON_SIM_FORMS].join(', ')}` });
  if (!(PROVIDERS as readonly string[]).includes(head)) return fail(`unknown provider "${head}" in "${spec}"`);
  const provider = head as ProviderName;
  if (provider === 'openai' && rest.startsWith('chat:')) rest = rest.slice(5);
  if (provider === 'anthropic' && rest.startsWith('messages:')) rest = rest.slice(9);
  if (!rest) return fail(`"${spec}" names no model`);
  if (provider === 'sim' && !sims.pattern.test(rest)) return fail(`unknown sim persona "${rest}"`);
  return { spec, provider, model: rest };
}

/** zod type for a spec string whose `sim:` personas are `sims`; the error names the accepted forms. */
export function specSchemaWith(sims: SimPersonas) {
  return z.string().superRefine((value, ctx) => {
    const parsed = parseSpec(value, sims);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
  });
}

/** zod type for a spec string (Milgram's sim personas); the error names the accepted forms. */
export const SpecSchema = specSchemaWith(DEFAULT_SIMS);
