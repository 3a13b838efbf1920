// The diagram formats, apart from their renderers so the CLI can list them without loading any.
export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];
