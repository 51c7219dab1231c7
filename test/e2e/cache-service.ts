/**
 * A local GitHub Actions cache service for tests: the azurite blob emulator (its own process) plus a Twirp
 * JSON server (a worker thread) speaking the CacheService methods @actions/cache uses with
 * ACTIONS_CACHE_SERVICE_V2. Both keep answering while the test thread is blocked in spawnSync.
 */
import { serveCacheTwirp } from './cache-service-twirp.js';
import type { CacheTwirpWorkerData, ServiceCacheEntry } from './cache-service-twirp.js';
import { makeJwt, startTwirpHost } from './twirp-host.js';

export type { ServiceCacheEntry } from './cache-service-twirp.js';

export interface CacheService {
  /** The Twirp server's root (ACTIONS_RESULTS_URL). */
  resultsUrl: string;
  /** ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_SERVICE_V2, for an action's env. */
  env: Record<string, string>;
  azuritePid: number;
  /** Every entry created, finalized or not, oldest first. */
  entries(): Promise<ServiceCacheEntry[]>;
  /** The archive (a tar, zstd- or gzip-compressed) of a finalized entry. */
  download(key: string): Promise<Buffer>;
  close(): Promise<void>;
}

const CONTAINER = 'actions-cache';

export async function startCacheService(): Promise<CacheService> {
  const token = makeJwt({ iss: 'mlgate-cache-service', scp: 'Actions.Results' });
  const host = await startTwirpHost<ServiceCacheEntry>({
    name: 'mlgate-azurite-cache',
    container: CONTAINER,
    permissions: 'racw',
    serve: serveCacheTwirp,
    workerData: (container, sas): CacheTwirpWorkerData => ({ token, containerUrl: container.url, sas }),
  });
  return {
    resultsUrl: host.resultsUrl,
    env: {
      ACTIONS_RESULTS_URL: host.resultsUrl,
      ACTIONS_RUNTIME_TOKEN: token,
      ACTIONS_CACHE_SERVICE_V2: 'True',
    },
    azuritePid: host.azuritePid,
    entries: () => host.records(),
    async download(key) {
      const entry = (await host.records()).find((item) => item.finalized && item.key === key);
      if (!entry) throw new Error(`no finalized cache entry "${key}"`);
      return host.container.getBlobClient(entry.blobName).downloadToBuffer();
    },
    close: () => host.close(),
  };
}
