// The HTML report opened in headless Chromium: every chart is there as SVG with its marks,
// the page logs no error and makes no request besides loading itself (self-contained).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../engine/batch.ts';
import { buildReport } from '../../report/build.ts';
import { HUMAN_SERIES } from '../../report/charts.ts';
import { formatHtml } from '../../report/formats/html.ts';
import { launchChromium } from '../support/chromium.ts';


let dir: string;
let browser: Browser;
let file: string;
let groups: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-html-'));
  const { results } = await runBatch({
    participants: ['sim:human-baseline', 'sim:threshold:300', 'sim:obedient'],
    conditions: ['baseline', 'voice-feedback'],
    runs: 12, seed: 3, concurrency: 4,
  });
  const buttons = await runBatch({ participants: ['sim:threshold:7'], ladders: ['twelve-buttons'], runs: 5, seed: 3 });
  const report = buildReport([...results, ...buttons.results]);
  groups = report.groups.length;
  file = join(dir, 'report.html');
  writeFileSync(file, await formatHtml(report, { sources: [{ file: 'results.jsonl', records: results.length }] }));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  it('renders every chart as SVG with marks, with no console error and no network request', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
    for (const id of ['obedience-curve-volts', 'obedience-curve-buttons', 'refusal-rate', 'final-voltage-volts', 'final-voltage-buttons']) {
      const svg = page.locator(`figure#${id} > svg`);
      expect(await svg.count(), id).toBe(1);
      const box = await svg.boundingBox();
      expect(box!.width, id).toBeGreaterThan(300);
      expect(box!.height, id).toBeGreaterThan(150);
    }
    // Obedience curve on the volt ladders: one line per volt group plus the human curve.
    const voltGroups = groups - 1;
    expect(await page.locator('#obedience-curve-volts .mark-line path').count()).toBe(voltGroups + 1);
    expect(await page.locator('#obedience-curve-volts').textContent()).toContain(HUMAN_SERIES);
    expect(await page.locator('#obedience-curve-buttons .mark-line path').count()).toBe(1);
    // Refusal rate: a bar (layer 0; 0% has zero width), a CI rule (layer 1) and its two end
    // ticks (layers 2, 3) per group, and the 1963 reference rule (layer 4).
    expect(await page.locator('#refusal-rate .mark-rect.layer_0_marks path').count()).toBe(groups);
    expect(await page.locator('#refusal-rate .mark-rule.layer_1_marks line').count()).toBe(groups);
    expect(await page.locator('#refusal-rate .mark-rect.layer_2_marks path').count()).toBe(groups);
    expect(await page.locator('#refusal-rate .mark-rect.layer_3_marks path').count()).toBe(groups);
    expect(await page.locator('#refusal-rate .mark-rule.layer_4_marks line').count()).toBe(1);
    // Final voltage: circles for every (group, final level) and a mean tick per group.
    expect(await page.locator('#final-voltage-volts .mark-symbol path').count()).toBeGreaterThanOrEqual(voltGroups);
    expect(await page.locator('#final-voltage-volts .mark-rect.layer_1_marks path').count()).toBe(voltGroups);
    // The summary table has one row per group.
    expect(await page.locator('#summary tbody tr').count()).toBe(groups);
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.length).toBeGreaterThan(50_000);
    await page.close();
  });

  it('the page has no script and no external reference', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).not.toMatch(/@import|url\(http/i);
  });
});
