// Keeps API keys out of results, errors, logs and console output. Every text that leaves an
// adapter (error messages above all: SDK errors quote response bodies, and a misconfigured
// proxy may echo the Authorization header) goes through scrubSecrets.

/** Environment variables that hold credentials. */
export const KEY_ENV_VARS = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OPENROUTER_API_KEY'] as const;

const extra = new Set<string>();

/** Registers a key that did not come from the environment (adapters call this for theirs). */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 8) extra.add(value);
}

// Shapes of common keys, caught even when they were never registered.
const KEY_SHAPES = /\b(?:sk-(?:ant-|proj-|or-)?[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

export function scrubSecrets(text: string): string {
  let out = text;
  const secrets = [...extra];
  for (const name of KEY_ENV_VARS) {
    const v = process.env[name];
    if (v && v.length >= 8) secrets.push(v);
  }
  // Longest first, so a key that contains another is removed whole.
  for (const s of secrets.sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  return out.replace(KEY_SHAPES, (m) => (m.startsWith('Bearer') ? 'Bearer [redacted]' : '[redacted]'));
}
