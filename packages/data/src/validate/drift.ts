/**
 * Drift of each column against the reference profile, gated on distances (a p-value flags any large
 * sample as drifted): numeric columns by PSI over the reference's decile bins and the Wasserstein
 * distance in reference standard deviations; categorical columns by the Jensen-Shannon distance and the
 * largest change of a category's share. KS and chi-square are reported (not gated) for small references.
 */
import type { DriftResult } from '@mlgate/core';
import {
  categoricalDistributions,
  chiSquare,
  jensenShannonDistance,
  ksFromSketches,
  lInfinity,
  psi,
  wassersteinFromSketches,
} from '../drift/index.js';
import { BRIDGE_GRID, calibratedThresholds, type NullShape } from '../drift/thresholds.js';
import type { ColumnProfile } from '../profile/column.js';
import { quantileEdges } from '../sketch/index.js';

export type DriftStatistic = 'psi' | 'wasserstein' | 'jensen_shannon' | 'linf';

/** A column's drift check: without `warn`/`fail` the levels are calibrated to the sample sizes. */
export interface DriftSettings {
  statistic: DriftStatistic;
  warn?: number;
  fail?: number;
  /** Date/datetime columns: compare this calendar part's distribution instead of the values. */
  on?: 'value' | 'hourOfDay' | 'dayOfWeek';
}

/** KS and chi-square are shown when the reference has at most this many values. */
const SMALL_REFERENCE = 10_000;
export const DECILE_BINS = 10;
/** A categorical reference whose most frequent value holds less than this share is near unique: not compared. */
const HIGH_CARDINALITY_SHARE = 0.01;

/** The frozen bin edges a current profile counts into: the reference's deciles, per numeric column. */
export function referenceEdges(reference: Map<string, ColumnProfile>): Map<string, number[]> {
  const edges = new Map<string, number[]>();
  for (const [name, column] of reference) {
    if (column.kind === 'numeric' && column.quantiles.n > 0)
      edges.set(name, quantileEdges(column.quantiles, DECILE_BINS));
  }
  return edges;
}

/** Proportions of a sketch's values in the bins (-∞,e1], (e1,e2], …, (ek,∞). */
function binCounts(column: ColumnProfile, edges: number[]): number[] {
  const histogram = column.histogram;
  if (histogram && histogram.edges.length === edges.length && edges.every((e, i) => e === histogram.edges[i]))
    return [...histogram.counts];
  const n = column.quantiles.n;
  const cumulative = column.quantiles.cdf(edges);
  const counts: number[] = [];
  let previous = 0;
  for (let i = 0; i < edges.length; i++) {
    counts.push((cumulative[i] - previous) * n);
    previous = cumulative[i];
  }
  counts.push((1 - previous) * n);
  return counts;
}

export function compareColumn(
  name: string,
  reference: ColumnProfile,
  current: ColumnProfile,
  settings: DriftSettings,
  minRows: number,
): DriftResult {
  const part = settings.on === 'hourOfDay' || settings.on === 'dayOfWeek' ? settings.on : undefined;
  const numeric = !part && (settings.statistic === 'psi' || settings.statistic === 'wasserstein');
  const referenceCalendar = part && reference.calendarCounts(part);
  const currentCalendar = part && current.calendarCounts(part);
  const referenceCount = part
    ? sum(referenceCalendar)
    : numeric
      ? reference.quantiles.n
      : reference.top.total;
  const currentCount = part ? sum(currentCalendar) : numeric ? current.quantiles.n : current.top.total;
  const base = {
    column: name,
    statistic: settings.statistic,
    ...(part ? { on: part } : {}),
    ...(settings.warn !== undefined ? { warn: settings.warn } : {}),
    ...(settings.fail !== undefined ? { fail: settings.fail } : {}),
  };
  if (referenceCount < minRows || currentCount < minRows)
    return {
      ...base,
      value: null,
      status: 'insufficient',
      details: { referenceValues: referenceCount, currentValues: currentCount, minRows },
    };

  // Frequent-value drift needs frequent values: a near-unique reference is not compared.
  const nearUnique = !numeric && !part ? nearUniqueDetails(reference) : undefined;
  if (nearUnique) return { ...base, value: null, status: 'info', details: nearUnique };
  const details: Record<string, number | null> = {};
  const shape: NullShape = { nReference: referenceCount, nCurrent: currentCount };
  const value = numeric
    ? numericDrift(reference, current, settings.statistic, details, shape)
    : categoricalDrift(
        referenceCalendar && currentCalendar
          ? [referenceCalendar, currentCalendar]
          : categoricalDistributions(reference.top, current.top),
        !part && referenceCount <= SMALL_REFERENCE && reference.top.isExact,
        settings.statistic,
        details,
        shape,
      );
  const levels = calibratedThresholds(settings.statistic, shape, settings);
  const status = value >= levels.fail ? 'fail' : value >= levels.warn ? 'warn' : 'pass';
  return {
    ...base,
    warn: levels.warn,
    fail: levels.fail,
    basis: levels.basis,
    value: Number.isFinite(value) ? value : null,
    status,
    details,
  };
}

/**
 * The details of a reference whose values are near unique (ids, emails, free text), else undefined: its values were
 * too many to count exactly and its most frequent value is rare, or counted exactly but mostly distinct, or its
 * profile stopped tracking frequent values (profile/column.ts).
 */
function nearUniqueDetails(reference: ColumnProfile): Record<string, number> | undefined {
  const top = reference.top.items(1)[0];
  const share = top ? top.count / reference.top.total : 0;
  const mostlyDistinct = reference.top.isExact && reference.top.tracked >= 0.5 * reference.top.total;
  if (reference.top.stopped || (!reference.top.isExact && share < HIGH_CARDINALITY_SHARE) || mostlyDistinct)
    return { distinct: Math.round(reference.distinct.estimate()), topShare: share };
  return undefined;
}

/** PSI over the reference's deciles or the scaled Wasserstein distance (KS beside them on small references). */
function numericDrift(
  reference: ColumnProfile,
  current: ColumnProfile,
  statistic: DriftSettings['statistic'],
  details: Record<string, number | null>,
  shape: NullShape,
): number {
  const edges = quantileEdges(reference.quantiles, DECILE_BINS);
  const referenceBins = binCounts(reference, edges);
  const population = psi(referenceBins, binCounts(current, edges));
  details.psi = population;
  const std = reference.moments.count > 1 ? reference.moments.std : 0;
  const distance = wassersteinFromSketches(reference.quantiles, current.quantiles);
  // A constant reference has no scale: any shift is infinitely many standard deviations.
  const normalised = distance === 0 ? 0 : std > 0 ? distance / std : Infinity;
  details.wasserstein = Number.isFinite(normalised) ? normalised : null;
  if (shape.nReference <= SMALL_REFERENCE) {
    const ks = ksFromSketches(reference.quantiles, current.quantiles);
    details.ks = ks.statistic;
    details.ksPValue = ks.pValue;
  }
  if (statistic === 'psi') {
    shape.bins = referenceBins.filter((c) => c > 0).length;
    return population;
  }
  if (std > 0) shape.scaledQuantiles = scaledQuantiles(reference, std);
  return normalised;
}

/** Jensen-Shannon or L∞ between two distributions (frequent values or calendar parts), χ² beside them when exact. */
function categoricalDrift(
  [p, q]: [ArrayLike<number>, ArrayLike<number>],
  withChiSquare: boolean,
  statistic: DriftSettings['statistic'],
  details: Record<string, number | null>,
  shape: NullShape,
): number {
  const js = jensenShannonDistance(p, q);
  const linf = lInfinity(p, q);
  details.jensen_shannon = js;
  details.linf = linf;
  if (withChiSquare) {
    const chi = chiSquare(p, q);
    details.chi2 = chi.statistic;
    details.chi2PValue = chi.pValue;
  }
  let bins = 0;
  let maxBinVariance = 0;
  for (let i = 0; i < p.length; i++) {
    const count = p[i];
    if (count <= 0) continue;
    bins++;
    const share = count / shape.nReference;
    maxBinVariance = Math.max(maxBinVariance, share * (1 - share));
  }
  shape.bins = bins;
  shape.maxBinVariance = maxBinVariance;
  shape.referenceCounts = p;
  return statistic === 'linf' ? linf : js;
}

function sum(counts: ArrayLike<number> | undefined): number {
  let total = 0;
  if (counts) for (let i = 0; i < counts.length; i++) total += counts[i];
  return total;
}

/** The reference's quantiles at u = 0, 1/G, …, 1, in reference standard deviations (Wasserstein's null). */
function scaledQuantiles(reference: ColumnProfile, std: number): Float64Array {
  const out = new Float64Array(BRIDGE_GRID + 1);
  for (let j = 0; j <= BRIDGE_GRID; j++) out[j] = reference.quantiles.quantile(j / BRIDGE_GRID) / std;
  return out;
}
