/**
 * What a comparison was made against, in one line for people: the reference's commit, its age and how it was
 * found — the same words for the eval baseline and the data reference profile, in the comment and the summaries.
 */
import {
  escapeMarkdown,
  truncate,
  type BaselineResolution,
  type DataReport,
  type EvalReport,
} from '@mlgate/core';
import { formatNumber } from './format.js';

export interface Reference {
  /** "baseline" (eval) or "reference profile" (data). */
  noun: string;
  resolution?: BaselineResolution;
  /** The reference as the report names it (a file, or "baseline of …"), when not resolved from the store. */
  source?: string;
  commit?: string;
  /** When the reference was written (RFC 3339), to say its age against `now`. */
  generatedAt?: string;
  /** When this run's report was written. */
  now?: string;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** "2.3 days", "5 hours", "12 minutes": the age in the largest unit that is at least 1. */
export function formatAgeDays(days: number): string {
  if (days >= 1) return `${formatNumber(Math.round(days * 10) / 10)} day${days === 1 ? '' : 's'}`;
  const hours = days * 24;
  if (hours >= 1) return `${formatNumber(Math.floor(hours))} hour${Math.floor(hours) === 1 ? '' : 's'}`;
  const minutes = Math.floor(hours * 60);
  return `${formatNumber(minutes)} minute${minutes === 1 ? '' : 's'}`;
}

function ageDays(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) / 86_400_000 : undefined;
}

/** How `baseline: auto` found it: at the merge base (or the commit before a push), or n commits before. */
function howFound(resolution: BaselineResolution): string {
  const where =
    resolution.commitsBack === undefined
      ? ''
      : resolution.commitsBack === 0
        ? resolution.mergeBase
          ? ' at the merge base'
          : ' at the first commit searched'
        : ` ${formatNumber(resolution.commitsBack)} commit${resolution.commitsBack === 1 ? '' : 's'} before ${resolution.mergeBase ? 'the merge base' : 'the first commit searched'}`;
  return `found by ${code(resolution.request)}${where} in the ${resolution.store} store`;
}

/**
 * e.g. "Compared with the baseline of `3f2a9c1d0b7e` (main), 2.3 days old, found by `auto` 1 commit before the
 * merge base in the cache store." — or why there was none. Markdown; untrusted names are escaped.
 */
export function referenceLine(reference: Reference): string {
  const { noun, resolution } = reference;
  if (resolution && !resolution.found)
    return `No ${noun} to compare with: ${escapeMarkdown(truncate(resolution.message, 300))}`;
  if (resolution?.commit) {
    const age = resolution.ageDays === undefined ? '' : `, ${formatAgeDays(resolution.ageDays)} old`;
    const stale = resolution.stale
      ? ` — **stale**: older than baseline-max-age${resolution.maxAgeDays === undefined ? '' : ` (${formatAgeDays(resolution.maxAgeDays)})`}`
      : '';
    const branch = resolution.branch ? ` (${escapeMarkdown(truncate(resolution.branch, 60))})` : '';
    return `Compared with the ${noun} of ${code(resolution.commit.slice(0, 12))}${branch}${age}, ${howFound(resolution)}${stale}.`;
  }
  if (!reference.source) return `No ${noun} to compare with.`;
  const days = ageDays(reference.generatedAt, reference.now);
  const parts = [
    `Compared with the ${noun} ${code(truncate(reference.source, 120))}`,
    reference.commit ? ` of ${code(reference.commit.slice(0, 12))}` : ' (commit not recorded)',
    days === undefined ? '' : `, ${formatAgeDays(days)} old`,
    ', given as a file',
  ];
  return `${parts.join('')}.`;
}

/** What the eval report's baseline gates and case diff compared with. */
export function evalReferenceLine(report: EvalReport): string {
  return referenceLine({
    noun: 'baseline',
    resolution: report.baselineResolution,
    source: report.baseline?.source,
    commit: report.baseline?.commit,
    generatedAt: report.baseline?.generatedAt,
    now: report.generatedAt,
  });
}

/** What the data report's drift compared with; '' when the run asked for no reference at all. */
export function dataReferenceLine(report: DataReport): string {
  if (!report.baselineResolution && !report.reference) return '';
  return referenceLine({
    noun: 'reference profile',
    resolution: report.baselineResolution,
    source: report.reference,
    now: report.generatedAt,
  });
}
