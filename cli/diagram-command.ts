// `milgram diagram`: the protocol machine drawn from its definition (never by hand).
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DIAGRAM_FORMATS, renderDiagram, type DiagramFormat } from '../viz/diagram.ts';
import { DIAGRAM_MACHINES } from '../viz/machines.ts';

export function diagramCommand(): Command {
  return new Command('diagram')
    .description('draw a protocol machine from its definition: Mermaid, Graphviz DOT, SVG or JSON nodes/edges')
    .addOption(new Option('-m, --machine <name>', 'machine to draw').choices(Object.keys(DIAGRAM_MACHINES)).default('milgram'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIAGRAM_FORMATS).default('mermaid'))
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (opts: { machine: string; format: DiagramFormat; out?: string }) => {
      const text = await renderDiagram(opts.machine, opts.format);
      if (opts.out) {
        writeFileSync(opts.out, text);
        process.stderr.write(`wrote ${opts.format} diagram of ${opts.machine} to ${opts.out} (${Buffer.byteLength(text)} bytes)\n`);
      } else {
        process.stdout.write(text);
      }
    });
}
