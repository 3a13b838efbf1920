// `milgram run`: a batch of runs appended to a JSON-lines file, with a summary per participant.
import { Command, Option } from 'commander';
import type { BatchSpec } from '../engine/batch.ts';
import { LADDER_NAMES } from '../machines/milgram/ladders.ts';
import { runBatchCommand, type BatchCommandFlags } from './batch-run.ts';
import { decimal, wholeNumber } from './flag-values.ts';
import { modelBase, type ModelFlags } from './model-flags.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function runCommand(): Command {
  return new Command('run')
    .description('run a batch of experiments and append one JSON line per run')
    .option('-p, --participant <spec>', 'participant spec (repeatable): sim:obedient, sim:defiant, sim:threshold:<V>, sim:human-baseline, openai:<model>, anthropic:<model>, ollama:<model>, openrouter:<model>, replay:<file>', collect)
    .option('-c, --condition <name>', 'condition preset, combine with + (repeatable)', collect)
    .addOption(new Option('--ladder <name>', 'shock ladder (repeatable)').choices(LADDER_NAMES).argParser(collect))
    .option('-n, --runs <N>', 'runs per participant x condition x ladder', wholeNumber('--runs', 1), 1)
    .option('-s, --seed <S>', 'batch seed; run i uses a seed derived from (S, i)', wholeNumber('--seed', 0, 0xffffffff), 1)
    .option('--turn-timeout <MS>', 'time the participant has for one reply', wholeNumber('--turn-timeout', 1))
    .option('--experimenter <spec>', 'experimenter: scripted (default) or a model spec that words the scripted lines')
    .option('--learner <spec>', 'learner: scripted (default) or a model spec that words the scripted reactions')
    .option('--base-url <url>', 'server for model specs (overrides OPENAI_BASE_URL / ANTHROPIC_BASE_URL; vLLM, LM Studio, ...)')
    .option('--temperature <T>', 'model temperature (recorded in each result)', decimal('--temperature'))
    .option('--max-tokens <N>', 'max tokens per model reply', wholeNumber('--max-tokens', 1))
    .option('--model-seed <N>', 'seed sent to models that accept one (OpenAI-compatible servers)', wholeNumber('--model-seed'))
    .option('--record <file>', 'append every model request and reply of the batch to this file')
    .option('--replay <file>', 'answer every model call from a --record file, with no network')
    .option('--concurrency <K>', 'runs in flight at once', wholeNumber('--concurrency', 1), 4)
    .option('-o, --out <file>', 'results file (JSON lines, gzip when it ends in .gz; appended, resumable, one writer at a time)')
    .option('--retry-errors', 'on resume, run again the runs whose latest record in --out ended in error (their old lines stay; readers count the latest record)')
    .option('--transient-retries <N>', 'run a run again up to N times when it ends in a transient error (429, 5xx, connection reset, server timeout), waiting per Retry-After or with backoff (default 2)', wholeNumber('--transient-retries', 0, 20))
    .option('--allow-outside-out', "let a study file's out: point outside the study file's folder and the working directory")
    .option('--study <file>', 'YAML study file with these settings for a sweep (flags given here win; see evals/study.example.yaml)')
    .option('--quiet', 'print only the summary')
    .action(async (opts: BatchCommandFlags & { turnTimeout?: number } & ModelFlags, cmd: Command) => {
      // Fields every run shares, from flags; a study file's per-run fields sit under these.
      const base: NonNullable<BatchSpec['base']> = { ...(opts.turnTimeout !== undefined ? { turnTimeoutMs: opts.turnTimeout } : {}), ...modelBase(opts) };
      await runBatchCommand(opts, (flag) => cmd.getOptionValueSource(flag), base, { record: opts.record, replay: opts.replay });
    });
}
