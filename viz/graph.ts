// Walks a machine's state nodes into a plain graph (nodes and edges) that every diagram format
// and the run viewer are drawn from. XState's toDirectedGraph() and toJSON() drop `always`
// transitions and guards, so this reads the StateNode objects directly: `transitions` (which
// holds `on`, `after` and invoke onDone/onError), `always`, `invoke`, `initial` and `type`.
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { eventWords, guardName, type GuardPhrases, guardPhrase } from './labels.ts';

export type EdgeKind = 'event' | 'always' | 'after' | 'done' | 'error';

export interface GraphNode {
  /** Dotted path from the root ('awaitingDecision.participantTurn'), as in result statePath. */
  id: string;
  key: string;
  parent: string | null;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Initial child of a compound state (node id), else null. */
  initial: string | null;
  /** Sources of the actors this state invokes. */
  invokes: string[];
  /** Left at once by `always` transitions only: a decision point, never a resting state. */
  transient: boolean;
  /** The state's own `description`, then any note supplied for the diagram. */
  notes: string[];
}

export interface GraphEdge {
  /** Position in `edges`; stable for a given machine definition. */
  index: number;
  source: string;
  /** Equal to source for a targetless (internal) transition. */
  target: string;
  kind: EdgeKind;
  /** Event type as XState names it ('' for always). */
  event: string;
  /** Named delay or milliseconds, for `after`. */
  delay: string | null;
  /** Guard that must hold, by name. */
  guard: string | null;
  /** Guards of earlier candidates for the same event that must have failed (else branches). */
  unless: string[];
  /** Named actions (inline and built-in actions are left out). */
  actions: string[];
  internal: boolean;
  /** Words for the diagram: "experimenter replied, press forced", "after turnTimeout". */
  label: string;
}

export interface MachineGraph {
  machine: string;
  /** Initial state of the root (node id). */
  initial: string | null;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphOptions {
  /** Notes shown under a state's name, by node id ("shock 15 V -> 450 V"). */
  notes?: Record<string, string[]>;
  /** Words for guards, by guard name: [holds, fails]. */
  guards?: GuardPhrases;
}

const nodeId = (n: AnyStateNode): string => n.path.join('.');

function actionNames(actions: readonly unknown[] | undefined): string[] {
  const names: string[] = [];
  for (const a of actions ?? []) {
    const name = typeof a === 'string' ? a : (a as { type?: unknown })?.type;
    if (typeof name === 'string' && !name.startsWith('xstate.')) names.push(name);
  }
  return names;
}

interface RawTransition {
  eventType: string;
  guard?: unknown;
  target?: readonly AnyStateNode[];
  actions?: readonly unknown[];
  delay?: unknown;
  reenter?: boolean;
}

function kindOf(eventType: string, t: RawTransition, isAlways: boolean): EdgeKind {
  if (isAlways) return 'always';
  if (t.delay !== undefined || eventType.startsWith('xstate.after.')) return 'after';
  if (eventType.startsWith('xstate.done.')) return 'done';
  if (eventType.startsWith('xstate.error.')) return 'error';
  return 'event';
}

export function machineGraph(machine: AnyStateMachine, options: GraphOptions = {}): MachineGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];

  const addCandidates = (source: AnyStateNode, list: readonly RawTransition[], isAlways: boolean) => {
    const failed: string[] = [];
    for (const t of list) {
      const kind = kindOf(t.eventType, t, isAlways);
      const guard = guardName(t.guard);
      const delay = t.delay === undefined ? null : typeof t.delay === 'number' ? `${t.delay} ms` : String(t.delay);
      const targets = t.target && t.target.length ? t.target : [source];
      const event = isAlways ? '' : t.eventType;
      const words = eventWords(kind, event, delay, source);
      const condition = guard ? guardPhrase(guard, true, options.guards) : failed.length ? guardPhrase(failed[failed.length - 1]!, false, options.guards) : '';
      for (const target of targets) {
        edges.push({
          index: edges.length,
          source: nodeId(source),
          target: nodeId(target),
          kind,
          event,
          delay,
          guard,
          unless: [...failed],
          actions: actionNames(t.actions),
          internal: !t.target || t.target.length === 0,
          label: [words, condition].filter(Boolean).join(', '),
        });
      }
      if (guard) failed.push(guard);
    }
  };

  const visit = (n: AnyStateNode) => {
    if (n !== machine.root) {
      const outgoing = [...n.transitions.values()].flat();
      nodes.push({
        id: nodeId(n),
        key: n.key,
        parent: n.parent && n.parent !== machine.root ? nodeId(n.parent) : null,
        type: n.type,
        initial: n.type === 'compound' && n.initial?.target?.[0] ? nodeId(n.initial.target[0]) : null,
        invokes: n.invoke.map((i) => (typeof i.src === 'string' ? i.src : i.id)),
        transient: (n.always?.length ?? 0) > 0 && outgoing.length === 0 && n.invoke.length === 0,
        notes: [...(n.description ? [n.description] : []), ...(options.notes?.[nodeId(n)] ?? [])],
      });
      for (const list of n.transitions.values()) addCandidates(n, list as readonly RawTransition[], false);
      if (n.always) addCandidates(n, n.always as readonly RawTransition[], true);
    }
    for (const child of Object.values(n.states)) visit(child as AnyStateNode);
  };
  visit(machine.root);

  const initial = machine.root.initial?.target?.[0];
  return { machine: machine.id, initial: initial ? nodeId(initial) : null, nodes, edges };
}

/** The node and its ancestors, innermost first. */
export function ancestorsOf(graph: MachineGraph, id: string): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (let cur: string | null = id; cur; cur = byId.get(cur)?.parent ?? null) out.push(cur);
  return out;
}

/** The leaf a state settles into when entered (following initial children). */
export function entryLeaf(graph: MachineGraph, id: string): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let cur = id;
  while (byId.get(cur)?.initial) cur = byId.get(cur)!.initial!;
  return cur;
}
