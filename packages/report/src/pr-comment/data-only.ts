/**
 * The comment without an eval report: the data verdict, and — when the data failed — that the evaluation did not
 * run because of it, so the pull request that most needs an explanation still gets one.
 */
import { ConfigurationError, escapeMarkdown, truncate, type DataReport } from '@mlgate/core';
import { dataSection } from './data.js';
import { footer } from './footer.js';
import type { Measure } from './render.js';
import type { PrCommentInput, PrCommentResult } from './types.js';

const ICONS: Record<DataReport['outcome'], string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** The worst outcome of the datasets. */
function worst(reports: DataReport[]): DataReport['outcome'] {
  if (reports.some((report) => report.outcome === 'fail')) return 'fail';
  return reports.some((report) => report.outcome === 'warn') ? 'warn' : 'pass';
}

/** "❌ mlgate validate-data: fail — eval-gate did not run", then why, in one sentence. */
function heading(reports: DataReport[]): string[] {
  const outcome = worst(reports);
  const failed = reports.filter((report) => report.outcome === 'fail');
  if (failed.length === 0)
    return [
      `### ${ICONS[outcome]} mlgate validate-data: ${outcome}`,
      'No eval report: this comment covers the data only.',
    ];
  const why = failed
    .map(
      (report) =>
        `\`${escapeMarkdown(truncate(report.dataset, 120)).replace(/`/g, "'")}\`: ${escapeMarkdown(truncate(report.summary, 300))}`,
    )
    .join('; ');
  return [
    `### ❌ mlgate validate-data: fail — eval-gate did not run`,
    `**validate-data failed** (${why}), and the evaluation step wrote no report: it was skipped or stopped after the data check. Fix the data and push again; the gate runs on the next commit.`,
  ];
}

export function renderDataOnlyComment(
  input: PrCommentInput,
  budget: number,
  measure: Measure,
): PrCommentResult {
  const reports = input.dataReports ?? [];
  if (reports.length === 0)
    throw new ConfigurationError(
      'Nothing to comment on: give an eval report (report) or data reports (data-report).',
    );
  const top = heading(reports);
  const tail = footer(reports[0], input.detailsUrl, input.runUrl);
  const layouts: [string, string[]][] = [
    ['', [...top, dataSection(reports, true), tail]],
    ['data-tables', [...top, dataSection(reports, false), tail]],
    ['all', [...top, tail]],
  ];
  for (const [collapsed, blocks] of layouts) {
    const markdown = `${blocks.filter(Boolean).join('\n\n')}\n`;
    if (measure(markdown) <= budget || collapsed === 'all')
      return { markdown, length: markdown.length, omittedCases: 0, collapsed: collapsed ? [collapsed] : [] };
  }
  throw new Error('unreachable');
}
