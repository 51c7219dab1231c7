/**
 * Fitting the comment into its character budget. The full comment is tried first; when it is too long, parts
 * are given up in this order, each as little as possible (binary search on a monotonic length):
 *
 * 1. the nested input/output blocks of cases, from the last case in reading order back to the first
 *    regression;
 * 2. cases listed in the sections other than "regressed" (one limit for all of them), down to one-line
 *    summaries ("…and N more");
 * 3. the score chart, the data-report tables, the other-metrics table, the list of gate messages;
 * 4. regressed cases listed, down to a one-line summary;
 * 5. gate rows (only when the gate tables alone exceed the budget);
 * 6. everything but the verdict and the footer.
 *
 * Blocks are dropped whole: no table, code block or <details> is ever cut.
 */
import type { CaseStatus } from '@mlgate/core';
import type { CaseSection } from './cases.js';
import { utf16Length, type CommentParts, type Layout, type Measure } from './render.js';
import type { PrCommentResult } from './types.js';

/** The largest x in [low, high] for which `render(x)` fits (its length is monotonic in x), or undefined. */
export function largest(
  low: number,
  high: number,
  render: (x: number) => string | undefined,
): { x: number; markdown: string } | undefined {
  let best: { x: number; markdown: string } | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const markdown = render(middle);
    if (markdown === undefined) high = middle - 1;
    else {
      best = { x: middle, markdown };
      low = middle + 1;
    }
  }
  return best;
}

const hasText = (section: CaseSection, index: number) => {
  const entry = section.entries[index];
  return entry.input !== undefined || entry.expected !== undefined || entry.output !== undefined;
};

export function fitComment(
  parts: CommentParts,
  maxCases: number,
  budget: number,
  measure: Measure = utf16Length,
): PrCommentResult {
  const sections = parts.sections;
  const cap = (section: CaseSection) => Math.min(Math.max(0, maxCases), section.entries.length);
  const shown = {} as Record<CaseStatus, number>;
  for (const section of sections) shown[section.status] = cap(section);
  const totalShown = (layout: Layout) =>
    sections.reduce(
      (sum, section) => sum + Math.min(layout.shown[section.status], section.entries.length),
      0,
    );
  let layout: Layout = {
    shown,
    detailed: Infinity,
    chart: parts.chart !== '',
    dataTables: parts.hasDataTables,
    otherMetrics: parts.hasOtherMetrics,
    gateReasons: parts.hasGateReasons,
    gateRows: parts.gateCount,
    minimal: false,
    shortened: false,
  };
  const steps: string[] = [];

  const finish = (markdown: string): PrCommentResult => {
    const collapsed: string[] = [];
    // Per-case blocks and case lists, by section, from what the final layout keeps.
    let offset = 0;
    const listed = layout.minimal ? 0 : 1;
    for (const section of sections) {
      const kept = Math.min(layout.shown[section.status], section.entries.length) * listed;
      const detailed = Math.max(0, Math.min(kept, layout.detailed - offset));
      offset += kept;
      const textLost = Array.from({ length: cap(section) }, (_, index) => index).some(
        (index) => index >= detailed && hasText(section, index),
      );
      if (textLost) collapsed.push(`details:${section.status}`);
      if (kept > 0 && kept < cap(section)) collapsed.push(`cases:${section.status}`);
      if (kept === 0 && cap(section) > 0) collapsed.push(`section:${section.status}`);
    }
    collapsed.push(...steps);
    const omittedCases = sections.reduce(
      (sum, section) =>
        sum + section.count - Math.min(layout.shown[section.status], section.entries.length) * listed,
      0,
    );
    return { markdown, length: markdown.length, omittedCases, collapsed };
  };

  const full = parts.render(layout, budget, measure);
  if (full !== undefined) return finish(full);
  layout = { ...layout, shortened: true };
  let markdown: string | undefined;
  const tryLayout = (next: Layout) => parts.render(next, budget, measure);

  // 1. Nested input/output blocks, last case first.
  const withDetails = largest(0, totalShown(layout), (detailed) => tryLayout({ ...layout, detailed }));
  if (withDetails) {
    layout = { ...layout, detailed: withDetails.x };
    return finish(withDetails.markdown);
  }
  layout = { ...layout, detailed: 0 };

  // 2. Cases of the other sections, then one-line summaries.
  const others = sections.filter((section) => section.status !== 'regressed');
  const otherCap = Math.max(0, ...others.map(cap));
  const withOthers = largest(0, otherCap, (limit) => {
    const next = { ...layout.shown };
    for (const section of others) next[section.status] = Math.min(cap(section), limit);
    return tryLayout({ ...layout, shown: next });
  });
  const limitOthers = (limit: number) => {
    const next = { ...layout.shown };
    for (const section of others) next[section.status] = Math.min(cap(section), limit);
    layout = { ...layout, shown: next };
  };
  if (withOthers) {
    limitOthers(withOthers.x);
    return finish(withOthers.markdown);
  }
  limitOthers(0);

  // 3. Optional parts, least useful first.
  const optional: [keyof Layout & ('chart' | 'dataTables' | 'otherMetrics' | 'gateReasons'), string][] = [
    ['chart', 'chart'],
    ['dataTables', 'data-tables'],
    ['otherMetrics', 'other-metrics'],
    ['gateReasons', 'gate-reasons'],
  ];
  for (const [part, name] of optional) {
    if (!layout[part]) continue;
    layout = { ...layout, [part]: false };
    steps.push(name);
    markdown = tryLayout(layout);
    if (markdown !== undefined) return finish(markdown);
  }

  // 4. Regressed cases.
  const regressed = sections.find((section) => section.status === 'regressed');
  if (regressed) {
    const withRegressed = largest(0, cap(regressed), (limit) =>
      tryLayout({ ...layout, shown: { ...layout.shown, regressed: limit } }),
    );
    layout = { ...layout, shown: { ...layout.shown, regressed: withRegressed?.x ?? 0 } };
    if (withRegressed) return finish(withRegressed.markdown);
  }

  // 5. Gate rows, from the last.
  const withGates = largest(0, parts.gateCount, (gateRows) => tryLayout({ ...layout, gateRows }));
  if (withGates) {
    if (withGates.x < parts.gateCount) steps.push('gates');
    layout = { ...layout, gateRows: withGates.x };
    return finish(withGates.markdown);
  }

  // 6. The verdict and the footer (returned even if a tiny budget cannot hold them).
  steps.push('gates', 'all');
  layout = { ...layout, gateRows: 0, minimal: true };
  return finish(tryLayout(layout) ?? parts.render(layout, Infinity)!);
}
