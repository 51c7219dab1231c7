/**
 * What the local artifact and cache services share: an azurite blob container with a SAS, and a Twirp JSON
 * server in a worker thread (sent as source text: workers cannot load TypeScript) that keeps answering while
 * the test thread is blocked in spawnSync, and that hands the test its records on request.
 */
import {
  BlobServiceClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
  type ContainerClient,
} from '@azure/storage-blob';
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Messages from a Twirp worker: it is listening, or here are its records (an answer to request `id`). */
export type TwirpHostMessage<T> =
  { type: 'ready'; url: string } | { type: 'records'; id: number; records: T[] };

export interface TwirpHost<T> {
  /** The Twirp server's root, http://127.0.0.1:<port>/ (ACTIONS_RESULTS_URL). */
  resultsUrl: string;
  container: ContainerClient;
  /** The container SAS query string (no leading `?`). */
  sas: string;
  azuritePid: number;
  /** Everything the server has recorded, oldest first. */
  records(): Promise<T[]>;
  close(): Promise<void>;
}

export async function startTwirpHost<T>(options: {
  /** Prefix of the temporary folder azurite keeps its data in. */
  name: string;
  container: string;
  /** SAS permissions, e.g. "racw". */
  permissions: string;
  /** The self-contained server function, called in the worker with node:http and node:worker_threads. */
  serve: (http: never, threads: never) => void;
  workerData: (container: ContainerClient, sas: string) => object;
}): Promise<TwirpHost<T>> {
  const workspace = mkdtempSync(path.join(tmpdir(), `${options.name}-`));
  const azurite = await startAzurite(workspace);
  let worker: Worker | undefined;
  try {
    const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
    const container = new BlobServiceClient(`${azurite.url}/${ACCOUNT}`, credential).getContainerClient(
      options.container,
    );
    await container.create();
    const sas = generateBlobSASQueryParameters(
      {
        containerName: options.container,
        permissions: ContainerSASPermissions.parse(options.permissions),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + 24 * 3600_000),
      },
      credential,
    ).toString();
    worker = new Worker(
      `(${options.serve.toString()})(require('node:http'), require('node:worker_threads'));`,
      {
        eval: true,
        workerData: options.workerData(container, sas),
      },
    );
    worker.unref(); // a test that forgets close() must not keep Jest alive
    const twirp = worker;

    const pending = new Map<number, (records: T[]) => void>();
    let nextRequest = 1;
    let failure: Error | undefined;
    const resultsUrl = await new Promise<string>((resolve, reject) => {
      twirp.on('message', (message: TwirpHostMessage<T>) => {
        if (message.type === 'ready') resolve(`${message.url}/`);
        else {
          pending.get(message.id)?.(message.records);
          pending.delete(message.id);
          if (pending.size === 0) twirp.unref();
        }
      });
      twirp.on('error', (error) => {
        failure = error;
        reject(error);
      });
    });

    let closed = false;
    return {
      resultsUrl,
      container,
      sas,
      azuritePid: azurite.pid,
      records() {
        if (failure) return Promise.reject(failure);
        const id = nextRequest++;
        twirp.ref(); // an answer is awaited: keep the process alive for it
        return new Promise<T[]>((resolve) => {
          pending.set(id, resolve);
          twirp.postMessage({ id });
        });
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

export const ACCOUNT = 'devstoreaccount1';
/** Azurite's well-known development account key (public, documented by Microsoft). */
export const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const START_TIMEOUT_MS = 20_000;

export interface Azurite {
  url: string;
  pid: number;
  kill(): Promise<void>;
}

/** Starts azurite's blob server on a free port: node on its main.js, so the pid is azurite's own. */
export async function startAzurite(workspace: string): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const args = [
    ...['--blobHost', '127.0.0.1', '--blobPort', '0'],
    ...['--inMemoryPersistence', '--extentMemoryLimit', '1024'],
    ...['--silent', '--skipApiVersionCheck', '--disableTelemetry'],
  ];
  // cwd: azurite writes nothing with --inMemoryPersistence, but a stray debug log would land here, not in the repo.
  const child = spawn(process.execPath, [main, ...args], {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL'); // if the test process ends without close()
  process.once('exit', killOnExit);
  const kill = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.ref(); // keep the process alive until the exit is seen
      child.kill('SIGKILL');
    }
    await exited;
  };

  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`azurite did not start in ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/+$/, ''));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`azurite exited (${signal ?? code}) before it listened:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await kill();
    throw error;
  });
  // Keep draining its output (an unread pipe would eventually block it), without keeping Jest alive.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  return { url, pid: child.pid!, kill };
}

/** An HS256 JWT; @actions/artifact only decodes it, the Twirp server compares it whole. */
export function makeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}
