// npm run bench:big: a 100,000-run batch that is killed and resumed, then reported and viewed,
// with the peak RSS of every step (VmHWM of the milgram process, from /proc). The point is
// memory at scale: every reader of the results file streams.
//
// By default the killed batch is prepared, not run: the first BENCH_BIG_DONE records of the
// planned batch (their real ids, seeds and repeats; transcripts taken from a pool of real
// simulated runs) are written as a 100,000-run batch would have left them, and the last one is
// cut mid-line as a SIGKILL leaves it. The resume then runs for real: it streams the whole file
// (3.7 GB), repairs the cut line and runs the missing runs; report and view read it all.
// BENCH_BIG_REAL=1 runs the first part for real instead and kills it with SIGKILL after
// BENCH_BIG_KILL_S seconds (hours at 100,000 runs on a small machine).
//
// Environment: BENCH_BIG_RUNS (100000), BENCH_BIG_DONE (RUNS - 200), BENCH_BIG_DIR (a temp
// folder, removed at the end unless BENCH_BIG_KEEP=1), BENCH_BIG_GZIP=1 (results.jsonl.gz).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { batchSeed, plannedId } from '../engine/batch.ts';
import { runExperiment } from '../engine/run.ts';

const RUNS = Number(process.env.BENCH_BIG_RUNS ?? 100_000);
const DONE = Number(process.env.BENCH_BIG_DONE ?? Math.max(0, RUNS - 200));
const REAL = process.env.BENCH_BIG_REAL === '1';
const GZIP = process.env.BENCH_BIG_GZIP === '1';
const DIR = process.env.BENCH_BIG_DIR ?? join(tmpdir(), `milgram-big-${process.pid}`);
const LIMIT = 1024 ** 3;
const CLI = join(import.meta.dirname, '../cli/milgram.ts');
const SEED = 1;
const PARTICIPANT = 'sim:human-baseline';

mkdirSync(DIR, { recursive: true });
const out = join(DIR, GZIP ? 'results.jsonl.gz' : 'results.jsonl');
const runArgs = ['run', '-p', PARTICIPANT, '-n', String(RUNS), '-s', String(SEED), '--out', out, '--quiet', '--concurrency', '4'];

interface Step { name: string; seconds: number; peakRssMiB: number; code: number | null }
const steps: Step[] = [];

/** Runs `milgram <args>`, polling the process's peak RSS (VmHWM) until it exits. */
function milgram(name: string, args: string[], killAfterS?: number): Promise<Step> {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch { /* exited */ }
    }, 100);
    const killer = killAfterS ? setTimeout(() => child.kill('SIGKILL'), killAfterS * 1000) : null;
    child.stdout!.on('data', (d) => process.stdout.write(`  | ${String(d).trimEnd().replace(/\n/g, '\n  | ')}\n`));
    child.on('exit', (code) => {
      clearInterval(poll);
      if (killer) clearTimeout(killer);
      const step = { name, seconds: (performance.now() - t) / 1000, peakRssMiB: peak / 2 ** 20, code };
      steps.push(step);
      console.log(`${name}: exit ${code ?? 'killed'}, ${step.seconds.toFixed(1)} s, peak RSS ${step.peakRssMiB.toFixed(0)} MiB`);
      resolve(step);
    });
  });
}

/** The file a killed batch leaves: DONE whole records of the plan, then a record cut mid-line. */
async function prepareKilledBatch(): Promise<void> {
  const pool = [];
  for (let i = 0; i < 40; i++) pool.push(await runExperiment({ participant: PARTICIPANT, seed: 10_000 + i, repeat: i }));
  const file = createWriteStream(out);
  const write = (text: string) => new Promise<void>((r) => (file.write(GZIP ? gzipSync(text) : text) ? r() : file.once('drain', () => r())));
  for (let i = 0; i < DONE; i++) {
    const seed = batchSeed(SEED, i);
    const record = { ...pool[i % pool.length]!, id: plannedId({ participant: PARTICIPANT, seed, repeat: i }), seed, repeat: i };
    await write(`${JSON.stringify(record)}\n`);
  }
  if (!GZIP) await write(JSON.stringify(pool[0]).slice(0, 20_000)); // the write a SIGKILL cut short
  await new Promise<void>((r) => file.end(() => r()));
}

console.log(`milgram-sim bench:big: ${RUNS} runs, Node ${process.version}, results in ${out}`);
if (REAL) {
  await milgram('batch (killed)', runArgs, Number(process.env.BENCH_BIG_KILL_S ?? 60));
} else {
  const t = performance.now();
  await prepareKilledBatch();
  console.log(`prepared a killed batch: ${DONE} records of the plan + a cut line, ${(statSync(out).size / 2 ** 30).toFixed(2)} GiB, ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
await milgram('resume', runArgs);
console.log(`results file: ${(statSync(out).size / 2 ** 30).toFixed(2)} GiB`);
await milgram('report', ['report', out, '--format', 'json', '-o', join(DIR, 'report.json')]);
await milgram('view', ['view', out, '-o', join(DIR, 'view.html')]);
const html = join(DIR, 'view.html');
if (existsSync(html)) console.log(`view.html: ${(statSync(html).size / 2 ** 20).toFixed(1)} MiB`);

console.log('\nstep              seconds  peak RSS');
for (const s of steps) console.log(`${s.name.padEnd(16)} ${s.seconds.toFixed(1).padStart(8)}  ${s.peakRssMiB.toFixed(0).padStart(5)} MiB`);
const over = steps.filter((s) => s.peakRssMiB * 2 ** 20 >= LIMIT);
const failed = steps.filter((s) => s.name !== 'batch (killed)' && s.code !== 0);
console.log(over.length ? `over 1 GiB: ${over.map((s) => s.name).join(', ')}` : 'every step under 1 GiB peak RSS');
if (process.env.BENCH_BIG_KEEP !== '1') rmSync(DIR, { recursive: true, force: true });
process.exitCode = over.length || failed.length ? 1 : 0;
