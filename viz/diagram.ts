// One entry point for every diagram format, all drawn from the same walked graph.
import { toDot } from './dot.ts';
import { diagramMachine, graphOf } from './machines.ts';
import { toMermaid } from './mermaid.ts';
import { dotToSvg } from './svg.ts';

import type { DiagramFormat } from './diagram-formats.ts';
export { DIAGRAM_FORMATS, type DiagramFormat } from './diagram-formats.ts';

export async function renderDiagram(machineName: string, format: DiagramFormat): Promise<string> {
  const { source } = diagramMachine(machineName);
  const graph = graphOf(machineName);
  switch (format) {
    case 'mermaid':
      return toMermaid(graph, source);
    case 'dot':
      return toDot(graph, source);
    case 'svg':
      return dotToSvg(toDot(graph, source));
    case 'json':
      return `${JSON.stringify({ generatedFrom: source, ...graph }, null, 2)}\n`;
  }
}
