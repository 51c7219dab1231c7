/**
 * pr-eval-comment: renders the eval report (and data reports) into one sticky pull-request comment.
 * The job summary is written first, so a failure to comment never hides the gate's verdict.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, info, runAction, runnerIO, type StepIO } from '@mlgate/action';
import {
  ConfigurationError,
  displayPath,
  readDataReport,
  readEvalReport,
  runContextFromEnv,
} from '@mlgate/core';
import {
  composeBody,
  createOctokit,
  repositoryFromEnv,
  syncStickyComment,
  verifyPullRequestHead,
} from '@mlgate/github';
import { renderFullComment, renderPrComment } from '@mlgate/report';
import { getInputs, readEvent } from './inputs.js';
import { decideTarget } from './target.js';

export async function run(): Promise<void> {
  await runAction('pr-eval-comment', () => prEvalCommentStep(runnerIO));
}

/**
 * The whole step, inputs to outputs; the root action runs it with its own inputs and without the job summary
 * (its eval and data steps wrote theirs).
 */
export async function prEvalCommentStep(io: StepIO, { jobSummary = true } = {}): Promise<void> {
  const inputs = getInputs(io);
  const event = readEvent();
  info(
    `report: ${inputs.report}; data reports: ${inputs.dataReports.join(', ') || 'none'}; mode ${inputs.mode}; comment-id ${inputs.commentKey}; max-cases ${inputs.maxCases}; event ${event.name || 'none'}`,
  );
  const resolve = (file: string) => path.resolve(inputs.workspace, file);
  const report = inputs.report
    ? await readEvalReport(resolve(inputs.report), displayPath(resolve(inputs.report), inputs.workspace))
    : undefined;
  const dataReports = await Promise.all(
    inputs.dataReports.map((file) =>
      readDataReport(resolve(file), displayPath(resolve(file), inputs.workspace)),
    ),
  );
  // One comment per run: a matrix shard's report covers part of it; the merge job's report is the run's.
  for (const [file, shard] of [
    ...(inputs.report ? [[inputs.report, report?.shard] as const] : []),
    ...inputs.dataReports.map((name, i) => [name, dataReports[i].shard] as const),
  ] as const) {
    if (shard !== undefined)
      throw new ConfigurationError(
        `${file} is the report of shard ${shard} of a matrix run: comment from the merge job (mode: merge), whose report covers every shard`,
        { file, field: 'shard' },
      );
  }
  // Links come from this job's own run, never from the report (an artifact a fork may have written).
  const rendering = {
    report,
    dataReports,
    detailsUrl: inputs.detailsUrl,
    runUrl: runContextFromEnv().runUrl,
    maxCases: inputs.maxCases,
  };

  if (jobSummary) await core.summary.addRaw(renderFullComment(rendering).markdown).write();

  const comment = renderPrComment(rendering);
  if (comment.collapsed.length > 0)
    info(`comment shortened to fit GitHub's limit: ${comment.collapsed.join('; ')}`);
  const bodyPath = path.join(
    process.env.RUNNER_TEMP || inputs.workspace,
    'mlgate',
    `pr-eval-comment-${inputs.commentKey}.md`,
  );
  await mkdir(path.dirname(bodyPath), { recursive: true });
  await writeFile(bodyPath, comment.markdown);
  io.setOutput('body-path', bodyPath);

  // Without an eval report, the data report says which run and commit it was (pull request, head).
  const decision = decideTarget(inputs, event, report?.context ?? dataReports[0]?.context ?? {});
  if (decision.kind === 'summary-only') {
    if (decision.fork) core.warning(`No comment: ${decision.reason}`);
    else info(`No comment: ${decision.reason}`);
    io.setOutput('comment-id', '');
    io.setOutput('comment-url', '');
    return;
  }
  const { target } = decision;
  if (!inputs.token)
    throw new ConfigurationError(
      'Input "github-token" is empty: the comment needs a token with pull-requests: write.',
    );
  const { owner, repo } = repositoryFromEnv();

  const octokit = createOctokit({ token: inputs.token, logger: actionsLogger });
  if (target.untrustedNumber && target.headSha) {
    await verifyPullRequestHead({
      octokit,
      owner,
      repo,
      pullNumber: target.prNumber,
      headSha: target.headSha,
    });
  }
  const run = { sha: target.headSha, runNumber: target.runNumber, runAttempt: target.runAttempt };
  const result = await syncStickyComment({
    octokit,
    owner,
    repo,
    issueNumber: target.prNumber,
    key: inputs.commentKey,
    body: composeBody(inputs.commentKey, run, comment.markdown),
    run,
    mode: inputs.mode === 'summary-only' ? 'upsert' : inputs.mode,
    logger: actionsLogger,
  });
  info(`pull request #${target.prNumber}: comment ${result.action}${result.url ? ` (${result.url})` : ''}`);
  io.setOutput('comment-id', result.commentId === undefined ? '' : String(result.commentId));
  io.setOutput('comment-url', result.url ?? '');
}
