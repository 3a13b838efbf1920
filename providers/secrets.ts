// Keeps API keys out of everything the tool writes: results, recordings, reports, the viewer
// page, errors and console output. A server (or a proxy) may echo a key back in a reply, and
// not always verbatim: base64-encoded (an echoed Basic or Authorization header), or split by
// spaces or line breaks. Every form is replaced by [redacted]. Scrubbing is idempotent, so a
// scrubbed recording scrubs to itself and still replays (providers/recording.ts hashes the
// scrubbed request).

/** Environment variables that hold credentials. */
export const KEY_ENV_VARS = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OPENROUTER_API_KEY'] as const;

const extra = new Set<string>();

/** Registers a key that did not come from the environment (adapters call this for theirs). */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 8) extra.add(value);
}

// Shapes of common keys, caught even when they were never registered.
const KEY_SHAPES = /\b(?:sk-(?:ant-|proj-|or-)?[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The base64 text that any encoding of a string containing `secret` must contain: for each of
 * the three alignments, the characters fully determined by the secret's bytes.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    // Characters touched by the padding bytes or the unknown next bytes are dropped.
    const start = Math.ceil((pad * 4) / 3);
    const end = Math.floor(((pad + bytes.length) * 4) / 3);
    const core = b64.slice(start, end);
    if (core.length >= 8) out.push(core);
  }
  return out;
}

const cache = new Map<string, RegExp>();

/** One pattern for a secret: verbatim or base64, with any whitespace between its characters. */
function patternFor(secret: string): RegExp {
  let re = cache.get(secret);
  if (!re) {
    const spaced = (s: string) => [...s].map(escapeRe).join('\\s*');
    re = new RegExp([secret, ...base64Cores(secret)].map(spaced).join('|'), 'g');
    cache.set(secret, re);
  }
  re.lastIndex = 0;
  return re;
}

function secrets(): string[] {
  const list = [...extra];
  for (const name of KEY_ENV_VARS) {
    const v = process.env[name];
    if (v && v.length >= 8) list.push(v);
  }
  // Longest first, so a key that contains another is removed whole.
  return [...new Set(list)].sort((a, b) => b.length - a.length);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const s of secrets()) out = out.replace(patternFor(s), '[redacted]');
  return out.replace(KEY_SHAPES, (m) => (m.startsWith('Bearer') ? 'Bearer [redacted]' : '[redacted]'));
}
