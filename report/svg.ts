// Renders a Vega-Lite spec to an SVG string in Node (Vega's headless View), so the HTML
// report carries finished charts and needs no script or network to show them.
// Vega is loaded here, when a chart is drawn, never by commands that draw none.
import type { TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
