/**
 * The Twirp JSON half of the local cache service: the three CacheService methods @actions/cache (v2) calls,
 * answering with signed URLs into the azurite container. Runs in a worker thread (see cache-service.ts).
 * Lookups follow GitHub's rules: the key exactly, then each restore key as a prefix, the newest entry first,
 * only entries of the same version (paths and compression); an entry can never be overwritten.
 */
import type { TwirpHostMessage } from './twirp-host.js';
import type * as Http from 'node:http';
import type * as WorkerThreads from 'node:worker_threads';

/** A cache entry as the service records it. */
export interface ServiceCacheEntry {
  id: number;
  key: string;
  version: string;
  /** Bytes the client reported on FinalizeCacheEntryUpload; 0 until finalized. */
  size: number;
  finalized: boolean;
  createdAt: string;
  /** The blob's name in the container. */
  blobName: string;
}

export interface CacheTwirpWorkerData {
  token: string;
  /** http://127.0.0.1:<port>/devstoreaccount1/<container> */
  containerUrl: string;
  /** A container SAS query string (no leading `?`) with read, add, create, write. */
  sas: string;
}

type CacheTwirpWorkerMessage = TwirpHostMessage<ServiceCacheEntry>;

/** Self-contained: it is sent to the worker as source text, so it may use only its parameters. */
export function serveCacheTwirp(http: typeof Http, threads: typeof WorkerThreads): void {
  const data = threads.workerData as CacheTwirpWorkerData;
  const parent = threads.parentPort!;
  const PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';
  const entries: ServiceCacheEntry[] = [];
  let nextId = 1;

  parent.on('message', (message: { id: number }) => {
    const reply: CacheTwirpWorkerMessage = { type: 'records', id: message.id, records: entries };
    parent.postMessage(reply);
  });

  class TwirpError extends Error {
    constructor(
      readonly status: number,
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }

  type Body = Record<string, unknown>;
  const text = (body: Body, field: string): string => {
    const value = body[field];
    if (typeof value !== 'string' || value === '')
      throw new TwirpError(400, 'invalid_argument', `${field} is required`);
    return value;
  };
  const signedUrl = (entry: ServiceCacheEntry) => `${data.containerUrl}/${entry.blobName}?${data.sas}`;
  const newestFirst = (a: ServiceCacheEntry, b: ServiceCacheEntry) =>
    b.createdAt.localeCompare(a.createdAt) || b.id - a.id;

  const methods: Record<string, (body: Body) => Body> = {
    CreateCacheEntry(body) {
      const key = text(body, 'key');
      const version = text(body, 'version');
      if (key.length > 512 || key.includes(','))
        throw new TwirpError(400, 'invalid_argument', 'the key is longer than 512 characters or has a comma');
      if (entries.some((entry) => entry.key === key && entry.version === version))
        throw new TwirpError(
          409,
          'already_exists',
          'cache entry with the same key, version, and scope already exists',
        );
      const id = nextId++;
      const entry: ServiceCacheEntry = {
        id,
        key,
        version,
        size: 0,
        finalized: false,
        createdAt: new Date().toISOString(),
        blobName: `caches/${id}`,
      };
      entries.push(entry);
      return { ok: true, signed_upload_url: signedUrl(entry) };
    },
    FinalizeCacheEntryUpload(body) {
      const key = text(body, 'key');
      const version = text(body, 'version');
      const entry = entries.find((item) => !item.finalized && item.key === key && item.version === version);
      if (!entry) return { ok: false, message: `no cache entry "${key}" is waiting to be finalized` };
      // int64 travels as a string in protobuf JSON.
      const size = Number(body.size_bytes ?? 0);
      if (!Number.isSafeInteger(size) || size < 0) throw new TwirpError(400, 'invalid_argument', 'bad size');
      entry.size = size;
      entry.finalized = true;
      return { ok: true, entry_id: String(entry.id) };
    },
    GetCacheEntryDownloadURL(body) {
      const key = text(body, 'key');
      const version = text(body, 'version');
      const restoreKeys = Array.isArray(body.restore_keys) ? (body.restore_keys as string[]) : [];
      const usable = entries
        .filter((entry) => entry.finalized && entry.version === version)
        .sort(newestFirst);
      const match =
        usable.find((entry) => entry.key === key) ??
        restoreKeys.map((prefix) => usable.find((entry) => entry.key.startsWith(prefix))).find(Boolean);
      if (!match) return { ok: false, signed_download_url: '', matched_key: '' };
      return { ok: true, signed_download_url: signedUrl(match), matched_key: match.key };
    },
  };

  function send(response: Http.ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname;
        const method = path.startsWith(PREFIX) ? methods[path.slice(PREFIX.length)] : undefined;
        if (request.method !== 'POST' || !method)
          throw new TwirpError(404, 'bad_route', `no handler for ${request.method} ${path}`);
        if (request.headers.authorization !== `Bearer ${data.token}`)
          throw new TwirpError(401, 'unauthenticated', 'invalid or missing runtime token');
        let body: Body;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Body;
        } catch {
          throw new TwirpError(400, 'malformed', 'the request body is not JSON');
        }
        send(response, 200, method(body));
      } catch (error) {
        if (error instanceof TwirpError)
          send(response, error.status, { code: error.code, msg: error.message });
        else send(response, 500, { code: 'internal', msg: String(error) });
      }
    });
  });

  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    const ready: CacheTwirpWorkerMessage = { type: 'ready', url: `http://127.0.0.1:${address.port}` };
    parent.postMessage(ready);
  });
}
