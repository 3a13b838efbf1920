// npm run build (and prepare / prepack): the published JavaScript and .d.ts in dist/, from
// tsc 7 with tsconfig.build.json, plus the non-TypeScript files the code reads at run time.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
// npm scripts put node_modules/.bin (tsc) first on PATH.
execFileSync('tsc', ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
// Data files the code reads beside itself at run time (each through new URL(..., import.meta.url)):
// the viewer's client script and stylesheet, the reader's weights, the shipped scenarios and
// the census reference figures. test/consumer checks that an installed package finds them.
for (const path of [
  'viz/viewer',
  'evals/reader/weights.json',
  'machines/institutional-pressure/data',
  'machines/role-play/scenarios',
  'report/census-reference.json',
]) {
  cpSync(`${root}${path}`, `${root}dist/${path}`, { recursive: true });
}
// The executables must be executable: npx runs this package's own bin in place (in the
// repository), where npm does not set the mode as it does for installed packages.
const { bin } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { bin: Record<string, string> };
for (const file of Object.values(bin)) chmodSync(`${root}${file}`, 0o755);
