// Batch progress for `milgram run`: on a terminal one line redrawn in place (a bar with
// done/total, refusals, errors and cost so far); otherwise (a pipe, a CI log) one plain line
// per finished run, which reads well in a log file.
import type { BatchProgress } from '../engine/batch.ts';
import { protocolFor } from '../engine/protocols.ts';
import type { AnyRunResult as RunResult } from '../engine/result.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressDisplay {
  start(p: BatchProgress): void;
  update(result: RunResult, p: BatchProgress): void;
  finish(p: BatchProgress): void;
}

export function formatCost(p: Pick<BatchProgress, 'costUsd' | 'costUnknown'>): string {
  const known = `$${p.costUsd.toFixed(4)}`;
  return p.costUnknown ? `${known} (+${p.costUnknown} runs without a price)` : known;
}

export function counters(p: BatchProgress): string {
  return `${p.counted.label} ${p.counted.n}  errors ${p.errors}  cost ${formatCost(p)}`;
}

export function bar(done: number, total: number, width = 24): string {
  const filled = total ? Math.round((done / total) * width) : width;
  return `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
}

function describe(r: RunResult): string {
  return protocolFor(r.protocol).describeRun(r);
}

/** Plain lines: one when the batch starts, one per finished run. */
function plainProgress(out: ProgressStream): ProgressDisplay {
  return {
    start(p) {
      const resumed = p.skipped ? ` (${p.skipped} already in the results file, skipped)` : '';
      out.write(`batch: ${p.total} runs${resumed}\n`);
    },
    update(r, p) {
      out.write(`[${p.done}/${p.total}] ${describe(r)}  | ${counters(p)}\n`);
    },
    finish() {},
  };
}

/** One line redrawn at most every `intervalMs` (simulated runs finish hundreds a second). */
function ttyProgress(out: ProgressStream, intervalMs: number): ProgressDisplay {
  let last = 0;
  const draw = (p: BatchProgress) => {
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    const line = `[${bar(p.done, p.total)}] ${p.done}/${p.total} ${pct}%  ${counters(p)}`;
    const width = (out.columns ?? 100) - 1;
    out.write(`\r\x1b[2K${line.length > width ? line.slice(0, width) : line}`);
  };
  return {
    start(p) {
      draw(p);
      last = Date.now();
    },
    update(_r, p) {
      const now = Date.now();
      if (now - last < intervalMs && p.done < p.total) return;
      last = now;
      draw(p);
    },
    finish(p) {
      draw(p);
      out.write('\n');
    },
  };
}

export function createProgress(out: ProgressStream, { quiet = false, intervalMs = 100 } = {}): ProgressDisplay {
  if (quiet) return { start() {}, update() {}, finish() {} };
  return out.isTTY ? ttyProgress(out, intervalMs) : plainProgress(out);
}
