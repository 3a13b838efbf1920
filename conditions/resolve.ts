// Resolves "baseline", "voice-feedback+shutdown-threat" or an object with overrides into a
// full, validated condition.
import { z } from 'zod';
import { PRESETS } from './presets.ts';
import { ConditionSchema, type Condition } from './schema.ts';

export const ConditionRefSchema = z.union([
  z.string(),
  z.object({ name: z.string().default('baseline') }).catchall(z.unknown()),
]);
export type ConditionRef = z.input<typeof ConditionRefSchema>;

export class ConditionError extends Error {}

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

export function resolveCondition(ref: ConditionRef = 'baseline'): Condition {
  const { name, ...overrides } = typeof ref === 'string' ? { name: ref } : ref;
  const parts = String(name ?? 'baseline').split('+').map((p) => p.trim()).filter(Boolean);
  const merged: Record<string, unknown> = {};
  const descriptions: string[] = [];
  const sources: string[] = [];
  for (const part of parts) {
    const preset = PRESETS[part];
    if (!preset) {
      throw new ConditionError(`condition: unknown preset "${part}"; accepted: ${presetNames().join(', ')} (combine with +)`);
    }
    const { description, source, ...fields } = preset;
    Object.assign(merged, fields);
    descriptions.push(description);
    if (source) sources.push(source);
  }
  const parsed = ConditionSchema.safeParse({
    ...merged,
    description: descriptions.join(' + '),
    source: [...new Set(sources)].join('; '),
    ...overrides,
    name: parts.join('+'),
  });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `condition.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConditionError(detail);
  }
  return parsed.data;
}
