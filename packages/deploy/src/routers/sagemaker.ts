/**
 * Amazon SageMaker: production variant weights of an endpoint, changed with UpdateEndpointWeightsAndCapacities
 * and read back from DescribeEndpoint once the endpoint is InService again. Requests are SigV4-signed AWS JSON 1.1
 * calls (aws4fetch's signer), credentials come from the standard AWS_* environment variables.
 *
 * Shadow variants are not driven: their sampling share lives in the endpoint config, and changing it means
 * creating a new EndpointConfig and an UpdateEndpoint that redeploys the endpoint, not a traffic shift.
 */
import { AwsClient } from 'aws4fetch';
import { ConfigurationError } from '@mlgate/core';
import { duration } from '../schema-parts.js';
import type { RouterDefinition } from './definition.js';
import { sleep } from '../abort.js';
import { httpRequest } from '../http.js';
import { beforeAnyChange, REFUSED_UNAPPLIED, RouterUnchanged } from './types.js';
import type { Router, RouterContext, TrafficSplit } from './types.js';

export interface SageMakerSettings {
  endpointName: string;
  region: string;
  /** Overrides https://api.sagemaker.<region>.amazonaws.com (VPC endpoints, tests). */
  endpointUrl?: string;
  stableVariant: string;
  canaryVariant: string;
  pollIntervalMs: number;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new Error(
      'AWS credentials missing: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (e.g. with aws-actions/configure-aws-credentials)',
    );
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

interface ProductionVariant {
  VariantName: string;
  CurrentWeight?: number;
  DesiredWeight?: number;
}

export interface DescribeEndpointResponse {
  EndpointName: string;
  EndpointStatus: string;
  FailureReason?: string;
  ProductionVariants?: ProductionVariant[];
}

export class SageMakerApiError extends Error {
  override name = 'SageMakerApiError';
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A signed AWS JSON 1.1 call to the SageMaker API. */
export class SageMakerClient {
  private readonly aws: AwsClient;
  readonly url: string;

  constructor(
    private readonly settings: Pick<SageMakerSettings, 'region' | 'endpointUrl'>,
    credentials: AwsCredentials,
  ) {
    this.aws = new AwsClient({ ...credentials, service: 'sagemaker', region: settings.region, retries: 0 });
    this.url = settings.endpointUrl ?? `https://api.sagemaker.${settings.region}.amazonaws.com/`;
  }

  async call<T>(operation: string, body: object, signal?: AbortSignal): Promise<T> {
    const payload = JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      const signed = await this.aws.sign(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `SageMaker.${operation}`,
        },
        body: payload,
        aws: { service: 'sagemaker', region: this.settings.region },
      });
      const headers: Record<string, string> = {};
      signed.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const response = await httpRequest({ method: 'POST', url: this.url, headers, body: payload, signal });
      if (response.status >= 200 && response.status < 300) return JSON.parse(response.body || '{}') as T;
      let type = `HTTP ${response.status}`;
      let message = response.body.slice(0, 300);
      try {
        const error = JSON.parse(response.body) as { __type?: string; message?: string; Message?: string };
        type = (error.__type ?? type).split('#').pop() ?? type;
        message = error.message ?? error.Message ?? message;
      } catch {
        // Not JSON: keep the raw text.
      }
      const retryable = response.status >= 500 || /Throttl/i.test(type);
      if (retryable && attempt < 3) {
        await sleep(200 * 2 ** attempt, signal);
        continue;
      }
      throw new SageMakerApiError(type, response.status, `SageMaker ${operation}: ${type}: ${message}`);
    }
  }
}

export function variantShare(endpoint: DescribeEndpointResponse, settings: SageMakerSettings): number {
  const variants = endpoint.ProductionVariants ?? [];
  const weightOf = (name: string) => {
    const variant = variants.find((item) => item.VariantName === name);
    if (!variant)
      throw new Error(`SageMaker endpoint ${settings.endpointName} has no production variant ${name}`);
    return variant.CurrentWeight ?? 0;
  };
  const stable = weightOf(settings.stableVariant);
  const canary = weightOf(settings.canaryVariant);
  return stable + canary === 0 ? 0 : Math.round((canary / (stable + canary)) * 100 * 1000) / 1000;
}

export class SageMakerRouter implements Router {
  readonly canMirror = false;
  readonly resolution = 0.01;
  readonly description: string;
  private client?: SageMakerClient;

  constructor(readonly settings: SageMakerSettings) {
    this.description = `SageMaker endpoint ${settings.endpointName} (${settings.region})`;
  }

  private api(): SageMakerClient {
    this.client ??= new SageMakerClient(this.settings, credentialsFromEnv());
    return this.client;
  }

  private describe(signal?: AbortSignal): Promise<DescribeEndpointResponse> {
    return this.api().call<DescribeEndpointResponse>(
      'DescribeEndpoint',
      { EndpointName: this.settings.endpointName },
      signal,
    );
  }

  /** Polls DescribeEndpoint until the endpoint is InService (the caller's signal carries router-timeout). */
  private async waitInService(context: RouterContext): Promise<DescribeEndpointResponse> {
    for (;;) {
      const endpoint = await this.describe(context.signal);
      if (endpoint.EndpointStatus === 'InService') return endpoint;
      if (['Failed', 'OutOfService', 'Deleting'].includes(endpoint.EndpointStatus))
        throw new Error(
          `SageMaker endpoint ${this.settings.endpointName} is ${endpoint.EndpointStatus}${endpoint.FailureReason ? `: ${endpoint.FailureReason}` : ''}`,
        );
      context.logger.info(
        `SageMaker endpoint ${this.settings.endpointName} is ${endpoint.EndpointStatus}; waiting`,
      );
      await sleep(this.settings.pollIntervalMs, context.signal);
    }
  }

  async read(context: RouterContext): Promise<TrafficSplit> {
    return { weight: variantShare(await this.waitInService(context), this.settings), mirror: 0 };
  }

  async write(split: TrafficSplit, context: RouterContext): Promise<void> {
    if (split.mirror > 0)
      throw new Error(
        'the sagemaker router does not drive shadow variants (they need a new endpoint config); use canary or blue-green',
      );
    // An endpoint that is still Updating rejects a new weight change.
    await beforeAnyChange(`waiting for ${this.description} to be InService`, () =>
      this.waitInService(context),
    );
    try {
      await this.api().call(
        'UpdateEndpointWeightsAndCapacities',
        {
          EndpointName: this.settings.endpointName,
          DesiredWeightsAndCapacities: [
            { VariantName: this.settings.stableVariant, DesiredWeight: 100 - split.weight },
            { VariantName: this.settings.canaryVariant, DesiredWeight: split.weight },
          ],
        },
        context.signal,
      );
    } catch (error) {
      // A refused call (ValidationException, ResourceNotFound, throttled after the retries) started no update.
      if (error instanceof SageMakerApiError && REFUSED_UNAPPLIED.has(error.status))
        throw new RouterUnchanged(`${error.message} (router unchanged: SageMaker refused the weight change)`);
      throw error;
    }
  }
}

export const sageMakerRouter: RouterDefinition<SageMakerSettings> = {
  schema: {
    type: 'object',
    required: ['endpoint-name', 'stable-variant', 'canary-variant'],
    additionalProperties: false,
    properties: {
      'endpoint-name': { type: 'string' },
      region: { type: 'string' },
      'endpoint-url': { type: 'string' },
      'stable-variant': { type: 'string' },
      'canary-variant': { type: 'string' },
      'poll-interval': duration,
    },
  },
  settings(section) {
    const region = section.string('region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region)
      throw new ConfigurationError('router.region is not set and neither is AWS_REGION', {
        file: section.file,
        field: 'router.region',
      });
    return {
      endpointName: section.string('endpoint-name')!,
      region,
      endpointUrl: section.string('endpoint-url'),
      stableVariant: section.string('stable-variant')!,
      canaryVariant: section.string('canary-variant')!,
      pollIntervalMs: section.duration('poll-interval', '10s'),
    };
  },
  create: (settings) => new SageMakerRouter(settings),
};
