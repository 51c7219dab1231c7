/** `mlgate validate-data`: the validate-data action on a laptop or in another CI; same options, same rules. */
import { parseList, runContextFromEnv } from '@mlgate/core';
import { inferContractYaml, parseValidateDataStepInputs, runValidateDataStep } from '@mlgate/data';
import { consoleLogger } from '../logger.js';
import { EXIT, refuseArguments, refuseStoredBaseline, type CommandOptions } from '../options.js';
import { publishResult } from '../output.js';

export const validateDataHelp = `Usage: mlgate validate-data --data FILES [options]
       mlgate validate-data --infer FILES > contract.yml

Checks a dataset against a data contract and for drift against a reference (the validate-data action),
or with --infer writes a starting contract that the given data passes.

Options (the action's inputs):
  --data FILES               data files or globs, comma-separated or repeated (shards of one dataset)
  --format F                 auto | csv | tsv | jsonl | json | parquet (default auto; .gz is read too)
  --contract FILE            data contract (YAML or JSON): a Frictionless Table Schema plus mlgate checks,
                             or a Data Package (datapackage.json/.yml): the resource whose path is the data
  --resource NAME            the Data Package resource whose schema is the contract (instead of by path)
  --reference-profile FILE   profile JSON of an earlier run to measure drift against
  --reference-data FILES     reference files to profile and measure drift against
  --profile-path FILE        where to write this run's mergeable profile
  --fail-on WHEN             error | warn | never (default error)
  --max-annotations N        (the action's annotation cap; accepted for parity)
  --report-path FILE         where to write the JSON report (default mlgate-reports/data-report.json)
  --summary-path FILE        also write the Markdown summary there
  --infer FILES              print an inferred contract (YAML) for these files instead of validating
  --json                     print the report JSON on stdout instead of the summary line

CSV/TSV files of 64 MiB or more are scanned by several threads (one per core, at most 4), with the same
findings. Environment: MLGATE_SCAN_THREADS=N (1: one thread), MLGATE_SCAN_MIN_BYTES=N (the size threshold).

Exit codes: 0 passed (or warned, or anything under --fail-on never), 1 checks failed (or warned, under
--fail-on warn), 2 bad input or configuration.`;

export async function validateDataCommand(options: CommandOptions): Promise<number> {
  refuseArguments(options, 'validate-data');
  const logger = consoleLogger(options.flags);
  const workspace = process.cwd();
  if (options.values.infer !== undefined) {
    const yaml = await inferContractYaml(
      {
        data: parseList(options.values.infer),
        format: (options.values.format as 'auto') ?? 'auto',
        workspace,
      },
      logger,
    );
    process.stdout.write(yaml);
    return EXIT.ok;
  }
  refuseStoredBaseline('reference-profile', options.values['reference-profile']);
  const inputs = parseValidateDataStepInputs(
    (name) => options.values[name] ?? '',
    workspace,
    runContextFromEnv(),
  );
  const result = await runValidateDataStep(inputs, { logger, annotates: false });
  const { report } = result;
  for (const check of report.checks.filter((c) => c.status !== 'pass'))
    logger.info(
      `${check.status === 'fail' ? 'FAIL' : 'WARN'} ${check.column ? `${check.column}: ` : ''}${check.check}: ${check.message}${check.file ? ` (${check.file}${check.line ? `:${check.line}` : ''})` : ''}`,
    );
  return publishResult(result, {
    logger,
    workspace,
    summaryPath: options.values['summary-path'],
    stdout: options.flags.json ? { json: report } : { line: report.summary },
  });
}
