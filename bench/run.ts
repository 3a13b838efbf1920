// npm run bench: simulated 30-step obedient runs per second through runExperiment, against a
// bare XState loop of the same shape in the same process, plus memory per run and batch
// throughput. Figures are printed; the README quotes them.
import { runExperiment } from '../engine/run.ts';
import { runBare } from './bare-loop.ts';

const N = Number(process.env.BENCH_RUNS ?? 2000);

const engineRun = (i: number) => runExperiment({ participant: 'sim:obedient', seed: i });
console.log(`milgram-sim bench: ${N} runs each, Node ${process.version}, ${process.arch}`);
for (let i = 0; i < 300; i++) {
  await runBare(1e6 + i); // warm-up both paths
  await engineRun(1e6 + i);
}
// Throughput, as the target is stated: runs per second, each side run back to back in rounds
// of ROUND runs. Rounds alternate between the two sides so machine noise (this is a shared VM)
// hits both alike, and each side's figure is its median round.
const ROUND = 100;
const rounds = Math.max(2, Math.round(N / ROUND));
const bare: number[] = [];
const engine: number[] = [];
let bareCpu = 0;
let engineCpu = 0;
async function round(fn: (i: number) => Promise<unknown>, offset: number): Promise<[number, number]> {
  const c = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < ROUND; i++) await fn(offset + i);
  const u = process.cpuUsage(c);
  return [(performance.now() - t) * 1000 / ROUND, (u.user + u.system) / ROUND];
}
for (let r = 0; r < rounds; r++) {
  const [b, bc] = await round(runBare, r * ROUND);
  const [e, ec] = await round(engineRun, r * ROUND);
  bare.push(b);
  engine.push(e);
  bareCpu += bc / rounds;
  engineCpu += ec / rounds;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const line = (label: string, xs: number[], cpuUs: number) =>
  console.log(
    `${label.padEnd(50)} ${(1e6 / median(xs)).toFixed(0).padStart(5)} runs/s  ${median(xs).toFixed(0).padStart(5)} µs/run (median of ${rounds} rounds; best ${Math.min(...xs).toFixed(0)})  CPU ${cpuUs.toFixed(0)} µs/run`,
  );
line('bare XState loop (same machine, constant actors)', bare, bareCpu);
line('runExperiment, sim:obedient, milgram1963 (30 steps)', engine, engineCpu);
const ratio = median(engine) / median(bare);
console.log(`engine / bare loop time per run: ${ratio.toFixed(2)}x (median rounds), ${(engineCpu / bareCpu).toFixed(2)}x CPU (target <= 1.5x)`);

if (global.gc) global.gc();
const before = process.memoryUsage().heapUsed;
const kept = [];
for (let i = 0; i < 200; i++) kept.push(await runExperiment({ participant: 'sim:obedient', seed: i }));
if (global.gc) global.gc();
const perRecord = (process.memoryUsage().heapUsed - before) / kept.length;
console.log(`result record in memory: ${(perRecord / 1024).toFixed(1)} KiB per 30-step run (${kept[0]!.events.length} events); JSON line ${(JSON.stringify(kept[0]).length / 1024).toFixed(1)} KiB`);
process.exitCode = ratio <= 1.5 ? 0 : 1; // the target is on time per run (median rounds)
