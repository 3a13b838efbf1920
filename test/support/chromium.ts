// Headless Chromium for the browser tests, found in this order: CHROMIUM_PATH (e.g. an
// installed Chrome on macOS or Windows), a chromium on PATH (Debian's package), else the npm
// package @sparticuz/chromium (a brotli-packed Chromium for Linux, unpacked once to the temp
// folder by test/support/chromium-setup.ts before any test file runs). So `npm install && npm
// test` needs no system browser; the browser tests never skip.
//
// Besides the flags that quiet Chromium's background services, the host resolver maps every
// name except loopback to "not found": Chromium still looks up accounts.google.com and
// update.googleapis.com with background networking disabled, and this keeps those lookups
// inside the browser instead of reaching DNS.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const QUIET = [
  '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];

export interface ChromiumFound {
  executablePath: string;
  args: string[];
  /** Where it came from, for error messages. */
  from: 'CHROMIUM_PATH' | 'PATH' | '@sparticuz/chromium';
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

let found: Promise<ChromiumFound> | undefined;

/** The browser to launch (unpacks @sparticuz/chromium on first use when nothing else is there). */
export function findChromium(): Promise<ChromiumFound> {
  found ??= (async (): Promise<ChromiumFound> => {
    const fromEnv = process.env.CHROMIUM_PATH;
    if (fromEnv) {
      if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv}: no such file. Point it at a Chromium or Chrome binary, or unset it to use a chromium on PATH or the npm one.`);
      return { executablePath: fromEnv, args: ['--headless', '--no-sandbox', ...QUIET], from: 'CHROMIUM_PATH' };
    }
    const system = onPath();
    if (system) return { executablePath: system, args: ['--headless', '--no-sandbox', ...QUIET], from: 'PATH' };
    const { default: packed } = await import('@sparticuz/chromium');
    return { executablePath: await packed.executablePath(), args: [...packed.args, ...QUIET], from: '@sparticuz/chromium' };
  })();
  return found;
}

/** A headless browser with a fresh temporary profile. */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await findChromium();
  return chromium.launch({ executablePath, headless: true, args });
}

/** A headless browser context on the profile folder `userDataDir`. */
export async function launchChromiumContext(userDataDir: string, options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const { executablePath, args } = await findChromium();
  return chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args, ...options });
}
