/**
 * A local GitHub Actions artifact service for tests: the azurite blob emulator (its own process) plus a Twirp
 * JSON server (a worker thread) speaking the ArtifactService methods @actions/artifact uses. Both keep answering
 * while the test thread is blocked in spawnSync running a bundled action.
 */
import { randomUUID } from 'node:crypto';
import { readZip } from './artifact-service-zip.js';
import { serveArtifactTwirp } from './artifact-service-twirp.js';
import type { ServiceArtifact, TwirpWorkerData } from './artifact-service-twirp.js';
import { makeJwt, startTwirpHost } from './twirp-host.js';

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

const CONTAINER = 'actions-results';

export async function startArtifactService(): Promise<ArtifactService> {
  const workflowRunBackendId = randomUUID();
  const workflowJobRunBackendId = randomUUID();
  const runtimeToken = makeJwt({
    scp: `Actions.ExampleScope Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`,
    iss: 'mlgate-artifact-service',
    nbf: Math.floor(Date.now() / 1000) - 60,
    exp: Math.floor(Date.now() / 1000) + 6 * 3600,
  });
  const host = await startTwirpHost<ServiceArtifact>({
    name: 'mlgate-azurite',
    container: CONTAINER,
    permissions: 'racwl',
    serve: serveArtifactTwirp,
    workerData: (container, sas): TwirpWorkerData => ({
      token: runtimeToken,
      workflowRunBackendId,
      workflowJobRunBackendId,
      containerUrl: container.url,
      sas,
    }),
  });
  return {
    resultsUrl: host.resultsUrl,
    runtimeToken,
    env: {
      ACTIONS_RESULTS_URL: host.resultsUrl,
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '4242',
    },
    azuritePid: host.azuritePid,
    artifacts: () => host.records(),
    async download(name) {
      const artifact = (await host.records()).find((item) => item.finalized && item.name === name);
      if (!artifact) throw new Error(`no finalized artifact named "${name}"`);
      const blob = await host.container.getBlobClient(artifact.blobName).downloadToBuffer();
      return artifact.mimeType === 'application/zip' ? readZip(blob) : new Map([[artifact.name, blob]]);
    },
    blobUrl(artifact) {
      const blob = artifact.blobName.split('/').map(encodeURIComponent).join('/');
      return `${host.container.url}/${blob}?${host.sas}`;
    },
    close: () => host.close(),
  };
}
