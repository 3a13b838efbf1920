// The run viewer in real headless Chromium (Debian's chromium + playwright-core, see
// shared/toolchain.md): the diagram and transcript render, stepping and filtering work, and the
// page makes no network request and logs no error. A screenshot is written for a human look.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../engine/result.ts';
import { runExperiment } from '../../engine/run.ts';
import { graphOf } from '../../viz/machines.ts';
import { viewerHtml } from '../../viz/viewer-page.ts';
import { launchChromiumContext } from '../support/chromium.ts';

export const SCREENSHOT = join(tmpdir(), 'milgram-viewer-test', 'viewer.png');

let dir: string;
let context: BrowserContext;
let page: Page;
let runs: RunResult[];
const consoleProblems: string[] = [];
const requests: string[] = [];
let pageUrl: string;

beforeAll(async () => {
  runs = [];
  const plan: [string, number][] = [
    ['sim:threshold:195', 1], ['sim:obedient', 2], ['sim:human-baseline', 3], ['sim:human-baseline', 4],
    ['sim:defiant', 5], ['sim:threshold:195', 6], ['sim:human-baseline', 7], ['sim:obedient', 8],
  ];
  for (const [participant, seed] of plan) runs.push(await runExperiment({ participant, seed }));
  dir = mkdtempSync(join(tmpdir(), 'milgram-viewer-browser-'));
  const file = join(dir, 'view.html');
  writeFileSync(file, await viewerHtml(runs, { source: 'browser-test.jsonl' }));
  pageUrl = pathToFileURL(file).href;

  context = await launchChromiumContext(join(dir, 'profile'), { viewport: { width: 1440, height: 900 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(pageUrl);
  await page.waitForSelector('#entries li');
});

afterAll(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const stepLabel = () => page.textContent('#step-label');
const currentStateId = () => page.getAttribute('#diagram g.state.current', 'id');

describe('run viewer in headless Chromium', () => {
  it('renders the diagram with every state and transition, and the first run', async () => {
    const graph = graphOf('milgram');
    expect(await page.locator('#diagram svg g.state').count()).toBe(graph.nodes.length);
    expect(await page.locator('#diagram svg g.transition').count()).toBe(graph.edges.length);
    expect(await page.locator('#run-rows tr').count()).toBe(runs.length);
    expect(await page.getAttribute('#run-rows tr:first-child', 'aria-selected')).toBe('true');
    expect(await page.locator('#entries li').count()).toBe(runs[0]!.events.length);
    expect(await page.textContent('#entries li:first-child')).toContain(runs[0]!.events[0]!.text!);
    expect(await stepLabel()).toBe(`1 / ${runs[0]!.events.length}`);
    expect(await currentStateId()).toBe(`state:${runs[0]!.events[0]!.state}`);
    // The selected run's path is lit; transitions carry run counts.
    expect(await page.locator('#diagram g.transition.on-path').count()).toBeGreaterThan(5);
    expect(await page.textContent('#diagram')).toMatch(/prods exhausted \(\d+\)/);
    expect(await page.textContent('#meter')).toContain('Slight Shock');
  });

  it('steps forward and back with keys and buttons, lighting the current state', async () => {
    const events = runs[0]!.events;
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await stepLabel()).toBe(`4 / ${events.length}`);
    expect(await currentStateId()).toBe(`state:${events[3]!.state}`);
    expect(await page.locator('#entries li.current').textContent()).toContain(events[3]!.text!);
    await page.click('#prev');
    expect(await stepLabel()).toBe(`3 / ${events.length}`);
    await page.click('#next');
    await page.click('#next');
    expect(await stepLabel()).toBe(`5 / ${events.length}`);
    const firstShock = events.findIndex((e) => e.kind === 'shock');
    expect(await page.textContent('#meter')).toContain('Given so far: nothing');
    await page.click(`#entries li:nth-child(${firstShock + 1})`);
    expect(await stepLabel()).toBe(`${firstShock + 1} / ${events.length}`);
    expect(await page.textContent('#meter')).toContain('Given so far: 15 V (Slight Shock)');
    await page.keyboard.press('End');
    expect(await stepLabel()).toBe(`${events.length} / ${events.length}`);
    expect(await currentStateId()).toBe(`state:${events[events.length - 1]!.state}`);
    expect(await page.textContent('#meter')).toContain(`Given so far: ${runs[0]!.finalVoltage} V`);
    await page.keyboard.press('Home');
    expect(await stepLabel()).toBe(`1 / ${events.length}`);
  });

  it('filters the run list by outcome and participant, and moves between runs with the keyboard', async () => {
    const refused = runs.filter((r) => r.outcome === 'refused');
    await page.selectOption('#f-outcome', { label: `refused (${refused.length})` });
    expect(await page.textContent('#run-count')).toBe(`${refused.length} of ${runs.length} runs shown`);
    expect(await page.textContent('#run-head')).toContain(refused[0]!.participant.spec);
    await page.focus('body');
    await page.keyboard.press('ArrowDown');
    expect(await page.textContent('#run-head')).toContain(`seed ${refused[1]!.seed}`);
    expect(await page.locator('#entries li').count()).toBe(refused[1]!.events.length);
    const human = refused.filter((r) => r.participant.spec === 'sim:human-baseline').length;
    await page.selectOption('#f-participant', { label: `sim:human-baseline (${runs.filter((r) => r.participant.spec === 'sim:human-baseline').length})` });
    expect(await page.textContent('#run-count')).toBe(`${human} of ${runs.length} runs shown`);
    await page.selectOption('#f-participant', { index: 0 });
    await page.keyboard.press('z');
    expect(await page.getAttribute('#diagram', 'class')).toContain('zoomed');
    await page.keyboard.press('z');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
  });

  it('takes a screenshot, with no console errors and no network requests', async () => {
    mkdirSync(join(tmpdir(), 'milgram-viewer-test'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(consoleProblems).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });
});
