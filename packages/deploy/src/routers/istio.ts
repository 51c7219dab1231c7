/**
 * Istio: the weights of the stable and canary destinations of one VirtualService HTTP route, and its
 * `mirror` / `mirrorPercentage` for shadow traffic. Other routes and destinations are left as they are.
 */
import type { RouterDefinition } from './definition.js';
import {
  CustomResourceRouter,
  kubernetesProperties,
  kubernetesSettings,
  type JsonPatch,
  type KubeObject,
  type KubernetesClient,
  type KubernetesSettings,
  type ResourceType,
} from './kubernetes.js';
import type { TrafficSplit } from './types.js';

export const VIRTUAL_SERVICE: ResourceType = {
  group: 'networking.istio.io',
  version: 'v1',
  plural: 'virtualservices',
};

export interface Destination {
  host: string;
  subset?: string;
  port?: number;
}

export interface IstioSettings extends KubernetesSettings {
  virtualService: string;
  /** `name` of the HTTP route in spec.http; default: the only route whose destinations include stable. */
  route?: string;
  stable: Destination;
  canary: Destination;
}

interface HttpRoute {
  name?: string;
  route?: { destination: Destination & { port?: { number: number } }; weight?: number }[];
  mirror?: Destination;
  mirrorPercentage?: { value: number };
  [key: string]: unknown;
}

const sameDestination = (a: { host: string; subset?: string }, b: Destination) =>
  a.host === b.host && (a.subset ?? '') === (b.subset ?? '');

export function findHttpRoute(
  service: KubeObject,
  settings: IstioSettings,
): { route: HttpRoute; index: number } {
  const routes = (service.spec?.http as HttpRoute[] | undefined) ?? [];
  const matching = routes
    .map((route, index) => ({ route, index }))
    .filter(({ route }) =>
      settings.route !== undefined
        ? route.name === settings.route
        : (route.route ?? []).some((entry) => sameDestination(entry.destination, settings.stable)),
    );
  if (matching.length !== 1)
    throw new Error(
      `VirtualService ${settings.virtualService}: ${matching.length} HTTP routes match ${settings.route !== undefined ? `name "${settings.route}"` : `destination ${settings.stable.host}`}; set "route" to the route's name`,
    );
  return matching[0];
}

export function readVirtualServiceSplit(service: KubeObject, settings: IstioSettings): TrafficSplit {
  const { route } = findHttpRoute(service, settings);
  const entries = route.route ?? [];
  // A single destination without weight takes all traffic; Istio requires weights otherwise.
  const weightOf = (destination: Destination) =>
    entries
      .filter((entry) => sameDestination(entry.destination, destination))
      .reduce((total, entry) => total + (entry.weight ?? (entries.length === 1 ? 100 : 0)), 0);
  const stable = weightOf(settings.stable);
  const canary = weightOf(settings.canary);
  const mirrored = route.mirror && sameDestination(route.mirror, settings.canary);
  return {
    weight: stable + canary === 0 ? 0 : (canary / (stable + canary)) * 100,
    mirror: mirrored ? (route.mirrorPercentage?.value ?? 100) : 0,
  };
}

function destinationOf(destination: Destination) {
  return {
    host: destination.host,
    ...(destination.subset ? { subset: destination.subset } : {}),
    ...(destination.port !== undefined ? { port: { number: destination.port } } : {}),
  };
}

export function virtualServicePatch(
  service: KubeObject,
  settings: IstioSettings,
  split: TrafficSplit,
): JsonPatch {
  const { route, index } = findHttpRoute(service, settings);
  const others = (route.route ?? []).filter(
    (entry) =>
      !sameDestination(entry.destination, settings.stable) &&
      !sameDestination(entry.destination, settings.canary),
  );
  if (others.length > 0)
    throw new Error(
      `VirtualService ${settings.virtualService} route ${index} has destinations other than stable and canary (${others.map((entry) => entry.destination.host).join(', ')}); weights there must sum to 100, so mlgate will not change them`,
    );
  const weight = Math.round(split.weight);
  const entries = [
    { destination: destinationOf(settings.stable), weight: 100 - weight },
    { destination: destinationOf(settings.canary), weight },
  ];
  const base = `/spec/http/${index}`;
  const patch: JsonPatch = [
    { op: 'test', path: '/metadata/resourceVersion', value: service.metadata.resourceVersion },
    { op: 'replace', path: `${base}/route`, value: entries },
  ];
  if (split.mirror > 0) {
    patch.push({ op: 'add', path: `${base}/mirror`, value: destinationOf(settings.canary) });
    patch.push({ op: 'add', path: `${base}/mirrorPercentage`, value: { value: split.mirror } });
  } else if (route.mirror && sameDestination(route.mirror, settings.canary)) {
    patch.push({ op: 'remove', path: `${base}/mirror` });
    if (route.mirrorPercentage) patch.push({ op: 'remove', path: `${base}/mirrorPercentage` });
  }
  return patch;
}

export class IstioRouter extends CustomResourceRouter {
  constructor(settings: IstioSettings, client?: KubernetesClient) {
    super(
      {
        type: VIRTUAL_SERVICE,
        kind: 'Istio VirtualService',
        name: settings.virtualService,
        canMirror: true,
        // Istio route weights are integers summing to 100.
        resolution: 0.5,
        splitOf: (service) => readVirtualServiceSplit(service, settings),
        patchFor: (service, split) => virtualServicePatch(service, settings, split),
      },
      settings,
      client,
    );
  }
}

const destination = {
  type: 'object',
  required: ['host'],
  additionalProperties: false,
  properties: { host: { type: 'string' }, subset: { type: 'string' }, port: { type: 'integer' } },
} as const;

export const istioRouter: RouterDefinition<IstioSettings> = {
  schema: {
    type: 'object',
    required: ['namespace', 'virtual-service', 'stable', 'canary'],
    additionalProperties: false,
    properties: {
      ...kubernetesProperties,
      'virtual-service': { type: 'string' },
      route: { type: 'string' },
      stable: destination,
      canary: destination,
    },
  },
  settings: (section) => ({
    ...kubernetesSettings(section),
    virtualService: section.string('virtual-service')!,
    route: section.string('route'),
    stable: section.value<Destination>('stable')!,
    canary: section.value<Destination>('canary')!,
  }),
  create: (settings) => new IstioRouter(settings),
};
