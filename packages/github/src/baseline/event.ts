/** The facts about the current run that decide which baseline to read and whether to save one. */
import { readFileSync } from 'node:fs';

export interface RunEvent {
  /** GITHUB_EVENT_NAME: push, pull_request, workflow_dispatch… */
  name: string;
  /** The commit this run is about: GITHUB_SHA (for pull requests the head commit, not the merge commit). */
  commit?: string;
  /** The branch a push went to (GITHUB_REF without refs/heads/); undefined for tags and pull requests. */
  branch?: string;
  /** The repository's default branch, from the event payload. */
  defaultBranch?: string;
  owner?: string;
  repo?: string;
  pullRequest?: { number: number; baseSha: string; headSha: string; baseRef: string };
}

interface Payload {
  repository?: { default_branch?: string };
  pull_request?: {
    number?: number;
    base?: { sha?: string; ref?: string };
    head?: { sha?: string };
  };
}

export function readRunEvent(env: NodeJS.ProcessEnv = process.env): RunEvent {
  let payload: Payload = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Payload;
    } catch {
      payload = {};
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const ref = env.GITHUB_REF ?? '';
  const pull = payload.pull_request;
  const pullRequest =
    pull?.base?.sha && pull.head?.sha
      ? {
          number: pull.number ?? 0,
          baseSha: pull.base.sha,
          headSha: pull.head.sha,
          baseRef: pull.base.ref ?? '',
        }
      : undefined;
  return {
    name: env.GITHUB_EVENT_NAME ?? '',
    commit: pullRequest?.headSha ?? env.GITHUB_SHA,
    branch: !pullRequest && ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
    defaultBranch: payload.repository?.default_branch,
    owner: owner || undefined,
    repo: repo || undefined,
    pullRequest,
  };
}
