// The protocols the engine can run, by the name in config.protocol. Adding a protocol is a
// folder under machines/ and one line in protocolList() (docs/architecture.md).
import { institutionalPressureProtocol } from '../machines/institutional-pressure/protocol.ts';
import { milgramProtocol } from '../machines/milgram/protocol.ts';
import { rolePlayProtocol } from '../machines/role-play/protocol.ts';
import type { Protocol } from './protocol.ts';

// A function, not a constant: protocol modules import engine files that import this one, and a
// module-level array would read their exports before they exist.
export function protocolList() {
  return [
    milgramProtocol,
    institutionalPressureProtocol,
    rolePlayProtocol,
  ] as const;
}

type Registered = ReturnType<typeof protocolList>[number];
type ConfigOf<P> = P extends Protocol<infer C, any, any> ? C : never;
type InputOf<P> = P extends Protocol<any, any, infer CI> ? CI : never;
type ResultOf<P> = P extends Protocol<any, infer R, any> ? R : never;
export type AnyRunConfig = ConfigOf<Registered>;
export type AnyRunConfigInput = InputOf<Registered>;
export type AnyRunResult = ResultOf<Registered>;

export function protocolNames(): string[] {
  return protocolList().map((p) => p.name);
}

export function protocolFor(name: string): Protocol {
  const protocol = protocolList().find((p) => p.name === name);
  if (!protocol) throw new Error(`unknown protocol "${name}"; accepted: ${protocolNames().join(', ')}`);
  return protocol;
}

/** Records grouped by their protocol, protocols in order of first appearance (for dispatch). */
export function byProtocol<R extends { protocol: string }>(records: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const r of records) {
    const list = groups.get(r.protocol);
    if (list) list.push(r);
    else groups.set(r.protocol, [r]);
  }
  return groups;
}
