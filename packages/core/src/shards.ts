/**
 * The shard model of a job matrix: which shard a job is (the mode, shard, expected-shards and shard-name inputs),
 * the manifest each shard carries, and the merge job's checks that the shards are complete and of one run.
 * Pure file reading; moving shards between jobs (artifacts) is @mlgate/github/shards'.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputDataError, ConfigurationError } from './errors.js';
import { parseChoice, parseList, type InputSource } from './inputs.js';
import { parseJson } from './reports/read.js';
import type { Logger } from './logger.js';
import { MLGATE_VERSION } from './version.js';

export type ShardMode = 'single' | 'shard' | 'merge';
export const SHARD_MODES: readonly ShardMode[] = ['single', 'shard', 'merge'];

export interface ShardInputs {
  mode: ShardMode;
  /** This job's shard (mode: shard): an index or a name. */
  shard?: string;
  /** mode: merge: how many shards, or their names; unset, whatever was uploaded is merged (with a warning). */
  expectedShards?: number | string[];
  /** Artifact names are `<prefix>-<shard>`. */
  prefix: string;
}

/** The file every shard artifact carries next to its data. */
export const SHARD_MANIFEST = 'mlgate-shard.json';
export const MANIFEST_KIND = 'mlgate-shard';
/** Artifact names allow more, but a shard name also ends up in paths and messages: keep it plain. */
const SHARD_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,63}$/;

export interface ShardFile {
  /** Path inside the artifact. */
  path: string;
  role: 'report' | 'profile' | 'results';
  /** The file's path in the shard job's workspace, as messages should name it. */
  source?: string;
  /** Results format (eval-gate). */
  format?: string;
}

export interface ShardManifest {
  kind: typeof MANIFEST_KIND;
  schemaVersion: '1.0';
  action: string;
  prefix: string;
  shard: string;
  run: { id?: string; attempt?: string; commit?: string; repository?: string; workflow?: string };
  mlgateVersion: string;
  /** SHA-256 of the configuration the shard was computed with (validate-data: the contract), when it matters. */
  configDigest?: string;
  files: ShardFile[];
}

/** A shard ready to merge: its manifest and the directory its files are in. */
export interface Shard {
  manifest: ShardManifest;
  directory: string;
}

export function parseShardInputs(input: InputSource, defaultPrefix: string): ShardInputs {
  const mode = parseChoice('mode', input('mode'), SHARD_MODES, 'single');
  const shard = input('shard').trim() || undefined;
  const expected = input('expected-shards').trim();
  const prefix = input('shard-name').trim() || defaultPrefix;
  if (!SHARD_NAME.test(prefix))
    throw new ConfigurationError(
      `Input "shard-name" must be letters, digits, ".", "_" or "-" (at most 64); got "${prefix}".`,
    );
  if (mode === 'shard') {
    if (!shard)
      throw new ConfigurationError(
        'Input "shard" is required with mode: shard: the shard this job computes (usually the matrix value).',
      );
    if (!SHARD_NAME.test(shard))
      throw new ConfigurationError(
        `Input "shard" must be an index or a name of letters, digits, ".", "_" or "-"; got "${shard}".`,
      );
  } else if (shard)
    throw new ConfigurationError(
      `Input "shard" is only used with mode: shard (this step has mode: ${mode}).`,
    );
  if (expected && mode !== 'merge')
    throw new ConfigurationError(
      `Input "expected-shards" is only used with mode: merge (this step has mode: ${mode}).`,
    );
  return { mode, shard, expectedShards: expected ? parseExpected(expected) : undefined, prefix };
}

function parseExpected(raw: string): number | string[] {
  if (/^\d+$/.test(raw)) {
    const count = Number(raw);
    if (count < 1 || count > 1000)
      throw new ConfigurationError(`Input "expected-shards" must be between 1 and 1000; got ${raw}.`);
    return count;
  }
  const names = parseList(raw);
  const bad = names.find((name) => !SHARD_NAME.test(name));
  if (bad !== undefined)
    throw new ConfigurationError(
      `Input "expected-shards" must be a number of shards or a list of shard names; "${bad}" is not a shard name.`,
    );
  return names;
}

export function shardArtifactName(prefix: string, shard: string): string {
  return `${prefix}-${shard}`;
}

/** Reads a shard from a directory holding its manifest (a downloaded artifact). */
export async function readShard(directory: string, shown = directory): Promise<Shard> {
  const file = path.join(directory, SHARD_MANIFEST);
  const text = await readFile(file, 'utf8').catch(async (error: NodeJS.ErrnoException) => {
    const listing = error.code === 'ENOENT' ? ` (found: ${(await safeList(directory)).join(', ')})` : '';
    throw new InputDataError(`${shown} has no ${SHARD_MANIFEST}: it is not an mlgate shard${listing}`, {
      file: shown,
    });
  });
  const value = parseJson(text, `${shown}/${SHARD_MANIFEST}`) as Partial<ShardManifest> | null;
  if (
    value === null ||
    typeof value !== 'object' ||
    value.kind !== MANIFEST_KIND ||
    typeof value.shard !== 'string' ||
    typeof value.prefix !== 'string' ||
    !Array.isArray(value.files) ||
    typeof value.run !== 'object' ||
    value.run === null
  )
    throw new InputDataError(`${shown}/${SHARD_MANIFEST} is not an mlgate shard manifest`, {
      file: `${shown}/${SHARD_MANIFEST}`,
    });
  if (!/^1\./.test(String(value.schemaVersion)))
    throw new InputDataError(
      `${shown}/${SHARD_MANIFEST} has schema version ${value.schemaVersion}; this mlgate (${MLGATE_VERSION}) reads 1.x: use the same mlgate version in the shard and merge jobs`,
      { file: `${shown}/${SHARD_MANIFEST}` },
    );
  return { manifest: value as ShardManifest, directory };
}

async function safeList(directory: string): Promise<string[]> {
  return readdir(directory).catch(() => []);
}

/** Shards in their natural order (2 before 10): the order their cases and samples are merged in. */
export function sortShards(shards: Shard[]): Shard[] {
  return [...shards].sort((a, b) =>
    a.manifest.shard.localeCompare(b.manifest.shard, 'en', { numeric: true }),
  );
}

export interface ShardCheck {
  action: string;
  expected?: number | string[];
  /** The merge job's run: shards downloaded from this run's artifacts must say they belong to it. */
  runId?: string;
  logger: Logger;
}

/** The shards are complete, of this action, and of one workflow run and commit; throws saying which are not. */
export function checkShards(shards: Shard[], check: ShardCheck): void {
  const name = (shard: Shard) => `shard ${shard.manifest.shard}`;
  if (shards.length === 0)
    throw new InputDataError(
      'no shards to merge: no shard artifacts were found in this workflow run. The shard jobs run the same action with mode: shard and the same shard-name, and the merge job needs: them.',
      { file: '(artifacts)' },
    );
  const wrongAction = shards.filter((shard) => shard.manifest.action !== check.action);
  if (wrongAction.length)
    throw new InputDataError(
      `${wrongAction.map(name).join(', ')} ${wrongAction.length === 1 ? 'was' : 'were'} written by ${wrongAction[0].manifest.action}, not ${check.action}: give the two actions different shard-name prefixes`,
      { file: wrongAction[0].directory },
    );
  const seen = new Map<string, Shard>();
  for (const shard of shards) {
    if (seen.has(shard.manifest.shard))
      throw new InputDataError(
        `shard ${shard.manifest.shard} is there twice (${seen.get(shard.manifest.shard)!.directory} and ${shard.directory})`,
        { file: shard.directory },
      );
    seen.set(shard.manifest.shard, shard);
  }

  // Rerunning failed jobs keeps the other shards' artifacts: attempts may differ, the run and commit may not.
  const runOf = (shard: Shard) =>
    `run ${shard.manifest.run.id ?? '(unknown)'} (commit ${(shard.manifest.run.commit ?? 'unknown').slice(0, 12)})`;
  const byRun = new Map<string, Shard[]>();
  for (const shard of shards) {
    const key = runOf(shard);
    byRun.set(key, [...(byRun.get(key) ?? []), shard]);
  }
  if (byRun.size > 1) {
    const groups = [...byRun].sort((a, b) => b[1].length - a[1].length);
    throw new InputDataError(
      `the shards come from different workflow runs: ${groups.map(([run, group]) => `${group.map(name).join(', ')} from ${run}`).join('; ')}. ` +
        'Merge only the shards of one run (a stale artifact of another run, or a shard-name shared by two workflows?)',
      { file: groups[groups.length - 1][1][0].directory },
    );
  }
  const run = shards[0].manifest.run;
  if (check.runId && run.id && run.id !== check.runId)
    throw new InputDataError(
      `the shards come from ${runOf(shards[0])}, but this merge job runs in run ${check.runId}`,
      { file: shards[0].directory },
    );
  const versions = new Set(shards.map((shard) => shard.manifest.mlgateVersion));
  if (versions.size > 1 || !versions.has(MLGATE_VERSION))
    check.logger.warning(
      `the shards were computed by mlgate ${[...versions].join(', ')} and are merged by ${MLGATE_VERSION}: pin one version in every job`,
    );

  checkExpected(shards, check);
}

function checkExpected(shards: Shard[], check: ShardCheck): void {
  const found = shards.map((shard) => shard.manifest.shard);
  const expected = check.expected;
  if (expected === undefined) {
    check.logger.warning(
      `expected-shards is not set: merging the ${found.length} shard(s) found (${found.join(', ')}). Set it, so a shard that never uploaded is an error rather than a smaller evaluation.`,
    );
    return;
  }
  let names: string[];
  if (Array.isArray(expected)) names = expected;
  else if (found.every((shard) => /^\d+$/.test(shard))) {
    // Numbered shards count from 1 (matrix: shard: [1, 2, 3, 4]), or from 0 when there is a shard 0.
    const first = found.some((shard) => Number(shard) === 0) ? 0 : 1;
    names = Array.from({ length: expected }, (_, i) => String(first + i));
  } else {
    if (found.length !== expected)
      throw new InputDataError(
        `expected ${expected} shards but found ${found.length}: ${found.join(', ')}. Name them in expected-shards to find out which is missing.`,
        { file: '(artifacts)' },
      );
    return;
  }
  const byNumber = (shard: string) => (/^\d+$/.test(shard) ? String(Number(shard)) : shard);
  const have = new Set(found.map(byNumber));
  const missing = names.filter((shard) => !have.has(byNumber(shard)));
  const wanted = new Set(names.map(byNumber));
  const extra = found.filter((shard) => !wanted.has(byNumber(shard)));
  if (missing.length || extra.length)
    throw new InputDataError(
      [
        missing.length
          ? `missing ${missing.length === 1 ? 'shard' : 'shards'} ${missing.join(', ')}: expected ${names.length} (${names.join(', ')}), found ${found.length} (${found.join(', ') || 'none'}). Did a shard job fail or use another shard-name?`
          : '',
        extra.length ? `unexpected shard(s) ${extra.join(', ')}: expected-shards is ${names.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      { file: '(artifacts)' },
    );
}

/** The shard's files of a role, as absolute paths in its directory, with the paths they had in the shard job. */
export function shardFiles(shard: Shard, role: ShardFile['role']): (ShardFile & { file: string })[] {
  return shard.manifest.files
    .filter((item) => item.role === role)
    .map((item) => {
      const file = path.resolve(shard.directory, item.path);
      // The manifest comes from a job that may have run pull-request code: it names files inside its artifact only.
      if (path.relative(shard.directory, file).startsWith('..') || path.isAbsolute(item.path))
        throw new InputDataError(
          `shard ${shard.manifest.shard} lists a file outside its artifact: ${item.path}`,
          {
            file: `${shard.directory}/${SHARD_MANIFEST}`,
          },
        );
      return { ...item, file };
    });
}

/** A file of this job's shard, to upload (absolute path) with what it is. */
export interface ShardUpload {
  file: string;
  role: ShardFile['role'];
  source?: string;
  format?: string;
}

/** Moves shards between the jobs of a matrix: the CI system's part (@mlgate/github/shards' shardService). */
export interface ShardService {
  /** mode: shard — uploads this job's files as its shard; answers the artifact's name. */
  upload(files: ShardUpload[], configDigest?: string): Promise<{ name: string }>;
  /** mode: merge — every shard of this run, downloaded as they are (the domain checks them). */
  download(): Promise<Shard[]>;
}

/** "mode shard: shard 3 of "eval-shard"", for a step's log; undefined for a step outside a matrix. */
export function shardModeLine(sharding: ShardInputs): string | undefined {
  if (sharding.mode === 'single') return undefined;
  const which =
    sharding.mode === 'shard'
      ? `shard ${sharding.shard}`
      : `expected shards ${String(sharding.expectedShards ?? 'any')}`;
  return `mode ${sharding.mode}: ${which} of "${sharding.prefix}"`;
}
