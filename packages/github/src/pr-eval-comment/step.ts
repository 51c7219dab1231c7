/**
 * pr-eval-comment as one step: the eval report (and data reports) rendered into the job summary, a body file and
 * one sticky pull-request comment. A failure to comment comes back with the result (`error`), so the publisher
 * still writes the job summary: a failed API call never hides the gate's verdict.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ConfigurationError,
  describeError,
  displayPath,
  readDataReport,
  readEvalReport,
  runContextFromEnv,
  type DataReport,
  type EvalReport,
  type Logger,
  type RunContext,
  type StepResult,
} from '@mlgate/core';
import { renderFullComment, renderPrComment } from '@mlgate/report';
import { repositoryFromEnv } from '../model-tags.js';
import { createOctokit } from '../octokit.js';
import { composeBody, syncStickyComment, verifyPullRequestHead } from '../sticky-comment.js';
import type { EventPayload, Inputs } from './inputs.js';
import { decideTarget, type CommentTarget } from './target.js';

export async function runPrEvalCommentStep(
  inputs: Inputs,
  event: { name: string; payload: EventPayload },
  { logger }: { logger: Logger },
): Promise<StepResult> {
  for (const warning of inputs.deprecations ?? []) logger.warning(warning);
  logger.info(
    `report: ${inputs.report}; data reports: ${inputs.dataReports.join(', ') || 'none'}; mode ${inputs.mode}; comment-key ${inputs.commentKey}; max-cases ${inputs.maxCases}; event ${event.name || 'none'}`,
  );
  const { report, dataReports } = await readReports(inputs);
  // Links come from this job's own run, never from the report (an artifact a fork may have written).
  const rendering = {
    report,
    dataReports,
    detailsUrl: inputs.detailsUrl,
    runUrl: runContextFromEnv().runUrl,
    maxCases: inputs.maxCases,
  };
  const comment = renderPrComment(rendering);
  if (comment.collapsed.length > 0)
    logger.info(`comment shortened to fit GitHub's limit: ${comment.collapsed.join('; ')}`);
  const bodyPath = path.join(
    process.env.RUNNER_TEMP || inputs.workspace,
    'mlgate',
    `pr-eval-comment-${inputs.commentKey}.md`,
  );
  await mkdir(path.dirname(bodyPath), { recursive: true });
  await writeFile(bodyPath, comment.markdown);
  const result: StepResult = {
    outputs: { 'body-path': bodyPath },
    annotations: [],
    summary: renderFullComment(rendering).markdown,
    lines: [],
  };
  try {
    return await commentOrNot(
      inputs,
      event,
      result,
      comment.markdown,
      report?.context ?? dataReports[0]?.context,
      logger,
    );
  } catch (error) {
    return { ...result, error: error instanceof Error ? error : new Error(describeError(error)) };
  }
}

/** The comment on the pull request the event (or pr-number) names, or why there is none. */
async function commentOrNot(
  inputs: Inputs,
  event: { name: string; payload: EventPayload },
  result: StepResult,
  markdown: string,
  context: RunContext | undefined,
  logger: Logger,
): Promise<StepResult> {
  // Without an eval report, the data report says which run and commit it was (pull request, head).
  const decision = decideTarget(inputs, event, context ?? {});
  if (decision.kind === 'summary-only') {
    const verdict = `No comment: ${decision.reason}`;
    return {
      ...result,
      outputs: { ...result.outputs, 'comment-id': '', 'comment-url': '' },
      ...(decision.fork ? { annotations: [{ level: 'warning', message: verdict }] } : { verdict }),
    };
  }
  const posted = await postComment(inputs, decision.target, markdown, logger);
  return { ...result, outputs: { ...result.outputs, ...posted.outputs }, verdict: posted.verdict };
}

/** The reports, refused when one covers a single shard of a matrix run (the merge job's covers the run). */
async function readReports(inputs: Inputs): Promise<{ report?: EvalReport; dataReports: DataReport[] }> {
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
  return { report, dataReports };
}

/** Creates, updates or deletes the sticky comment on the target pull request. */
async function postComment(
  inputs: Inputs,
  target: CommentTarget,
  markdown: string,
  logger: Logger,
): Promise<{ outputs: Record<string, string>; verdict: string }> {
  if (!inputs.token)
    throw new ConfigurationError(
      'Input "github-token" is empty: the comment needs a token with pull-requests: write.',
    );
  const { owner, repo } = repositoryFromEnv();
  const octokit = createOctokit({ token: inputs.token, logger });
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
    body: composeBody(inputs.commentKey, run, markdown),
    run,
    mode: inputs.mode === 'summary-only' ? 'upsert' : inputs.mode,
    logger,
  });
  return {
    outputs: {
      'comment-id': result.commentId === undefined ? '' : String(result.commentId),
      'comment-url': result.url ?? '',
    },
    verdict: `pull request #${target.prNumber}: comment ${result.action}${result.url ? ` (${result.url})` : ''}`,
  };
}
