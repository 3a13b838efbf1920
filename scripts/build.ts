// npm run build (and prepare / prepack): the published JavaScript and .d.ts in dist/, from
// tsc 7 with tsconfig.build.json, plus the non-TypeScript files the code reads at run time.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
// npm scripts put node_modules/.bin (tsc) first on PATH.
execFileSync('tsc', ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
// The viewer page inlines its client script and stylesheet (viz/viewer-page.ts reads them).
cpSync(`${root}viz/viewer`, `${root}dist/viz/viewer`, { recursive: true });
