/** `mlgate profile merge`: merges shard profiles into the profile of the whole dataset. */
import path from 'node:path';
import { ConfigurationError, didYouMean, writeReportFile } from '@mlgate/core';
import { mergeProfiles, readProfiles } from '@mlgate/data';
import { consoleLogger } from '../logger.js';
import { EXIT, type CommandOptions } from '../options.js';
import { printJson } from '../output.js';

export const profileHelp = `Usage: mlgate profile merge --output FILE PROFILE...

Merges profiles of shards or partitions (validate-data's profile-path) into the profile of the whole
dataset: counts, min, max, mean and std are exact; quantiles, distinct counts and frequent values come
from the merged sketches. The result works as a reference-profile.

Options:
  --output FILE    where to write the merged profile (default: stdout)
  --dataset NAME   the merged dataset's name (default: the shards' names)

Exit codes: 0 merged, 2 bad input (a missing or invalid profile, a column typed differently in two profiles).`;

export async function profileCommand(options: CommandOptions): Promise<number> {
  const [subcommand, ...files] = options.positionals;
  if (subcommand !== 'merge')
    throw new ConfigurationError(
      subcommand === undefined
        ? 'mlgate profile needs a command: merge'
        : `unknown profile command "${subcommand}"`,
      undefined,
      subcommand === undefined
        ? undefined
        : (didYouMean(subcommand, ['merge']) ?? 'try: mlgate profile merge'),
    );
  if (files.length === 0)
    throw new ConfigurationError(
      'name the profiles to merge: mlgate profile merge --output FILE a.json b.json',
    );
  const logger = consoleLogger(options.flags);
  const started = Date.now();
  const merged = mergeProfiles(await readProfiles(files), options.values.dataset);
  const output = options.values.output;
  if (output) {
    await writeReportFile(path.resolve(output), merged);
    logger.info(
      `merged ${files.length} profiles (${merged.rows.toLocaleString('en-US')} rows) into ${output} in ${Date.now() - started} ms`,
    );
  } else printJson(merged);
  return EXIT.ok;
}
