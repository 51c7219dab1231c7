/** Input and result of the pull-request comment renderer. */
import type { DataReport, EvalReport } from '@mlgate/core';

export interface PrCommentInput {
  /** Absent: a data-only comment (no evaluation, or the evaluation step did not run). */
  report?: EvalReport;
  /** validate-data reports shown next to the eval report. */
  dataReports?: DataReport[];
  /** Link to the full report (artifact, job summary); only http(s) URLs are linked. */
  detailsUrl?: string;
  /**
   * The commenting job's own workflow run (runContextFromEnv().runUrl), the only run the comment links. The
   * report's context.runUrl is never linked: in the fork-safe workflow_run pattern the report is an artifact the
   * pull request wrote.
   */
  runUrl?: string;
  /** Cases listed per case-diff section (default 20). */
  maxCases?: number;
  /** Characters the comment may use (default 65,536 − 512 reserved for the hidden marker lines). */
  budget?: number;
}

export interface PrCommentResult {
  markdown: string;
  /** markdown.length: UTF-16 code units, never fewer than the characters GitHub counts. */
  length: number;
  /** Changed cases (all case-diff statuses) not listed in the comment. */
  omittedCases: number;
  /**
   * What was shortened to fit the budget, in the order it was given up, e.g. "details:improved" (per-case
   * input/output dropped), "cases:improved" (fewer cases listed), "section:improved" (one-line summary),
   * "chart", "data-tables", "other-metrics", "gate-reasons", "gates", "all".
   */
  collapsed: string[];
}

/** GitHub rejects issue and pull-request comment bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Kept free for the hidden marker lines the poster adds (sticky-comment id, report digest). */
export const MARKER_RESERVE = 512;
export const DEFAULT_COMMENT_BUDGET = GITHUB_COMMENT_LIMIT - MARKER_RESERVE;
/** UTF-8 bytes of the full rendering: GitHub's job summary limit is 1 MiB (1,048,576 bytes) per step. */
export const FULL_COMMENT_BUDGET = 1_000_000;
export const DEFAULT_MAX_CASES = 20;
