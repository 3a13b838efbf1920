// The walked graph against the machine's own config, read independently here: every state and
// every transition appears once, guards are named, labels read as words.
import { describe, expect, it } from 'vitest';
import { and, createMachine, not, setup, type AnyStateMachine } from 'xstate';
import { milgramMachine } from '../../machines/milgram/machine.ts';
import { machineGraph, type MachineGraph } from '../../viz/graph.ts';
import { graphOf } from '../../viz/machines.ts';
import { MILGRAM_GUARDS, MILGRAM_NOTES } from '../../machines/milgram/viz-notes.ts';
import { toMermaid } from '../../viz/mermaid.ts';
import { toDot } from '../../viz/dot.ts';
import { dotToSvg } from '../../viz/svg.ts';
import { renderDiagram } from '../../viz/diagram.ts';

type T = string | { target?: string | string[]; guard?: unknown } | undefined;
type StateConfig = {
  type?: string;
  states?: Record<string, StateConfig>;
  on?: Record<string, T | T[]>;
  always?: T | T[];
  after?: Record<string, T | T[]>;
  invoke?: { onDone?: T | T[]; onError?: T | T[] } | { onDone?: T | T[]; onError?: T | T[] }[];
};

/** Reads the machine's config (not its StateNodes) into "source -> target [guard] kind" lines. */
function configTransitions(machine: AnyStateMachine): { states: string[]; edges: string[] } {
  const root = machine.config as StateConfig;
  const states: string[] = [];
  const edges: string[] = [];
  const resolve = (path: string[], target: string): string => {
    if (target.startsWith('#')) return target.slice(1).split('.').slice(1).join('.');
    if (target.startsWith('.')) return [...path, target.slice(1)].join('.');
    return [...path.slice(0, -1), target].join('.');
  };
  const list = (t: T | T[]): T[] => (Array.isArray(t) ? t : t === undefined ? [] : [t]);
  const add = (path: string[], kind: string, t: T | T[]) => {
    for (const one of list(t)) {
      const obj = typeof one === 'string' ? { target: one } : one ?? {};
      const guard = typeof obj.guard === 'string' ? obj.guard : obj.guard ? 'inline' : '-';
      const targets = obj.target === undefined ? [path.join('.')] : ([] as string[]).concat(obj.target).map((x) => resolve(path, x));
      for (const target of targets) edges.push(`${path.join('.')} -> ${target} [${guard}] ${kind}`);
    }
  };
  const visit = (config: StateConfig, path: string[]) => {
    if (path.length) states.push(path.join('.'));
    for (const [, t] of Object.entries(config.on ?? {})) add(path, 'event', t);
    for (const [, t] of Object.entries(config.after ?? {})) add(path, 'after', t);
    for (const inv of config.invoke ? ([] as { onDone?: T | T[]; onError?: T | T[] }[]).concat(config.invoke) : []) {
      add(path, 'done', inv.onDone);
      add(path, 'error', inv.onError);
    }
    add(path, 'always', config.always);
    for (const [key, child] of Object.entries(config.states ?? {})) visit(child, [...path, key]);
  };
  visit(root, []);
  return { states, edges };
}

const edgeLines = (g: MachineGraph) =>
  g.edges.map((e) => `${e.source} -> ${e.target} [${e.guard ?? '-'}] ${e.kind}`);

describe('machine graph of the Milgram machine', () => {
  const graph = graphOf('milgram');
  const fromConfig = configTransitions(milgramMachine as unknown as AnyStateMachine);

  it('has every state of the machine, nested and final ones included', () => {
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([...fromConfig.states].sort());
    const finals = graph.nodes.filter((n) => n.type === 'final').map((n) => n.id).sort();
    expect(finals).toEqual(['completed', 'contentFilter', 'error', 'frameBreak', 'refused', 'timeout']);
    expect(graph.nodes.find((n) => n.id === 'awaitingDecision')?.initial).toBe('awaitingDecision.participantTurn');
    expect(graph.initial).toBe('briefing');
  });

  it('has every transition of the machine exactly once (on, always, after, onDone, onError)', () => {
    expect(edgeLines(graph).sort()).toEqual([...fromConfig.edges].sort());
    expect(new Set(graph.edges.map((e) => e.kind))).toEqual(new Set(['always', 'after', 'done', 'error']));
  });

  it('names every guard of the machine and words every label', () => {
    const guards = Object.keys(milgramMachine.implementations.guards).sort();
    expect([...new Set(graph.edges.map((e) => e.guard).filter(Boolean))].sort()).toEqual(guards);
    for (const e of graph.edges) {
      expect(e.label).not.toMatch(/xstate|undefined|\[object/);
      if (e.kind !== 'always' || e.guard || e.unless.length) expect(e.label, `${e.source} -> ${e.target}`).not.toBe('');
    }
    const labels = graph.edges.map((e) => e.label);
    for (const words of ['learner replied, answer wrong', 'learner replied, answer correct', 'presses instructed level', 'prods exhausted', 'prods left', 'after turnTimeout', 'after nonCooperationLimit', 'participant replied', 'experimenter failed']) {
      expect(labels).toContain(words);
    }
    const notes = graph.nodes.flatMap((n) => n.notes);
    expect(notes).toContain('prod 1..4');
    expect(notes.some((n) => n.startsWith('shock 15 V -> 450 V'))).toBe(true);
  });

  it('has no stale wording: every note names a state and every phrase a guard the machine has', () => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const key of Object.keys(MILGRAM_NOTES)) expect(ids, key).toContain(key);
    for (const key of Object.keys(MILGRAM_GUARDS)) expect(Object.keys(milgramMachine.implementations.guards)).toContain(key);
  });

  it('else branches say which guards failed', () => {
    const toStandard = graph.edges.find((e) => e.target === 'awaitingDecision.standardProd')!;
    expect(toStandard.guard).toBeNull();
    expect(toStandard.unless).toEqual(['specialTopicRaised', 'prodsExhausted']);
  });
});

describe('diagram formats', () => {
  const graph = graphOf('milgram');

  it('Mermaid: every state and every transition appears', () => {
    const text = toMermaid(graph, 'machines/milgram/machine.ts');
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    const ids = (id: string) => id.replace(/\./g, '_');
    for (const n of graph.nodes) expect(text).toMatch(new RegExp(`\\b${ids(n.id)}\\b`));
    for (const e of graph.edges) {
      const line = `${ids(e.source)} --> ${ids(e.target)}${e.label ? ` : ${e.label}` : ''}`;
      expect(text.split('\n').map((l) => l.trim())).toContain(line);
    }
    expect(text).toContain('state awaitingDecision {');
    expect(text).toContain('[*] --> briefing');
    expect(text).toContain('refused --> [*]');
  });

  it('SVG: Graphviz renders without a browser, with an element per state and per transition', async () => {
    const svg = await renderDiagram('milgram', 'svg');
    expect(svg).toContain('<svg');
    for (const n of graph.nodes) expect(svg).toContain(`id="state:${n.id}"`);
    for (const e of graph.edges) expect(svg).toContain(`id="edge:${e.index}"`);
    expect(svg).toContain('prods exhausted');
  });

  it('JSON: nodes and edges for other tools', async () => {
    const json = JSON.parse(await renderDiagram('milgram', 'json'));
    expect(json.machine).toBe('milgram');
    expect(json.nodes).toHaveLength(graph.nodes.length);
    expect(json.edges).toHaveLength(graph.edges.length);
  });
});

describe('walking other machines', () => {
  const m = setup({
    guards: { isReady: () => true, isLate: () => false },
    delays: { patience: 1000 },
  }).createMachine({
    id: 'demo',
    initial: 'idle',
    states: {
      idle: { on: { START: 'work', PING: { actions: () => {} } } },
      work: {
        type: 'parallel',
        states: {
          a: { initial: 'a1', states: { a1: { on: { NEXT: 'a2' } }, a2: { type: 'final' } } },
          b: { initial: 'b1', states: { b1: { after: { 500: 'b2', patience: 'b2' } }, b2: { type: 'final' } } },
        },
        onDone: 'check',
      },
      check: {
        always: [
          { guard: not('isReady'), target: 'idle' },
          { guard: and(['isReady', 'isLate']), target: 'done' },
          { guard: ({ context }) => context === undefined, target: 'idle' },
          { target: 'done' },
        ],
      },
      done: { type: 'final' },
    },
  });
  const graph = machineGraph(m);

  it('reads events, numeric and named delays, parallel regions, state onDone and higher-order guards', async () => {
    const labels = graph.edges.map((e) => `${e.source}->${e.target}: ${e.label}`);
    expect(labels).toContain('idle->work: start');
    expect(labels).toContain('idle->idle: ping');
    expect(graph.edges.find((e) => e.event === 'PING')?.internal).toBe(true);
    expect(labels).toContain('work.b.b1->work.b.b2: after 500 ms');
    expect(labels).toContain('work.b.b1->work.b.b2: after patience');
    expect(labels).toContain('work->check: work finished');
    expect(labels).toContain('check->idle: is not ready');
    expect(graph.edges.find((e) => e.source === 'check')?.guard).toBe('not(isReady)');
    expect(labels).toContain('check->done: is ready and is late');
    expect(labels).toContain('check->idle: inline guard');
    expect(labels).toContain('check->done: not inline guard');
    expect(graph.nodes.find((n) => n.id === 'work')?.type).toBe('parallel');
    expect(graph.edges.filter((e) => e.source === 'check')).toHaveLength(4);
    // Every format draws it.
    expect(toMermaid(graph, 'test')).toContain('state work {');
    const svg = await dotToSvg(toDot(graph, 'test'));
    for (const e of graph.edges) expect(svg).toContain(`id="edge:${e.index}"`);
  });

  it('a plain createMachine with no setup works too', () => {
    const g = machineGraph(createMachine({ id: 'x', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } }));
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]!.label).toBe('go');
  });
});
