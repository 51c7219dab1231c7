/**
 * The pull-request comment: what a change did to quality, readable in ten seconds — verdict, gate tables,
 * regressions first, cost, data checks — within GitHub's comment size limit. Untrusted text (case ids,
 * inputs, outputs, tag values, metric and file names) is escaped with @mlgate/core's Markdown helpers.
 */
import { fitComment } from './budget.js';
import { renderDataOnlyComment } from './data-only.js';
import { CommentParts, utf16Length, utf8Length } from './render.js';
import {
  DEFAULT_COMMENT_BUDGET,
  DEFAULT_MAX_CASES,
  FULL_COMMENT_BUDGET,
  type PrCommentInput,
  type PrCommentResult,
} from './types.js';

export * from './types.js';

/** The comment for a pull request: at most `maxCases` cases per section, within `budget` characters. */
export function renderPrComment(input: PrCommentInput): PrCommentResult {
  if (!input.report) return renderDataOnlyComment(input, input.budget ?? DEFAULT_COMMENT_BUDGET, utf16Length);
  const parts = new CommentParts(
    input.report,
    input.dataReports ?? [],
    input.detailsUrl,
    'comment',
    input.runUrl,
  );
  return fitComment(parts, input.maxCases ?? DEFAULT_MAX_CASES, input.budget ?? DEFAULT_COMMENT_BUDGET);
}

/**
 * The same content with every case the report holds, within 1,000,000 UTF-8 bytes (so also characters): GitHub's
 * job summary limit is 1 MiB per step. For the job summary and the comment body file; `maxCases` and `budget`
 * are ignored.
 */
export function renderFullComment(input: PrCommentInput): PrCommentResult {
  if (!input.report) return renderDataOnlyComment(input, FULL_COMMENT_BUDGET, utf8Length);
  const parts = new CommentParts(
    input.report,
    input.dataReports ?? [],
    input.detailsUrl,
    'summary',
    input.runUrl,
  );
  return fitComment(parts, Infinity, FULL_COMMENT_BUDGET, utf8Length);
}
