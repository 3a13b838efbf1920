// `milgram view`: one self-contained HTML page to replay runs on the machine diagram.
import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { AnyRunResult as RunResult } from '../engine/result.ts';
import { Command } from 'commander';

/** readRecords' plain Errors describe the file (missing, not JSON, no records): the user's to fix. */
async function readInput(path: string) {
  const [{ readRecords }, { InputError }] = await Promise.all([import('../viz/read-records.ts'), import('./user-error.ts')]);
  try {
    return readRecords(path);
  } catch (err) {
    if (err instanceof Error && err.constructor === Error) throw new InputError(err.message, { cause: err });
    throw err;
  }
}

export function viewCommand(): Command {
  return new Command('view')
    .description('write one self-contained HTML page that replays runs on the machine diagram (results JSONL or promptfoo -o output)')
    .argument('<results>', 'results file: JSON lines from `milgram run --out`, or a promptfoo output file (promptfoo eval -o out.json)')
    .option('-o, --out <file>', 'HTML file to write', 'view.html')
    .action(async (results: string, opts: { out: string }) => {
      const [loaded, { latestPerId }, { protocolFor }] = await Promise.all([
        readInput(results),
        import('../engine/latest.ts'),
        import('../engine/protocols.ts'),
      ]);
      for (const note of loaded.notes) process.stderr.write(`note: ${note}\n`);
      // A run retried after an error (`milgram run --retry-errors`) is shown once, as it ended last.
      const runs = latestPerId(loaded.results);
      const earlier = loaded.results.length - runs.length;
      if (earlier) process.stderr.write(`note: ${earlier} earlier record${earlier === 1 ? '' : 's'} of re-run runs left out (the latest record of each run is shown)\n`);
      // Each protocol shows its own runs (Milgram: replay on the machine diagram). A file mixing
      // protocols gets one page per protocol: the first at --out, the others beside it.
      const byProtocol = new Map<string, RunResult[]>();
      for (const r of runs) byProtocol.set(r.protocol, [...(byProtocol.get(r.protocol) ?? []), r]);
      let first = true;
      for (const [name, list] of byProtocol) {
        const out = first ? opts.out : `${opts.out.slice(0, opts.out.length - extname(opts.out).length)}.${name}${extname(opts.out) || '.html'}`;
        first = false;
        const html = await protocolFor(name).viewer.html(list, { source: basename(results) });
        writeFileSync(out, html);
        const kb = (Buffer.byteLength(html) / 1024).toFixed(0);
        const n = list.length;
        const what = byProtocol.size > 1 ? `${name} ` : '';
        process.stdout.write(`wrote ${out}: ${n} ${what}run${n === 1 ? '' : 's'} (${loaded.format}), ${kb} KB; open it in a browser (works offline)\n`);
      }
    });
}
