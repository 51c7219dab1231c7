/**
 * Gateway API: the weights of the stable and canary `backendRefs` of one HTTPRoute rule, and a `RequestMirror`
 * filter to the canary service for shadow traffic. Other backendRefs, filters and rules are left as they are.
 */
import type { RouterDefinition } from './definition.js';
import {
  CustomResourceRouter,
  kubernetesProperties,
  kubernetesSettings,
  pointer,
  type JsonPatch,
  type KubeObject,
  type KubernetesClient,
  type KubernetesSettings,
  type ResourceType,
} from './kubernetes.js';
import type { TrafficSplit } from './types.js';

export const HTTP_ROUTE: ResourceType = {
  group: 'gateway.networking.k8s.io',
  version: 'v1',
  plural: 'httproutes',
};

export interface GatewayApiSettings extends KubernetesSettings {
  route: string;
  /** Index of the rule in spec.rules; default: the one rule whose backendRefs name the stable service. */
  rule?: number;
  stableService: string;
  canaryService: string;
  /** Port of the canary backendRef when it has to be added (default: the stable one's). */
  port?: number;
}

interface BackendRef {
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
  [key: string]: unknown;
}

interface Filter {
  type: string;
  requestMirror?: {
    backendRef: BackendRef;
    percent?: number;
    fraction?: { numerator: number; denominator?: number };
  };
  [key: string]: unknown;
}

interface Rule {
  backendRefs?: BackendRef[];
  filters?: Filter[];
  [key: string]: unknown;
}

export function findRule(route: KubeObject, settings: GatewayApiSettings): { rule: Rule; index: number } {
  const rules = (route.spec?.rules as Rule[] | undefined) ?? [];
  if (settings.rule !== undefined) {
    const rule = rules[settings.rule];
    if (!rule)
      throw new Error(`HTTPRoute ${settings.route} has no rule ${settings.rule} (it has ${rules.length})`);
    return { rule, index: settings.rule };
  }
  const matching = rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => (rule.backendRefs ?? []).some((ref) => ref.name === settings.stableService));
  if (matching.length !== 1)
    throw new Error(
      `HTTPRoute ${settings.route}: ${matching.length} rules reference service ${settings.stableService}; set "rule" to the index of the one to shift`,
    );
  return matching[0];
}

const isOurMirror = (filter: Filter, settings: GatewayApiSettings) =>
  filter.type === 'RequestMirror' && filter.requestMirror?.backendRef?.name === settings.canaryService;

export function readHttpRouteSplit(route: KubeObject, settings: GatewayApiSettings): TrafficSplit {
  const { rule } = findRule(route, settings);
  const refs = rule.backendRefs ?? [];
  const weightOf = (name: string) =>
    refs.filter((ref) => ref.name === name).reduce((total, ref) => total + (ref.weight ?? 1), 0);
  const stable = weightOf(settings.stableService);
  const canary = weightOf(settings.canaryService);
  const weight = stable + canary === 0 ? 0 : (canary / (stable + canary)) * 100;
  const mirrorFilter = (rule.filters ?? []).find((filter) => isOurMirror(filter, settings));
  let mirror = 0;
  if (mirrorFilter) {
    const { percent, fraction } = mirrorFilter.requestMirror ?? {};
    // Without percent or fraction, RequestMirror copies every request.
    mirror = percent ?? (fraction ? (fraction.numerator / (fraction.denominator ?? 100)) * 100 : 100);
  }
  return { weight: Math.round(weight * 1000) / 1000, mirror: Math.round(mirror * 1000) / 1000 };
}

/** Integer weights: whole percents when possible, else hundredths of a percent. */
export function integerWeights(weight: number): { stable: number; canary: number } {
  const scale = Number.isInteger(weight) ? 1 : 100;
  return { stable: Math.round((100 - weight) * scale), canary: Math.round(weight * scale) };
}

/** The JSON patch that sets the split on the rule, guarded by the object's resourceVersion. */
export function httpRoutePatch(
  route: KubeObject,
  settings: GatewayApiSettings,
  split: TrafficSplit,
): JsonPatch {
  const { rule, index } = findRule(route, settings);
  const refs = [...(rule.backendRefs ?? [])];
  const stableRef = refs.find((ref) => ref.name === settings.stableService);
  if (!stableRef)
    throw new Error(`HTTPRoute ${settings.route} rule ${index} has no backendRef ${settings.stableService}`);
  const port = settings.port ?? stableRef.port;
  const weights = integerWeights(split.weight);
  const backendRefs = refs.map((ref) =>
    ref.name === settings.stableService
      ? { ...ref, weight: weights.stable }
      : ref.name === settings.canaryService
        ? { ...ref, weight: weights.canary }
        : ref,
  );
  if (!refs.some((ref) => ref.name === settings.canaryService))
    backendRefs.push({
      name: settings.canaryService,
      ...(port !== undefined ? { port } : {}),
      weight: weights.canary,
    });

  const filters = (rule.filters ?? []).filter((filter) => !isOurMirror(filter, settings));
  if (split.mirror > 0) {
    const amount = Number.isInteger(split.mirror)
      ? { percent: split.mirror }
      : { fraction: { numerator: Math.round(split.mirror * 100), denominator: 10000 } };
    filters.push({
      type: 'RequestMirror',
      requestMirror: {
        backendRef: { name: settings.canaryService, ...(port !== undefined ? { port } : {}) },
        ...amount,
      },
    });
  }
  const rulePath = `/spec/rules/${index}`;
  const patch: JsonPatch = [
    { op: 'test', path: '/metadata/resourceVersion', value: route.metadata.resourceVersion },
    { op: 'replace', path: `${rulePath}/${pointer('backendRefs')}`, value: backendRefs },
  ];
  if (filters.length > 0 || rule.filters !== undefined)
    patch.push({ op: 'add', path: `${rulePath}/filters`, value: filters });
  return patch;
}

export class GatewayApiRouter extends CustomResourceRouter {
  constructor(settings: GatewayApiSettings, client?: KubernetesClient) {
    super(
      {
        type: HTTP_ROUTE,
        kind: 'Gateway API HTTPRoute',
        name: settings.route,
        canMirror: true,
        resolution: 0.01,
        splitOf: (route) => readHttpRouteSplit(route, settings),
        patchFor: (route, split) => httpRoutePatch(route, settings, split),
      },
      settings,
      client,
    );
  }
}

export const gatewayApiRouter: RouterDefinition<GatewayApiSettings> = {
  schema: {
    type: 'object',
    required: ['namespace', 'route', 'stable-service', 'canary-service'],
    additionalProperties: false,
    properties: {
      ...kubernetesProperties,
      route: { type: 'string' },
      rule: { type: 'integer', minimum: 0 },
      'stable-service': { type: 'string' },
      'canary-service': { type: 'string' },
      port: { type: 'integer' },
    },
  },
  settings: (section) => ({
    ...kubernetesSettings(section),
    route: section.string('route')!,
    rule: section.value<number>('rule'),
    stableService: section.string('stable-service')!,
    canaryService: section.string('canary-service')!,
    port: section.value<number>('port'),
  }),
  create: (settings) => new GatewayApiRouter(settings),
};
