// Mermaid stateDiagram-v2 text for Markdown and GitHub, from the walked graph.
import type { GraphEdge, GraphNode, MachineGraph } from './graph.ts';

const mid = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');
// Characters Mermaid's state grammar reads as syntax inside a label.
const text = (s: string) => s.replace(/:/g, ' -').replace(/;/g, ',').replace(/#/g, 'no. ').replace(/["\n]/g, ' ');

export function toMermaid(graph: MachineGraph, generatedFrom: string): string {
  const out: string[] = [
    'stateDiagram-v2',
    `  %% generated from ${generatedFrom} by \`npm run diagram\`; do not edit by hand`,
  ];
  const children = new Map<string | null, GraphNode[]>();
  for (const n of graph.nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const edgeLine = (e: GraphEdge, pad: string) =>
    `${pad}${mid(e.source)} --> ${mid(e.target)}${e.label ? ` : ${text(e.label)}` : ''}`;

  const block = (parent: string | null, pad: string) => {
    const initial = parent === null ? graph.initial : graph.nodes.find((n) => n.id === parent)!.initial;
    if (initial) out.push(`${pad}[*] --> ${mid(initial)}`);
    for (const n of children.get(parent) ?? []) {
      if (n.type === 'compound' || n.type === 'parallel') {
        out.push(`${pad}state ${mid(n.id) === n.key ? n.key : `"${n.key}" as ${mid(n.id)}`} {`);
        block(n.id, `${pad}  `);
        out.push(`${pad}}`);
      } else if (mid(n.id) !== n.key) {
        out.push(`${pad}state "${n.key}" as ${mid(n.id)}`);
      }
      for (const note of n.notes) out.push(`${pad}${mid(n.id)} : ${text(note)}`);
      if (n.type === 'final') out.push(`${pad}${mid(n.id)} --> [*]`);
    }
    // Transitions between two children of this parent are drawn inside its block.
    if (parent !== null) {
      for (const e of graph.edges) {
        if (parentOf.get(e.source) === parent && parentOf.get(e.target) === parent) out.push(edgeLine(e, pad));
      }
    }
  };
  block(null, '  ');
  for (const e of graph.edges) {
    const inner = parentOf.get(e.source) !== null && parentOf.get(e.source) === parentOf.get(e.target);
    if (!inner) out.push(edgeLine(e, '  '));
  }
  const finals = graph.nodes.filter((n) => n.type === 'final' && n.parent === null).map((n) => mid(n.id));
  if (finals.length) {
    out.push('  classDef final font-weight:bold,stroke-width:2px');
    for (const f of finals) out.push(`  class ${f} final`);
  }
  return `${out.join('\n')}\n`;
}
