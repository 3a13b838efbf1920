// `milgram run`: a batch of runs appended to a JSON-lines file, with a summary per participant.
import { Command, Option } from 'commander';
import { runBatch } from '../engine/batch.ts';
import { LADDER_NAMES, type LadderName } from '../machines/ladders.ts';
import { summaryLines } from './summary.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number >= 0, got "${value}"`);
  return n;
};

export function runCommand(): Command {
  return new Command('run')
    .description('run a batch of experiments and append one JSON line per run')
    .requiredOption('-p, --participant <spec>', 'participant spec (repeatable): sim:obedient, sim:defiant, sim:threshold:<V>, sim:human-baseline, openai:<model>, anthropic:<model>, ollama:<model>, openrouter:<model>, replay:<file>', collect)
    .option('-c, --condition <name>', 'condition preset, combine with + (repeatable)', collect)
    .addOption(new Option('--ladder <name>', 'shock ladder (repeatable)').choices(LADDER_NAMES).argParser(collect))
    .option('-n, --runs <N>', 'runs per participant x condition x ladder', int('--runs'), 1)
    .option('-s, --seed <S>', 'batch seed; run i uses a seed derived from (S, i)', int('--seed'), 1)
    .option('--turn-timeout <MS>', 'time the participant has for one reply', int('--turn-timeout'))
    .option('--concurrency <K>', 'runs in flight at once', int('--concurrency'), 4)
    .option('-o, --out <file>', 'results file (JSON lines; appended, resumable)')
    .option('--quiet', 'print only the summary')
    .action(async (opts: {
      participant: string[]; condition?: string[]; ladder?: string[]; runs: number; seed: number;
      turnTimeout?: number; concurrency: number; out?: string; quiet?: boolean;
    }) => {
      const controller = new AbortController();
      const stop = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nstopping: finished runs are kept; run the same command again to resume\n');
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const { results, skipped } = await runBatch(
        {
          participants: opts.participant,
          conditions: opts.condition,
          ladders: opts.ladder as LadderName[] | undefined,
          runs: opts.runs,
          seed: opts.seed,
          concurrency: opts.concurrency,
          out: opts.out,
          base: opts.turnTimeout ? { turnTimeoutMs: opts.turnTimeout } : {},
        },
        {
          signal: controller.signal,
          onResult: opts.quiet
            ? undefined
            : (r, p) => process.stderr.write(`[${p.done}/${p.total}] ${r.participant.spec} ${r.condition.name} seed=${r.seed}: ${r.outcome} at ${r.finalVoltage}\n`),
        },
      );
      if (skipped) process.stderr.write(`skipped ${skipped} runs already in ${opts.out}\n`);
      for (const line of summaryLines(results)) process.stdout.write(`${line}\n`);
      if (opts.out) process.stdout.write(`${results.length} records appended to ${opts.out}\n`);
      if (controller.signal.aborted) process.exitCode = 130;
    });
}
