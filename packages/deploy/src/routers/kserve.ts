/**
 * KServe: `spec.predictor.canaryTrafficPercent` of an InferenceService, the share KServe sends to the latest
 * predictor revision (the rest stays on the last one that took all traffic). KServe cannot mirror.
 */
import type { RouterDefinition } from './definition.js';
import {
  CustomResourceRouter,
  kubernetesProperties,
  kubernetesSettings,
  type KubeObject,
  type KubernetesClient,
  type KubernetesSettings,
  type ResourceType,
} from './kubernetes.js';
import type { TrafficSplit } from './types.js';

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

/** A merge patch of the one field: the rest of the predictor (the new model) is the user's. */
export function canaryTrafficPatch(split: TrafficSplit): Record<string, unknown> {
  if (split.mirror > 0) throw new Error('KServe cannot mirror traffic; use istio or gateway-api for shadow');
  return { spec: { predictor: { canaryTrafficPercent: Math.round(split.weight) } } };
}

export class KserveRouter extends CustomResourceRouter {
  constructor(settings: KserveSettings, client?: KubernetesClient) {
    super(
      {
        type: INFERENCE_SERVICE,
        kind: 'KServe InferenceService',
        name: settings.inferenceService,
        canMirror: false,
        resolution: 0.5,
        splitOf: (service) => ({ weight: readCanaryTrafficPercent(service), mirror: 0 }),
        patchFor: (_service, split) => canaryTrafficPatch(split),
      },
      settings,
      client,
    );
  }
}

export const kserveRouter: RouterDefinition<KserveSettings> = {
  schema: {
    type: 'object',
    required: ['namespace', 'inference-service'],
    additionalProperties: false,
    properties: { ...kubernetesProperties, 'inference-service': { type: 'string' } },
  },
  settings: (section) => ({
    ...kubernetesSettings(section),
    inferenceService: section.string('inference-service')!,
  }),
  create: (settings) => new KserveRouter(settings),
};
