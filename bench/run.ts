// npm run bench: simulated 30-step obedient runs through the CLI's path (runBatch writing a
// JSON-lines file) and through runExperiment, against two XState baselines in the same
// process: a minimal loop of the same shape (bench/minimal-loop.ts: question, answer,
// evaluation, instruction, decision, shock, escalation, 30 times) and the Milgram machine
// itself driven by constant actors (bench/bare-loop.ts). Target: the CLI path within 2x the
// minimal loop. Plus memory per record. Figures are printed; the README quotes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../engine/batch.ts';
import { runExperiment } from '../engine/run.ts';
import { runBare } from './bare-loop.ts';
import { runMinimal, setMinimalSteps } from './minimal-loop.ts';

const N = Number(process.env.BENCH_RUNS ?? 2000);

const engineRun = (i: number) => runExperiment({ participant: 'sim:obedient', seed: i });
const dir = mkdtempSync(join(tmpdir(), 'milgram-bench-'));
// The minimal loop takes as many steps as the measured run makes presses (the same shape).
const sample = await engineRun(1);
const presses = sample.events.filter((e) => e.kind === 'shock').length;
setMinimalSteps(presses);
console.log(`milgram-sim bench: ${N} runs each, Node ${process.version}, ${process.arch}; a run is ${presses} presses (${sample.statePath.length} states, ${sample.events.length} events)`);
for (let i = 0; i < 300; i++) {
  await runMinimal(1e6 + i); // warm-up every path
  await runBare(1e6 + i);
  await engineRun(1e6 + i);
}
// Throughput, as the target is stated: runs per second, each side run back to back in rounds
// of ROUND runs. Every round runs all four sides, in an order rotated from round to round, so
// machine noise (this is a shared 2-core VM whose speed drifts by 2x within a minute) hits all
// sides alike. The ratio is paired: CLI path over minimal loop within each round, and the
// figure is the median of those ratios (per-side medians are printed too).
const ROUND = 50;
const rounds = Math.max(4, Math.round(N / ROUND));
type Side = 'minimal' | 'bare' | 'engine' | 'batch';
const wall: Record<Side, number[]> = { minimal: [], bare: [], engine: [], batch: [] };
const cpu: Record<Side, number[]> = { minimal: [], bare: [], engine: [], batch: [] };
async function round(fn: (i: number) => Promise<unknown>, offset: number): Promise<[number, number]> {
  const c = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < ROUND; i++) await fn(offset + i);
  const u = process.cpuUsage(c);
  return [(performance.now() - t) * 1000 / ROUND, (u.user + u.system) / ROUND];
}
/** One round of the CLI's path: a batch of ROUND runs appended to a fresh JSON-lines file. */
async function batchRound(r: number): Promise<[number, number]> {
  const out = join(dir, `round-${r}.jsonl`);
  const c = process.cpuUsage();
  const t = performance.now();
  await runBatch({ participants: ['sim:obedient'], runs: ROUND, seed: r, out, concurrency: 4 }, { collect: false });
  const u = process.cpuUsage(c);
  const ms = performance.now() - t;
  rmSync(out); // outside the measure: deleting the file is not part of the run
  return [ms * 1000 / ROUND, (u.user + u.system) / ROUND];
}
const sides: [Side, (r: number) => Promise<[number, number]>][] = [
  ['minimal', (r) => round(runMinimal, r * ROUND)],
  ['bare', (r) => round(runBare, r * ROUND)],
  ['engine', (r) => round(engineRun, r * ROUND)],
  ['batch', batchRound],
];
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < sides.length; k++) {
    const [side, run] = sides[(r + k) % sides.length]!;
    const [w, c] = await run(r);
    wall[side].push(w);
    cpu[side].push(c);
  }
}
rmSync(dir, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const paired = (a: Side, b: Side, xs: Record<Side, number[]> = wall) => median(xs[a].map((v, i) => v / xs[b][i]!));
const line = (label: string, side: Side) =>
  console.log(
    `${label.padEnd(50)} ${(1e6 / median(wall[side])).toFixed(0).padStart(5)} runs/s  ${median(wall[side]).toFixed(0).padStart(5)} µs/run (median of ${rounds} rounds; best ${Math.min(...wall[side]).toFixed(0)})  CPU ${median(cpu[side]).toFixed(0)} µs/run`,
  );
line(`minimal XState loop (same shape, ${presses} steps)`, 'minimal');
line('bare XState loop (Milgram machine, constant actors)', 'bare');
line('runExperiment, sim:obedient, milgram1963', 'engine');
line('CLI path: runBatch to a JSONL file', 'batch');
const ratio = paired('batch', 'minimal');
console.log(`CLI path / minimal loop time per run: ${ratio.toFixed(2)}x (median of per-round ratios), ${(median(wall.batch) / median(wall.minimal)).toFixed(2)}x (ratio of medians), ${(Math.min(...wall.batch) / Math.min(...wall.minimal)).toFixed(2)}x (best rounds), ${paired('batch', 'minimal', cpu).toFixed(2)}x CPU (target <= 2x)`);
console.log(`runExperiment / minimal loop: ${paired('engine', 'minimal').toFixed(2)}x; runExperiment / bare Milgram machine: ${paired('engine', 'bare').toFixed(2)}x; bare Milgram machine / minimal loop: ${paired('bare', 'minimal').toFixed(2)}x`);

if (global.gc) global.gc();
const before = process.memoryUsage().heapUsed;
const kept = [];
for (let i = 0; i < 200; i++) kept.push(await runExperiment({ participant: 'sim:obedient', seed: i }));
if (global.gc) global.gc();
const perRecord = (process.memoryUsage().heapUsed - before) / kept.length;
console.log(`result record in memory: ${(perRecord / 1024).toFixed(1)} KiB per 30-step run (${kept[0]!.events.length} events); JSON line ${(JSON.stringify(kept[0]).length / 1024).toFixed(1)} KiB`);
process.exitCode = ratio <= 2 ? 0 : 1; // the target is on time per run (median rounds)
