/**
 * Baselines in the GitHub Actions cache (`baseline-store: cache`, the default), through @actions/cache: a pull
 * request can restore entries saved on its base branch and the default branch; an entry can never be
 * overwritten, and unused entries are evicted after 7 days (or when the repository's 10 GB are full).
 */
import * as cache from '@actions/cache';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, type Logger } from '@mlgate/core';
import { cacheKey, keyPart, pinnedCachePrefix } from './keys.js';
import { readBaselineDirectory } from './staging.js';
import type { BaselineContent, BaselineSlot, BaselineStore, RestoredBaseline, SaveResult } from './types.js';

/**
 * Where a baseline is staged for the cache, relative to the workspace. The cache version hashes the paths as
 * written, so save and restore must name the same relative path on every runner.
 */
const STAGING = '.mlgate-baseline';
/** The cache service takes a key and at most 9 restore keys per lookup. */
const KEYS_PER_LOOKUP = 10;

export class CacheBaselineStore implements BaselineStore {
  readonly kind = 'cache' as const;
  private readonly workspace: string;

  constructor(
    private readonly logger: Logger,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    if (!cache.isFeatureAvailable())
      throw new ConfigurationError(
        'The GitHub Actions cache is not available here (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set): ' +
          'baseline-store: cache works in a GitHub Actions job. Outside one, give the baseline as a file.',
      );
    this.workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  }

  async save(slot: BaselineSlot, directory: string): Promise<SaveResult> {
    const key = cacheKey(slot);
    return this.inWorkspace(async (staging) => {
      if (slot.kind === 'commit') {
        const existing = await cache.restoreCache([STAGING], key, [], { lookupOnly: true });
        if (existing)
          return {
            saved: false,
            storedAs: key,
            reason: 'a baseline of this commit is stored already (a cache entry cannot be overwritten)',
          };
      }
      await cp(directory, staging, { recursive: true });
      const id = await cache.saveCache([STAGING], key);
      // @actions/cache reports its own failures as warnings and answers -1.
      return id === -1
        ? {
            saved: false,
            storedAs: key,
            reason: 'the cache service did not store it (see the warning above)',
          }
        : { saved: true, storedAs: key };
    });
  }

  async findCommit(
    workflow: string,
    name: string,
    commits: string[],
    into: string,
  ): Promise<RestoredBaseline | undefined> {
    let remaining = commits.map((commit) => ({
      commit,
      key: cacheKey({ kind: 'commit', workflow, name, commit }),
    }));
    while (remaining.length > 0) {
      const batch = remaining.slice(0, KEYS_PER_LOOKUP);
      const keys = batch.map((item) => item.key);
      const restored = await this.restore(keys[0], keys.slice(1), into);
      if (!restored) {
        remaining = remaining.slice(KEYS_PER_LOOKUP);
        continue;
      }
      const { matchedKey, baseline, problem } = restored;
      const expected = batch.find((item) => item.key === matchedKey);
      if (
        baseline &&
        expected &&
        baseline.manifest.commit === expected.commit &&
        keyPart(baseline.manifest.name) === keyPart(name)
      )
        return baseline;
      this.logger.warning(
        `Skipped the cached baseline ${matchedKey}: ${problem ?? 'its manifest names another commit or name'}.`,
      );
      remaining = remaining.filter((item) => item.key !== matchedKey);
    }
    return undefined;
  }

  async findPinned(
    content: BaselineContent,
    pin: string,
    into: string,
  ): Promise<RestoredBaseline | undefined> {
    const prefix = pinnedCachePrefix(content, pin);
    // No entry is named by the bare prefix: the restore key's prefix match answers with the newest blessing.
    const restored = await this.restore(prefix, [prefix], into);
    if (!restored) return undefined;
    const { matchedKey, baseline, problem } = restored;
    if (baseline && baseline.manifest.pin === pin && baseline.manifest.content === content) return baseline;
    this.logger.warning(
      `Skipped the cached baseline ${matchedKey}: ${problem ?? 'its manifest names another pin'}.`,
    );
    return undefined;
  }

  /** Restores the first match of the keys and moves it out of the workspace into a directory of its own. */
  private async restore(key: string, restoreKeys: string[], into: string) {
    return this.inWorkspace(async (staging) => {
      const matchedKey = await cache.restoreCache([STAGING], key, restoreKeys);
      if (!matchedKey) return undefined;
      const directory = path.join(into, `cache-${(await readdir(into).catch(() => [])).length + 1}`);
      await mkdir(directory, { recursive: true });
      await cp(staging, directory, { recursive: true });
      return { matchedKey, ...(await readBaselineDirectory(directory, `cache entry ${matchedKey}`)) };
    });
  }

  /**
   * Runs `work` with the workspace as the working directory (the cache resolves the staging path from there)
   * and a clean staging directory, removed afterwards.
   */
  private async inWorkspace<T>(work: (staging: string) => Promise<T>): Promise<T> {
    const staging = path.join(this.workspace, STAGING);
    const previous = process.cwd();
    await rm(staging, { recursive: true, force: true });
    if (previous !== this.workspace) process.chdir(this.workspace);
    try {
      return await work(staging);
    } finally {
      if (previous !== this.workspace) process.chdir(previous);
      await rm(staging, { recursive: true, force: true });
    }
  }
}
