/** `mlgate pr-eval-comment`: renders the comment the action would post, to a file (no API call). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath, readDataReport, readEvalReport, requireInput, runContextFromEnv } from '@mlgate/core';
import { parsePrEvalCommentInputs } from '@mlgate/github/pr-eval-comment';
import { renderPrComment } from '@mlgate/report';
import { consoleLogger } from '../logger.js';
import { EXIT, refuseArguments, type CommandOptions } from '../options.js';
import { printLines } from '../output.js';

export const prEvalCommentHelp = `Usage: mlgate pr-eval-comment --report FILE [options]

Renders the pull-request comment of an eval report (the pr-eval-comment action, without posting it).

Options (the action's inputs):
  --report FILE           eval report written by eval-gate
  --data-report FILES     validate-data reports to include, comma-separated or repeated
  --max-cases N           cases listed per case-diff section (default 20)
  --details-url URL       link to the full report, shown in the footer
  --body-path FILE        where to write the Markdown (default: standard output)

Exit codes: 0 comment rendered, 2 bad input (a missing or invalid report, a bad option value).`;

export async function prEvalComment(options: CommandOptions): Promise<number> {
  refuseArguments(options, 'pr-eval-comment');
  const logger = consoleLogger(options.flags);
  const workspace = process.cwd();
  const resolve = (file: string) => path.resolve(workspace, file);
  const reportFile = requireInput('report', options.values.report ?? '');
  // The action's parser: the same rules for max-cases, details-url and data-report.
  const inputs = parsePrEvalCommentInputs((name) => options.values[name] ?? '', workspace);
  const report = await readEvalReport(resolve(reportFile), displayPath(resolve(reportFile), workspace));
  const dataReports = await Promise.all(
    inputs.dataReports.map((file) => readDataReport(resolve(file), displayPath(resolve(file), workspace))),
  );
  const comment = renderPrComment({
    report,
    dataReports,
    detailsUrl: inputs.detailsUrl,
    runUrl: runContextFromEnv().runUrl,
    maxCases: inputs.maxCases,
  });
  if (comment.collapsed.length > 0)
    logger.info(`shortened to fit GitHub's limit: ${comment.collapsed.join('; ')}`);
  const bodyPath = options.values['body-path'];
  if (!bodyPath) {
    printLines(comment.markdown);
    return EXIT.ok;
  }
  await mkdir(path.dirname(resolve(bodyPath)), { recursive: true });
  await writeFile(resolve(bodyPath), comment.markdown);
  logger.info(`comment (${comment.length} characters): ${resolve(bodyPath)}`);
  return EXIT.ok;
}
