/** Number and verdict formatting shared by every rendering. */
import type { GateStatus, MetricNumber, Outcome } from '@mlgate/core';

export function formatNumber(value: MetricNumber | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(2);
  return value
    .toFixed(digits)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

export function formatDelta(value: MetricNumber | undefined, higherIsBetter = true): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value === 0) return '±0';
  const better = higherIsBetter ? value > 0 : value < 0;
  return `${better ? '▲' : '▼'} ${value > 0 ? '+' : '−'}${formatNumber(Math.abs(value))}`;
}

export function formatInterval(ci: [MetricNumber, MetricNumber] | undefined): string {
  if (!ci || ci[0] === null || ci[1] === null) return '';
  return `[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]`;
}

export function formatPValue(p: MetricNumber | undefined): string {
  if (p === null || p === undefined) return '';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

const OUTCOME_ICONS: Record<Outcome, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };
const STATUS_ICONS: Record<GateStatus, string> = { pass: '✅', fail: '❌', warn: '⚠️', inconclusive: '❔' };

export const outcomeIcon = (outcome: Outcome): string => OUTCOME_ICONS[outcome];
export const statusIcon = (status: GateStatus): string => STATUS_ICONS[status];
