// One-line summaries of results, per protocol (each protocol words its own; see
// machines/<protocol>/summary.ts), in the order the protocols first appear.
import { protocolFor } from '../engine/protocols.ts';
import type { AnyRunResult as RunResult } from '../engine/result.ts';

export function summaryLines(results: readonly RunResult[]): string[] {
  const byProtocol = new Map<string, RunResult[]>();
  for (const r of results) {
    const list = byProtocol.get(r.protocol) ?? [];
    list.push(r);
    byProtocol.set(r.protocol, list);
  }
  return [...byProtocol].flatMap(([name, list]) => protocolFor(name).summaryLines(list));
}
