/** `--infer`: profile data with no contract, then write the contract that this data passes. */
import { resolveFiles, VALUE_CLASSES, type Logger } from '@mlgate/core';
import { inferContract, renderContractYaml, type ColumnSummary } from '../contract/index.js';
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
  }
  if (profile.lengths.count > 0) {
    summary.minLength = profile.lengths.min;
    summary.maxLength = profile.lengths.max;
  }
  return summary;
}

export async function inferContractYaml(
  options: { data: string[]; format: DataFormat | 'auto'; cwd: string },
  logger: Logger,
): Promise<string> {
  const files = await resolveFiles(options.data, 'infer', options.cwd);
  const dataset = new DatasetValidator(undefined, new Map());
  await streamDataset(files, options.format, dataset, logger, {
    ...options,
    scanSetup: { histogramEdges: [] },
  });
  const columns = dataset.columns.map((column) => columnSummary(column.profile));
  const contract = inferContract(columns, dataset.rows);
  return renderContractYaml(contract, { source: options.data.join(', '), rows: dataset.rows });
}
