/** Whole-dataset profiles: built from the column profiles, read back, and merged across shards. */
import {
  DATA_PROFILE_KIND,
  DATA_PROFILE_VERSION,
  InputDataError,
  MLGATE_VERSION,
  readDataProfile,
  type DataProfile,
  type ProfileFile,
  type RunContext,
} from '@mlgate/core';
import type { ColumnProfileJson } from '@mlgate/core/data-profile';
import { ColumnProfile } from './column.js';

export function buildProfile(
  dataset: string,
  rows: number,
  files: ProfileFile[],
  columns: ColumnProfile[],
  context?: RunContext,
): DataProfile {
  return profileOf(
    dataset,
    rows,
    files,
    columns.map((column) => column.toJSON()),
    context,
  );
}

/** A profile of columns already written as JSON. */
export function profileOf(
  dataset: string,
  rows: number,
  files: ProfileFile[],
  columns: ColumnProfileJson[],
  context?: RunContext,
): DataProfile {
  return {
    kind: DATA_PROFILE_KIND,
    schemaVersion: DATA_PROFILE_VERSION,
    generatedAt: new Date().toISOString(),
    tool: { name: 'mlgate', version: MLGATE_VERSION },
    ...(context ? { context } : {}),
    dataset,
    rows,
    files,
    columns,
  };
}

/** The column profiles of a profile, ready to merge or to compare against. */
export function columnProfiles(profile: DataProfile): Map<string, ColumnProfile> {
  return new Map(profile.columns.map((json) => [json.name, ColumnProfile.fromJSON(json)]));
}

/**
 * Merges shard profiles into the profile of the whole dataset. Columns are matched by name; a column a
 * shard lacks counts as all-null for that shard's rows. Declared types must agree.
 */
export function mergeProfiles(
  profiles: { profile: DataProfile; file: string }[],
  dataset?: string,
): DataProfile {
  if (profiles.length === 0) throw new InputDataError('no profiles to merge', { file: '(none)' });
  const merged = new Map<string, ColumnProfile>();
  const order: string[] = [];
  let rows = 0;
  const files: ProfileFile[] = [];
  for (const { profile, file } of profiles) {
    const shard = columnProfiles(profile);
    for (const name of order) {
      if (!shard.has(name)) merged.get(name)!.addMissing(profile.rows);
    }
    for (const [name, column] of shard) {
      const existing = merged.get(name);
      if (!existing) {
        // Rows of earlier shards lacked this column.
        column.addMissing(rows);
        merged.set(name, column);
        order.push(name);
        continue;
      }
      if (existing.type !== column.type)
        throw new InputDataError(
          `column "${name}" is ${column.type} here but ${existing.type} in an earlier profile: profiles of different contracts cannot be merged`,
          { file, field: name },
        );
      existing.merge(column);
    }
    rows += profile.rows;
    files.push(...profile.files);
  }
  const first = profiles[0].profile;
  return buildProfile(
    dataset ?? [...new Set(profiles.map(({ profile }) => profile.dataset))].join(', '),
    rows,
    files,
    order.map((name) => merged.get(name)!),
    first.context,
  );
}

export async function readProfiles(paths: string[]): Promise<{ profile: DataProfile; file: string }[]> {
  return Promise.all(paths.map(async (file) => ({ profile: await readDataProfile(file), file })));
}
