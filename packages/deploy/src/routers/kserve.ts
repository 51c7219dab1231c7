/**
 * KServe: `spec.predictor.canaryTrafficPercent` of an InferenceService, the share KServe sends to the latest
 * predictor revision (the rest stays on the last one that took all traffic). KServe cannot mirror.
 */
import {
  kubernetesClient,
  type KubeObject,
  type KubernetesClient,
  type KubernetesSettings,
  type ResourceType,
} from './kubernetes.js';
import type { Router, RouterContext, TrafficSplit } from './types.js';

export const INFERENCE_SERVICE: ResourceType = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
};

export interface KserveSettings extends KubernetesSettings {
  inferenceService: string;
}

export function readCanaryTrafficPercent(service: KubeObject): number {
  const predictor = (service.spec?.predictor ?? {}) as { canaryTrafficPercent?: number };
  // Without the field, the latest ready revision gets all the traffic.
  return predictor.canaryTrafficPercent ?? 100;
}

export class KserveRouter implements Router {
  readonly canMirror = false;
  readonly resolution = 0.5;
  readonly description: string;
  private readonly client: KubernetesClient;

  constructor(
    readonly settings: KserveSettings,
    client?: KubernetesClient,
  ) {
    this.client = client ?? kubernetesClient(settings);
    this.description = `KServe InferenceService ${settings.namespace}/${settings.inferenceService} via ${this.client.description}`;
  }

  async read(context: RouterContext): Promise<TrafficSplit> {
    const service = await this.client.get(INFERENCE_SERVICE, this.settings.inferenceService, context.signal);
    return { weight: readCanaryTrafficPercent(service), mirror: 0 };
  }

  async write(split: TrafficSplit, context: RouterContext): Promise<void> {
    if (split.mirror > 0)
      throw new Error('KServe cannot mirror traffic; use istio or gateway-api for shadow');
    await this.client.patch(
      INFERENCE_SERVICE,
      this.settings.inferenceService,
      { spec: { predictor: { canaryTrafficPercent: Math.round(split.weight) } } },
      context.signal,
    );
  }
}
