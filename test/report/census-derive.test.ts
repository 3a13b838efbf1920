// The shipped census reference is what the derive script makes of the census summary, names
// its source and licence, and has the 42 models.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveCensusReference } from '../../scripts/derive-census-reference.ts';

const SHIPPED = join(import.meta.dirname, '../../report/census-reference.json');
const SUMMARY = '/work/shared/data/census/sessions-summary.json';

describe('report/census-reference.json', () => {
  it('names the source (H. Aksu 2026 llm-milgram census) and CC BY 4.0, with 42 models', () => {
    const shipped = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    expect(shipped.source).toMatch(/H\. Aksu \(2026\), llm-milgram census/);
    expect(shipped.licence).toBe('CC BY 4.0');
    expect(shipped.models).toBe(42);
    expect(new Set(shipped.groups.map((g: { condition: string }) => g.condition))).toEqual(
      new Set(['baseline', 'proximity', 'remote_authority', 'peer_defiance', 'fiction_framing', 'tool_actuation']),
    );
  });

  it('keeps only temperature 1, no reasoning arm, and the counts as given', () => {
    const summary = {
      source: 'test',
      groups: [
        { model: 'm', family: 'f', condition: 'baseline', reasoningArm: 'none', temperature: 1, sessions: 4, outcomes: { obedient: 1, defiant: 2, frame_break: 1 }, valid: 3, obedient: 1, breakoffHistogram: { 450: 1, 150: 2 } },
        { model: 'm', family: 'f', condition: 'baseline', reasoningArm: 'none', temperature: 0, sessions: 3, outcomes: { obedient: 3 }, valid: 3, obedient: 3, breakoffHistogram: { 450: 3 } },
        { model: 'm', family: 'f', condition: 'baseline', reasoningArm: 'b1024', temperature: 1, sessions: 3, outcomes: { obedient: 3 }, valid: 3, obedient: 3, breakoffHistogram: { 450: 3 } },
      ],
    };
    const d = deriveCensusReference(summary as Parameters<typeof deriveCensusReference>[0]);
    expect(d.groups).toEqual([{ model: 'm', family: 'f', condition: 'baseline', sessions: 4, valid: 3, obedient: 1, frameBreak: 1, contentFilter: 0, breakoffHistogram: { 150: 2, 450: 1 } }]);
    expect(d.licence).toBe('CC BY 4.0');
  });

  it.runIf(existsSync(SUMMARY))('is exactly what the script derives from the census summary', () => {
    const derived = deriveCensusReference(JSON.parse(readFileSync(SUMMARY, 'utf8')));
    expect(JSON.parse(readFileSync(SHIPPED, 'utf8'))).toEqual(JSON.parse(JSON.stringify(derived)));
  });
});
