// The viewer's data: the runs in a compact form so that 1,000 runs stay small. States, events
// and transitions are tables; each run refers to them by index, written as fixed-width base-64
// digit strings (a state path of 250 steps is 250 characters). Identical transcript entries
// (scripted lines, sim replies) are stored once.
import { LADDERS, panelLabel, type LadderName } from '../machines/milgram/ladders.ts';
import type { MilgramResult as RunResult } from '../engine/result.ts';
import { ancestorsOf, entryLeaf, type MachineGraph } from './graph.ts';

export const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function digitWidth(tableSize: number): number {
  let width = 1;
  while (DIGITS.length ** width < tableSize) width++;
  return width;
}

export function encodeIndices(indices: readonly number[], width: number): string {
  let out = '';
  for (let n of indices) {
    let chunk = '';
    for (let i = 0; i < width; i++) {
      chunk = DIGITS[n % DIGITS.length]! + chunk;
      n = Math.floor(n / DIGITS.length);
    }
    out += chunk;
  }
  return out;
}

export function decodeIndices(text: string, width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += width) {
    let n = 0;
    for (let j = 0; j < width; j++) n = n * DIGITS.length + DIGITS.indexOf(text[i + j]!);
    out.push(n);
  }
  return out;
}

/** One transcript entry as the viewer shows it: [state, role, kind, voltage, text, detail]. */
export type ViewerEvent = [number, number, number, number | null, string, string];

export interface ViewerRun {
  id: string;
  participant: number;
  condition: number;
  ladder: number;
  outcome: number;
  finalVoltage: number;
  firstRefusalVoltage: number | null;
  seed: number;
  repeat: number;
  /** statePath as state indices. */
  path: string;
  /** Transcript as event indices. */
  events: string;
  /** Transitions this run took (each once), as edge indices. */
  edges: string;
}

export interface ViewerData {
  machine: string;
  states: string[];
  /** countedOn: edges joining the same states whose counts include runs that took this one. */
  edges: { source: number; target: number; label: string; kind: string; countedOn: number[] }[];
  names: string[];
  ladders: { name: string; unit: string; volts: number[]; labels: string[] }[];
  events: ViewerEvent[];
  width: { state: number; event: number; edge: number };
  runs: (string | number | null)[][];
  runFields: (keyof ViewerRun)[];
  /** Consecutive states of some run that match no transition of the machine drawn. */
  unmatchedSteps: number;
}

const RUN_FIELDS: (keyof ViewerRun)[] = [
  'id', 'participant', 'condition', 'ladder', 'outcome', 'finalVoltage', 'firstRefusalVoltage', 'seed', 'repeat', 'path', 'events', 'edges',
];
const SHOWN = new Set(['seq', 'state', 'role', 'kind', 'text', 'voltage', 'atMs']);

/** Extra fields of an entry (decision, pressed volts, topics, label...) as one short line. */
function detailOf(e: RunResult['events'][number]): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(e)) {
    if (SHOWN.has(key) || value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}: ${shown.length > 300 ? `${shown.slice(0, 300)}...` : shown}`);
  }
  return parts.join(' · ');
}

/**
 * The transitions that can take a run from state `from` to state `to` (leaf paths as in
 * statePath): edges leaving `from` or one of its ancestors and entering `to` (directly or as
 * the initial leaf of a compound target). The result record keeps states, not events, so where
 * two transitions join the same states (a reply or a timer, two timers) the one counted is the
 * one that needs no timer, then the innermost; the others are reported as `alternatives`.
 */
export function transitionIndex(graph: MachineGraph): (from: string, to: string) => { chosen: number | null; alternatives: number[] } {
  const cache = new Map<string, { chosen: number | null; alternatives: number[] }>();
  const rank = (kind: string) => (kind === 'after' ? 2 : kind === 'error' ? 1 : 0);
  const depth = (id: string) => id.split('.').length;
  return (from, to) => {
    const key = `${from}>${to}`;
    let found = cache.get(key);
    if (!found) {
      const sources = new Set(ancestorsOf(graph, from));
      // An edge into a compound state lands on its initial leaf, nowhere else.
      const targets = new Set(ancestorsOf(graph, to).filter((t) => entryLeaf(graph, t) === to));
      const candidates = graph.edges
        .filter((e) => sources.has(e.source) && targets.has(e.target))
        .sort((a, b) => rank(a.kind) - rank(b.kind) || depth(b.source) - depth(a.source) || a.index - b.index)
        .map((e) => e.index);
      found = { chosen: candidates[0] ?? null, alternatives: candidates.slice(1) };
      cache.set(key, found);
    }
    return found;
  };
}

export function buildViewerData(graph: MachineGraph, results: readonly RunResult[]): ViewerData {
  const states = graph.nodes.map((n) => n.id);
  const stateIndex = new Map(states.map((s, i) => [s, i]));
  const stateOf = (s: string) => {
    let i = stateIndex.get(s);
    if (i === undefined) {
      // A state the machine no longer has (the run is older than the machine): keep it, undrawn.
      i = states.push(s) - 1;
      stateIndex.set(s, i);
    }
    return i;
  };
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const name = (s: string) => {
    let i = nameIndex.get(s);
    if (i === undefined) nameIndex.set(s, (i = names.push(s) - 1));
    return i;
  };
  const ladders: ViewerData['ladders'] = [];
  const ladderIndex = new Map<string, number>();
  const ladderOf = (r: RunResult) => {
    const key = `${r.ladder.name}|${r.ladder.volts.join(',')}`;
    let i = ladderIndex.get(key);
    if (i === undefined) {
      const known = LADDERS[r.ladder.name as LadderName];
      const labels = r.ladder.volts.map((v, k) =>
        known?.levels[k]?.volts === v ? known.levels[k]!.label : r.ladder.unit === 'V' ? panelLabel(v) : '');
      i = ladders.push({ name: r.ladder.name, unit: r.ladder.unit, volts: r.ladder.volts, labels }) - 1;
      ladderIndex.set(key, i);
    }
    return i;
  };
  const events: ViewerEvent[] = [];
  const eventIndex = new Map<string, number>();
  const transitions = transitionIndex(graph);
  let unmatchedSteps = 0;
  const countedOn: Set<number>[] = [];

  const rows = results.map((r) => {
    const path = r.statePath.map(stateOf);
    const eventIds = r.events.map((e) => {
      const ev: ViewerEvent = [stateOf(e.state), name(e.role), name(e.kind), e.voltage ?? null, e.text ?? '', detailOf(e)];
      const key = JSON.stringify(ev);
      let i = eventIndex.get(key);
      if (i === undefined) eventIndex.set(key, (i = events.push(ev) - 1));
      return i;
    });
    const taken = new Set<number>();
    for (let k = 1; k < r.statePath.length; k++) {
      const { chosen, alternatives } = transitions(r.statePath[k - 1]!, r.statePath[k]!);
      if (chosen === null) unmatchedSteps++;
      else taken.add(chosen);
      for (const alt of alternatives) (countedOn[alt] ??= new Set()).add(chosen!);
    }
    return {
      id: r.id,
      participant: name(r.participant.spec),
      condition: name(r.condition.name),
      ladder: ladderOf(r),
      outcome: name(r.outcome),
      finalVoltage: r.finalVoltage,
      firstRefusalVoltage: r.firstRefusalVoltage,
      seed: r.seed,
      repeat: r.repeat,
      path,
      eventIds,
      taken: [...taken].sort((a, b) => a - b),
    };
  });

  const width = { state: digitWidth(states.length), event: digitWidth(events.length), edge: digitWidth(graph.edges.length) };
  const runs = rows.map((row) => {
    const run: ViewerRun = {
      ...row,
      path: encodeIndices(row.path, width.state),
      events: encodeIndices(row.eventIds, width.event),
      edges: encodeIndices(row.taken, width.edge),
    };
    return RUN_FIELDS.map((f) => run[f]);
  });

  return {
    machine: graph.machine,
    states,
    edges: graph.edges.map((e) => ({
      source: stateOf(e.source),
      target: stateOf(e.target),
      label: e.label,
      kind: e.kind,
      countedOn: [...(countedOn[e.index] ?? [])],
    })),
    names,
    ladders,
    events,
    width,
    runs,
    runFields: RUN_FIELDS,
    unmatchedSteps,
  };
}
