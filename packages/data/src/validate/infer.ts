/** `--infer`: profile data with no contract, then write the contract that this data passes. */
import { resolveFiles, VALUE_CLASSES, type Logger } from '@mlgate/core';
import { inferContract, maxEnumValues, renderContractYaml, type ColumnSummary } from '../contract/index.js';
import type { ColumnProfile } from '../profile/column.js';
import type { DataFormat } from '../readers/types.js';
import { DatasetValidator } from './dataset.js';
import { streamDataset } from './stream.js';

export function columnSummary(profile: ColumnProfile): ColumnSummary {
  const types: ColumnSummary['types'] = {};
  VALUE_CLASSES.forEach((name, i) => {
    if (profile.classes[i] > 0) types[name] = profile.classes[i];
  });
  const summary: ColumnSummary = {
    name: profile.name,
    count: profile.count,
    nulls: profile.nulls,
    types,
    distinct: Math.round(profile.distinct.estimate()),
    topValues: profile.top.items(64),
    topValuesExact: profile.top.isExact,
  };
  if (profile.moments.count > 0) {
    summary.min = profile.moments.min;
    summary.max = profile.moments.max;
    summary.median = profile.quantiles.quantile(0.5);
  }
  const integerValues = fewIntegers(profile, summary.distinct);
  if (integerValues) summary.integerValues = integerValues;
  if (profile.lengths.count > 0) {
    summary.minLength = profile.lengths.min;
    summary.maxLength = profile.lengths.max;
  }
  return summary;
}

/**
 * The values of a whole-number column with at most `maxEnumValues` distinct values, with their counts, read from
 * its quantile sketch (exact until it compacts, then weights of retained items); undefined when some value may be
 * missing from the sketch (fewer distinct retained values than the distinct-count estimate).
 */
function fewIntegers(profile: ColumnProfile, distinct: number): ColumnSummary['integerValues'] {
  const integers = profile.classes[VALUE_CLASSES.indexOf('integer')];
  const numbers = profile.count - profile.nulls;
  if (integers === 0 || integers !== numbers || distinct > maxEnumValues) return undefined;
  const { values, cumulativeWeights } = profile.quantiles.sortedItems();
  const total = cumulativeWeights.length > 0 ? cumulativeWeights[cumulativeWeights.length - 1] : 0;
  const scale = total > 0 ? profile.quantiles.n / total : 0;
  const counted: { value: number; count: number }[] = [];
  let before = 0;
  for (let i = 0; i < values.length; i++) {
    if (i + 1 < values.length && values[i + 1] === values[i]) continue;
    counted.push({ value: values[i], count: Math.round((cumulativeWeights[i] - before) * scale) });
    before = cumulativeWeights[i];
  }
  return counted.length >= distinct && counted.length <= maxEnumValues ? counted : undefined;
}

export async function inferContractYaml(
  options: { data: string[]; format: DataFormat | 'auto'; workspace: string },
  logger: Logger,
): Promise<string> {
  const files = await resolveFiles(options.data, 'infer', options.workspace);
  const dataset = new DatasetValidator(undefined, new Map());
  await streamDataset(files, options.format, dataset, logger, {
    ...options,
    scanSetup: { histogramEdges: [] },
  });
  const columns = dataset.columns.map((column) => columnSummary(column.profile));
  const contract = inferContract(columns, dataset.rows);
  return renderContractYaml(contract, { source: options.data.join(', '), rows: dataset.rows });
}
