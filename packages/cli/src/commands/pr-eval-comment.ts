/** `mlgate pr-eval-comment`: renders the comment the action would post, to a file (no API call). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  displayPath,
  parseList,
  parseNumber,
  readDataReport,
  readEvalReport,
  requireInput,
  runContextFromEnv,
} from '@mlgate/core';
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
  const report = await readEvalReport(resolve(reportFile), displayPath(resolve(reportFile), workspace));
  const dataReports = await Promise.all(
    parseList(options.values['data-report'] ?? '').map((file) =>
      readDataReport(resolve(file), displayPath(resolve(file), workspace)),
    ),
  );
  const comment = renderPrComment({
    report,
    dataReports,
    detailsUrl: options.values['details-url'],
    runUrl: runContextFromEnv().runUrl,
    maxCases: parseNumber('max-cases', options.values['max-cases'] ?? '', 20, { min: 0, max: 1000 }),
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
