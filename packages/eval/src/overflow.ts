/**
 * The one rule for metrics that are not finite numbers. A metric undefined by definition (ROC AUC with one class
 * only, R² of fewer than two cases) is NaN and its gates are inconclusive. A metric that is not finite because the
 * data's values overflow float64 (a 1e155 prediction squared, a cost total beyond 1.8e308) fails the run, naming
 * the cases: an overflow is never a pass, nor an "inconclusive" that a step exits 0 on.
 */
import { InputDataError } from '@mlgate/core';
import type { EvalCase } from './cases.js';

/** The case values each sum-based metric adds up; metrics not listed cannot overflow (bounded inputs, quantiles). */
const INPUTS: { metrics: RegExp; values: (item: EvalCase) => [string, number | undefined][] }[] = [
  {
    metrics: /^(mae|mse|rmse|r2|mape)$/,
    values: (item) => [
      ['expected', typeof item.expected === 'number' ? item.expected : undefined],
      ['predicted', typeof item.predicted === 'number' ? item.predicted : undefined],
    ],
  },
  { metrics: /^cost_usd$/, values: (item) => [['cost_usd', item.hasCost ? item.costUsd : undefined]] },
  {
    metrics: /^tokens_(input|output)$/,
    values: (item) => [
      ['tokens.input', item.tokensInput],
      ['tokens.output', item.tokensOutput],
    ],
  },
];

const MAX_NAMED = 5;

/**
 * Throws an InputDataError when a metric is not finite and some case holds a value large enough to overflow it:
 * a sum of n values overflows only if one is ≥ MAX_VALUE / n, a sum of squared differences only if one value is
 * ≥ √(MAX_VALUE / n) / 2, so no case below that bound is named, and a metric without such a case is left undefined.
 * Score dimensions overflow like sums and are checked through `scores`.
 */
export function checkOverflow(values: Record<string, number>, cases: EvalCase[]): void {
  const n = Math.max(1, cases.length);
  const bound = Math.sqrt(Number.MAX_VALUE / n) / 2;
  const overflowed = new Map<string, string[]>();
  const culprits = new Map<EvalCase, string[]>();
  const blame = (metric: string, item: EvalCase, field: string, value: number) => {
    if (!overflowed.has(metric)) overflowed.set(metric, []);
    culprits.set(item, [...(culprits.get(item) ?? []), `${field} ${value}`]);
    overflowed.get(metric)!.push(item.id);
  };
  for (const [metric, value] of Object.entries(values)) {
    if (Number.isFinite(value)) continue;
    const inputs = INPUTS.find((entry) => entry.metrics.test(metric));
    for (const item of cases) {
      const pairs = inputs
        ? inputs.values(item)
        : [[metric, item.scores?.[metric]] as [string, number | undefined]];
      for (const [field, number] of pairs)
        if (number !== undefined && Math.abs(number) >= bound) blame(metric, item, field, number);
    }
  }
  if (overflowed.size === 0) return;
  const items = [...culprits.keys()];
  const named = items
    .slice(0, MAX_NAMED)
    .map((item) => `"${item.id}" (${[...new Set(culprits.get(item))].join(', ')})`)
    .join(', ');
  const more = items.length > MAX_NAMED ? ` and ${items.length - MAX_NAMED} more` : '';
  const metrics = [...overflowed.keys()].join(', ');
  throw new InputDataError(
    `${metrics} overflow${overflowed.size === 1 ? 's' : ''} float64 (not a finite number) because of the value${items.length === 1 ? '' : 's'} of case${items.length === 1 ? '' : 's'} ${named}${more}: numbers this large cannot be scored; fix or drop ${items.length === 1 ? 'that case' : 'those cases'}`,
    { file: items[0].source.file, line: items[0].source.line, field: [...overflowed.keys()][0] },
  );
}
