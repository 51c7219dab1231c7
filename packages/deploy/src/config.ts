/**
 * The deploy config file: the `router` settings of the chosen router and the `analysis` (providers, metrics,
 * limits), validated with ajv so every mistake names its file, line and field.
 */
import path from 'node:path';
import { ConfigurationError, loadConfigFile, type LoadedConfig } from '@mlgate/core';
import { parseDeployDuration } from './duration.js';
import { parseJsonPath } from './metrics/json-path.js';
import { checkTemplate } from './template.js';
import { DEFAULT_PRIOR_SCALE } from './sequential.js';
import type { Comparison } from './judge.js';
import type { PrometheusSettings } from './metrics/prometheus.js';
import { RouterSection } from './routers/definition.js';
import { routerSchema, routerSettings, type RouterKind, type RouterSettings } from './routers/index.js';
import { argv, duration, environmentNames, headers } from './schema-parts.js';

export const PROVIDER_KINDS = ['prometheus', 'http', 'command'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Where a metric's value comes from, with placeholders not yet rendered. */
export interface MetricSource {
  provider: ProviderKind;
  query?: string;
  url?: string;
  command?: string[];
  jsonPath?: string;
  samples: boolean;
  /** Variables of the step's environment a command metric may see besides the minimal ones. */
  env?: string[];
  /** What an empty answer (no series, empty array, empty stdout) means: no data (inconclusive) or 0. */
  empty?: 'no-data' | 'zero';
  /**
   * An error rate given as its counts over the window (PromQL, e.g. sum(increase(…[5m]))): the value is
   * errors / requests and the judge tests the counts (rates.ts). Replaces `query`.
   */
  counts?: { errors: string; requests: string };
}

export interface MetricSpec extends MetricSource {
  name: string;
  min?: number;
  max?: number;
  compare?: Comparison;
  /** Overrides of the failure-limit / consecutive-error-limit inputs. */
  failureLimit?: number;
  consecutiveErrorLimit?: number;
  /** Line in the analysis file, for annotations. */
  line?: number;
}

/** A check of the new version at 0 % before the first traffic step: its own URL or a command. */
export interface SmokeCheckSpec extends MetricSource {
  name: string;
  min?: number;
  max?: number;
  line?: number;
}

/** Continuous monitoring of error counts with the sequential test (sequential.ts). */
export interface SequentialSpec {
  name: string;
  /** Cumulative request and error counters of one version ({{version}}), e.g. sum(http_requests_total{…}). */
  requests: string;
  errors: string;
  alpha: number;
  relativeTolerance: number;
  absoluteTolerance: number;
  priorScale: number;
  line?: number;
}

export interface AnalysisSpec {
  file: string;
  intervalMs: number;
  count: number;
  prometheus?: PrometheusSettings;
  httpHeaders?: Record<string, string>;
  minTraffic?: MetricSource & { minRequests: number };
  metrics: MetricSpec[];
  smoke?: SmokeCheckSpec[];
  sequential?: SequentialSpec;
}

export interface DeployConfig {
  router: RouterSettings;
  analysis: AnalysisSpec;
}

const source = {
  provider: { enum: [...PROVIDER_KINDS] },
  query: { type: 'string', minLength: 1 },
  url: { type: 'string', minLength: 1 },
  command: argv,
  'json-path': { type: 'string' },
  samples: { type: 'boolean' },
  env: environmentNames,
  empty: { enum: ['no-data', 'zero'] },
} as const;

const checkName = { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' } as const;
/** A named measurement with bounds: a smoke check, and the base of a metric (which adds compare and limits). */
const boundedCheck = {
  type: 'object',
  required: ['name', 'provider'],
  additionalProperties: false,
  properties: { name: checkName, ...source, min: { type: 'number' }, max: { type: 'number' } },
} as const;

export const analysisSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    interval: duration,
    count: { type: 'integer', minimum: 1 },
    providers: {
      type: 'object',
      additionalProperties: false,
      properties: {
        prometheus: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: { url: { type: 'string' }, headers, 'bearer-token-env': { type: 'string' } },
        },
        http: { type: 'object', additionalProperties: false, properties: { headers } },
      },
    },
    'min-traffic': {
      type: 'object',
      required: ['provider', 'min-requests'],
      additionalProperties: false,
      properties: { ...source, 'min-requests': { type: 'number', minimum: 0 } },
    },
    smoke: { type: 'array', items: boundedCheck },
    sequential: {
      type: 'object',
      required: ['requests', 'errors'],
      additionalProperties: false,
      properties: {
        name: checkName,
        provider: { const: 'prometheus' },
        requests: { type: 'string', minLength: 1 },
        errors: { type: 'string', minLength: 1 },
        alpha: { type: 'number', exclusiveMinimum: 0, maximum: 0.5 },
        'relative-tolerance': { type: 'number', minimum: 0 },
        'absolute-tolerance': { type: 'number', minimum: 0, maximum: 1 },
        'prior-scale': { type: 'number', exclusiveMinimum: 0, maximum: 10 },
      },
    },
    metrics: {
      type: 'array',
      items: {
        ...boundedCheck,
        properties: {
          ...boundedCheck.properties,
          compare: {
            type: 'object',
            additionalProperties: false,
            properties: {
              direction: { enum: ['lower-is-better', 'higher-is-better'] },
              'relative-tolerance': { type: 'number', minimum: 0 },
              'absolute-tolerance': { type: 'number', minimum: 0 },
              test: { enum: ['mann-whitney'] },
              significance: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
              'min-samples': { type: 'integer', minimum: 2 },
            },
          },
          errors: { type: 'string', minLength: 1 },
          requests: { type: 'string', minLength: 1 },
          'failure-limit': { type: 'integer', minimum: 0 },
          'consecutive-error-limit': { type: 'integer', minimum: 0 },
        },
      },
    },
  },
} as const;

const schemaCache = new Map<string, object>();
function configSchema(kind: RouterKind, withAnalysis: boolean): object {
  const key = `${kind}:${withAnalysis}`;
  let schema = schemaCache.get(key);
  if (!schema) {
    schema = {
      type: 'object',
      required: ['router'],
      additionalProperties: false,
      properties: { router: routerSchema(kind), ...(withAnalysis ? { analysis: analysisSchema } : {}) },
    };
    schemaCache.set(key, schema);
  }
  return schema;
}

type Raw = Record<string, unknown>;

/** Where a field of one entry is: file, line and the field's name as errors say it. */
const fieldLocation =
  (file: string, loaded: LoadedConfig<unknown>, at: (string | number)[], where: string) =>
  (field: string) => ({
    file,
    line: loaded.lineOf([...at, field]),
    field: `${where}.${field}`,
  });

function metricSource(
  raw: Raw,
  where: string,
  loaded: LoadedConfig<unknown>,
  at: (string | number)[],
  file: string,
): MetricSource {
  const provider = raw.provider as ProviderKind;
  const location = fieldLocation(file, loaded, at, where);
  const needs: Record<ProviderKind, string> = { prometheus: 'query', http: 'url', command: 'command' };
  const field = needs[provider];
  if (raw[field] === undefined)
    throw new ConfigurationError(`${where}: the ${provider} provider needs "${field}"`, location(field));
  for (const other of Object.values(needs))
    if (other !== field && raw[other] !== undefined)
      throw new ConfigurationError(
        `${where}: "${other}" does not apply to the ${provider} provider`,
        location(other),
      );
  if (raw.env !== undefined && provider !== 'command')
    throw new ConfigurationError(`${where}: "env" applies to the command provider only`, location('env'));
  const templates = provider === 'command' ? (raw.command as string[]) : [raw[field] as string];
  for (const template of templates) checkTemplate(template, location(field));
  const jsonPath = raw['json-path'] as string | undefined;
  if (jsonPath !== undefined) {
    if (provider === 'prometheus')
      throw new ConfigurationError(`${where}: json-path does not apply to prometheus`, location('json-path'));
    parseJsonPath(jsonPath, location('json-path'));
  }
  return {
    provider,
    query: raw.query as string | undefined,
    url: raw.url as string | undefined,
    command: raw.command as string[] | undefined,
    jsonPath,
    samples: raw.samples === true,
    env: raw.env as string[] | undefined,
    empty: (raw.empty as MetricSource['empty'] | undefined) ?? 'no-data',
  };
}

/**
 * A metric measured as counts: `errors` and `requests` PromQL queries instead of `query` (the same names as the
 * sequential test's counters). Its rules are tested on the counts, so nothing that gives samples or reads an empty
 * answer differently applies.
 */
function countedSource(
  raw: Raw,
  where: string,
  loaded: LoadedConfig<unknown>,
  at: (string | number)[],
  file: string,
): MetricSource {
  const location = fieldLocation(file, loaded, at, where);
  for (const field of ['errors', 'requests'])
    if (raw[field] === undefined)
      throw new ConfigurationError(
        `${where}: "errors" and "requests" go together (the counts of an error rate)`,
        location(field === 'errors' ? 'requests' : 'errors'),
      );
  if (raw.provider !== 'prometheus')
    throw new ConfigurationError(
      `${where}: "errors" and "requests" are PromQL queries; use provider: prometheus`,
      location('provider'),
    );
  for (const field of ['query', 'url', 'command', 'json-path', 'samples', 'empty'])
    if (raw[field] !== undefined)
      throw new ConfigurationError(
        `${where}: "${field}" does not apply to a metric given as errors and requests`,
        location(field),
      );
  const compare = raw.compare as Raw | undefined;
  if (compare?.test !== undefined)
    throw new ConfigurationError(
      `${where}: an error rate given as counts is compared by its counts; remove "test" (Mann-Whitney needs samples)`,
      location('compare'),
    );
  if (compare?.direction === 'higher-is-better')
    throw new ConfigurationError(
      `${where}: errors are lower-is-better; count the failures in "errors"`,
      location('compare'),
    );
  for (const field of ['errors', 'requests']) checkTemplate(raw[field] as string, location(field));
  return {
    provider: 'prometheus',
    samples: false,
    empty: 'no-data',
    counts: { errors: raw.errors as string, requests: raw.requests as string },
  };
}

/** Where an analysis section is: the file as messages name it, its loaded document (for lines) and its path there. */
interface AnalysisPlace {
  file: string;
  loaded: LoadedConfig<unknown>;
  prefix: (string | number)[];
}

const pathIn = (place: AnalysisPlace, ...rest: (string | number)[]) => [...place.prefix, ...rest];
const lineIn = (place: AnalysisPlace, ...rest: (string | number)[]) =>
  place.loaded.lineOf(pathIn(place, ...rest));

function analysisSpec(
  raw: Raw,
  loaded: LoadedConfig<unknown>,
  prefix: (string | number)[],
  file: string,
): AnalysisSpec {
  const place: AnalysisPlace = { file, loaded, prefix };
  const providers = (raw.providers ?? {}) as Raw;
  const prometheus = providers.prometheus as Raw | undefined;
  const spec: AnalysisSpec = {
    file,
    intervalMs: parseDeployDuration(
      '"analysis.interval"',
      (raw.interval as string | number | undefined) ?? '10s',
      { file, line: lineIn(place, 'interval') },
    ),
    count: (raw.count as number | undefined) ?? 1,
    prometheus: prometheus
      ? {
          url: prometheus.url as string,
          headers: prometheus.headers as Record<string, string> | undefined,
          bearerTokenEnv: prometheus['bearer-token-env'] as string | undefined,
        }
      : undefined,
    httpHeaders:
      ((providers.http as Raw | undefined)?.headers as Record<string, string> | undefined) ?? undefined,
    metrics: [],
    smoke: [],
  };
  const guard = raw['min-traffic'] as Raw | undefined;
  if (guard) spec.minTraffic = minTrafficGuard(guard, place, spec);
  ((raw.smoke as Raw[] | undefined) ?? []).forEach((check, index) =>
    spec.smoke!.push(smokeCheck(check, index, place, spec)),
  );
  const sequential = raw.sequential as Raw | undefined;
  if (sequential) spec.sequential = sequentialTest(sequential, place, spec);
  const names = new Set<string>();
  ((raw.metrics as Raw[] | undefined) ?? []).forEach((metric, index) =>
    spec.metrics.push(metricSpec(metric, index, place, spec, names)),
  );
  return spec;
}

/** A source that queries Prometheus needs the provider's URL. */
function requirePrometheus(
  spec: AnalysisSpec,
  source: MetricSource,
  where: string,
  line: number | undefined,
  file: string,
): void {
  if (source.provider === 'prometheus' && !spec.prometheus)
    throw new ConfigurationError(
      `${where} uses prometheus, but analysis.providers.prometheus.url is not set`,
      {
        file,
        line,
        field: `${where}.provider`,
      },
    );
}

function minTrafficGuard(guard: Raw, place: AnalysisPlace, spec: AnalysisSpec): AnalysisSpec['minTraffic'] {
  const source = metricSource(guard, 'min-traffic', place.loaded, pathIn(place, 'min-traffic'), place.file);
  requirePrometheus(spec, source, 'min-traffic', lineIn(place, 'min-traffic', 'provider'), place.file);
  return { ...source, minRequests: guard['min-requests'] as number };
}

function smokeCheck(check: Raw, index: number, place: AnalysisPlace, spec: AnalysisSpec): SmokeCheckSpec {
  const where = `smoke[${index}] (${check.name as string})`;
  const source = metricSource(check, where, place.loaded, pathIn(place, 'smoke', index), place.file);
  requirePrometheus(spec, source, where, lineIn(place, 'smoke', index, 'provider'), place.file);
  return {
    ...source,
    name: check.name as string,
    min: check.min as number | undefined,
    max: check.max as number | undefined,
    line: lineIn(place, 'smoke', index),
  };
}

function sequentialTest(sequential: Raw, place: AnalysisPlace, spec: AnalysisSpec): SequentialSpec {
  const { file } = place;
  const line = lineIn(place, 'sequential');
  if (!spec.prometheus)
    throw new ConfigurationError(
      'sequential reads Prometheus counters, but analysis.providers.prometheus.url is not set',
      { file, line, field: 'sequential' },
    );
  for (const field of ['requests', 'errors'])
    checkTemplate(sequential[field] as string, {
      file,
      line: lineIn(place, 'sequential', field),
      field: `sequential.${field}`,
    });
  return {
    name: (sequential.name as string | undefined) ?? 'error-rate-sequential',
    requests: sequential.requests as string,
    errors: sequential.errors as string,
    alpha: (sequential.alpha as number | undefined) ?? 0.05,
    relativeTolerance: (sequential['relative-tolerance'] as number | undefined) ?? 0.5,
    absoluteTolerance: (sequential['absolute-tolerance'] as number | undefined) ?? 0,
    priorScale: (sequential['prior-scale'] as number | undefined) ?? DEFAULT_PRIOR_SCALE,
    line,
  };
}

function metricSpec(
  metric: Raw,
  index: number,
  place: AnalysisPlace,
  spec: AnalysisSpec,
  names: Set<string>,
): MetricSpec {
  const name = metric.name as string;
  const where = `metrics[${index}] (${name})`;
  const line = lineIn(place, 'metrics', index);
  if (names.has(name))
    throw new ConfigurationError(`${where}: duplicate metric name`, {
      file: place.file,
      line,
      field: `metrics[${index}].name`,
    });
  names.add(name);
  const at = pathIn(place, 'metrics', index);
  const source =
    metric.errors !== undefined || metric.requests !== undefined
      ? countedSource(metric, where, place.loaded, at, place.file)
      : metricSource(metric, where, place.loaded, at, place.file);
  requirePrometheus(spec, source, where, lineIn(place, 'metrics', index, 'provider'), place.file);
  const compare = metric.compare as Raw | undefined;
  checkMetricRule(metric, index, where, place, spec, source);
  return {
    ...source,
    samples: source.samples || compare?.test === 'mann-whitney',
    name,
    min: metric.min as number | undefined,
    max: metric.max as number | undefined,
    compare: compare
      ? {
          direction: (compare.direction as Comparison['direction'] | undefined) ?? 'lower-is-better',
          relativeTolerance: compare['relative-tolerance'] as number | undefined,
          absoluteTolerance: compare['absolute-tolerance'] as number | undefined,
          test: compare.test as 'mann-whitney' | undefined,
          significance: (compare.significance as number | undefined) ?? 0.05,
          minSamples: (compare['min-samples'] as number | undefined) ?? 5,
        }
      : undefined,
    failureLimit: metric['failure-limit'] as number | undefined,
    consecutiveErrorLimit: metric['consecutive-error-limit'] as number | undefined,
    line,
  };
}

/** A metric must be able to fail, and what it asks of its source must be there. */
function checkMetricRule(
  metric: Raw,
  index: number,
  where: string,
  place: AnalysisPlace,
  spec: AnalysisSpec,
  source: MetricSource,
): void {
  const { file } = place;
  if (source.empty === 'zero' && !spec.minTraffic)
    throw new ConfigurationError(
      `${where}: "empty: zero" needs a min-traffic guard, so that a dead target (no requests at all) is told apart from a counter that has not been created yet`,
      { file, line: lineIn(place, 'metrics', index, 'empty'), field: `metrics[${index}].empty` },
    );
  const compare = metric.compare as Raw | undefined;
  if (metric.min === undefined && metric.max === undefined && compare === undefined)
    throw new ConfigurationError(
      `${where}: give min, max or compare; a metric without a rule can never fail`,
      {
        file,
        line: lineIn(place, 'metrics', index),
        field: `metrics[${index}]`,
      },
    );
  const compareLine = lineIn(place, 'metrics', index, 'compare');
  if (
    compare &&
    compare['relative-tolerance'] === undefined &&
    compare['absolute-tolerance'] === undefined &&
    compare.test === undefined
  )
    throw new ConfigurationError(`${where}: compare needs relative-tolerance, absolute-tolerance or test`, {
      file,
      line: compareLine,
      field: `metrics[${index}].compare`,
    });
  if (compare?.test === 'mann-whitney' && !source.samples && source.provider === 'prometheus')
    throw new ConfigurationError(
      `${where}: Mann-Whitney needs samples; set "samples: true" on a query returning several series or a range`,
      { file, line: compareLine, field: `metrics[${index}].samples` },
    );
}

/**
 * Loads the config file (router settings + analysis) and, when given, a separate analysis file.
 * Relative paths in the router settings are resolved against the config file's folder.
 */
export async function loadDeployConfig(
  kind: RouterKind,
  configFile: string,
  displayName: string,
  analysisFile?: { file: string; displayName: string },
): Promise<DeployConfig> {
  const loaded = await loadConfigFile<Raw>(
    configFile,
    configSchema(kind, !analysisFile),
    displayName,
    'deploy config file',
  );
  const router = routerSettings(
    kind,
    new RouterSection(loaded.value.router as Raw, path.dirname(configFile), displayName, (at) =>
      loaded.lineOf(at),
    ),
  );
  if (analysisFile) {
    const analysis = await loadConfigFile<Raw>(
      analysisFile.file,
      analysisSchema,
      analysisFile.displayName,
      'analysis file',
    );
    return {
      router,
      analysis: analysisSpec(analysis.value ?? {}, analysis, [], analysisFile.displayName),
    };
  }
  return {
    router,
    analysis: analysisSpec(
      (loaded.value.analysis as Raw | undefined) ?? {},
      loaded,
      ['analysis'],
      displayName,
    ),
  };
}
