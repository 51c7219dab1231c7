/** Which pull request to comment on, for which commit and run — from the inputs, the event and the report. */
import { ConfigurationError, type RunContext } from '@mlgate/core';
import { detectFork } from '../sticky-comment.js';
import type { EventPayload, Inputs } from './inputs.js';

export interface CommentTarget {
  prNumber: number;
  headSha: string;
  runNumber: number;
  runAttempt: number;
  /** The PR number came from an artifact of another run (workflow_run): check it against the run's head SHA. */
  untrustedNumber: boolean;
}

export type Decision =
  { kind: 'comment'; target: CommentTarget } | { kind: 'summary-only'; reason: string; fork?: boolean };

const PR_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

export function decideTarget(
  inputs: Inputs,
  event: { name: string; payload: EventPayload },
  context: RunContext,
  env = process.env,
): Decision {
  if (inputs.mode === 'summary-only') return { kind: 'summary-only', reason: 'mode is summary-only' };
  const runNumber = Number(env.GITHUB_RUN_NUMBER ?? 0);
  const runAttempt = Number(env.GITHUB_RUN_ATTEMPT ?? 1);
  const pr = event.payload.pull_request;

  if (event.name === 'workflow_run') {
    const run = event.payload.workflow_run;
    const fromEvent = run?.pull_requests?.[0]?.number;
    const prNumber = inputs.prNumber ?? fromEvent ?? context.pullRequest;
    if (!prNumber) {
      throw new ConfigurationError(
        'Input "pr-number" is required in a workflow_run workflow when the triggering run has no pull request (fork pull requests never do): pass the number saved by the evaluation workflow.',
      );
    }
    const headSha = run?.head_sha ?? context.commit ?? '';
    return {
      kind: 'comment',
      target: {
        prNumber,
        headSha,
        // The evaluated run's number orders comments: a rerun of an older evaluation must not win.
        runNumber: run?.run_number ?? runNumber,
        runAttempt: run?.run_attempt ?? runAttempt,
        untrustedNumber:
          inputs.prNumber !== undefined ? inputs.prNumber !== fromEvent : fromEvent === undefined,
      },
    };
  }

  const prNumber = inputs.prNumber ?? (PR_EVENTS.has(event.name) ? pr?.number : undefined);
  if (!prNumber)
    return {
      kind: 'summary-only',
      reason: `not a pull request (event ${event.name || 'unknown'}): job summary only`,
    };
  if (event.name === 'pull_request' && pr && detectFork(event.payload)) {
    return {
      kind: 'summary-only',
      fork: true,
      reason:
        'this pull request comes from a fork, whose token cannot comment. The job summary has the full result; to get the comment, use the two-workflow pattern (mode: summary-only here, and a workflow_run workflow that posts it): see docs/pr-eval-comment.md#fork-pull-requests',
    };
  }
  return {
    kind: 'comment',
    target: {
      prNumber,
      headSha: pr?.head?.sha ?? context.commit ?? env.GITHUB_SHA ?? '',
      runNumber,
      runAttempt,
      untrustedNumber: false,
    },
  };
}
