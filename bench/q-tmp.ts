import { runMinimal } from './minimal-loop.ts';
import { runBare } from './bare-loop.ts';
import { runExperiment } from '../engine/run.ts';
import { runBatch } from '../engine/batch.ts';
import { rmSync } from 'node:fs';
const N = 500;
async function time(label: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 100; i++) await fn(i);
  const t = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  console.log(label, ((performance.now() - t) / N).toFixed(3), 'ms/run');
}
await time('minimal', runMinimal);
await time('bare', runBare);
await time('runExperiment', (i) => runExperiment({ participant: 'sim:obedient', seed: i }));
const out = '/tmp/pk/bench.jsonl';
for (let k = 0; k < 2; k++) {
rmSync(out, { force: true });
let t = performance.now();
await runBatch({ participants: ['sim:obedient'], runs: N, seed: k, out, concurrency: 4 }, { collect: false });
console.log('runBatch(out)', ((performance.now() - t) / N).toFixed(3), 'ms/run');
}
