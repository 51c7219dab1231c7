/**
 * A local GitHub Actions artifact service for tests: the azurite blob emulator (its own process) plus a Twirp
 * JSON server (a worker thread) speaking the ArtifactService methods @actions/artifact uses. Both keep answering
 * while the test thread is blocked in spawnSync running a bundled action.
 */
import {
  BlobServiceClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readZip } from './artifact-service-zip.js';
import { serveArtifactTwirp } from './artifact-service-twirp.js';
import type { ServiceArtifact, TwirpWorkerData, TwirpWorkerMessage } from './artifact-service-twirp.js';

export type { ServiceArtifact } from './artifact-service-twirp.js';

export interface ArtifactService {
  /** The Twirp server's root, http://127.0.0.1:<port>/ (ACTIONS_RESULTS_URL). */
  resultsUrl: string;
  /** A JWT whose scp claim carries `Actions.Results:<run backend id>:<job backend id>` (ACTIONS_RUNTIME_TOKEN). */
  runtimeToken: string;
  /** ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID: for an action's env. */
  env: Record<string, string>;
  /** The azurite process, to check that close() ended it. */
  azuritePid: number;
  /** Every artifact created, finalized or not, oldest first. */
  artifacts(): Promise<ServiceArtifact[]>;
  /** The files of the finalized artifact `name`, by their path in its zip. */
  download(name: string): Promise<Map<string, Buffer>>;
  /** A signed URL of the artifact's blob: where GitHub's REST download of the artifact redirects to. */
  blobUrl(artifact: ServiceArtifact): string;
  /** Stops the Twirp worker and SIGKILLs azurite (it ignores SIGTERM while requests are open). */
  close(): Promise<void>;
}

export const ACCOUNT = 'devstoreaccount1';
/** Azurite's well-known development account key (public, documented by Microsoft). */
export const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CONTAINER = 'actions-results';
const START_TIMEOUT_MS = 20_000;

export async function startArtifactService(): Promise<ArtifactService> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-azurite-'));
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
        permissions: ContainerSASPermissions.parse('racwl'),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + 24 * 3600_000),
      },
      credential,
    ).toString();

    const workflowRunBackendId = randomUUID();
    const workflowJobRunBackendId = randomUUID();
    const runtimeToken = makeJwt({
      scp: `Actions.ExampleScope Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`,
      iss: 'mlgate-artifact-service',
      nbf: Math.floor(Date.now() / 1000) - 60,
      exp: Math.floor(Date.now() / 1000) + 6 * 3600,
    });
    const workerData: TwirpWorkerData = {
      token: runtimeToken,
      workflowRunBackendId,
      workflowJobRunBackendId,
      containerUrl: container.url,
      sas,
    };
    // Workers cannot load TypeScript: the server goes over as source text, like the mock GitHub API.
    worker = new Worker(
      `(${serveArtifactTwirp.toString()})(require('node:http'), require('node:worker_threads'));`,
      {
        eval: true,
        workerData,
      },
    );
    worker.unref(); // a test that forgets close() must not keep Jest alive
    const twirp = worker;

    const pending = new Map<number, (artifacts: ServiceArtifact[]) => void>();
    let nextRequest = 1;
    let failure: Error | undefined;
    const resultsUrl = await new Promise<string>((resolve, reject) => {
      twirp.on('message', (message: TwirpWorkerMessage) => {
        if (message.type === 'ready') resolve(`${message.url}/`);
        else {
          pending.get(message.id)?.(message.artifacts);
          pending.delete(message.id);
          if (pending.size === 0) twirp.unref();
        }
      });
      twirp.on('error', (error) => {
        failure = error;
        reject(error);
      });
    });

    const artifacts = () => {
      if (failure) return Promise.reject(failure);
      const id = nextRequest++;
      twirp.ref(); // an answer is awaited: keep the process alive for it
      return new Promise<ServiceArtifact[]>((resolve) => {
        pending.set(id, resolve);
        twirp.postMessage({ id });
      });
    };

    let closed = false;
    return {
      resultsUrl,
      runtimeToken,
      env: {
        ACTIONS_RESULTS_URL: resultsUrl,
        ACTIONS_RUNTIME_TOKEN: runtimeToken,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_RUN_ID: '4242',
      },
      azuritePid: azurite.pid,
      artifacts,
      async download(name) {
        const artifact = (await artifacts()).find((item) => item.finalized && item.name === name);
        if (!artifact) throw new Error(`no finalized artifact named "${name}"`);
        const blob = await container.getBlobClient(artifact.blobName).downloadToBuffer();
        return artifact.mimeType === 'application/zip' ? readZip(blob) : new Map([[artifact.name, blob]]);
      },
      blobUrl(artifact) {
        const blob = artifact.blobName.split('/').map(encodeURIComponent).join('/');
        return `${container.url}/${blob}?${sas}`;
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
function makeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}
