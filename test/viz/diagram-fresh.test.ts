// The committed diagrams (docs/milgram.mmd and the block in docs/protocols.md) must match the machine.
// If this fails after a machine change, run `npm run diagram` and commit the result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDiagram } from '../../viz/diagram.ts';
import { DIAGRAM_FILE, DIAGRAM_PAGE, mermaidBlock, withDiagram } from '../../viz/refresh-docs.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const stale = 'the committed diagram no longer matches machines/milgram/machine.ts: run `npm run diagram` and commit';

describe('committed Milgram diagram', () => {
  it(`${DIAGRAM_FILE} matches the machine`, async () => {
    expect(read(DIAGRAM_FILE), stale).toBe(await renderDiagram('milgram', 'mermaid'));
  });

  it(`the ${DIAGRAM_PAGE} mermaid block under the diagrams anchor matches the machine`, async () => {
    const readme = read(DIAGRAM_PAGE);
    const { start, end } = mermaidBlock(readme);
    expect(readme.slice(start, end), stale).toBe(await renderDiagram('milgram', 'mermaid'));
  });

  it('a stale block is detected and replaced by the refresh', async () => {
    const readme = '# x\n<!-- section:diagrams-viewer (issue 6) -->\ntext\n```mermaid\nstateDiagram-v2\n  a --> b\n```\nafter\n';
    const fresh = await renderDiagram('milgram', 'mermaid');
    const next = withDiagram(readme, fresh);
    expect(next).not.toBe(readme);
    expect(next).toBe(`# x\n<!-- section:diagrams-viewer (issue 6) -->\ntext\n\`\`\`mermaid\n${fresh}\`\`\`\nafter\n`);
    expect(() => mermaidBlock('# no anchor')).toThrow(/anchor/);
  });
});
