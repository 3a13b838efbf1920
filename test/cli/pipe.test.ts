// Output piped into a reader that closes early (`milgram conditions | head -1`) ends quietly.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../cli/milgram.ts');

it('ends quietly when stdout is closed early', async () => {
  const child = spawn(process.execPath, [CLI, 'diagram', '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // close our end before the command writes, as `head` does once it has its lines
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(stderr).not.toMatch(/EPIPE|Unhandled/);
  expect(code).toBe(0);
});
