// Trains the reply reader's classifier on the census turns and writes evals/reader/weights.json.
//   npm run train:reader -- [census folder or turns.jsonl.gz] [--out path]
// Seeded and deterministic: the same data gives the same weights file. See docs/reader.md.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { censusPaths, readTurns } from '../evals/reader/census.ts';
import { WEIGHTS_PATH } from '../evals/reader/model.ts';
import { trainReader } from '../evals/reader/pipeline.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const started = Date.now();
const paths = censusPaths(positionals[0]);
const turns = readTurns(paths.turns);
console.log(`read ${turns.length} turns from ${paths.turns}`);
const { file } = trainReader(turns, undefined, (s) => console.log(s));
const out = values.out ?? fileURLToPath(WEIGHTS_PATH);
const json = `${JSON.stringify(file, null, 1)}\n`;
writeFileSync(out, json);
console.log(`wrote ${out} (${(json.length / 1024).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
