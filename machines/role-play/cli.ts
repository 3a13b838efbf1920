// `milgram run --protocol role-play` flags and how they become run config (base) and sweeps
// (select). `--role guard=1..2` sweeps counts; `--agent guard=<spec>` may be repeated to sweep
// specs. Bad values are refused naming the flag before anything runs.
import { Option } from 'commander';
import { wholeNumber } from '../../cli/flag-values.ts';
import { ConfigError } from '../../engine/config-base.ts';
import { MAX_ROLE_COUNT } from './config.ts';
import { PERSONAS_PARTICIPANT, type RolePlaySelect } from './plan.ts';
import { SPEAKER_POLICIES } from './speaker.ts';
import { loadRolePlayStudy } from './study.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** `guard=1` -> ['guard', [1]]; `guard=1..3` -> ['guard', [1, 2, 3]]. */
export function parseRoleCount(value: string): [string, number[]] {
  const m = /^([a-z][a-z0-9]*)=(\d+)(?:\.\.(\d+))?$/.exec(value.trim());
  const fail = (why: string) => new ConfigError([{ field: '--role', message: `${why} in "${value}"; write role=N or role=A..B (e.g. guard=1, prisoner=1..2), N from 1 to ${MAX_ROLE_COUNT}` }]);
  if (!m) throw fail('not a role count');
  const lo = Number(m[2]);
  const hi = m[3] === undefined ? lo : Number(m[3]);
  if (lo < 1 || hi > MAX_ROLE_COUNT || lo > hi) throw fail('count out of range');
  return [m[1]!, Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)];
}

/** `guard=openai:gpt-4o` -> ['guard', 'openai:gpt-4o']. */
export function parseRoleValue(value: string, flag: string): [string, string] {
  const m = /^([a-z][a-z0-9]*)=(.+)$/.exec(value.trim());
  if (!m) throw new ConfigError([{ field: flag, message: `"${value}" is not role=value; e.g. ${flag} guard=sim:guard-strict` }]);
  return [m[1]!, m[2]!.trim()];
}

function single(flags: Record<string, unknown>, key: string, flag: string): string | undefined {
  const values = list(flags[key]);
  if (values.length > 1) throw new ConfigError([{ field: flag, message: `role-play takes one ${flag}, got ${values.length} (${values.join(', ')})` }]);
  return values[0];
}

export const rolePlayCli = {
  loadStudy: loadRolePlayStudy,

  options(): Option[] {
    return [
      new Option('--scenario <name>', '[role-play] scenario, shipped (prison, ship) or a YAML file (repeatable: a sweep)').argParser(collect),
      new Option('--role <role=N>', '[role-play] agents per role, N or a range A..B to sweep (repeatable): --role guard=1 --role prisoner=1..2').argParser(collect),
      new Option('--agent <role=spec>', "[role-play] who plays a role, a model spec or an offline persona (sim:guard-strict); default the scenario's persona (repeat a role to sweep)").argParser(collect),
      new Option('--persona <role=name>', "[role-play] the persona a role's agents play (its prompt), e.g. --persona guard=lenient").argParser(collect),
      new Option('--goal <name>', "[role-play] the seeking role's goal (prison: yard-time, escape)"),
      new Option('--days <N>', '[role-play] days of conversation').argParser(wholeNumber('--days', 1, 30)),
      new Option('--messages-per-day <N>', '[role-play] message budget per day').argParser(wholeNumber('--messages-per-day', 1, 200)),
      new Option('--speaker <policy>', '[role-play] turn-taking').choices(SPEAKER_POLICIES),
      new Option('--manager <spec>', '[role-play] who picks the speaker under --speaker auto: scripted or a model spec'),
      new Option('--summarizer <spec>', "[role-play] who writes each day's summary: scripted or a model spec"),
      new Option('--judge <spec>', '[role-play] judge: rules (default) or a model spec (one)').argParser(collect),
      new Option('--failure-threshold <N>', '[role-play] failed messages at which a conversation ends failed').argParser(wholeNumber('--failure-threshold', 1)),
    ];
  },

  fromFlags(flags: Record<string, unknown>): { base: Record<string, unknown>; select: Record<string, unknown> } {
    const roleCounts: Record<string, number[]> = {};
    for (const v of list(flags.role)) {
      const [role, counts] = parseRoleCount(v);
      roleCounts[role] = [...new Set([...(roleCounts[role] ?? []), ...counts])];
    }
    const agents: Record<string, string[]> = {};
    for (const v of list(flags.agent)) {
      const [role, spec] = parseRoleValue(v, '--agent');
      (agents[role] ??= []).push(spec);
    }
    const personas: Record<string, string> = {};
    for (const v of list(flags.persona)) {
      const [role, name] = parseRoleValue(v, '--persona');
      personas[role] = name;
    }
    const judge = single(flags, 'judge', '--judge');
    const base: Record<string, unknown> = {
      ...(Object.keys(personas).length ? { personas } : {}),
      ...(flags.goal !== undefined ? { goal: flags.goal } : {}),
      ...(flags.days !== undefined ? { days: flags.days } : {}),
      ...(flags.messagesPerDay !== undefined ? { messagesPerDay: flags.messagesPerDay } : {}),
      ...(flags.speaker !== undefined ? { speaker: flags.speaker } : {}),
      ...(flags.manager !== undefined ? { manager: flags.manager } : {}),
      ...(flags.summarizer !== undefined ? { summarizer: flags.summarizer } : {}),
      ...(judge !== undefined ? { judge } : {}),
      ...(flags.failureThreshold !== undefined ? { failureThreshold: flags.failureThreshold } : {}),
    };
    const select: RolePlaySelect = { scenarios: list(flags.scenario), roleCounts, agents };
    // Without --participant every role is played by the scenario's personas (or --agent).
    if (list(flags.participant).length === 0) flags.participant = [PERSONAS_PARTICIPANT];
    return { base, select: select as Record<string, unknown> };
  },
};
