// Graphviz DOT from the walked graph. Compound states become clusters; element ids in the
// rendered SVG ("state:<id>", "edge:<index>") are what the run viewer lights up.
import { entryLeaf, type GraphEdge, type GraphNode, type MachineGraph } from './graph.ts';

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const clusterName = (id: string) => q(`cluster_${id}`);
const initialPoint = (parent: string | null) => q(parent ? `${parent}.__initial` : '__initial');

export const stateElementId = (id: string) => `state:${id}`;
export const edgeElementId = (index: number) => `edge:${index}`;

function nodeLabel(n: GraphNode): string {
  const lines = [`<b>${html(n.key)}</b>`];
  for (const note of n.notes) lines.push(`<font point-size="9">${html(note)}</font>`);
  if (n.invokes.length) lines.push(`<font point-size="8" color="#666666">invokes ${html(n.invokes.join(', '))}</font>`);
  return `<${lines.join('<br/>')}>`;
}

const EDGE_STYLE: Record<GraphEdge['kind'], string> = {
  event: '',
  always: '',
  done: '',
  after: ', color="#9a6700", fontcolor="#9a6700"',
  error: ', color="#b0b0b0", fontcolor="#909090", style=dashed',
};

export function toDot(graph: MachineGraph, generatedFrom: string): string {
  const out: string[] = [
    `// generated from ${generatedFrom} by \`npx milgram diagram --format dot\`; do not edit by hand`,
    `digraph ${q(graph.machine)} {`,
    `  graph [compound=true, rankdir=TB, nodesep=0.3, ranksep=0.35, fontname="Helvetica", fontsize=11, id=${q(`machine:${graph.machine}`)}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#444444", fontname="Helvetica", fontsize=11, margin="0.12,0.05"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555", arrowsize=0.7];',
  ];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const children = new Map<string | null, GraphNode[]>();
  for (const n of graph.nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const isCluster = (n: GraphNode | undefined) => n?.type === 'compound' || n?.type === 'parallel';
  const inside = (id: string, ancestor: string) => id === ancestor || id.startsWith(`${ancestor}.`);

  const block = (parent: string | null, pad: string) => {
    const initial = parent === null ? graph.initial : byId.get(parent)!.initial;
    if (initial) {
      out.push(`${pad}${initialPoint(parent)} [shape=point, width=0.1, label="", id=${q(`initial:${parent ?? graph.machine}`)}];`);
      out.push(`${pad}${initialPoint(parent)} -> ${q(entryLeaf(graph, initial))}${isCluster(byId.get(initial)) ? ` [lhead=${clusterName(initial)}]` : ''};`);
    }
    for (const n of children.get(parent) ?? []) {
      if (isCluster(n)) {
        out.push(`${pad}subgraph ${clusterName(n.id)} {`);
        out.push(`${pad}  id=${q(stateElementId(n.id))}; class="state compound"; style="rounded"; color="#888888"; label=${nodeLabel(n)};`);
        block(n.id, `${pad}  `);
        out.push(`${pad}}`);
        continue;
      }
      const style = n.type === 'final' ? ', style="rounded,filled,bold", fillcolor="#f2f2f2", penwidth=2' : n.transient ? ', style="rounded,dashed"' : '';
      const cls = ['state', n.type, n.transient ? 'transient' : ''].filter(Boolean).join(' ');
      out.push(`${pad}${q(n.id)} [id=${q(stateElementId(n.id))}, class=${q(cls)}, label=${nodeLabel(n)}${style}];`);
    }
  };
  block(null, '  ');

  for (const e of graph.edges) {
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    const attrs = [`id=${q(edgeElementId(e.index))}`, `class=${q(`transition ${e.kind}`)}`];
    if (e.label) attrs.push(`label=${q(e.label)}`);
    if (isCluster(source) && !inside(e.target, e.source)) attrs.push(`ltail=${clusterName(e.source)}`);
    if (isCluster(target) && !inside(e.source, e.target)) attrs.push(`lhead=${clusterName(e.target)}`);
    out.push(`  ${q(entryLeaf(graph, e.source))} -> ${q(entryLeaf(graph, e.target))} [${attrs.join(', ')}${EDGE_STYLE[e.kind]}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
