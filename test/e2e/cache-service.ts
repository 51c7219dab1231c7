/**
 * A local GitHub Actions cache service for tests: the azurite blob emulator (its own process) plus a Twirp
 * JSON server (a worker thread) speaking the CacheService methods @actions/cache uses with
 * ACTIONS_CACHE_SERVICE_V2. Both keep answering while the test thread is blocked in spawnSync.
 */
import {
  BlobServiceClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ACCOUNT, ACCOUNT_KEY, startAzurite } from './artifact-service.js';
import { serveCacheTwirp } from './cache-service-twirp.js';
import type {
  CacheTwirpWorkerData,
  CacheTwirpWorkerMessage,
  ServiceCacheEntry,
} from './cache-service-twirp.js';

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
  const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-azurite-cache-'));
  const azurite = await startAzurite(workspace);
  let worker: Worker | undefined;
  try {
    const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
    const container = new BlobServiceClient(`${azurite.url}/${ACCOUNT}`, credential).getContainerClient(
      CONTAINER,
    );
    await container.create();
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        permissions: ContainerSASPermissions.parse('racw'),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + 24 * 3600_000),
      },
      credential,
    ).toString();
    const token = makeToken();
    const workerData: CacheTwirpWorkerData = { token, containerUrl: container.url, sas };
    worker = new Worker(
      `(${serveCacheTwirp.toString()})(require('node:http'), require('node:worker_threads'));`,
      { eval: true, workerData },
    );
    worker.unref();
    const twirp = worker;

    const pending = new Map<number, (entries: ServiceCacheEntry[]) => void>();
    let nextRequest = 1;
    let failure: Error | undefined;
    const resultsUrl = await new Promise<string>((resolve, reject) => {
      twirp.on('message', (message: CacheTwirpWorkerMessage) => {
        if (message.type === 'ready') resolve(`${message.url}/`);
        else {
          pending.get(message.id)?.(message.entries);
          pending.delete(message.id);
          if (pending.size === 0) twirp.unref();
        }
      });
      twirp.on('error', (error) => {
        failure = error;
        reject(error);
      });
    });

    const entries = () => {
      if (failure) return Promise.reject(failure);
      const id = nextRequest++;
      twirp.ref();
      return new Promise<ServiceCacheEntry[]>((resolve) => {
        pending.set(id, resolve);
        twirp.postMessage({ id });
      });
    };

    let closed = false;
    return {
      resultsUrl,
      env: {
        ACTIONS_RESULTS_URL: resultsUrl,
        ACTIONS_RUNTIME_TOKEN: token,
        ACTIONS_CACHE_SERVICE_V2: 'True',
      },
      azuritePid: azurite.pid,
      entries,
      async download(key) {
        const entry = (await entries()).find((item) => item.finalized && item.key === key);
        if (!entry) throw new Error(`no finalized cache entry "${key}"`);
        return container.getBlobClient(entry.blobName).downloadToBuffer();
      },
      async close() {
        if (closed) return;
        closed = true;
        await twirp.terminate();
        await azurite.kill();
        rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await worker?.terminate();
    await azurite.kill();
    rmSync(workspace, { recursive: true, force: true });
    throw error;
  }
}

/** A JWT-shaped runtime token; @actions/cache only sends it, the Twirp server compares it whole. */
function makeToken(): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: 'mlgate-cache-service', scp: 'Actions.Results' })}`;
  return `${unsigned}.${createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url')}`;
}
