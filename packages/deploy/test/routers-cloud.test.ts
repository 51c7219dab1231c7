import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { GatewayApiRouter, HTTP_ROUTE } from '../src/routers/gateway-api.js';
import { IstioRouter } from '../src/routers/istio.js';
import { KserveRouter } from '../src/routers/kserve.js';
import { SageMakerRouter } from '../src/routers/sagemaker.js';
import { applySplit, RouterUnchanged } from '../src/routers/types.js';
import { crdValidator } from './crd-schema.js';

const validHttpRoute = crdValidator('gateway-api-httproute-v1.json');
const validVirtualService = crdValidator('istio-virtualservice-v1.json');
const validInferenceService = crdValidator('kserve-inferenceservice-v1beta1.json');

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function listen(
  handler: (request: Received, res: http.ServerResponse) => void,
): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      res.setHeader('content-type', 'application/json');
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** Applies an RFC 6902 patch (the subset the routers send) the way the API server would, honouring `test`. */
function applyJsonPatch(
  target: Record<string, unknown>,
  patch: { op: string; path: string; value?: unknown }[],
): boolean {
  const copy = JSON.parse(JSON.stringify(target)) as Record<string, unknown>;
  for (const op of patch) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let parent: Record<string, unknown> = copy;
    for (const part of parts) parent = parent[part] as Record<string, unknown>;
    if (op.op === 'test') {
      if (JSON.stringify(parent[last]) !== JSON.stringify(op.value)) return false;
    } else if (op.op === 'remove') delete parent[last];
    else parent[last] = op.value;
  }
  Object.assign(target, copy);
  return true;
}

/**
 * A Kubernetes API stand-in for one object: GET, JSON patch (with resourceVersion) and merge patch. Like the API
 * server, it refuses (422) a patch whose result does not validate against the CRD's schema; `rejected` keeps why.
 */
function kubeObject(initial: Record<string, unknown>, validate: (object: unknown) => string[]) {
  const object = JSON.parse(JSON.stringify(initial)) as Record<string, unknown> & {
    metadata: { resourceVersion: string };
  };
  const rejected: string[][] = [];
  const refuse = (res: http.ServerResponse, message: string) => {
    res.statusCode = 422;
    res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Invalid', message }));
  };
  const handler = (request: Received, res: http.ServerResponse) => {
    if (request.method === 'GET') {
      res.end(JSON.stringify(object));
      return;
    }
    const patch = JSON.parse(request.body) as unknown;
    const result = JSON.parse(JSON.stringify(object)) as typeof object;
    if (request.headers['content-type'] === 'application/json-patch+json') {
      if (!applyJsonPatch(result, patch as { op: string; path: string }[])) {
        refuse(res, 'the server rejected our request due to an error in our request');
        return;
      }
    } else {
      const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
        for (const [key, value] of Object.entries(from))
          if (value && typeof value === 'object' && !Array.isArray(value))
            merge((into[key] ??= {}) as Record<string, unknown>, value as Record<string, unknown>);
          else into[key] = value;
      };
      merge(result, patch as Record<string, unknown>);
    }
    const errors = validate(result);
    if (errors.length > 0) {
      rejected.push(errors);
      refuse(res, errors.join('; '));
      return;
    }
    Object.assign(object, result);
    object.metadata.resourceVersion = String(Number(object.metadata.resourceVersion) + 1);
    res.end(JSON.stringify(object));
  };
  return { handler, rejected, object };
}

const k8s = (base: string) => ({ namespace: 'ml', server: base, tokenEnv: 'TEST_K8S_TOKEN' });
process.env.TEST_K8S_TOKEN = 'kube-token';

describe('Gateway API HTTPRoute', () => {
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'model', namespace: 'ml', resourceVersion: '7' },
    spec: {
      parentRefs: [{ name: 'gw' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/health' } }],
          backendRefs: [{ name: 'health', port: 80 }],
        },
        {
          backendRefs: [{ name: 'model-stable', port: 8080 }],
          filters: [
            { type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x', value: '1' }] } },
          ],
        },
      ],
    },
  };

  test('GET then JSON patch of the one rule: weights, canary ref added, RequestMirror, resourceVersion test', async () => {
    expect(validHttpRoute(route)).toEqual([]);
    const server = kubeObject(route, validHttpRoute);
    const { base, received } = await listen(server.handler);
    const router = new GatewayApiRouter({
      ...k8s(base),
      route: 'model',
      stableService: 'model-stable',
      canaryService: 'model-canary',
    });
    const logger = new MemoryLogger();
    expect(await router.read({ logger })).toEqual({ weight: 0, mirror: 0 });
    expect(await applySplit(router, { weight: 0, mirror: 50 }, { logger })).toEqual({
      weight: 0,
      mirror: 50,
    });
    const patch = received.find((request) => request.method === 'PATCH')!;
    expect(patch.url).toBe('/apis/gateway.networking.k8s.io/v1/namespaces/ml/httproutes/model');
    expect(patch.headers.authorization).toBe('Bearer kube-token');
    expect(patch.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(patch.body)).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '7' },
      {
        op: 'replace',
        path: '/spec/rules/1/backendRefs',
        value: [
          { name: 'model-stable', port: 8080, weight: 100 },
          { name: 'model-canary', port: 8080, weight: 0 },
        ],
      },
      {
        op: 'add',
        path: '/spec/rules/1/filters',
        value: [
          { type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x', value: '1' }] } },
          {
            type: 'RequestMirror',
            requestMirror: { backendRef: { name: 'model-canary', port: 8080 }, percent: 50 },
          },
        ],
      },
    ]);
    // Then a canary step: mirror removed, other filters kept, the health rule untouched.
    expect(await applySplit(router, { weight: 25, mirror: 0 }, { logger })).toEqual({
      weight: 25,
      mirror: 0,
    });
    const last = JSON.parse(received.filter((request) => request.method === 'PATCH').at(-1)!.body) as {
      path: string;
      value: unknown;
    }[];
    expect(last[2].value).toEqual([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x', value: '1' }] } },
    ]);
    expect(
      received
        .filter((request) => request.method === 'PATCH')
        .every((request) => !request.body.includes('/spec/rules/0')),
    ).toBe(true);
    expect(HTTP_ROUTE.plural).toBe('httproutes');
    // Fractional weights and mirror shares, then back to stable: every resulting HTTPRoute is valid v1.
    for (const split of [
      { weight: 12.5, mirror: 2.5 },
      { weight: 100, mirror: 0 },
      { weight: 0, mirror: 0 },
    ])
      expect(await applySplit(router, split, { logger })).toEqual(split);
    expect(server.rejected).toEqual([]);
  });

  test('the schema catches what the API server would refuse or prune', () => {
    const rule = route.spec.rules[1];
    const withRule = (changed: Record<string, unknown>) => ({
      ...route,
      spec: { ...route.spec, rules: [route.spec.rules[0], { ...rule, ...changed }] },
    });
    expect(
      validHttpRoute(withRule({ backendRefs: [{ name: 'model-stable', port: 8080, weight: 12.5 }] })),
    ).toEqual(['/spec/rules/1/backendRefs/0/weight must be integer']);
    expect(
      validHttpRoute(
        withRule({
          filters: [
            { type: 'RequestMirror', requestMirror: { backendRef: { name: 'c', port: 80 }, percent: 150 } },
          ],
        }),
      ),
    ).toEqual(['/spec/rules/1/filters/0/requestMirror/percent must be <= 100']);
    expect(
      validHttpRoute(withRule({ backendRefs: [{ name: 'model-stable', port: 8080, share: 1 }] })),
    ).toEqual(['/spec/rules/1/backendRefs/0 must NOT have additional properties']);
  });
});

describe('Istio VirtualService', () => {
  const service = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'model', namespace: 'ml', resourceVersion: '3' },
    spec: {
      hosts: ['model'],
      http: [
        { name: 'admin', route: [{ destination: { host: 'admin' } }] },
        { name: 'primary', route: [{ destination: { host: 'model', subset: 'v1' } }] },
      ],
    },
  };

  test('route weights and mirror / mirrorPercentage on the named route', async () => {
    expect(validVirtualService(service)).toEqual([]);
    const server = kubeObject(service, validVirtualService);
    const { base, received } = await listen(server.handler);
    const router = new IstioRouter({
      ...k8s(base),
      virtualService: 'model',
      route: 'primary',
      stable: { host: 'model', subset: 'v1' },
      canary: { host: 'model', subset: 'v2' },
    });
    const logger = new MemoryLogger();
    expect(await router.read({ logger })).toEqual({ weight: 0, mirror: 0 });
    await applySplit(router, { weight: 0, mirror: 10 }, { logger });
    await applySplit(router, { weight: 20, mirror: 0 }, { logger });
    const patches = received
      .filter((request) => request.method === 'PATCH')
      .map((request) => JSON.parse(request.body) as unknown);
    expect(received[1].url).toBe('/apis/networking.istio.io/v1/namespaces/ml/virtualservices/model');
    expect(patches[0]).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '3' },
      {
        op: 'replace',
        path: '/spec/http/1/route',
        value: [
          { destination: { host: 'model', subset: 'v1' }, weight: 100 },
          { destination: { host: 'model', subset: 'v2' }, weight: 0 },
        ],
      },
      { op: 'add', path: '/spec/http/1/mirror', value: { host: 'model', subset: 'v2' } },
      { op: 'add', path: '/spec/http/1/mirrorPercentage', value: { value: 10 } },
    ]);
    expect(patches[1]).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '4' },
      {
        op: 'replace',
        path: '/spec/http/1/route',
        value: [
          { destination: { host: 'model', subset: 'v1' }, weight: 80 },
          { destination: { host: 'model', subset: 'v2' }, weight: 20 },
        ],
      },
      { op: 'remove', path: '/spec/http/1/mirror' },
      { op: 'remove', path: '/spec/http/1/mirrorPercentage' },
    ]);
    await applySplit(router, { weight: 0, mirror: 2.5 }, { logger });
    await applySplit(router, { weight: 100, mirror: 0 }, { logger });
    expect(server.rejected).toEqual([]);
    expect(
      validVirtualService({
        ...service,
        spec: { http: [{ route: [{ destination: { host: 'model' }, weight: 0.5 }], mirrorPercentage: 5 }] },
      }),
    ).toEqual([
      '/spec/http/0/mirrorPercentage must be object',
      '/spec/http/0/route/0/weight must be integer',
    ]);
  });
});

describe('KServe InferenceService', () => {
  test('merge patch of spec.predictor.canaryTrafficPercent, read back', async () => {
    const server = kubeObject(
      {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'sentiment', namespace: 'ml', resourceVersion: '1' },
        spec: {
          predictor: {
            canaryTrafficPercent: 0,
            model: { modelFormat: { name: 'onnx' }, storageUri: 's3://m/v2' },
          },
        },
      },
      validInferenceService,
    );
    expect(validInferenceService(server.object)).toEqual([]);
    const { base, received } = await listen(server.handler);
    const router = new KserveRouter({ ...k8s(base), inferenceService: 'sentiment' });
    expect(await applySplit(router, { weight: 10, mirror: 0 }, { logger: new MemoryLogger() })).toEqual({
      weight: 10,
      mirror: 0,
    });
    const patch = received.find((request) => request.method === 'PATCH')!;
    expect(patch.url).toBe('/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices/sentiment');
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch.body)).toEqual({ spec: { predictor: { canaryTrafficPercent: 10 } } });
    // canaryTrafficPercent is an int64: a fractional step is rounded before it is sent.
    expect(await applySplit(router, { weight: 12.4, mirror: 0 }, { logger: new MemoryLogger() })).toEqual({
      weight: 12,
      mirror: 0,
    });
    expect(server.rejected).toEqual([]);
    expect(
      validInferenceService({ ...server.object, spec: { predictor: { canaryTrafficPercent: 12.4 } } }),
    ).toEqual(['/spec/predictor/canaryTrafficPercent must be integer']);
  });
});

/** Recomputes the SigV4 signature from the received request (AWS's published algorithm, independent of aws4fetch). */
function verifySigV4(
  request: Received,
  secret: string,
): { ok: boolean; scope: string; signedHeaders: string } {
  const auth = String(request.headers.authorization);
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!match) return { ok: false, scope: '', signedHeaders: '' };
  const [, , date, region, service, signedHeaders, signature] = match;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${String(request.headers[name]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    '/',
    '',
    canonicalHeaders,
    signedHeaders,
    sha256(request.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    String(request.headers['x-amz-date']),
    scope,
    sha256(canonicalRequest),
  ].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return {
    ok: createHmac('sha256', key).update(stringToSign).digest('hex') === signature,
    scope,
    signedHeaders,
  };
}

describe('SageMaker', () => {
  test('signed UpdateEndpointWeightsAndCapacities, then DescribeEndpoint polling until InService', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    process.env.AWS_SESSION_TOKEN = 'session-token';
    const variants = [
      { VariantName: 'blue', CurrentWeight: 1, DesiredWeight: 1 },
      { VariantName: 'green', CurrentWeight: 0, DesiredWeight: 0 },
    ];
    let updatingFor = 0;
    const { base, received } = await listen((request, res) => {
      const target = String(request.headers['x-amz-target']);
      const body = JSON.parse(request.body) as {
        EndpointName: string;
        DesiredWeightsAndCapacities?: { VariantName: string; DesiredWeight: number }[];
      };
      if (target === 'SageMaker.DescribeEndpoint') {
        const status = updatingFor > 0 ? 'Updating' : 'InService';
        if (updatingFor > 0 && --updatingFor === 0)
          for (const variant of variants) variant.CurrentWeight = variant.DesiredWeight;
        res.end(
          JSON.stringify({
            EndpointName: body.EndpointName,
            EndpointStatus: status,
            ProductionVariants: variants,
          }),
        );
      } else if (target === 'SageMaker.UpdateEndpointWeightsAndCapacities') {
        for (const desired of body.DesiredWeightsAndCapacities ?? [])
          variants.find((variant) => variant.VariantName === desired.VariantName)!.DesiredWeight =
            desired.DesiredWeight;
        updatingFor = 2;
        res.end(JSON.stringify({ EndpointArn: 'arn:aws:sagemaker:eu-west-1:123:endpoint/model' }));
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: target }));
      }
    });
    const router = new SageMakerRouter({
      endpointName: 'model',
      region: 'eu-west-1',
      endpointUrl: `${base}/`,
      stableVariant: 'blue',
      canaryVariant: 'green',
      pollIntervalMs: 1,
    });
    expect(await applySplit(router, { weight: 10, mirror: 0 }, { logger: new MemoryLogger() })).toEqual({
      weight: 10,
      mirror: 0,
    });
    const targets = received.map((request) => request.headers['x-amz-target']);
    expect(targets).toEqual([
      'SageMaker.DescribeEndpoint',
      'SageMaker.UpdateEndpointWeightsAndCapacities',
      'SageMaker.DescribeEndpoint',
      'SageMaker.DescribeEndpoint',
      'SageMaker.DescribeEndpoint',
    ]);
    const update = received[1];
    expect(update.method).toBe('POST');
    expect(update.url).toBe('/');
    expect(update.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(update.headers['x-amz-security-token']).toBe('session-token');
    expect(JSON.parse(update.body)).toEqual({
      EndpointName: 'model',
      DesiredWeightsAndCapacities: [
        { VariantName: 'blue', DesiredWeight: 90 },
        { VariantName: 'green', DesiredWeight: 10 },
      ],
    });
    for (const request of received) {
      const check = verifySigV4(request, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
      expect(check.ok).toBe(true);
      expect(check.scope).toMatch(/^\d{8}\/eu-west-1\/sagemaker\/aws4_request$/);
      expect(check.signedHeaders.split(';')).toEqual(
        expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target', 'x-amz-security-token']),
      );
    }
  });

  test('API errors name the exception', async () => {
    const { base } = await listen((_request, res) => {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.sagemaker#ValidationException',
          message: 'Could not find endpoint "nope".',
        }),
      );
    });
    const router = new SageMakerRouter({
      endpointName: 'nope',
      region: 'eu-west-1',
      endpointUrl: base,
      stableVariant: 'a',
      canaryVariant: 'b',
      pollIntervalMs: 1,
    });
    await expect(router.read({ logger: new MemoryLogger() })).rejects.toThrow(
      'SageMaker DescribeEndpoint: ValidationException: Could not find endpoint "nope".',
    );
  });
});

describe('a refused write leaves the router unchanged, and says so', () => {
  const inferenceService = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'sentiment', namespace: 'ml', resourceVersion: '1' },
    spec: { predictor: { canaryTrafficPercent: 0 } },
  };

  test('Kubernetes: a patch the API server refuses (4xx) is "router unchanged"; a 5xx may have been applied', async () => {
    let patchStatus = 422;
    const { base } = await listen((request, res) => {
      if (request.method === 'GET') {
        res.end(JSON.stringify(inferenceService));
        return;
      }
      res.statusCode = patchStatus;
      res.end(JSON.stringify({ kind: 'Status', message: `refused with ${patchStatus}` }));
    });
    const router = new KserveRouter({ ...k8s(base), inferenceService: 'sentiment' });
    const context = { logger: new MemoryLogger() };
    const refused = await router.write({ weight: 10, mirror: 0 }, context).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RouterUnchanged);
    expect((refused as Error).message).toMatch(
      /HTTP 422: refused with 422 \(router unchanged: the API server refused the patch\)$/,
    );
    patchStatus = 503;
    const failed = await router.write({ weight: 10, mirror: 0 }, context).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(RouterUnchanged);
  });

  test('Kubernetes: reading the object before the patch fails: nothing was sent', async () => {
    const { base, received } = await listen((_request, res) => {
      res.statusCode = 403;
      res.end(JSON.stringify({ kind: 'Status', message: 'forbidden: cannot get inferenceservices' }));
    });
    const router = new KserveRouter({ ...k8s(base), inferenceService: 'sentiment' });
    const error = await router
      .write({ weight: 10, mirror: 0 }, { logger: new MemoryLogger() })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RouterUnchanged);
    expect((error as Error).message).toMatch(
      /forbidden: cannot get inferenceservices \(router unchanged: failed while reading/,
    );
    expect(received.map((request) => request.method)).toEqual(['GET']);
  });

  test('SageMaker: a refused UpdateEndpointWeightsAndCapacities is "router unchanged"', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    const { base } = await listen((request, res) => {
      if (String(request.headers['x-amz-target']).endsWith('DescribeEndpoint')) {
        res.end(
          JSON.stringify({
            EndpointStatus: 'InService',
            ProductionVariants: [
              { VariantName: 'a', CurrentWeight: 1 },
              { VariantName: 'b', CurrentWeight: 0 },
            ],
          }),
        );
        return;
      }
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.sagemaker#ValidationException',
          message: 'The variant b does not exist.',
        }),
      );
    });
    const router = new SageMakerRouter({
      endpointName: 'sentiment',
      region: 'eu-west-1',
      endpointUrl: base,
      stableVariant: 'a',
      canaryVariant: 'b',
      pollIntervalMs: 1,
    });
    const error = await router
      .write({ weight: 10, mirror: 0 }, { logger: new MemoryLogger() })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RouterUnchanged);
    expect((error as Error).message).toBe(
      'SageMaker UpdateEndpointWeightsAndCapacities: ValidationException: The variant b does not exist. (router unchanged: SageMaker refused the weight change)',
    );
  });
});
