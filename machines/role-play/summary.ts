// The role-play's lines in `milgram run` output: one per group (model x role counts x days)
// and one per finished run in the progress log.
import { agentsLabel, countsOf, rolePlayReport } from './metrics.ts';
import type { RolePlayResult } from './result.ts';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function rolePlaySummaryLines(results: readonly RolePlayResult[]): string[] {
  return rolePlayReport(results).groups.map((g) =>
    `${g.label}  n=${g.runs}  completed=${g.completed} failed=${g.failed} timeout=${g.timeouts} error=${g.errors}` +
    `  persuasion=${pct(g.persuasionRate)} anti-social=${pct(g.antiSocialRate)} (messages ${pct(g.antiSocialMessageRate)}) failure=${pct(g.failureRate)}`);
}

export function describeRolePlayRun(r: RolePlayResult): string {
  const goal = r.persuasion.achieved ? 'goal obtained' : 'goal not obtained';
  return `${r.scenario.name} ${agentsLabel(r)} ${countsOf(r)} ${r.days}d #${r.repeat}: ${r.outcome}, ${goal}, ${r.antiSocialMessages}/${r.messages} anti-social, ${r.failures.length} failures`;
}
