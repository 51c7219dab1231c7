/**
 * A Mermaid bar chart of the per-case score distribution, this PR (bars) against the baseline (line).
 * The source holds only numbers and fixed labels: never text from the results.
 */
import { codeBlock, type EvalReport } from '@mlgate/core';
import { formatNumber } from '../format.js';
import { details } from './blocks.js';

const BINS = 10;
/** Fewer scored cases than this make a histogram noise. */
const MIN_CASES = 10;

export interface ScoreDistribution {
  baseline: number[];
  current: number[];
  /** Scored cases on each side. */
  baselineCases: number;
  currentCases: number;
}

/**
 * Both distributions over [0, 1] in ten bins, or undefined when a chart would not say anything: no baseline,
 * no histogram on either side (a score outside [0, 1] or missing), pass/fail-only scores, too few cases, or
 * identical distributions. eval-gate records the histograms in the report (`scoreHistogram`).
 */
export function scoreDistribution(report: EvalReport): ScoreDistribution | undefined {
  const current = report.scoreHistogram;
  const baseline = report.baseline?.scoreHistogram;
  if (!current || !baseline || current.counts.length !== BINS || baseline.counts.length !== BINS)
    return undefined;
  if (current.binary && baseline.binary) return undefined;
  const total = (counts: number[]) => counts.reduce((sum, count) => sum + count, 0);
  const result = {
    baseline: baseline.counts,
    current: current.counts,
    baselineCases: total(baseline.counts),
    currentCases: total(current.counts),
  };
  if (result.currentCases < MIN_CASES || result.baselineCases < MIN_CASES) return undefined;
  if (result.baseline.every((count, index) => count === result.current[index])) return undefined;
  return result;
}

const label = (bin: number) => `"${bin / BINS}–${(bin + 1) / BINS}"`;

/** The Mermaid source (xychart-beta); bars are this PR, the line the baseline. */
export function mermaidChart(distribution: ScoreDistribution): string {
  const top = Math.max(...distribution.current, ...distribution.baseline);
  return [
    'xychart-beta',
    '  title "Cases per score: bars = this PR, line = baseline"',
    `  x-axis "Per-case score" [${Array.from({ length: BINS }, (_, bin) => label(bin)).join(', ')}]`,
    `  y-axis "Cases" 0 --> ${Math.max(1, Math.ceil(top * 1.1))}`,
    `  bar [${distribution.current.join(', ')}]`,
    `  line [${distribution.baseline.join(', ')}]`,
  ].join('\n');
}

/** The chart in a collapsed block, or '' when the report does not support one. */
export function chartSection(report: EvalReport): string {
  const distribution = scoreDistribution(report);
  if (!distribution) return '';
  return details(
    `Score distribution: baseline (${formatNumber(distribution.baselineCases)} cases) vs this PR (${formatNumber(distribution.currentCases)} cases)`,
    codeBlock(mermaidChart(distribution), 'mermaid'),
  );
}
