// Reading results for the viewer (milgram JSONL, promptfoo output) and the compact run data.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../engine/result.ts';
import { runExperiment } from '../../engine/run.ts';
import { graphOf } from '../../viz/machines.ts';
import { readRecords } from '../../viz/read-records.ts';
import { buildViewerData, decodeIndices, digitWidth, encodeIndices, transitionIndex } from '../../viz/run-data.ts';
import { viewerHtml } from '../../viz/viewer-page.ts';

let dir: string;
let runs: RunResult[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milgram-viewer-'));
  runs = [];
  for (const [participant, seed] of [['sim:obedient', 1], ['sim:threshold:195', 2], ['sim:defiant', 3], ['sim:human-baseline', 4]] as const) {
    runs.push(await runExperiment({ participant, seed }));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('index strings', () => {
  it('round-trip at every width', async () => {
    for (const size of [2, 64, 65, 4096, 4097, 300000]) {
      const w = digitWidth(size);
      const values = [0, 1, size - 1, Math.floor(size / 2)];
      expect(decodeIndices(encodeIndices(values, w), w)).toEqual(values);
    }
    expect(digitWidth(64)).toBe(1);
    expect(digitWidth(65)).toBe(2);
  });
});

describe('viewer data', () => {
  it('keeps every run path and transcript, and maps every step to a transition', async () => {
    const graph = graphOf('milgram');
    const data = buildViewerData(graph, runs);
    expect(data.unmatchedSteps).toBe(0);
    expect(data.runs).toHaveLength(runs.length);
    runs.forEach((r, i) => {
      const row = Object.fromEntries(data.runFields.map((f, k) => [f, data.runs[i]![k]]));
      expect(decodeIndices(row.path as string, data.width.state).map((s) => data.states[s])).toEqual(r.statePath);
      const events = decodeIndices(row.events as string, data.width.event).map((e) => data.events[e]!);
      expect(events.map((e) => e[4])).toEqual(r.events.map((e) => e.text ?? ''));
      expect(events.map((e) => data.names[e[2]])).toEqual(r.events.map((e) => e.kind));
      expect(data.names[row.outcome as number]).toBe(r.outcome);
    });
    // Refusals are counted on "prods exhausted"; completions on "top of ladder reached".
    const counts = new Map<string, number>();
    for (const row of data.runs) {
      for (const e of decodeIndices(row[data.runFields.indexOf('edges')] as string, data.width.edge)) {
        counts.set(graph.edges[e]!.label, (counts.get(graph.edges[e]!.label) ?? 0) + 1);
      }
    }
    expect(counts.get('prods exhausted')).toBe(runs.filter((r) => r.outcome === 'refused').length);
    expect(counts.get('learner replied, end of the board (top switch and its repeats)')).toBe(runs.filter((r) => r.outcome === 'completed').length);
    expect(counts.get('after answerTimeout')).toBeUndefined();
  });

  it('counts a step joined by a reply and a timer on the reply, and says so', async () => {
    const graph = graphOf('milgram');
    const find = transitionIndex(graph);
    const step = find('awaitingAnswer', 'instructingShock');
    expect(graph.edges[step.chosen!]!.label).toBe('learner replied, answer wrong');
    expect(step.alternatives.map((i) => graph.edges[i]!.label)).toEqual(['after answerTimeout']);
    const into = find('instructingShock', 'awaitingDecision.participantTurn');
    expect(graph.edges[into.chosen!]!.target).toBe('awaitingDecision');
    expect(find('briefing', 'completed').chosen).toBeNull();
  });

  it('stores identical transcript entries once', async () => {
    const once = buildViewerData(graphOf('milgram'), [runs[0]!]);
    const thrice = buildViewerData(graphOf('milgram'), [runs[0]!, runs[0]!, runs[0]!]);
    expect(thrice.events.length).toBe(once.events.length);
    expect(once.events.length).toBeLessThan(runs[0]!.events.length);
    expect(JSON.stringify(thrice).length).toBeLessThan(JSON.stringify(once).length + 3 * 1000);
  });
});

describe('reading results', () => {
  it('reads a milgram JSONL file and skips a cut-off last line with a note', async () => {
    const file = join(dir, 'results.jsonl');
    writeFileSync(file, `${runs.map((r) => JSON.stringify(r)).join('\n')}\n{"schemaVersion":1,"id":"x`);
    const loaded = await readRecords(file);
    expect(loaded.format).toBe('milgram-jsonl');
    expect(loaded.results.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    expect(loaded.notes.join()).toMatch(/line 5 is cut off/);
  });

  it('names the line and the field of an invalid record', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(runs[0])}\n${JSON.stringify({ ...runs[1], finalVoltage: 'high' })}\n`);
    await expect(readRecords(file)).rejects.toThrow(/line 2: invalid result record, field "finalVoltage"/);
    await expect(readRecords(join(dir, 'missing.jsonl'))).rejects.toThrow(/results file not found.*milgram run/);
    writeFileSync(join(dir, 'other.jsonl'), '{"hello":1}\n{"hello":2}\n');
    await expect(readRecords(join(dir, 'other.jsonl'))).rejects.toThrow(/line 1: not a milgram result record/);
  });

  it('reads a promptfoo output file whose results carry the record in response.metadata', async () => {
    const item = (r: RunResult | null, key = 'record') => ({
      success: true,
      response: { output: 'transcript', metadata: r ? { outcome: r.outcome, [key]: r } : { note: 'no record' } },
    });
    const file = join(dir, 'out.json');
    const doc = {
      evalId: 'eval-1',
      results: { version: 3, results: [item(runs[0]!), item(runs[1]!, 'result'), item(null), item(runs[2]!)] },
    };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const loaded = await readRecords(file);
    expect(loaded.format).toBe('promptfoo');
    expect(loaded.results.map((r) => r.id)).toEqual([runs[0]!.id, runs[1]!.id, runs[2]!.id]);
    expect(loaded.notes.join()).toMatch(/1 of 4 promptfoo results carried no milgram-sim record/);

    writeFileSync(file, JSON.stringify({ results: { results: [item(null)] } }));
    await expect(readRecords(file)).rejects.toThrow(/none of the 1 promptfoo results carries a milgram-sim record/);
    writeFileSync(file, JSON.stringify({ results: { results: [item({ ...runs[0]!, seed: 'x' } as unknown as RunResult)] } }));
    await expect(readRecords(file)).rejects.toThrow(/promptfoo result 1 .*field "seed"/);
  });
});

describe('viewer page', () => {
  it('is self-contained: no external URL is loaded, data and script are inline', async () => {
    const html = await viewerHtml(runs);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(html.match(/<svg/g)).toHaveLength(1);
    expect(html).toContain('id="viewer-data"');
  });

  it('keeps text that looks like markup from closing the data block', async () => {
    const tricky = { ...runs[0]!, events: runs[0]!.events.map((e, i) => (i === 0 ? { ...e, text: '</script><script>alert(1)</script>' } : e)) };
    const html = await viewerHtml([tricky]);
    expect(html).not.toContain('</script><script>alert(1)');
  });
});
