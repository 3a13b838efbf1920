// `milgram view`: one self-contained HTML page to replay runs on the machine diagram.
import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { AnyRunResult as RunResult } from '../engine/result.ts';
import { Command } from 'commander';
import type { RunTally } from '../viz/read-records.ts';
import { wholeNumber } from './flag-values.ts';

/** Runs a page embeds by default (viz/read-records.ts DEFAULT_MAX_VIEW_RUNS; kept here so --help loads nothing heavy). */
const DEFAULT_MAX_VIEW_RUNS = 1000;

/** readRecords' plain Errors describe the file (missing, not JSON, no records): the user's to fix. */
async function readInput(path: string, maxRuns: number) {
  const [{ readRecords }, { InputError }] = await Promise.all([import('../viz/read-records.ts'), import('./user-error.ts')]);
  try {
    return await readRecords(path, { maxRuns });
  } catch (err) {
    if (err instanceof Error && err.constructor === Error) throw new InputError(err.message, { cause: err });
    throw err;
  }
}

/** What a page cut to its first runs holds, with the outcome counts of every run in the file. */
export function samplingNote(shown: number, tally: RunTally): string {
  const groups = Object.entries(tally.groups)
    .map(([g, o]) => `${g}: ${Object.entries(o).map(([k, n]) => `${k} ${n}`).join(', ')}`)
    .join('; ');
  return `This page shows the first ${shown} of ${tally.runs} runs in the file (raise --max-runs to embed more); the diagram's counts cover the runs shown. All ${tally.runs} runs: ${groups}.`;
}

export function viewCommand(): Command {
  return new Command('view')
    .description('write one self-contained HTML page that replays runs on the machine diagram (results JSONL or promptfoo -o output)')
    .argument('<results>', 'results file: JSON lines from `milgram run --out`, or a promptfoo output file (promptfoo eval -o out.json)')
    .option('-o, --out <file>', 'HTML file to write', 'view.html')
    .option('--max-runs <N>', 'runs embedded in the page (the first N; counts cover every run)', wholeNumber('--max-runs', 1), DEFAULT_MAX_VIEW_RUNS)
    .action(async (results: string, opts: { out: string; maxRuns: number }) => {
      const [loaded, { byProtocol, protocolFor }, { scrubSecrets }] = await Promise.all([
        readInput(results, opts.maxRuns),
        import('../engine/protocols.ts'),
        import('../providers/secrets.ts'),
      ]);
      for (const note of loaded.notes) process.stderr.write(`note: ${note}\n`);
      // A run retried after an error (`milgram run --retry-errors`) is shown once, as it ended last.
      const runs = loaded.results;
      const earlier = loaded.recordsRead - loaded.tally.runs;
      if (earlier) process.stderr.write(`note: ${earlier} earlier record${earlier === 1 ? '' : 's'} of re-run runs left out (the latest record of each run is shown)\n`);
      const note = loaded.capped ? samplingNote(loaded.results.length, loaded.tally) : undefined;
      if (note) process.stderr.write(`note: ${note}\n`);
      // Each protocol shows its own runs (Milgram: replay on the machine diagram). A file mixing
      // protocols gets one page per protocol: the first at --out, the others beside it.
      const pages = byProtocol(runs as RunResult[]);
      let first = true;
      for (const [name, list] of pages) {
        const out = first ? opts.out : `${opts.out.slice(0, opts.out.length - extname(opts.out).length)}.${name}${extname(opts.out) || '.html'}`;
        first = false;
        const html = scrubSecrets(await protocolFor(name).viewer.html(list, { source: basename(results), note }));
        writeFileSync(out, html);
        const kb = (Buffer.byteLength(html) / 1024).toFixed(0);
        const n = list.length;
        const what = pages.size > 1 ? `${name} ` : '';
        process.stdout.write(`wrote ${out}: ${n} ${what}run${n === 1 ? '' : 's'} (${loaded.format}), ${kb} KB; open it in a browser (works offline)\n`);
      }
    });
}
