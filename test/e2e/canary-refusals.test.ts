/**
 * End to end through dist/canary-deploy/index.js: a router API that refuses the first write before changing anything
 * (the Kubernetes API server answering 422 to the KServe patch, SageMaker answering ValidationException) leaves the
 * run "aborted: router unchanged" with final weight 0 — never ROUTER STATE UNKNOWN. The APIs are local HTTP
 * stand-ins speaking their shapes (no cluster or AWS account here).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { startAction, type FinishedAction } from './canary/action-process.js';
import { writeDeployConfig } from './canary/bench.js';
import { makeWorkspace } from './runner.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A local API: `answer` gives status and JSON body per request; every request is recorded. */
async function standIn(answer: (method: string, target: string) => [number, unknown]) {
  const received: { method: string; target: string }[] = [];
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? req.url);
      received.push({ method: req.method ?? '', target });
      const [status, body] = answer(req.method ?? '', target);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

async function deploy(router: string, settings: Record<string, unknown>, env: Record<string, string>) {
  const workspace = makeWorkspace({});
  const config = writeDeployConfig(workspace, { router: settings, analysis: { metrics: [] } });
  const action = startAction(
    'canary-deploy',
    workspace,
    { router, config, steps: '10,100', 'bake-time': '500ms', 'router-timeout': '10s' },
    { env },
  );
  return action.done;
}

/** Aborted with the router as it was: final weight 0, the refusal in the summary, never UNKNOWN. */
function expectUnchanged(run: FinishedAction, summary: RegExp) {
  expect({
    exitCode: run.exitCode,
    result: run.outputs.result,
    finalWeight: run.outputs['final-weight'],
  }).toEqual({ exitCode: 1, result: 'aborted', finalWeight: '0' });
  expect(run.outputs.summary).toMatch(summary);
  expect([run.stdout, run.summary, JSON.stringify(run.outputs)].join('\n')).not.toMatch(
    /ROUTER STATE UNKNOWN|ROLLBACK FAILED/,
  );
}

describe('a first write refused before any change, through the bundle', () => {
  test('KServe: the API server refuses the patch (422): aborted, router unchanged, final weight 0', async () => {
    const inferenceService = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'sentiment', namespace: 'ml', resourceVersion: '7' },
      spec: { predictor: { canaryTrafficPercent: 0 } },
    };
    const api = await standIn((method) =>
      method === 'GET'
        ? [200, inferenceService]
        : [
            422,
            {
              kind: 'Status',
              status: 'Failure',
              reason: 'Invalid',
              message:
                'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request',
            },
          ],
    );
    const run = await deploy(
      'kserve',
      { namespace: 'ml', 'inference-service': 'sentiment', server: api.url, 'token-env': 'KUBE_TOKEN' },
      { KUBE_TOKEN: 'token' },
    );
    expectUnchanged(
      run,
      /^aborted: router unchanged, final weight 0% — step 1 \(canary 10%\): .*HTTP 422: admission webhook .* denied the request \(router unchanged: the API server refused the patch\)/,
    );
    // One refused patch and no rollback patch: there was nothing to undo.
    expect(api.received.filter((request) => request.method === 'PATCH')).toHaveLength(1);
  });

  test('SageMaker: UpdateEndpointWeightsAndCapacities refused (ValidationException): router unchanged', async () => {
    const api = await standIn((_method, target) =>
      target.endsWith('DescribeEndpoint')
        ? [
            200,
            {
              EndpointStatus: 'InService',
              ProductionVariants: [
                { VariantName: 'blue', CurrentWeight: 1, DesiredWeight: 1 },
                { VariantName: 'green', CurrentWeight: 0, DesiredWeight: 0 },
              ],
            },
          ]
        : [
            400,
            {
              __type: 'com.amazonaws.sagemaker#ValidationException',
              message: 'Variant green has no capacity.',
            },
          ],
    );
    const run = await deploy(
      'sagemaker',
      {
        'endpoint-name': 'sentiment',
        region: 'eu-west-1',
        'endpoint-url': api.url,
        'stable-variant': 'blue',
        'canary-variant': 'green',
        'poll-interval': '100ms',
      },
      { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' },
    );
    expectUnchanged(
      run,
      /^aborted: router unchanged, final weight 0% — step 1 \(canary 10%\): SageMaker UpdateEndpointWeightsAndCapacities: ValidationException: Variant green has no capacity\. \(router unchanged: SageMaker refused the weight change\)/,
    );
    expect(api.received.filter((request) => request.target.endsWith('Capacities'))).toHaveLength(1);
  });
});
