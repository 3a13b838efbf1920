// The machines the diagram command and the viewer know, by name, with their diagram wording.
import type { AnyStateMachine } from 'xstate';
import { milgramMachine } from '../machines/milgram/machine.ts';
import { machineGraph, type GraphOptions, type MachineGraph } from './graph.ts';
import { MILGRAM_GUARDS, MILGRAM_NOTES } from '../machines/milgram/viz-notes.ts';

export interface DiagramMachine {
  machine: AnyStateMachine;
  /** Where the definition lives, for the "generated from" comment. */
  source: string;
  options: GraphOptions;
}

export const DIAGRAM_MACHINES: Record<string, DiagramMachine> = {
  milgram: {
    machine: milgramMachine as unknown as AnyStateMachine,
    source: 'machines/milgram/machine.ts',
    options: { notes: MILGRAM_NOTES, guards: MILGRAM_GUARDS },
  },
};

export function diagramMachine(name: string): DiagramMachine {
  const found = DIAGRAM_MACHINES[name];
  if (!found) {
    throw new Error(`--machine: unknown machine "${name}"; known: ${Object.keys(DIAGRAM_MACHINES).join(', ')}`);
  }
  return found;
}

export function graphOf(name: string): MachineGraph {
  const m = diagramMachine(name);
  return machineGraph(m.machine, m.options);
}
