/**
 * The one way numbers are written for readers (job summaries, comments, annotations, CLI lines): values,
 * intervals, signed changes, percentages and p-values, and the words and markers of a change by its effect.
 *
 * The rule: 4 significant digits, never fewer than the integer digits (157185.825 → "157,186"), thousands
 * separated by commas; a value between -1 and 1 never rounds to a whole number (0.99995 stays "0.99995", not
 * "1"); magnitudes below 1e-4 or from 1e15 in exponent form ("1e-7"); -0 is "0"; NaN and missing are "n/a";
 * ±Infinity "∞"/"-∞". Minus is ASCII "-", so a copied number parses. Intervals are "low – high" (an en dash:
 * a comma would be ambiguous beside thousands separators) with both ends to the same decimals.
 */

const SIGNIFICANT = 4;
/** The most significant digits used to keep a score below 1 from looking like a perfect 1. */
const MAX_SIGNIFICANT = 8;
const SMALLEST_PLAIN = 1e-4;
const LARGEST_PLAIN = 1e15;

type Value = number | null | undefined;

const missing = (value: Value): value is null | undefined => value === null || value === undefined;

/** Decimals that show `value` at 4 significant digits (integer digits always kept), more if it would look whole. */
function decimalsFor(value: number): number {
  const abs = Math.abs(value);
  if (abs === 0 || Number.isInteger(value)) return 0;
  const integerDigits = Math.floor(Math.log10(abs)) + 1;
  let decimals = Math.max(0, SIGNIFICANT - integerDigits);
  if (decimals === 0) return 0;
  // 0.99995 at 4 digits is "1.000": a perfect score it is not.
  while (abs < 1 && Number.isInteger(Number(value.toFixed(decimals))) && decimals < MAX_SIGNIFICANT)
    decimals++;
  return decimals;
}

const exponential = (value: number): boolean => {
  const abs = Math.abs(value);
  return abs !== 0 && (abs < SMALLEST_PLAIN || abs >= LARGEST_PLAIN);
};

/** e.g. "1.23e-7"; trailing zeros of the mantissa dropped unless `trim` is false (interval ends). */
function formatExponential(value: number, trim = true): string {
  if (value === 0) return '0';
  const [mantissa, exponent] = value.toExponential(SIGNIFICANT - 1).split('e');
  const shown = trim ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${shown}e${exponent.replace('+', '')}`;
}

/** `abs` (finite, ≥ 0) with commas between thousands and exactly `decimals` decimals. */
function grouped(abs: number, decimals: number): string {
  const [whole, fraction] = abs.toFixed(decimals).split('.');
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

function plain(value: number, decimals: number, trim: boolean): string {
  let text = grouped(Math.abs(value), decimals);
  if (trim && text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  // -0 and values that round to zero carry no sign.
  return value < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

function nonFinite(value: Value): string | undefined {
  if (missing(value) || Number.isNaN(value)) return 'n/a';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  return undefined;
}

/** A value, count or threshold for readers: "0.8123", "157,186", "1e-7", "n/a". */
export function formatNumber(value: Value): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const x = value as number;
  if (exponential(x)) return formatExponential(x);
  return plain(x, decimalsFor(x), true);
}

/** A change with its sign always written: "+0.045", "-0.02", "0". */
export function formatSigned(value: Value): string {
  const text = formatNumber(value);
  if (missing(value) || Number.isNaN(value) || text === '0') return text;
  return value > 0 ? `+${text}` : text;
}

/** An interval "low – high", both ends to the same decimals: "0.8120 – 0.8500", "157,186 – 161,566". */
export function formatInterval(interval: readonly [Value, Value] | undefined): string {
  if (!interval || missing(interval[0]) || missing(interval[1])) return '';
  const [low, high] = interval;
  if (nonFinite(low) !== undefined || nonFinite(high) !== undefined)
    return `${formatNumber(low)} – ${formatNumber(high)}`;
  if (exponential(low) || exponential(high)) {
    // One mantissa precision for both ends, so neither looks more exact than the other.
    return `${formatExponential(low, false)} – ${formatExponential(high, false)}`;
  }
  const decimals = Math.max(decimalsFor(low), decimalsFor(high));
  return `${plain(low, decimals, false)} – ${plain(high, decimals, false)}`;
}

/** A share given as a fraction (0.123 → "12.3%"), by the same rule as every number. */
export function formatPercent(fraction: Value): string {
  const special = nonFinite(fraction);
  if (special !== undefined) return special;
  return `${formatNumber(100 * (fraction as number))}%`;
}

/** A p-value: "< 0.001" below that, else 3 decimals; '' when there was no test. */
export function formatPValue(p: Value): string {
  if (missing(p) || Number.isNaN(p)) return '';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** What a change did to quality; a metric's direction decides it, never the sign alone. */
export type ChangeEffect = 'improved' | 'worsened' | 'unchanged' | 'unknown';

export interface Change {
  effect: ChangeEffect;
  /** 🟢 improved, 🔴 worsened, ⚪ unchanged: by effect on quality, not by sign. */
  marker: string;
  /** The change as a number with its sign: "+0.045". */
  signed: string;
}

const MARKERS: Record<ChangeEffect, string> = {
  improved: '🟢',
  worsened: '🔴',
  unchanged: '⚪',
  unknown: '',
};

/** The change `current - baseline` of a metric, judged by its direction. */
export function describeChange(delta: Value, higherIsBetter: boolean): Change {
  if (missing(delta) || Number.isNaN(delta)) return { effect: 'unknown', marker: '', signed: 'n/a' };
  const signed = formatSigned(delta);
  const effect: ChangeEffect =
    signed === '0' ? 'unchanged' : delta > 0 === higherIsBetter ? 'improved' : 'worsened';
  return { effect, marker: MARKERS[effect], signed };
}

/**
 * A change for a table cell or a line: "🔴 +0.045 worsened", "🟢 -0.02 improved", "⚪ 0 unchanged", "n/a".
 * `format` writes the signed number when it needs a unit ("+$0.2994").
 */
export function formatChange(
  delta: Value,
  higherIsBetter: boolean,
  format: (value: number) => string = formatSigned,
): string {
  const change = describeChange(delta, higherIsBetter);
  if (change.effect === 'unknown') return 'n/a';
  return `${change.marker} ${change.effect === 'unchanged' ? '0' : format(delta as number)} ${change.effect}`;
}
