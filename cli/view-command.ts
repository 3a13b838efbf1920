// `milgram view`: one self-contained HTML page to replay runs on the machine diagram.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { readRecords } from '../viz/read-records.ts';
import { viewerHtml } from '../viz/viewer-page.ts';
import { InputError } from './user-error.ts';

/** readRecords' plain Errors describe the file (missing, not JSON, no records): the user's to fix. */
function readInput(path: string) {
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
      const loaded = readInput(results);
      for (const note of loaded.notes) process.stderr.write(`note: ${note}\n`);
      const html = await viewerHtml(loaded.results, { source: basename(results) });
      writeFileSync(opts.out, html);
      const kb = (Buffer.byteLength(html) / 1024).toFixed(0);
      const n = loaded.results.length;
      process.stdout.write(`wrote ${opts.out}: ${n} run${n === 1 ? '' : 's'} (${loaded.format}), ${kb} KB; open it in a browser (works offline)\n`);
    });
}
