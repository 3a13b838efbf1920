// npm run bench: simulated 30-step obedient runs per second through runExperiment, against a
// bare XState loop of the same shape in the same process, plus memory per run and batch
// throughput. Figures are printed; the README quotes them.
import { runExperiment } from '../engine/run.ts';
import { runBare } from './bare-loop.ts';

const N = Number(process.env.BENCH_RUNS ?? 2000);

interface Timing {
  wallUs: number;
  cpuUs: number;
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown>, offset: number): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(offset + i);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallUs: (wall * 1000) / n, cpuUs: (cpu.user + cpu.system) / n };
}

const engineRun = (i: number) => runExperiment({ participant: 'sim:obedient', seed: i });
console.log(`milgram-sim bench: ${N} runs each, Node ${process.version}, ${process.arch}`);
for (let i = 0; i < 300; i++) {
  await runBare(1e6 + i); // warm-up both paths
  await engineRun(1e6 + i);
}
// Alternate short rounds so machine load hits both sides alike; keep each side's best round.
const ROUNDS = 10;
const bare: Timing[] = [];
const engine: Timing[] = [];
for (let round = 0; round < ROUNDS; round++) {
  bare.push(await timeIt(N / ROUNDS, runBare, round * N));
  engine.push(await timeIt(N / ROUNDS, engineRun, round * N));
}
const best = (xs: Timing[], k: keyof Timing) => Math.min(...xs.map((x) => x[k]));
const line = (label: string, xs: Timing[]) =>
  console.log(`${label.padEnd(50)} ${(1e6 / best(xs, 'wallUs')).toFixed(0).padStart(6)} runs/s  ${best(xs, 'wallUs').toFixed(0).padStart(6)} µs/run wall  ${best(xs, 'cpuUs').toFixed(0).padStart(6)} µs/run CPU`);
line('bare XState loop (same machine, constant actors)', bare);
line('runExperiment, sim:obedient, milgram1963 (30 steps)', engine);
const ratio = best(engine, 'wallUs') / best(bare, 'wallUs');
const cpuRatio = best(engine, 'cpuUs') / best(bare, 'cpuUs');
console.log(`engine / bare loop time per run: ${ratio.toFixed(2)}x wall, ${cpuRatio.toFixed(2)}x CPU (target <= 1.5x)`);

if (global.gc) global.gc();
const before = process.memoryUsage().heapUsed;
const kept = [];
for (let i = 0; i < 200; i++) kept.push(await runExperiment({ participant: 'sim:obedient', seed: i }));
if (global.gc) global.gc();
const perRecord = (process.memoryUsage().heapUsed - before) / kept.length;
console.log(`result record in memory: ${(perRecord / 1024).toFixed(1)} KiB per 30-step run (${kept[0]!.events.length} events); JSON line ${(JSON.stringify(kept[0]).length / 1024).toFixed(1)} KiB`);
process.exitCode = ratio <= 1.5 ? 0 : 1; // the target is on wall time per run
