// `milgram diagram`: the protocol machine drawn from its definition (never by hand).
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DIAGRAM_FORMATS, type DiagramFormat } from '../viz/diagram-formats.ts';

export function diagramCommand(): Command {
  return new Command('diagram')
    .description('draw a protocol machine from its definition: Mermaid, Graphviz DOT, SVG or JSON nodes/edges')
    // The known machines are checked when the command runs (listing them here would load them all).
    .option('-m, --machine <name>', 'machine to draw (a protocol name)', 'milgram')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIAGRAM_FORMATS).default('mermaid'))
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (opts: { machine: string; format: DiagramFormat; out?: string }) => {
      const [{ renderDiagram }, { DIAGRAM_MACHINES }, { InputError }] = await Promise.all([
        import('../viz/diagram.ts'),
        import('../viz/machines.ts'),
        import('./user-error.ts'),
      ]);
      if (!Object.hasOwn(DIAGRAM_MACHINES, opts.machine)) {
        throw new InputError(`option '-m, --machine <name>' argument '${opts.machine}' is invalid. Allowed choices are ${Object.keys(DIAGRAM_MACHINES).join(', ')}.`);
      }
      const text = await renderDiagram(opts.machine, opts.format);
      if (opts.out) {
        writeFileSync(opts.out, text);
        process.stderr.write(`wrote ${opts.format} diagram of ${opts.machine} to ${opts.out} (${Buffer.byteLength(text)} bytes)\n`);
      } else {
        process.stdout.write(text);
      }
    });
}
