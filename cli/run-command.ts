// `milgram run`: a batch of runs appended to a JSON-lines file, with a summary per participant.
import { Command, Option } from 'commander';
import type { BatchSpec } from '../engine/batch.ts';
import type { Protocol } from '../engine/protocol.ts';
import { LADDER_NAMES } from '../machines/milgram/ladders.ts';
import type { BatchCommandFlags } from './batch-run.ts';
import { decimal, wholeNumber } from './flag-values.ts';
import type { ModelFlags } from './model-flags.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Flags only the Milgram protocol reads. */
const MILGRAM_FLAGS = ['ladder', 'experimenter', 'learner'] as const;

/**
 * The run command. `protocols` adds each protocol's own flags; the caller passes them only when
 * `run` is the command given (loading every protocol costs start-up time that --help and the
 * other commands need not pay).
 */
export function runCommand(protocols: readonly Protocol[] = []): Command {
  const command = new Command('run')
    .description('run a batch of experiments and append one JSON line per run')
    .option('--protocol <name>', 'protocol to run (see `milgram protocols`)', 'milgram')
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
    .option('--max-consecutive-errors <K>', 'circuit breaker: stop the batch after K runs in a row end in error (0: never)', wholeNumber('--max-consecutive-errors', 0), 5)
    .option('--retry-errors', 'on resume, run again the runs whose latest record in --out ended in error (their old lines stay; readers count the latest record)')
    .option('--transient-retries <N>', 'run a run again up to N times when it ends in a transient error (429, 5xx, connection reset, server timeout), waiting per Retry-After or with backoff (default 2)', wholeNumber('--transient-retries', 0, 20))
    .option('--allow-outside-out', "let a study file's out: point outside the study file's folder and the working directory")
    .option('--study <file>', 'YAML study file with these settings for a sweep (flags given here win; see evals/study.example.yaml)')
    .option('--quiet', 'print only the summary');
  // Each protocol's own flags (institutional-pressure: --scenarios, --judge, ...). Two
  // protocols may share a flag (--scenario, --judge): it is added once, its help names both,
  // and each protocol's fromFlags reads it (both take it as a repeatable list).
  const owner = new Map<string, Set<string>>();
  const added = new Map<string, Option>();
  for (const protocol of protocols) {
    for (const option of protocol.cli?.options() ?? []) {
      const name = option.attributeName();
      const first = added.get(name);
      if (first) first.description = `${first.description}; ${option.description}`;
      else {
        command.addOption(option);
        added.set(name, option);
      }
      owner.set(name, (owner.get(name) ?? new Set()).add(protocol.name));
    }
  }
  // Milgram's --judge (one model spec that reads the replies the reader is unsure of) shares the
  // flag with the protocols whose judges grade every reply.
  const judgeHelp = "[milgram] a model spec (temperature 0) that reads the replies the reader is unsure of, recorded beside the reader's verdict";
  const judge = added.get('judge');
  if (judge) judge.description = `${judge.description}; ${judgeHelp}`;
  else command.addOption(new Option('--judge <spec>', judgeHelp).argParser(collect));
  owner.set('judge', (owner.get('judge') ?? new Set()).add('milgram'));
  return command.action(async (opts: BatchCommandFlags & { turnTimeout?: number; protocol: string } & ModelFlags, cmd: Command) => {
    const [{ ConfigError, protocolNamed }, { runBatchCommand }, { modelBase }] = await Promise.all([
      import('../engine/config.ts'),
      import('./batch-run.ts'),
      import('./model-flags.ts'),
    ]);
    const protocol = protocolNamed(opts.protocol);
    const given = (flag: string) => cmd.getOptionValueSource(flag) === 'cli';
    // A flag of another protocol would be ignored silently: refuse it, naming the flag.
    const foreign = [...owner].filter(([flag, names]) => !names.has(protocol.name) && given(flag)).map(([flag, names]) => [flag, [...names].join(' or ')] as [string, string]);
    if (protocol.name !== 'milgram') foreign.push(...MILGRAM_FLAGS.filter(given).map((f) => [f, 'milgram'] as [string, string]));
    if (foreign.length) {
      const [flag, name] = foreign[0]!;
      throw new ConfigError([{ field: `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, message: `belongs to the ${name} protocol, not ${protocol.name}; drop it or run with --protocol ${name}` }]);
    }
    // --judge is each protocol's own: Milgram's is one model spec in its run config (`judge`);
    // the others read theirs in their fromFlags.
    let milgramJudge: { judge?: string } = {};
    if (protocol.name === 'milgram' && opts.judge !== undefined) {
      const judges = ([] as string[]).concat(opts.judge as string | string[]);
      if (judges.length > 1) throw new ConfigError([{ field: '--judge', message: `the milgram protocol takes one judge; got ${judges.length}` }]);
      milgramJudge = { judge: judges[0] };
    }
    const own = protocol.cli?.fromFlags(opts as unknown as Record<string, unknown>) ?? { base: {}, select: {} };
    // Fields every run shares, from flags; a study file's per-run fields sit under these.
    const base: NonNullable<BatchSpec['base']> = { ...(opts.turnTimeout !== undefined ? { turnTimeoutMs: opts.turnTimeout } : {}), ...modelBase(opts), ...milgramJudge, ...own.base };
    await runBatchCommand(opts, (flag) => cmd.getOptionValueSource(flag), base, { record: opts.record, replay: opts.replay }, { protocol: protocol.name, select: own.select });
  });
}
