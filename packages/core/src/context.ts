/** The run a report belongs to (repository, commit, workflow run), read from the runner's environment. */
import { readFileSync } from 'node:fs';
import type { RunContext } from './reports/eval-report.js';

interface PullRequestEvent {
  pull_request?: { number?: number; head?: { sha?: string } };
}

/** For pull requests the head commit is what reviewers know, not the temporary merge commit in GITHUB_SHA. */
export function runContextFromEnv(env: NodeJS.ProcessEnv = process.env): RunContext {
  let event: PullRequestEvent = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestEvent;
    } catch {
      event = {};
    }
  }
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const context: RunContext = {
    repository: env.GITHUB_REPOSITORY,
    commit: event.pull_request?.head?.sha ?? env.GITHUB_SHA,
    ref: env.GITHUB_HEAD_REF || env.GITHUB_REF,
    workflow: env.GITHUB_WORKFLOW,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    runUrl:
      env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
    eventName: env.GITHUB_EVENT_NAME,
    pullRequest: event.pull_request?.number,
  };
  return Object.fromEntries(
    Object.entries(context).filter(([, value]) => value !== undefined && value !== ''),
  );
}
