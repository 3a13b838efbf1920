// `milgram report <files...>`: the study report from result JSONL files and promptfoo output
// files, as a table, JSON, CSV, Markdown or a self-contained HTML page with charts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { REFERENCES, REPORT_FORMATS, type ReportFormat } from '../report/format-names.ts';
import { wholeNumber } from './flag-values.ts';

export function reportCommand(): Command {
  return new Command('report')
    .description('summarise result files per protocol (Milgram: participant x condition x ladder, rates with CIs, Fisher vs 1963, charts)')
    .argument('<files...>', 'result JSONL files (milgram run --out) and/or promptfoo output files (promptfoo eval -o out.json|out.jsonl)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the report to this file instead of stdout')
    .option('--seed <S>', 'seed of the bootstrap intervals', wholeNumber('--seed', 0, 0xffffffff), 1)
    .addOption(new Option('--reference <name>', 'show reference distributions beside the groups: census = the llm-milgram census models (Aksu 2026, CC BY 4.0)').choices(REFERENCES))
    .action(async (files: string[], opts: { format: ReportFormat; out?: string; seed: number; reference?: (typeof REFERENCES)[number] }) => {
      const [{ ConfigError }, { buildReport }, { loadRecords, ReportInputError }, { renderReport }, { scrubSecrets }, { leftOutTotal }] = await Promise.all([
        import('../engine/config.ts'),
        import('../report/build.ts'),
        import('../report/load.ts'),
        import('../report/render.ts'),
        import('../providers/secrets.ts'),
        import('../report/left-out.ts'),
      ]);
      let loaded;
      try {
        loaded = await loadRecords(files);
      } catch (err) {
        if (err instanceof ReportInputError) throw new ConfigError([{ field: 'files', message: err.message }]);
        throw err;
      }
      // Also in the report itself (every format states what was left out).
      for (const s of loaded.skipped.slice(0, 10)) process.stderr.write(`skipped ${s.file} ${s.where}: ${s.message}\n`);
      const skippedTotal = leftOutTotal(loaded.leftOut) - loaded.leftOut.duplicates - loaded.leftOut.earlierRecords;
      if (skippedTotal > 10) process.stderr.write(`... and ${skippedTotal - 10} more entries skipped\n`);
      if (loaded.duplicates) process.stderr.write(`ignored ${loaded.duplicates} duplicate records (same run id and start time)\n`);
      const earlier = loaded.leftOut.earlierRecords;
      if (earlier) process.stderr.write(`counted the latest record of each run: ${earlier} earlier record${earlier === 1 ? '' : 's'} of re-run runs (e.g. --retry-errors) left out\n`);
      if (!loaded.records.length) {
        throw new ConfigError([{ field: 'files', message: `no valid result records in ${files.join(', ')}; run \`milgram run --out results.jsonl\` first` }]);
      }
      const report = buildReport(loaded.records, { seed: opts.seed, reference: opts.reference, leftOut: loaded.leftOut });
      for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
      const text = scrubSecrets(await renderReport(report, opts.format, { sources: loaded.sources }));
      if (opts.out) {
        mkdirSync(dirname(opts.out), { recursive: true });
        writeFileSync(opts.out, text);
        const groups = (report.sections ?? []).reduce((n, s) => n + s.json.groups.length, 0);
        process.stderr.write(`wrote ${opts.format} report (${groups} groups, ${loaded.records.length} records) to ${opts.out}\n`);
      } else {
        process.stdout.write(text);
      }
    });
}
