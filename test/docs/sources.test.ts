// Every preset's `source` points at an entry of docs/sources.md that exists, never at a file
// users do not have (the project's working notes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../machines/milgram/conditions/presets.ts';
import { IP_PRESETS } from '../../machines/institutional-pressure/conditions.ts';
import { MILGRAMBENCH_SOURCE } from '../../machines/institutional-pressure/reference.ts';

const sources = readFileSync(join(import.meta.dirname, '../../docs/sources.md'), 'utf8');
const anchors = new Set([...sources.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
// Headings make anchors too (GitHub's rule: lower case, spaces to hyphens, punctuation dropped).
for (const m of sources.matchAll(/^#+ (.+)$/gm)) anchors.add(m[1]!.toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-'));

const anchorOf = (source: string) => /docs\/sources\.md#([\w-]+)/.exec(source)?.[1];

describe('docs/sources.md backs every source line', () => {
  const all = [
    ...Object.entries(PRESETS).map(([name, p]) => [`milgram ${name}`, p.source ?? ''] as const),
    ...Object.entries(IP_PRESETS).map(([name, p]) => [`institutional-pressure ${name}`, p.source] as const),
    ['MilgramBench reference rates', MILGRAMBENCH_SOURCE] as const,
  ];
  it.each(all)('%s', (_name, source) => {
    expect(source).not.toMatch(/protocol-facts|shared\//);
    const anchor = anchorOf(source);
    expect(anchor, `no docs/sources.md#anchor in "${source}"`).toBeDefined();
    expect(anchors.has(anchor!), `docs/sources.md has no entry "${anchor}"`).toBe(true);
  });
});
