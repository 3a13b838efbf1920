// Reading the census data (shared/data/census, CC BY 4.0) for training and evaluating the reader.
// The data stays outside the repository: scripts take its path on the command line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

export const CENSUS_SOURCE =
  'llm-milgram obedience census (H. Aksu, 2026, "Measuring Obedience to Authority Across Large Language Models with the Milgram Paradigm"; github.com/hidayetaksu/llm-milgram), turns.jsonl.gz';
export const CENSUS_LICENCE = 'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); the weights are derived from the census replies';

export const TurnSchema = z.object({
  model: z.string(),
  session: z.string(),
  condition: z.string(),
  turn: z.number(),
  voltage: z.number().nullable(),
  message: z.string(),
  reply: z.string(),
  action: z.enum(['SHOCK', 'STOP']).nullable(),
});
export type Turn = z.infer<typeof TurnSchema>;

export const LabelledSchema = z.array(
  TurnSchema.extend({
    decision: z.enum(['comply', 'refuse', 'hesitate', 'unclear']),
    prose: z.enum(['balk', 'go', 'undecidable']),
    note: z.string().optional(),
  }),
);
export type Labelled = z.infer<typeof LabelledSchema>[number];

/** The census folder given on the command line, or ../shared/data/census next to the repository. */
export function censusPaths(arg: string | undefined): { turns: string; labelled: string } {
  const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../..');
  const given = resolve(arg ?? join(repoRoot, '../shared/data/census'));
  if (!existsSync(given)) {
    throw new Error(`census data not found at ${given}: pass the census folder or turns.jsonl.gz path, e.g. npm run train:reader -- /work/shared/data/census`);
  }
  const dir = statSync(given).isDirectory() ? given : dirname(given);
  return { turns: statSync(given).isDirectory() ? join(dir, 'turns.jsonl.gz') : given, labelled: join(dir, 'labelled-dev.json') };
}

export function readTurns(path: string): Turn[] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = TurnSchema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${path} line ${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
      return r.data;
    });
}

export function readLabelled(path: string): Labelled[] {
  const r = LabelledSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`${path}: not in labelled-dev.json format: ${r.error.issues.slice(0, 3).map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
  return r.data;
}
