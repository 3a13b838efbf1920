// The machine drawn in docs/role-play.md must match the machine (regenerate the block with
// `npx milgram diagram --protocol role-play` after a machine change), and the diagram notes
// and guard phrases must name states and guards the machine has.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderDiagram } from '../../viz/diagram.ts';
import { ROLE_PLAY_GUARDS, ROLE_PLAY_NOTES } from '../../machines/role-play/viz-notes.ts';
import { rolePlayMachine } from '../../machines/role-play/machine.ts';

it('docs/role-play.md draws the current machine', async () => {
  const doc = readFileSync(new URL('../../docs/role-play.md', import.meta.url), 'utf8');
  const block = /```mermaid\n([\s\S]*?)```/.exec(doc)![1]!;
  expect(block, 'docs/role-play.md: the mermaid block no longer matches machines/role-play/machine.ts').toBe(await renderDiagram('role-play', 'mermaid'));
});

it('diagram notes and guard phrases name real states and guards', () => {
  const states = new Set<string>();
  const walk = (node: { path: string[]; states: Record<string, unknown> }) => {
    states.add(node.path.join('.'));
    for (const child of Object.values(node.states)) walk(child as never);
  };
  walk(rolePlayMachine.root as never);
  for (const id of Object.keys(ROLE_PLAY_NOTES)) expect(states, id).toContain(id);
  const guards = Object.keys((rolePlayMachine.implementations as { guards: object }).guards);
  for (const g of Object.keys(ROLE_PLAY_GUARDS)) expect(guards).toContain(g);
});
