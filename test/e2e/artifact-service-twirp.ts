/**
 * The Twirp JSON half of the local artifact service: the four ArtifactService methods @actions/artifact calls,
 * answering with signed URLs into the azurite container. Runs in a worker thread (see artifact-service.ts).
 */
import type { TwirpHostMessage } from './twirp-host.js';
import type * as Http from 'node:http';
import type * as WorkerThreads from 'node:worker_threads';

/** An artifact as the service records it. */
export interface ServiceArtifact {
  id: number;
  name: string;
  /** Bytes the client reported on FinalizeArtifact (the zip's size); 0 until finalized. */
  size: number;
  finalized: boolean;
  /** The hash the client reported on FinalizeArtifact: `sha256:<hex>`. */
  digest?: string;
  /** RFC 3339, from CreateArtifact's expires_at (set when the upload asked for retention days). */
  expiresAt?: string;
  mimeType?: string;
  createdAt: string;
  /** The blob's name in the container. */
  blobName: string;
}

export interface TwirpWorkerData {
  token: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** http://127.0.0.1:<port>/devstoreaccount1/<container> */
  containerUrl: string;
  /** A container SAS query string (no leading `?`) with read, add, create, write, list. */
  sas: string;
}

type TwirpWorkerMessage = TwirpHostMessage<ServiceArtifact>;

/**
 * Self-contained: it is sent to the worker as source text, so it may use only its parameters (and types, which
 * compile away).
 */
export function serveArtifactTwirp(http: typeof Http, threads: typeof WorkerThreads): void {
  const data = threads.workerData as TwirpWorkerData;
  const parent = threads.parentPort!;
  const PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
  const artifacts: ServiceArtifact[] = [];
  let nextId = 1;

  parent.on('message', (message: { id: number }) => {
    const reply: TwirpWorkerMessage = { type: 'records', id: message.id, records: artifacts };
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

  function checkIds(body: Body): void {
    if (
      text(body, 'workflow_run_backend_id') !== data.workflowRunBackendId ||
      text(body, 'workflow_job_run_backend_id') !== data.workflowJobRunBackendId
    )
      throw new TwirpError(403, 'permission_denied', 'the backend ids do not match the runtime token');
  }

  const signedUrl = (artifact: ServiceArtifact) =>
    `${data.containerUrl}/${artifact.blobName.split('/').map(encodeURIComponent).join('/')}?${data.sas}`;

  const findFinalized = (name: string) => {
    const artifact = artifacts.find((item) => item.finalized && item.name === name);
    if (!artifact) throw new TwirpError(404, 'not_found', `artifact "${name}" not found`);
    return artifact;
  };

  const methods: Record<string, (body: Body) => Body> = {
    CreateArtifact(body) {
      checkIds(body);
      const name = text(body, 'name');
      if (artifacts.some((item) => item.finalized && item.name === name))
        throw new TwirpError(
          409,
          'already_exists',
          'an artifact with this name already exists on the workflow run',
        );
      // An unfinalized one is an earlier failed attempt: start over.
      const stale = artifacts.findIndex((item) => item.name === name);
      if (stale >= 0) artifacts.splice(stale, 1);
      const mimeType = typeof body.mime_type === 'string' ? body.mime_type : undefined;
      const id = nextId++;
      const artifact: ServiceArtifact = {
        id,
        name,
        size: 0,
        finalized: false,
        expiresAt: typeof body.expires_at === 'string' ? body.expires_at : undefined,
        mimeType,
        createdAt: new Date().toISOString(),
        blobName: `${data.workflowRunBackendId}/${id}/${name}${mimeType === 'application/zip' ? '.zip' : ''}`,
      };
      artifacts.push(artifact);
      return { ok: true, signed_upload_url: signedUrl(artifact) };
    },
    FinalizeArtifact(body) {
      checkIds(body);
      const name = text(body, 'name');
      const artifact = artifacts.find((item) => !item.finalized && item.name === name);
      if (!artifact)
        throw new TwirpError(404, 'not_found', `no artifact "${name}" is waiting to be finalized`);
      // int64 travels as a string in protobuf JSON.
      const size = Number(body.size ?? 0);
      if (!Number.isSafeInteger(size) || size < 0) throw new TwirpError(400, 'invalid_argument', 'bad size');
      artifact.size = size;
      artifact.digest = typeof body.hash === 'string' ? body.hash : undefined;
      artifact.finalized = true;
      return { ok: true, artifact_id: String(artifact.id) };
    },
    ListArtifacts(body) {
      checkIds(body);
      const nameFilter = typeof body.name_filter === 'string' ? body.name_filter : undefined;
      const idFilter = body.id_filter === undefined ? undefined : Number(body.id_filter);
      return {
        artifacts: artifacts
          .filter((item) => item.finalized)
          .filter((item) => nameFilter === undefined || item.name === nameFilter)
          .filter((item) => idFilter === undefined || item.id === idFilter)
          .map((item) => ({
            workflow_run_backend_id: data.workflowRunBackendId,
            workflow_job_run_backend_id: data.workflowJobRunBackendId,
            database_id: String(item.id),
            name: item.name,
            size: String(item.size),
            created_at: item.createdAt,
            ...(item.digest ? { digest: item.digest } : {}),
          })),
      };
    },
    GetSignedArtifactURL(body) {
      checkIds(body);
      return { signed_url: signedUrl(findFinalized(text(body, 'name'))) };
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
    const ready: TwirpWorkerMessage = { type: 'ready', url: `http://127.0.0.1:${address.port}` };
    parent.postMessage(ready);
  });
}
