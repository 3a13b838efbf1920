// The version stamped on records (engine/version.ts, a literal so dist/ needs no package.json
// beside it) is the package's version.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../engine/version.ts';

it('ENGINE_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(ENGINE_VERSION).toBe(pkg.version);
});
