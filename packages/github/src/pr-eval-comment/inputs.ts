/** pr-eval-comment's inputs and the event it runs for, parsed and validated once. */
import { readFileSync } from 'node:fs';
import type { StepIO } from '@mlgate/action';
import { ConfigurationError, parseChoice, parseList, parseNumber } from '@mlgate/core';
import { checkCommentKey } from '@mlgate/github';

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

export function getInputs({ input }: StepIO): Inputs {
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
  return {
    report,
    dataReports,
    token: input('github-token').trim(),
    prNumber: prNumber ? parseNumber('pr-number', prNumber, 0, { min: 1 }) : undefined,
    commentKey: checkCommentKey(input('comment-id').trim() || 'default'),
    mode: parseChoice<Mode>('mode', input('mode'), ['upsert', 'create', 'delete', 'summary-only'], 'upsert'),
    maxCases: parseNumber('max-cases', input('max-cases'), 20, { min: 0, max: 1000 }),
    detailsUrl: detailsUrl || undefined,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
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
