/**
 * A minimal Kubernetes API client for the routers that patch custom resources: GET an object and PATCH it
 * (JSON patch guarded by a resourceVersion test, or merge patch), over HTTPS with a bearer token and the
 * cluster CA, or through `kubectl` when configured.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describeUrl, httpRequest } from '../http.js';
import { runChecked } from '../process.js';
import type { RouterSection } from './definition.js';
import { beforeAnyChange, REFUSED_UNAPPLIED, RouterUnchanged } from './types.js';
import type { Router, RouterContext, TrafficSplit } from './types.js';

/** An answer of the API server other than 2xx, with its status. */
export class KubernetesApiError extends Error {
  override name = 'KubernetesApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
export interface KubernetesSettings {
  namespace: string;
  /** Path of a kubeconfig file; its current context (or `context`) gives server, token and CA. */
  kubeconfig?: string;
  context?: string;
  server?: string;
  tokenFile?: string;
  /** Name of an environment variable holding the bearer token (never the token itself in a file). */
  tokenEnv?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** Use this kubectl binary instead of the API (it reads its own kubeconfig). */
  kubectl?: string;
}

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
}

export type JsonPatch = { op: 'add' | 'replace' | 'remove' | 'test'; path: string; value?: unknown }[];

export interface KubeObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface KubernetesClient {
  readonly description: string;
  get(type: ResourceType, name: string, signal?: AbortSignal): Promise<KubeObject>;
  patch(
    type: ResourceType,
    name: string,
    patch: JsonPatch | Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<KubeObject>;
}

interface Connection {
  server: string;
  token?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecureSkipTlsVerify?: boolean;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The API path of one named object. */
export function objectPath(type: ResourceType, namespace: string, name: string): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${type.plural}/${encodeURIComponent(name)}`;
}

async function connectionFromKubeconfig(file: string, contextName?: string): Promise<Connection> {
  const config = parse(await readFile(file, 'utf8')) as Record<string, unknown> | null;
  const named = (list: unknown, name: string, what: string): Record<string, unknown> => {
    const entry = (Array.isArray(list) ? list : []).find((item: { name?: string }) => item?.name === name) as
      Record<string, unknown> | undefined;
    if (!entry) throw new Error(`${file}: no ${what} named "${name}"`);
    return (entry[what] ?? {}) as Record<string, unknown>;
  };
  // Names and tokens are YAML scalars: a number (token: 12345) is used as its digits.
  const scalar = (value: unknown, key: string): string => {
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    throw new Error(`${file}: "${key}" must be a string`);
  };
  const current = contextName ?? (config?.['current-context'] as string | undefined);
  if (!current) throw new Error(`${file}: no current-context; set "context" in the router settings`);
  const context = named(config?.contexts, current, 'context');
  const cluster = named(config?.clusters, String(context.cluster), 'cluster');
  const user = context.user ? named(config?.users, scalar(context.user, 'user'), 'user') : {};
  const relative = (value: unknown) => path.resolve(path.dirname(file), String(value));
  const decode = (value: unknown) => Buffer.from(String(value), 'base64').toString('utf8');
  const fileOrData = async (fileKey: string, dataKey: string, from: Record<string, unknown>) =>
    from[dataKey] !== undefined
      ? decode(from[dataKey])
      : from[fileKey] !== undefined
        ? await readFile(relative(from[fileKey]), 'utf8')
        : undefined;
  return {
    server: String(cluster.server),
    ca: await fileOrData('certificate-authority', 'certificate-authority-data', cluster),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    token:
      user.token !== undefined
        ? scalar(user.token, 'token')
        : user.tokenFile !== undefined
          ? (await readFile(relative(user.tokenFile), 'utf8')).trim()
          : undefined,
    cert: await fileOrData('client-certificate', 'client-certificate-data', user),
    key: await fileOrData('client-key', 'client-key-data', user),
  };
}

async function resolveConnection(settings: KubernetesSettings): Promise<Connection> {
  if (settings.kubeconfig) return connectionFromKubeconfig(settings.kubeconfig, settings.context);
  const token = settings.tokenEnv
    ? process.env[settings.tokenEnv]
    : settings.tokenFile
      ? (await readFile(settings.tokenFile, 'utf8')).trim()
      : undefined;
  if (settings.tokenEnv && !token) throw new Error(`environment variable ${settings.tokenEnv} is empty`);
  if (settings.server)
    return {
      server: settings.server,
      token,
      ca: settings.caFile ? await readFile(settings.caFile, 'utf8') : undefined,
      insecureSkipTlsVerify: settings.insecureSkipTlsVerify,
    };
  // In-cluster: the service account the pod runs as.
  const host = process.env.KUBERNETES_SERVICE_HOST;
  if (!host) throw new Error('no Kubernetes API configured: set kubeconfig, server or kubectl');
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: token ?? (await readFile(`${SERVICE_ACCOUNT}/token`, 'utf8')).trim(),
    ca: await readFile(settings.caFile ?? `${SERVICE_ACCOUNT}/ca.crt`, 'utf8'),
  };
}

/** Talks to the API server over HTTP(S). */
export class ApiClient implements KubernetesClient {
  readonly description: string;
  private connection?: Promise<Connection>;

  constructor(private readonly settings: KubernetesSettings) {
    this.description = settings.server ?? settings.kubeconfig ?? 'in-cluster API';
  }

  private async call(
    method: string,
    apiPath: string,
    body?: string,
    contentType?: string,
    signal?: AbortSignal,
  ) {
    this.connection ??= resolveConnection(this.settings);
    const connection = await this.connection;
    const url = `${connection.server.replace(/\/$/, '')}${apiPath}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (connection.token) headers.authorization = `Bearer ${connection.token}`;
    if (contentType) headers['content-type'] = contentType;
    const response = await httpRequest({
      method,
      url,
      headers,
      body,
      ca: connection.ca,
      cert: connection.cert,
      key: connection.key,
      insecureSkipTlsVerify: connection.insecureSkipTlsVerify,
      signal,
    });
    if (response.status < 200 || response.status >= 300) {
      let message = response.body.slice(0, 500);
      try {
        message = (JSON.parse(response.body) as { message?: string }).message ?? message;
      } catch {
        // Not a Status object: keep the raw text.
      }
      throw new KubernetesApiError(
        response.status,
        `${describeUrl(method, url)}: HTTP ${response.status}: ${message}`,
      );
    }
    return JSON.parse(response.body) as KubeObject;
  }

  get(type: ResourceType, name: string, signal?: AbortSignal): Promise<KubeObject> {
    return this.call('GET', objectPath(type, this.settings.namespace, name), undefined, undefined, signal);
  }

  patch(type: ResourceType, name: string, patch: JsonPatch | Record<string, unknown>, signal?: AbortSignal) {
    const contentType = Array.isArray(patch) ? 'application/json-patch+json' : 'application/merge-patch+json';
    return this.call(
      'PATCH',
      objectPath(type, this.settings.namespace, name),
      JSON.stringify(patch),
      contentType,
      signal,
    );
  }
}

/** Drives `kubectl get -o json` and `kubectl patch`; the patch travels as one argv element, never through a shell. */
export class KubectlClient implements KubernetesClient {
  readonly description: string;

  constructor(private readonly settings: KubernetesSettings & { kubectl: string }) {
    this.description = `${settings.kubectl}${settings.context ? ` --context ${settings.context}` : ''}`;
  }

  private base(type: ResourceType, name: string): string[] {
    const args = [this.settings.kubectl];
    if (this.settings.kubeconfig) args.push('--kubeconfig', this.settings.kubeconfig);
    if (this.settings.context) args.push('--context', this.settings.context);
    const resource = type.group === '' ? type.plural : `${type.plural}.${type.group}`;
    return [...args, '--namespace', this.settings.namespace, resource, name];
  }

  async get(type: ResourceType, name: string, signal?: AbortSignal): Promise<KubeObject> {
    const [binary, ...rest] = this.base(type, name);
    return JSON.parse(
      await runChecked([binary, 'get', ...rest, '--output', 'json'], 'kubectl get', { signal }),
    ) as KubeObject;
  }

  async patch(
    type: ResourceType,
    name: string,
    patch: JsonPatch | Record<string, unknown>,
    signal?: AbortSignal,
  ) {
    const [binary, ...rest] = this.base(type, name);
    const kind = Array.isArray(patch) ? 'json' : 'merge';
    const argv = [
      binary,
      'patch',
      ...rest,
      '--type',
      kind,
      '--patch',
      JSON.stringify(patch),
      '--output',
      'json',
    ];
    return JSON.parse(await runChecked(argv, 'kubectl patch', { signal })) as KubeObject;
  }
}

export function kubernetesClient(settings: KubernetesSettings): KubernetesClient {
  return settings.kubectl
    ? new KubectlClient({ ...settings, kubectl: settings.kubectl })
    : new ApiClient(settings);
}

/** JSON pointer escaping of one path segment. */
export const pointer = (segment: string | number) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/** What a custom-resource router needs to know of its resource. */
export interface CustomResource {
  type: ResourceType;
  /** For the description, e.g. "Istio VirtualService". */
  kind: string;
  name: string;
  canMirror: boolean;
  /** Smallest weight step the resource can hold, in percentage points. */
  resolution: number;
  splitOf(object: KubeObject): TrafficSplit;
  /** The patch that sets `split`, built from the object as it is now. */
  patchFor(object: KubeObject, split: TrafficSplit): JsonPatch | Record<string, unknown>;
}

/**
 * A router whose state lives in one custom resource: reading GETs it and parses the split; writing GETs it and
 * sends the patch built from what it holds (a JSON patch guarded by its resourceVersion, or a merge patch).
 */
export class CustomResourceRouter implements Router {
  readonly canMirror: boolean;
  readonly resolution: number;
  readonly description: string;
  private readonly client: KubernetesClient;

  constructor(
    private readonly resource: CustomResource,
    settings: KubernetesSettings,
    client?: KubernetesClient,
  ) {
    this.client = client ?? kubernetesClient(settings);
    this.canMirror = resource.canMirror;
    this.resolution = resource.resolution;
    this.description = `${resource.kind} ${settings.namespace}/${resource.name} via ${this.client.description}`;
  }

  async read(context: RouterContext): Promise<TrafficSplit> {
    return this.resource.splitOf(
      await this.client.get(this.resource.type, this.resource.name, context.signal),
    );
  }

  async write(split: TrafficSplit, context: RouterContext): Promise<void> {
    const { type, name } = this.resource;
    const patch = await beforeAnyChange(`reading ${this.description}`, async () =>
      this.resource.patchFor(await this.client.get(type, name, context.signal), split),
    );
    try {
      await this.client.patch(type, name, patch, context.signal);
    } catch (error) {
      // The API server applies a patch entirely or not at all; a refusal (422 invalid, 409 conflict…) changed nothing.
      if (error instanceof KubernetesApiError && REFUSED_UNAPPLIED.has(error.status))
        throw new RouterUnchanged(`${error.message} (router unchanged: the API server refused the patch)`);
      throw error;
    }
  }
}

/** The settings every Kubernetes router shares: which cluster, and how to reach it. */
export const kubernetesProperties = {
  namespace: { type: 'string', minLength: 1 },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  server: { type: 'string' },
  'token-file': { type: 'string' },
  'token-env': { type: 'string' },
  'ca-file': { type: 'string' },
  'insecure-skip-tls-verify': { type: 'boolean' },
  kubectl: { type: 'string' },
} as const;

export function kubernetesSettings(section: RouterSection): KubernetesSettings {
  return {
    namespace: section.string('namespace') ?? 'default',
    kubeconfig: section.path('kubeconfig'),
    context: section.string('context'),
    server: section.string('server'),
    tokenFile: section.path('token-file'),
    tokenEnv: section.string('token-env'),
    caFile: section.path('ca-file'),
    insecureSkipTlsVerify: section.value<boolean>('insecure-skip-tls-verify'),
    kubectl: section.string('kubectl'),
  };
}
