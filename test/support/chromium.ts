// Headless Chromium for the browser tests (Debian's chromium + playwright-core, see
// shared/toolchain.md). Besides the flags that quiet Chromium's background services, the host
// resolver maps every name except loopback to "not found": Chromium still looks up
// accounts.google.com and update.googleapis.com with background networking disabled, and this
// keeps those lookups inside the browser instead of reaching DNS. (What strace still shows is
// Chromium's IPv6 reachability probe: a UDP connect() to 2001:4860:4860::8888 that picks a route
// and is closed without sending a packet.)
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];

function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get update && apt-get install -y chromium; .ci/run does this) or set CHROMIUM_PATH. Browser tests do not skip.`);
  }
}

/** A headless browser with a fresh temporary profile. */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** A headless browser context on the profile folder `userDataDir`. */
export async function launchChromiumContext(userDataDir: string, options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  requireChromium();
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, ...options });
}
