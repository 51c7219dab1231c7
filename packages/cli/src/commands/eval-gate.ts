/** `mlgate eval-gate`: the eval-gate action on a laptop or in another CI; same options, same rules. */
import { outcomeLabel, runContextFromEnv, summaryText } from '@mlgate/core';
import { parseEvalGateStepInputs, runEvalGateStep } from '@mlgate/eval';
import { consoleLogger } from '../logger.js';
import { refuseArguments, refuseStoredBaseline, type CommandOptions } from '../options.js';
import { publishResult } from '../output.js';

export const evalGateHelp = `Usage: mlgate eval-gate --results FILES [options]

Computes evaluation metrics, applies the gates and compares with a baseline (the eval-gate action).

Options (the action's inputs):
  --results FILES         results files or globs, comma-separated or repeated (shards are merged)
  --format F              auto | jsonl | json | csv | promptfoo | lm-eval | junit | deepeval
                          | inspect | pytest-json-report | openai-evals
                          | every-eval-ever | helm                                  (default auto)
  --task T                auto | binary | multiclass | regression | scores          (default auto)
  --gates FILE            YAML gates file
  --baseline FILE         earlier eval report or results file to compare with
  --significance A        significance level of regression tests (default 0.05)
  --positive-label L      binary tasks: the positive class (the gates file's positive-label wins)
  --columns MAP           CSV results: which column is which field, e.g. '{id: question, scores: [faithfulness]}'
  --fail-on WHEN          error | inconclusive | never (default error)
  --report-path FILE      where to write the JSON report (default mlgate-reports/eval-report.json)
  --summary-path FILE     also write the Markdown summary there
  --junit-path FILE       also write the cases and gates as JUnit XML there
  --json                  print the report JSON on stdout instead of the summary line

Exit codes: 0 passed (or inconclusive, or anything under --fail-on never), 1 gates failed (or inconclusive,
under --fail-on inconclusive), 2 bad input or configuration.`;

export async function evalGate(options: CommandOptions): Promise<number> {
  refuseArguments(options, 'eval-gate');
  const logger = consoleLogger(options.flags);
  const workspace = process.cwd();
  refuseStoredBaseline('baseline', options.values.baseline);
  const inputs = parseEvalGateStepInputs(
    (name) => options.values[name] ?? '',
    workspace,
    runContextFromEnv(),
  );
  const result = await runEvalGateStep(inputs, { logger });
  const { report } = result;
  return publishResult(result, {
    logger,
    workspace,
    summaryPath: options.values['summary-path'],
    stdout: options.flags.json
      ? { json: report }
      : { line: `${outcomeLabel(report)}: ${summaryText(report)}` },
  });
}
