/**
 * The case diff against the baseline: one section per status (regressed first), each case with its id,
 * before → after, and a nested collapsed block with its input, expected and output (and why its scores failed).
 */
import {
  CASE_STATUSES,
  codeBlock,
  escapeMarkdown,
  truncate,
  type CaseDiffEntry,
  type CaseStatus,
  type EvalReport,
} from '@mlgate/core';
import { formatNumber } from '../format.js';
import { codeSpan, details, indentForListItem } from './blocks.js';

/** Case text (input, expected, output) shown per field; longer text is cut with a visible marker. */
export const CASE_TEXT_MAX = 1000;
const ID_MAX = 120;
/** Failed scores whose reason is shown per case. */
const REASONS_MAX = 5;

const LABELS: Record<CaseStatus, string> = {
  regressed: 'Regressed',
  improved: 'Improved',
  new: 'New',
  removed: 'Removed',
  flaky: 'Flaky',
  'still-failing': 'Still failing',
};

export interface CaseSection {
  status: CaseStatus;
  /** Our own text for the <summary>, e.g. "Regressed (385)". */
  title: string;
  /** Every case with this status, including those the report file itself omitted. */
  count: number;
  /** The entries the report holds, in its order (biggest change first). */
  entries: CaseDiffEntry[];
}

/** The non-empty sections in reading order: regressed, improved, new, removed, flaky, still-failing. */
export function caseSections(report: EvalReport): CaseSection[] {
  const diff = report.caseDiff;
  if (!diff) return [];
  return CASE_STATUSES.flatMap((status) => {
    const entries = diff.cases.filter((entry) => entry.status === status);
    const count = Math.max(diff.counts[status] ?? 0, entries.length);
    if (count === 0) return [];
    return [{ status, title: `${LABELS[status]} (${formatNumber(count)})`, count, entries }];
  });
}

/** "**Cases vs baseline:** 385 regressed · 198 improved" (our own text and numbers only). */
export function caseCountsLine(report: EvalReport, sections: CaseSection[]): string {
  if (!report.caseDiff) return '';
  if (sections.length === 0)
    return `**Cases vs baseline:** no case changed on ${formatNumber(report.baseline?.sharedCases ?? 0)} shared cases.`;
  return `**Cases vs baseline:** ${sections
    .map((section) => `${formatNumber(section.count)} ${section.status.replace('-', ' ')}`)
    .join(' · ')}`;
}

type Snapshot = CaseDiffEntry['before'];

/** pass/fail, with the score when the scores say more than the verdicts; for regression the absolute error. */
function snapshotText(
  snapshot: Snapshot,
  task: EvalReport['task'],
  missing: string,
  withScore: boolean,
): string {
  if (!snapshot || (snapshot.pass === undefined && snapshot.score === undefined)) return missing;
  const score =
    snapshot.score === undefined
      ? undefined
      : task === 'regression'
        ? `error ${formatNumber(Math.abs(snapshot.score))}`
        : formatNumber(snapshot.score);
  if (snapshot.pass === undefined) return score ?? 'n/a';
  const verdict = snapshot.pass ? 'pass' : 'fail';
  return score === undefined || !withScore ? verdict : `${verdict} (${score})`;
}

/**
 * "- `ticket-0185` — pass (0.997) → fail (0.41)": the first line of a list item. Scores are shown on both sides when
 * either is more than a 0/1 copy of the verdict.
 */
export function caseLine(entry: CaseDiffEntry, task: EvalReport['task']): string {
  const withScore = [entry.before, entry.after].some(
    (snapshot) => snapshot?.score !== undefined && snapshot.score !== 0 && snapshot.score !== 1,
  );
  const before = snapshotText(entry.before, task, 'not in baseline', withScore);
  const after = snapshotText(entry.after, task, 'not in this PR', withScore);
  return `- ${codeSpan(truncate(entry.id, ID_MAX))} — ${before} → ${after}`;
}

const FIELDS = [
  ['input', 'Input'],
  ['expected', 'Expected'],
  ['output', 'Output'],
] as const;

/** The nested collapsed block with input, expected and output as code blocks; '' when the case has none. */
export function caseDetails(entry: CaseDiffEntry): string {
  const present = FIELDS.filter(([field]) => entry[field] !== undefined);
  const reasons = Object.entries(entry.reasons ?? {}).slice(0, REASONS_MAX);
  if (present.length === 0 && reasons.length === 0) return '';
  const blocks = present.map(
    ([field, label]) => `**${label}**\n\n${codeBlock(truncate(String(entry[field]), CASE_TEXT_MAX))}`,
  );
  // Why its scores failed, as the grader wrote it (untrusted text: escaped, one item per score).
  if (reasons.length > 0)
    blocks.push(
      `**Why**\n\n${reasons
        .map(
          ([name, reason]) =>
            `- **${escapeMarkdown(truncate(name, ID_MAX))}**: ${escapeMarkdown(truncate(reason, CASE_TEXT_MAX))}`,
        )
        .join('\n')}`,
    );
  const names = [
    ...present.map(([, label], index) => (index === 0 ? label : label.toLowerCase())),
    ...(reasons.length > 0 ? [present.length === 0 ? 'Why it failed' : 'why it failed'] : []),
  ];
  const summary = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return details(summary, blocks.join('\n\n'));
}

/** Case lines and details rendered on first use: a report may hold thousands that never fit. */
export class CasePieces {
  private readonly lines = new Map<CaseDiffEntry, string>();
  private readonly blocks = new Map<CaseDiffEntry, string>();
  constructor(private readonly task: EvalReport['task']) {}

  line(entry: CaseDiffEntry): string {
    let line = this.lines.get(entry);
    if (line === undefined) this.lines.set(entry, (line = caseLine(entry, this.task)));
    return line;
  }

  details(entry: CaseDiffEntry): string {
    let block = this.blocks.get(entry);
    if (block === undefined) this.blocks.set(entry, (block = caseDetails(entry)));
    return block;
  }
}

export interface SectionLayout {
  /** Cases listed; 0 collapses the section into one line. */
  shown: number;
  /** Of the listed cases, how many (the first) keep their input/output block. */
  detailed: number;
  /** Regressions are open; the rest start collapsed. */
  open: boolean;
}

const moreText = (more: number) => `…and ${formatNumber(more)} more.`;

/** One section as a <details> block (or a single line when nothing is listed). */
export function renderSection(section: CaseSection, layout: SectionLayout, pieces: CasePieces): string {
  const shown = Math.min(layout.shown, section.entries.length);
  if (shown === 0) {
    return `**${section.title}:** ${moreText(section.count)}`;
  }
  // One list: each case's input/output block is nested in its item (indented), so it reads as part of it.
  const items: string[] = [];
  let nested = false;
  for (let index = 0; index < shown; index++) {
    const entry = section.entries[index];
    const block = index < layout.detailed ? pieces.details(entry) : '';
    nested ||= block !== '';
    items.push(block ? `${pieces.line(entry)}\n\n${indentForListItem(block)}` : pieces.line(entry));
  }
  // A list with nested blocks is loose (blank lines between items); a plain list of lines stays tight.
  const blocks = [items.join(nested ? '\n\n' : '\n')];
  const more = section.count - shown;
  if (more > 0) blocks.push(moreText(more));
  return details(section.title, blocks.join('\n\n'), layout.open);
}
