// One-line summaries of results, per protocol (each protocol words its own; see
// machines/<protocol>/summary.ts), in the order the protocols first appear. The tally keeps
// each run's latest record, cut to what its protocol's summary reads (Protocol.summaryRecord),
// so the end-of-batch summary of a results file of any size is read in one streaming pass.
import { byProtocol, protocolFor } from '../engine/protocols.ts';
import type { AnyRunResult as RunResult } from '../engine/result.ts';

/** What the summary keeps of a record: its protocol's cut, or the record without its state path and config. */
function summaryPart(r: RunResult): RunResult {
  const protocol = protocolFor(r.protocol);
  if (protocol.summaryRecord) return protocol.summaryRecord(r) as RunResult;
  const { config: _config, ...rest } = r;
  return { ...rest, statePath: [] } as RunResult;
}

/** Each run's latest record (a retried run counts once, with its newest outcome). */
export class SummaryTally {
  private readonly latest = new Map<string, RunResult>();

  add(r: RunResult): void {
    // Delete first so the map's order is that of each run's latest record.
    this.latest.delete(r.id);
    this.latest.set(r.id, summaryPart(r));
  }

  get runs(): number {
    return this.latest.size;
  }

  count(outcome: string): number {
    let n = 0;
    for (const r of this.latest.values()) if (r.outcome === outcome) n++;
    return n;
  }

  lines(): string[] {
    return summaryLines([...this.latest.values()]);
  }
}

export function summaryLines(results: readonly RunResult[]): string[] {
  return [...byProtocol(results)].flatMap(([name, list]) => protocolFor(name).summaryLines(list));
}
