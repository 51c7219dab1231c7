/** Tokens and dollars of this run, with the change against the baseline. */
import type { EvalReport } from '@mlgate/core';
import { formatChange, formatNumber, formatSigned } from '../format.js';

const COST_METRICS: [name: string, label: string, money: boolean][] = [
  ['cost_usd', '', true],
  ['tokens_input', 'tokens in', false],
  ['tokens_output', 'tokens out', false],
];

/** A dollar sign, escaped: two on one line would be read as inline math by GitHub. */
const DOLLAR = '\\$';

/** e.g. "🔴 +$0.2994, +50.1% worsened": lower is better for every cost metric. */
function change(value: number, baseline: number, isMoney: boolean): string {
  const relative =
    baseline === 0 ? '' : `, ${formatSigned((100 * (value - baseline)) / Math.abs(baseline))}%`;
  const signed = (delta: number) => {
    const text = formatSigned(delta);
    return `${isMoney ? text.replace(/^([+-])/, `$1${DOLLAR}`) : text}${relative}`;
  };
  return formatChange(value - baseline, false, signed);
}

/** "**Cost (change vs baseline):** $0.8974 (🔴 +$0.2994, +50.1% worsened) · tokens in 260,822 (⚪ 0 unchanged) · …"; '' without cost data. */
export function costLine(report: EvalReport): string {
  const parts = COST_METRICS.flatMap(([name, label, isMoney]) => {
    const value = report.metrics[name]?.value;
    if (value === null || value === undefined) return [];
    const shown = `${isMoney ? DOLLAR : ''}${formatNumber(value)}`;
    const baseline = report.baseline?.metrics[name];
    const delta = baseline === null || baseline === undefined ? '' : ` (${change(value, baseline, isMoney)})`;
    return [{ value, baseline, text: `${label ? `${label} ` : ''}${shown}${delta}` }];
  });
  if (parts.every((part) => part.value === 0 && !part.baseline)) return '';
  const versus = parts.some((part) => part.baseline !== undefined && part.baseline !== null)
    ? ' (change vs baseline)'
    : '';
  return `**Cost${versus}:** ${parts.map((part) => part.text).join(' · ')}`;
}
