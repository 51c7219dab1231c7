/**
 * Sticky pull-request comments: one comment per key that every run edits in place, found again by a hidden
 * marker on its first line and by its author, with a second hidden line recording the run that wrote it.
 */
import { ConfigurationError, InputDataError, truncate, type Logger } from '@mlgate/core';
import type { Octokit } from './octokit.js';

/** The author of comments made with a workflow's GITHUB_TOKEN, which cannot call GET /user to learn it. */
export const DEFAULT_IDENTITY = 'github-actions[bot]';
/** GitHub rejects longer comment bodies with 422 "body is too long". */
export const MAX_COMMENT_CHARACTERS = 65536;

const KEY = /^[A-Za-z0-9._-]{1,64}$/;
const RUN_LINE = /^<!-- mlgate:run sha=([0-9a-fA-F]{40}) run=(\d+)\.(\d+) -->$/;
const FORK_DOCS = 'docs/pr-eval-comment.md#fork-pull-requests';

/** The run that wrote a comment: an older run (lower number, or same number and lower attempt) never overwrites it. */
export interface RunMarker {
  /** The head commit evaluated, 40 hex digits. */
  sha: string;
  runNumber: number;
  runAttempt: number;
}

export type StickyCommentMode = 'upsert' | 'create' | 'delete';

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'deleted' | 'unchanged' | 'skipped-stale' | 'none';
  commentId?: number;
  url?: string;
}

interface SyncTarget {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** The pull request (an issue number, as comments are issue comments). */
  issueNumber: number;
  /** The `comment-id` input: one sticky comment per key. */
  key: string;
  logger: Logger;
  /** Login whose comments are ours. Default: GET /user, or github-actions[bot] when the token cannot call it. */
  identity?: string;
}

export type SyncStickyCommentOptions = SyncTarget &
  (
    | {
        mode: 'upsert' | 'create';
        /** The comment: composeBody's output, or Markdown without markers, which then gets them from `run`. */
        body: string;
        run: RunMarker;
      }
    | { mode: 'delete'; body?: string; run?: RunMarker }
  );

/**
 * The comment key (the `comment-key` input, formerly `comment-id`), checked before it names anything (the marker,
 * the comment body's file name); `input` is the input it came from, for the message.
 */
export function checkCommentKey(key: string, input = 'comment-id'): string {
  if (!KEY.test(key)) {
    throw new ConfigurationError(
      `Input "${input}" must be 1 to 64 letters, digits, ".", "_" or "-"; got "${truncate(key, 80)}".`,
    );
  }
  return key;
}

/** The hidden first line that identifies the sticky comment for `key` (the `comment-key` input). */
export function stickyMarker(key: string): string {
  return `<!-- mlgate:pr-eval-comment:${checkCommentKey(key)} -->`;
}

/** The comment body: the marker, the run line, then the Markdown. */
export function composeBody(key: string, run: RunMarker, markdown: string): string {
  return `${stickyMarker(key)}\n${runLine(run)}\n${markdown}`;
}

/** The run recorded on a comment's second line, or undefined for a comment without one. */
export function parseRunMarker(body: string): RunMarker | undefined {
  const line = body.split(/\r?\n/, 2)[1] ?? '';
  const match = RUN_LINE.exec(line);
  if (!match) return undefined;
  return { sha: match[1].toLowerCase(), runNumber: Number(match[2]), runAttempt: Number(match[3]) };
}

function runLine(run: RunMarker): string {
  if (!/^[0-9a-fA-F]{40}$/.test(run.sha)) {
    throw new ConfigurationError(
      `Cannot record the run in the comment: the head commit SHA must be 40 hex digits; got "${truncate(run.sha, 80)}".`,
    );
  }
  for (const [name, value] of [
    ['run number', run.runNumber],
    ['run attempt', run.runAttempt],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new ConfigurationError(
        `Cannot record the run in the comment: the ${name} must be a whole number; got ${value}.`,
      );
  }
  return `<!-- mlgate:run sha=${run.sha.toLowerCase()} run=${run.runNumber}.${run.runAttempt} -->`;
}

function isNewer(a: RunMarker, b: RunMarker): boolean {
  return a.runNumber > b.runNumber || (a.runNumber === b.runNumber && a.runAttempt > b.runAttempt);
}

function describeRun(run: RunMarker): string {
  return `run ${run.runNumber}.${run.runAttempt} (${run.sha.slice(0, 7)})`;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The login our comments are written by: GET /user, else (a GITHUB_TOKEN gets 401/403 there) github-actions[bot]. */
export async function resolveIdentity(octokit: Octokit, logger: Logger): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    logger.debug(`commenting as ${data.login} (GET /user)`);
    return data.login;
  } catch (error) {
    const status = statusOf(error);
    if (status !== 401 && status !== 403) throw error;
    logger.debug(
      `GET /user answered ${status} (as it does for GITHUB_TOKEN): commenting as ${DEFAULT_IDENTITY}`,
    );
    return DEFAULT_IDENTITY;
  }
}

/** From a pull_request event payload: the head is in another repository, or that repository was deleted. */
export function detectFork(event: {
  pull_request?: {
    head?: { repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } | null };
  };
}): boolean {
  const pull = event.pull_request;
  if (!pull) return false;
  if (pull.head?.repo === null) return true;
  const head = pull.head?.repo?.full_name;
  const base = pull.base?.repo?.full_name;
  return head !== undefined && base !== undefined && head.toLowerCase() !== base.toLowerCase();
}

/** A read-only token's 403: from a fork, or a workflow without `pull-requests: write`. */
function isReadOnlyToken(error: unknown): boolean {
  if (statusOf(error) !== 403) return false;
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  const message = `${(error as Error).message ?? ''} ${typeof data?.message === 'string' ? data.message : ''}`;
  return message.includes('Resource not accessible by integration');
}

/** Runs one write; a read-only token's 403 becomes the explanation of what to change. */
async function write<T>(issueNumber: number, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!isReadOnlyToken(error)) throw error;
    throw new ConfigurationError(
      `Cannot comment on pull request #${issueNumber}: GitHub answered "Resource not accessible by integration", ` +
        'so the token is read-only. A pull_request workflow from a fork always gets a read-only token: use the ' +
        'two-workflow pattern instead, with pr-eval-comment in `mode: summary-only` in the pull_request workflow ' +
        '(uploading the report as an artifact) and a `workflow_run` workflow with `pull-requests: write` that posts ' +
        `the comment (see ${FORK_DOCS}). For a pull request from this repository, give the job ` +
        '`permissions: pull-requests: write`.',
    );
  }
}

interface IssueComment {
  id: number;
  body?: string;
  html_url: string;
}

/** Our comments for the marker, oldest first, from every page of the pull request's comments. */
async function findOurComments(target: SyncTarget, marker: string): Promise<IssueComment[]> {
  const { octokit, owner, repo, issueNumber, logger } = target;
  const identity = target.identity ?? (await resolveIdentity(octokit, logger));
  const ours: IssueComment[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const { data } of pages) {
    for (const comment of data) {
      // A marker quoted inside a comment, or a comment by anyone else, is not ours.
      const author = comment.user?.login ?? '';
      if ((comment.body ?? '').startsWith(marker) && author.toLowerCase() === identity.toLowerCase())
        ours.push(comment);
    }
  }
  logger.debug(`pull request #${issueNumber}: ${ours.length} comment(s) by ${identity} start with ${marker}`);
  return ours.sort((a, b) => a.id - b.id);
}

/**
 * Keeps the sticky comment `key` on a pull request in line with `body`:
 * - upsert: edits our newest comment for the key (or creates it), unless a newer run wrote it or nothing changed;
 * - create: always posts a new comment;
 * - delete: deletes our comments for the key.
 * Ours means: the body starts with the key's marker and the author is our identity. Nothing else is touched.
 */
export async function syncStickyComment(options: SyncStickyCommentOptions): Promise<StickyCommentResult> {
  const { octokit, owner, repo, issueNumber, key, logger } = options;
  const marker = stickyMarker(key);
  const where = `pull request #${issueNumber}`;

  if (options.mode === 'delete') {
    const ours = await findOurComments(options, marker);
    if (ours.length === 0) return { action: 'none' };
    for (const comment of ours) {
      await write(issueNumber, () =>
        octokit.rest.issues.deleteComment({ owner, repo, comment_id: comment.id }),
      );
      logger.debug(`deleted comment ${comment.id} on ${where}`);
    }
    const newest = ours[ours.length - 1];
    return { action: 'deleted', commentId: newest.id, url: newest.html_url };
  }

  const body = options.body.startsWith(marker) ? options.body : composeBody(key, options.run, options.body);
  const length = [...body].length;
  if (length > MAX_COMMENT_CHARACTERS) {
    throw new Error(
      `The comment is ${length} characters, over GitHub's limit of ${MAX_COMMENT_CHARACTERS}: it should have been shortened when rendered.`,
    );
  }
  const create = async (): Promise<StickyCommentResult> => {
    const { data } = await write(issueNumber, () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }),
    );
    logger.debug(`created comment ${data.id} on ${where}`);
    return { action: 'created', commentId: data.id, url: data.html_url };
  };
  if (options.mode === 'create') return create();

  const ours = await findOurComments(options, marker);
  const newest = ours[ours.length - 1];
  if (!newest) return create();
  if (ours.length > 1) {
    const older = ours.slice(0, -1).map((comment) => comment.id);
    logger.info(
      `${where} has ${ours.length} comments for comment-id "${key}"; updating the newest (${newest.id}) and leaving ${older.join(', ')}.`,
    );
  }
  const existing = newest.body ?? '';
  const found = { commentId: newest.id, url: newest.html_url };
  if (existing.replace(/\r\n/g, '\n') === body.replace(/\r\n/g, '\n'))
    return { action: 'unchanged', ...found };

  const theirs = parseRunMarker(existing);
  const mine = parseRunMarker(body) ?? options.run;
  if (theirs && isNewer(theirs, mine)) {
    logger.info(
      `Not updating comment ${newest.id} on ${where}: it was written by ${describeRun(theirs)}, newer than this ${describeRun(mine)}.`,
    );
    return { action: 'skipped-stale', ...found };
  }
  const { data } = await write(issueNumber, () =>
    octokit.rest.issues.updateComment({ owner, repo, comment_id: newest.id, body }),
  );
  logger.debug(`updated comment ${data.id} on ${where}`);
  return { action: 'updated', commentId: data.id, url: data.html_url };
}

/**
 * For the workflow_run pattern: the pull request number comes from the evaluation run's artifact, which the pull
 * request's author controls. Comment only if that pull request's head is the commit the run evaluated.
 */
export async function verifyPullRequestHead(options: {
  octokit: Octokit;
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
}): Promise<void> {
  const { octokit, owner, repo, pullNumber, headSha } = options;
  let actual: string;
  try {
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber });
    actual = data.head.sha;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    throw new InputDataError(
      `Pull request #${pullNumber} does not exist in ${owner}/${repo}; the number came from the evaluation run's artifact. Not commenting.`,
    );
  }
  if (actual.toLowerCase() !== headSha.toLowerCase()) {
    throw new InputDataError(
      `Pull request #${pullNumber} has head commit ${actual}, but the evaluated run was for ${headSha || '(no commit)'}: ` +
        'the pull request number from the artifact does not belong to this run (or the pull request has been pushed to since). Not commenting.',
    );
  }
}
