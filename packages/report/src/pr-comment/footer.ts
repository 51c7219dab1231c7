/** The last line: tool version and links to the workflow run and the full report (http(s) only). */
import { escapeMarkdown } from '@mlgate/core';
import { safeUrl } from './blocks.js';

export function footer(
  report: { tool: { version: string } },
  detailsUrl: string | undefined,
  runUrl: string | undefined,
): string {
  const run = safeUrl(runUrl);
  const full = safeUrl(detailsUrl);
  const parts = [
    `mlgate ${escapeMarkdown(report.tool.version.slice(0, 40))}`,
    ...(run ? [`[workflow run](${run})`] : []),
    ...(full ? [`[full report](${full})`] : []),
  ];
  return `<sub>${parts.join(' · ')}</sub>`;
}

/** Where the rendering goes: a pull-request comment, or the job summary (and comment body file). */
export type Target = 'comment' | 'summary';

/** Says the rendering was shortened, and where to read the rest. */
export function shortenedNote(target: Target, hasDetailsLink: boolean): string {
  return target === 'comment'
    ? `<sub>Shortened to fit GitHub's comment size limit: the job summary${hasDetailsLink ? ' and the full report' : ''} list more cases.</sub>`
    : `<sub>Shortened to fit the 1 MiB job summary limit: the eval report file holds the full case diff.</sub>`;
}
