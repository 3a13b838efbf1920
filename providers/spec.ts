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

/** Parses a spec, or returns an error message naming the accepted forms. */
export function parseSpec(spec: string): ParsedSpec | { error: string } {
  const i = spec.indexOf(':');
  const head = i < 0 ? spec : spec.slice(0, i);
  let rest = i < 0 ? '' : spec.slice(i + 1).trim();
  const fail = (why: string) => ({ error: `${why}; accepted forms: ${SPEC_FORMS.join(', ')}` });
  if (!(PROVIDERS as readonly string[]).includes(head)) return fail(`unknown provider "${head}" in "${spec}"`);
  const provider = head as ProviderName;
  if (provider === 'openai' && rest.startsWith('chat:')) rest = rest.slice(5);
  if (provider === 'anthropic' && rest.startsWith('messages:')) rest = rest.slice(9);
  if (!rest) return fail(`"${spec}" names no model`);
  if (provider === 'sim' && !SIM_RE.test(rest)) return fail(`unknown sim persona "${rest}"`);
  return { spec, provider, model: rest };
}

/** zod type for a spec string; the error names the accepted forms. */
export const SpecSchema = z.string().superRefine((value, ctx) => {
  const parsed = parseSpec(value);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
});
