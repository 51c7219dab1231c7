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

/** A layout that fits and its Markdown. */
interface Fit {
  layout: Layout;
  markdown: string;
}

/** How many cases a section lists at the most: its cases, up to max-cases. */
type Cap = (section: CaseSection) => number;

/** What every step of the search needs: the parts, the case cap, the steps given up so far, and the fit test. */
interface Search {
  parts: CommentParts;
  cap: Cap;
  steps: string[];
  tryLayout: (layout: Layout) => string | undefined;
}

export function fitComment(
  parts: CommentParts,
  maxCases: number,
  budget: number,
  measure: Measure = utf16Length,
): PrCommentResult {
  const sections = parts.sections;
  const cap: Cap = (section) => Math.min(Math.max(0, maxCases), section.entries.length);
  const shown = {} as Record<CaseStatus, number>;
  for (const section of sections) shown[section.status] = cap(section);
  const layout: Layout = {
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
  const full = parts.render(layout, budget, measure);
  const fit =
    full !== undefined
      ? { layout, markdown: full }
      : shrinkCases(
          { parts, cap, steps, tryLayout: (next) => parts.render(next, budget, measure) },
          { ...layout, shortened: true },
        );
  return fitResult(fit, sections, cap, steps);
}

/** What the comment kept and left out, from the layout that fits: per-case blocks and case lists, by section. */
function fitResult(fit: Fit, sections: CaseSection[], cap: Cap, steps: string[]): PrCommentResult {
  const { layout, markdown } = fit;
  const collapsed: string[] = [];
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
}

/** Steps 1 and 2: nested input/output blocks, last case first; then cases of the other sections. */
function shrinkCases(search: Search, start: Layout): Fit {
  const { parts, cap, tryLayout } = search;
  const sections = parts.sections;
  let layout = start;
  const totalShown = sections.reduce(
    (sum, section) => sum + Math.min(layout.shown[section.status], section.entries.length),
    0,
  );
  // 1. Nested input/output blocks, last case first.
  const withDetails = largest(0, totalShown, (detailed) => tryLayout({ ...layout, detailed }));
  if (withDetails) return { layout: { ...layout, detailed: withDetails.x }, markdown: withDetails.markdown };
  layout = { ...layout, detailed: 0 };

  // 2. Cases of the other sections, then one-line summaries.
  const others = sections.filter((section) => section.status !== 'regressed');
  const otherCap = Math.max(0, ...others.map(cap));
  const limitOthers = (limit: number): Layout => {
    const next = { ...layout.shown };
    for (const section of others) next[section.status] = Math.min(cap(section), limit);
    return { ...layout, shown: next };
  };
  const withOthers = largest(0, otherCap, (limit) => tryLayout(limitOthers(limit)));
  if (withOthers) return { layout: limitOthers(withOthers.x), markdown: withOthers.markdown };
  return shrinkParts(search, limitOthers(0));
}

/** Steps 3 to 6: optional parts, regressed cases, gate rows, and at last all but the verdict and footer. */
function shrinkParts(search: Search, start: Layout): Fit {
  const { parts, cap, steps, tryLayout } = search;
  let layout = start;
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
    const markdown = tryLayout(layout);
    if (markdown !== undefined) return { layout, markdown };
  }

  // 4. Regressed cases.
  const regressed = parts.sections.find((section) => section.status === 'regressed');
  if (regressed) {
    const withRegressed = largest(0, cap(regressed), (limit) =>
      tryLayout({ ...layout, shown: { ...layout.shown, regressed: limit } }),
    );
    layout = { ...layout, shown: { ...layout.shown, regressed: withRegressed?.x ?? 0 } };
    if (withRegressed) return { layout, markdown: withRegressed.markdown };
  }

  // 5. Gate rows, from the last.
  const withGates = largest(0, parts.gateCount, (gateRows) => tryLayout({ ...layout, gateRows }));
  if (withGates) {
    if (withGates.x < parts.gateCount) steps.push('gates');
    return { layout: { ...layout, gateRows: withGates.x }, markdown: withGates.markdown };
  }

  // 6. The verdict and the footer (returned even if a tiny budget cannot hold them).
  steps.push('gates', 'all');
  layout = { ...layout, gateRows: 0, minimal: true };
  return { layout, markdown: tryLayout(layout) ?? parts.render(layout, Infinity)! };
}
