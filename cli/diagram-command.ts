// `milgram diagram [--protocol <name>]`: a protocol machine drawn from its definition (never by hand).
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DIAGRAM_FORMATS, type DiagramFormat } from '../viz/diagram-formats.ts';

export function diagramCommand(): Command {
  return new Command('diagram')
    .description('draw a protocol machine from its definition: Mermaid, Graphviz DOT, SVG or JSON nodes/edges')
    .option('--protocol <name>', 'protocol whose machine to draw (see `milgram protocols`)')
    .option('-m, --machine <name>', 'the same as --protocol (older name)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIAGRAM_FORMATS).default('mermaid'))
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (opts: { protocol?: string; machine?: string; format: DiagramFormat; out?: string }) => {
      // Protocols and the graph layout load here, when the command runs, so --help stays fast.
      const [{ protocolNamed }, { renderDiagram }] = await Promise.all([import('../engine/config.ts'), import('../viz/diagram.ts')]);
      const name = protocolNamed(opts.protocol ?? opts.machine ?? 'milgram').name;
      const text = await renderDiagram(name, opts.format);
      if (opts.out) {
        writeFileSync(opts.out, text);
        process.stderr.write(`wrote ${opts.format} diagram of ${name} to ${opts.out} (${Buffer.byteLength(text)} bytes)\n`);
      } else {
        process.stdout.write(text);
      }
    });
}
