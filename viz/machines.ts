// The machines the diagram command and the viewer know: each protocol's machine, by protocol
// name, with its diagram wording (engine/protocols.ts; the protocol's `diagram` part).
import type { AnyStateMachine } from 'xstate';
import { protocolFor, protocolNames } from '../engine/protocols.ts';
import { machineGraph, type GraphOptions, type MachineGraph } from './graph.ts';

export interface DiagramMachine {
  machine: AnyStateMachine;
  /** Where the definition lives, for the "generated from" comment. */
  source: string;
  options: GraphOptions;
}

/** The protocols' machines by name (built on each call: protocols load after this module). */
export function diagramMachines(): Record<string, DiagramMachine> {
  return Object.fromEntries(protocolNames().map((n) => [n, protocolFor(n).diagram]));
}

export function diagramMachine(name: string): DiagramMachine {
  const found = diagramMachines()[name];
  if (!found) {
    throw new Error(`--protocol: unknown protocol "${name}"; known: ${protocolNames().join(', ')}`);
  }
  return found;
}

export function graphOf(name: string): MachineGraph {
  const m = diagramMachine(name);
  return machineGraph(m.machine, m.options);
}
