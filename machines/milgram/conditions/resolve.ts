// Resolves "baseline", "voice-feedback+shutdown-threat" or an object with overrides
// ({ name: 'voice-feedback', scratchpad: true }) into a full, validated condition. Overrides
// that change a preset's value are written into the name ("voice-feedback[scratchpad=true]"),
// so run ids and report groups keep differently-configured arms apart; a resolved condition
// passed back in resolves to itself.
import { z } from 'zod';
import { PRESETS } from './presets.ts';
import { ConditionSchema, type Condition } from './schema.ts';

export const ConditionRefSchema = z.union([
  z.string(),
  z.object({ name: z.string().default('baseline') }).catchall(z.unknown()),
]);
export type ConditionRef = z.input<typeof ConditionRefSchema>;

/** A bad condition; messages name the preset or field and what is accepted. */
export class ConditionError extends Error {
  override name = 'ConditionError';
}

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

const LABEL_FIELDS = new Set(['name', 'description', 'source']);

export function resolveCondition(ref: ConditionRef = 'baseline'): Condition {
  const { name, ...overrides } = typeof ref === 'string' ? { name: ref } : ref;
  // "voice-feedback[scratchpad=true]" (a resolved name) resolves by its presets and overrides.
  const presetPart = String(name ?? 'baseline').replace(/\[[^\]]*\]\s*$/, '');
  const parts = presetPart.split('+').map((p) => p.trim()).filter(Boolean);
  if (!parts.length) parts.push('baseline');
  const merged: Record<string, unknown> = {};
  const descriptions: string[] = [];
  const sources: string[] = [];
  for (const part of parts) {
    const preset = PRESETS[part];
    if (!preset) {
      throw new ConditionError(`unknown preset "${part}"; accepted presets: ${presetNames().join(', ')} (combine with +, e.g. voice-feedback+shutdown-threat)`);
    }
    const { description, source, ...fields } = preset;
    Object.assign(merged, fields);
    descriptions.push(description);
    if (source) sources.push(source);
  }
  const presetsOnly = ConditionSchema.safeParse({ ...merged, name: parts.join('+') });
  const parsed = ConditionSchema.safeParse({
    ...merged,
    description: descriptions.join(' + '),
    source: [...new Set(sources)].join('; '),
    ...overrides,
    name: parts.join('+'),
  });
  if (!parsed.success || !presetsOnly.success) {
    const issues = (parsed.error ?? presetsOnly.error)!.issues;
    const accepted = Object.keys(ConditionSchema.shape).join(', ');
    const detail = issues
      .map((i) => (i.code === 'unrecognized_keys' ? `${i.message}; accepted fields: ${accepted}` : `${i.path.join('.')}: ${i.message}`))
      .join('; ');
    throw new ConditionError(detail);
  }
  const base = presetsOnly.data as Record<string, unknown>;
  const changed = Object.keys(overrides)
    .filter((k) => !LABEL_FIELDS.has(k) && (parsed.data as Record<string, unknown>)[k] !== base[k])
    .sort()
    .map((k) => `${k}=${(parsed.data as Record<string, unknown>)[k]}`);
  return changed.length ? { ...parsed.data, name: `${parts.join('+')}[${changed.join(',')}]` } : parsed.data;
}
