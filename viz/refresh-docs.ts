// `npm run diagram`: regenerates the committed Mermaid diagram (docs/milgram.mmd and the block
// in docs/protocols.md under the diagrams anchor) from the machine. test/viz/diagram-fresh.test.ts
// fails when either no longer matches what this would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDiagram } from './diagram.ts';

export const README_ANCHOR = '<!-- section:diagrams-viewer (issue 6) -->';
export const DIAGRAM_FILE = 'docs/milgram.mmd';
/** The page that shows the diagram (the README links to it). */
export const DIAGRAM_PAGE = 'docs/protocols.md';
const FENCE = '```mermaid\n';

/** The first ```mermaid block after the anchor, as [start, end) offsets of its body. */
export function mermaidBlock(readme: string): { start: number; end: number } {
  const anchor = readme.indexOf(README_ANCHOR);
  if (anchor < 0) throw new Error(`the page has no ${README_ANCHOR} anchor`);
  const open = readme.indexOf(FENCE, anchor);
  if (open < 0) throw new Error('the page has no ```mermaid block after the diagrams anchor');
  const start = open + FENCE.length;
  const end = readme.indexOf('```', start);
  if (end < 0) throw new Error('the page: the ```mermaid block after the diagrams anchor is not closed');
  return { start, end };
}

export function withDiagram(readme: string, mermaid: string): string {
  const { start, end } = mermaidBlock(readme);
  return readme.slice(0, start) + mermaid + readme.slice(end);
}

export async function refreshDocs(root: string): Promise<string[]> {
  const mermaid = await renderDiagram('milgram', 'mermaid');
  const changed: string[] = [];
  const file = `${root}/${DIAGRAM_FILE}`;
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // first run: the file is created below
  }
  if (current !== mermaid) {
    writeFileSync(file, mermaid);
    changed.push(DIAGRAM_FILE);
  }
  const readmePath = `${root}/${DIAGRAM_PAGE}`;
  const readme = readFileSync(readmePath, 'utf8');
  const next = withDiagram(readme, mermaid);
  if (next !== readme) {
    writeFileSync(readmePath, next);
    changed.push(DIAGRAM_PAGE);
  }
  return changed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
  const changed = await refreshDocs(root);
  process.stdout.write(changed.length ? `updated ${changed.join(', ')}\n` : 'diagrams already match the machine\n');
}
