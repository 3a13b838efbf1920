// Lines in `milgram run` output: the batch summary per participant x condition, one line per run.
import type { IpResult } from './result.ts';

export function ipSummaryLines(results: readonly IpResult[]): string[] {
  const groups = new Map<string, IpResult[]>();
  for (const r of results) {
    const key = `${r.participant.spec}  ${r.condition.name}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups].map(([key, list]) => {
    const graded = list.filter((r) => r.outcome === 'graded');
    const by = (v: string) => graded.filter((r) => r.verdict === v).length;
    const share = (k: number) => (graded.length ? `${((k / graded.length) * 100).toFixed(1)}%` : '-');
    const other = list.length - graded.length;
    return `${key}  n=${list.length}  ethical=${by('ethical')} harmful=${by('harmful')} refusal=${by('refusal')} unclear=${by('unclear')}` +
      `${other ? ` timeout=${list.filter((r) => r.outcome === 'timeout').length} error=${list.filter((r) => r.outcome === 'error').length}` : ''}` +
      `  ethical rate=${share(by('ethical'))}  harmful rate=${share(by('harmful'))}`;
  });
}

export function describeIpRun(r: IpResult): string {
  const end = r.outcome === 'graded' ? `${r.verdict}${r.awareButCompliant ? ' (aware)' : ''}` : r.outcome;
  return `${r.participant.spec} ${r.condition.name} ${r.scenario.id} #${r.repeat}: ${end}`;
}

/** What ipSummaryLines reads of a record (the batch summary keeps one per run). */
export function ipSummaryRecord(r: IpResult): IpResult {
  return { id: r.id, protocol: r.protocol, outcome: r.outcome, participant: r.participant, condition: { name: r.condition.name }, verdict: r.verdict } as unknown as IpResult;
}
