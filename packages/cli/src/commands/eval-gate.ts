/** `mlgate eval-gate`: the eval-gate action on a laptop or in another CI; same options, same rules. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { outcomeLabel, runContextFromEnv, summaryText, writeReportFile, writeTextFile } from '@mlgate/core';
import { parseEvalGateInputs, runEvalGate, shouldFail } from '@mlgate/eval';
import { renderEvalSummary, renderJunitXml } from '@mlgate/report';
import { consoleLogger } from '../logger.js';
import { EXIT, refuseArguments, refuseStoredBaseline, type CommandOptions } from '../options.js';
import { printJson, printLines } from '../output.js';

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
  const inputs = parseEvalGateInputs((name) => options.values[name] ?? '', workspace, runContextFromEnv());
  const report = await runEvalGate(inputs, logger);
  const reportPath = path.resolve(workspace, inputs.reportPath);
  await writeReportFile(reportPath, report);
  if (inputs.junitPath) {
    const junitPath = path.resolve(workspace, inputs.junitPath);
    await writeTextFile(junitPath, renderJunitXml(report), 'junit-path');
  }
  const summaryPath = options.values['summary-path'];
  if (summaryPath) await writeFile(path.resolve(workspace, summaryPath), renderEvalSummary(report));
  logger.info(`report: ${reportPath}`);
  if (options.flags.json) printJson(report);
  else printLines(`${outcomeLabel(report)}: ${summaryText(report)}`);
  return shouldFail(report.outcome, inputs.failOn) ? EXIT.failed : EXIT.ok;
}
