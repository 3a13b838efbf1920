// npm run build (and prepare / prepack): the published JavaScript and .d.ts in dist/, from
// tsc 7 with tsconfig.build.json, plus the non-TypeScript files the code reads at run time.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
// npm scripts put node_modules/.bin (tsc) first on PATH.
execFileSync('tsc', ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
// The viewer page inlines its client script and stylesheet (viz/viewer-page.ts reads them).
cpSync(`${root}viz/viewer`, `${root}dist/viz/viewer`, { recursive: true });
// The executables must be executable: npx runs this package's own bin in place (in the
// repository), where npm does not set the mode as it does for installed packages.
const { bin } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { bin: Record<string, string> };
for (const file of Object.values(bin)) chmodSync(`${root}${file}`, 0o755);
