/** pr-eval-comment's inputs (the action's and `mlgate pr-eval-comment`'s) and the event it runs for, parsed once. */
import { readFileSync } from 'node:fs';
import { ConfigurationError, parseChoice, parseList, parseNumber, type InputSource } from '@mlgate/core';
import { checkCommentKey } from '../sticky-comment.js';

export type Mode = 'upsert' | 'create' | 'delete' | 'summary-only';

export interface Inputs {
  /** Absent with data reports: a data-only comment (the evaluation did not run, or there is none). */
  report?: string;
  dataReports: string[];
  token: string;
  prNumber?: number;
  commentKey: string;
  mode: Mode;
  maxCases: number;
  detailsUrl?: string;
  workspace: string;
  /** Warnings about the inputs themselves (a deprecated name), logged when the step starts. */
  deprecations?: string[];
}

/** The parts of the event payload this action reads (pull_request, pull_request_target, workflow_run). */
export interface EventPayload {
  pull_request?: {
    number: number;
    head?: { sha?: string; repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } };
  };
  workflow_run?: {
    head_sha?: string;
    run_number?: number;
    run_attempt?: number;
    pull_requests?: { number: number }[];
  };
}

export function parsePrEvalCommentInputs(
  input: InputSource,
  workspace = process.env.GITHUB_WORKSPACE || process.cwd(),
): Inputs {
  const detailsUrl = input('details-url').trim();
  if (detailsUrl && !/^https?:\/\//.test(detailsUrl)) {
    throw new ConfigurationError(`Input "details-url" must be an http(s) URL; got "${detailsUrl}".`);
  }
  const prNumber = input('pr-number').trim();
  const report = input('report').trim() || undefined;
  const dataReports = parseList(input('data-report'));
  if (!report && dataReports.length === 0)
    throw new ConfigurationError(
      'Input "report" is empty and no "data-report" is given: nothing to comment on. Pass the eval-gate step\'s report output (and/or validate-data\'s).',
    );
  const { commentKey, deprecations } = parseCommentKey(input);
  return {
    report,
    dataReports,
    token: input('github-token').trim(),
    prNumber: prNumber ? parseNumber('pr-number', prNumber, 0, { min: 1 }) : undefined,
    commentKey,
    mode: parseChoice<Mode>('mode', input('mode'), ['upsert', 'create', 'delete', 'summary-only'], 'upsert'),
    maxCases: parseNumber('max-cases', input('max-cases'), 20, { min: 0, max: 1000 }),
    detailsUrl: detailsUrl || undefined,
    workspace,
    deprecations,
  };
}

/**
 * comment-key names the sticky comment; it was called comment-id, the name of the output that is the comment's
 * number. The old input still works, with a warning.
 */
function parseCommentKey(input: InputSource): { commentKey: string; deprecations: string[] } {
  const key = input('comment-key').trim();
  const legacy = input('comment-id').trim();
  if (!legacy) return { commentKey: checkCommentKey(key || 'default', 'comment-key'), deprecations: [] };
  if (key && key !== 'default' && key !== legacy)
    throw new ConfigurationError(
      `Inputs "comment-key" and "comment-id" name different comments ("${key}", "${legacy}"): give comment-key only (comment-id is its former name).`,
    );
  return {
    commentKey: checkCommentKey(legacy, 'comment-id'),
    deprecations: [
      'Input "comment-id" is renamed "comment-key" (the comment-id output is the comment\'s number): use comment-key; comment-id will be removed in the next major version.',
    ],
  };
}

export function readEvent(): { name: string; payload: EventPayload } {
  const name = process.env.GITHUB_EVENT_NAME ?? '';
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) return { name, payload: {} };
  try {
    return { name, payload: JSON.parse(readFileSync(file, 'utf8')) as EventPayload };
  } catch {
    return { name, payload: {} };
  }
}
