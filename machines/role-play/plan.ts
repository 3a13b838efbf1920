// What a role-play batch expands to: every participant (the model that plays every role the
// batch gives no agent for; `personas` keeps the scenario's offline personas) x every
// combination of role counts (`guard=1..2` sweeps 1 and 2) x every agent given per role x
// scenario, each `runs` times. Role counts and agents arrive in `select` from the CLI flags.
import type { BatchAxes } from '../../engine/protocol.ts';
import type { RolePlayConfigInput } from './config.ts';

/** The participant that leaves every role to the scenario's offline personas. */
export const PERSONAS_PARTICIPANT = 'personas';

export interface RolePlaySelect {
  scenarios?: string[];
  /** Role -> counts to sweep ([1, 2] for guard=1..2). */
  roleCounts?: Record<string, number[]>;
  /** Role -> specs to sweep. */
  agents?: Record<string, string[]>;
}

/** Every combination of one value per key, keys in the order given. */
export function product<T>(axes: Record<string, readonly T[]>): Record<string, T>[] {
  let out: Record<string, T>[] = [{}];
  for (const [key, values] of Object.entries(axes)) out = out.flatMap((o) => values.map((v) => ({ ...o, [key]: v })));
  return out;
}

/** Lazy (a generator): a batch of any size never holds its plan in memory. */
export function* planRolePlay(axes: BatchAxes, seedOf: (repeat: number) => number): Generator<RolePlayConfigInput> {
  const select = (axes.select ?? {}) as RolePlaySelect;
  const base = (axes.base ?? {}) as Partial<RolePlayConfigInput>;
  const scenarios = select.scenarios?.length ? select.scenarios : [base.scenario ?? 'prison'];
  const countSets = product(select.roleCounts ?? {});
  const agentSets = product(select.agents ?? {});
  for (const scenario of scenarios) {
    for (const participant of axes.participants.length ? axes.participants : [PERSONAS_PARTICIPANT]) {
      for (const roles of countSets) {
        for (const agents of agentSets) {
          for (let i = 0; i < axes.runs; i++) {
            yield {
              ...base,
              protocol: 'role-play',
              scenario,
              roles: { ...base.roles, ...roles },
              agents: { ...base.agents, ...agents },
              participant,
              seed: seedOf(i),
              repeat: i,
            };
          }
        }
      }
    }
  }
}
