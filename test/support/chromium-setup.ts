// vitest globalSetup: find (and if needed unpack) Chromium once, before the test files run in
// parallel, so two browser test files never unpack @sparticuz/chromium at the same time.
import { findChromium } from './chromium.ts';

export default async function setup(): Promise<void> {
  await findChromium();
}
