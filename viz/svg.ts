// SVG without a browser: Graphviz compiled to WebAssembly (@viz-js/viz) renders the DOT text.
// Graphviz is loaded on the first drawing, never by commands that draw none.
import type { Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

export async function dotToSvg(dot: string): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    throw new Error(`Graphviz could not render the diagram: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  const warnings = result.errors.filter((e) => e.level === 'error');
  if (warnings.length) throw new Error(`Graphviz reported: ${warnings.map((e) => e.message).join('; ')}`);
  return result.output;
}
