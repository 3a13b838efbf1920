// promptfoo support (providers/promptfoo.ts with `protocol: role-play`): each cell is one
// conversation through runExperiment. The provider's config block is a role-play run config;
// a test's vars may set scenario, goal, days, messagesPerDay, speaker, roles ("guard=1,
// prisoner=2" or a mapping) and agents ("guard=sim:guard-lenient" or a mapping). The prompt is
// not sent anywhere: the scenario file holds every prompt (promptfoo needs one to make cells).
import { deriveSeed } from '../../engine/prng.ts';
import { agentsLabel, countsOf } from './metrics.ts';
import type { RolePlayResult } from './result.ts';

const VAR_FIELDS = ['scenario', 'goal', 'days', 'messagesPerDay', 'speaker', 'manager', 'summarizer', 'judge', 'participant'] as const;

/** "guard=1, prisoner=2" -> { guard: 1, prisoner: 2 }; a mapping passes through. */
function pairs(value: unknown, asNumber: boolean): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object') return value as Record<string, unknown>;
  return Object.fromEntries(String(value).split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const v = p.slice(i + 1).trim();
    return [p.slice(0, i).trim(), asNumber && /^\d+$/.test(v) ? Number(v) : v];
  }));
}

const numeric = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v);

export const rolePlayPromptfoo = {
  runConfig(config: Record<string, unknown>, _prompt: string, context: { vars?: Record<string, unknown>; testIdx: number; repeatIndex: number }): Record<string, unknown> {
    const { basePath: _basePath, ...given } = config;
    const vars = context.vars ?? {};
    const fromVars = Object.fromEntries(VAR_FIELDS.filter((k) => vars[k] !== undefined).map((k) => [k, numeric(vars[k])]));
    const roles = pairs(vars.roles, true);
    const agents = pairs(vars.agents, false);
    const seed = typeof given.seed === 'number' ? given.seed : 1;
    return {
      ...given,
      ...fromVars,
      ...(roles ? { roles: { ...(given.roles as object), ...roles } } : {}),
      ...(agents ? { agents: { ...(given.agents as object), ...agents } } : {}),
      protocol: 'role-play',
      seed: deriveSeed(seed, context.testIdx, context.repeatIndex),
      repeat: context.repeatIndex,
      tags: { ...(given.tags as object), promptfooTest: String(context.testIdx), promptfooRepeat: String(context.repeatIndex) },
    };
  },

  /** The conversation as text, one line per message, a marker per day. */
  output(record: RolePlayResult): string {
    const lines: string[] = [];
    for (const e of record.events) {
      if (e.kind === 'day-start') lines.push(`--- day ${(e as unknown as { day: number }).day} ---`);
      if (e.kind === 'message') {
        const m = e as unknown as { name: string; text: string; labels: string[]; failure?: string };
        const marks = [...m.labels, ...(m.failure ? [`failure:${m.failure}`] : [])];
        lines.push(`${m.name}: ${m.text}${marks.length ? `  [${marks.join(', ')}]` : ''}`);
      }
    }
    lines.push(`--- ${record.outcome}; ${record.persuasion.achieved ? `goal obtained: "${record.persuasion.evidence?.quote}"` : 'goal not obtained'} ---`);
    return lines.join('\n');
  },

  metadata(record: RolePlayResult): Record<string, unknown> {
    return {
      scenario: record.scenario.name,
      goal: record.goal,
      agents: agentsLabel(record),
      roleCounts: countsOf(record),
      persuaded: record.persuasion.achieved,
      antiSocialMessages: record.antiSocialMessages,
      messages: record.messages,
      failures: record.failures.length,
      meanToxicity: record.meanToxicity,
    };
  },
};
