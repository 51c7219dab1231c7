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

function analysisSpec(
  raw: Raw,
  loaded: LoadedConfig<unknown>,
  prefix: (string | number)[],
  file: string,
): AnalysisSpec {
  const providers = (raw.providers ?? {}) as Raw;
  const prometheus = providers.prometheus as Raw | undefined;
  const at = (...rest: (string | number)[]) => [...prefix, ...rest];
  const spec: AnalysisSpec = {
    file,
    intervalMs: parseDeployDuration(
      '"analysis.interval"',
      (raw.interval as string | number | undefined) ?? '10s',
      {
        file,
        line: loaded.lineOf(at('interval')),
      },
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
  const usesPrometheus = (source: MetricSource, where: string, path: (string | number)[]) => {
    if (source.provider === 'prometheus' && !spec.prometheus)
      throw new ConfigurationError(
        `${where} uses prometheus, but analysis.providers.prometheus.url is not set`,
        {
          file,
          line: loaded.lineOf(path),
          field: `${where}.provider`,
        },
      );
  };
  const guard = raw['min-traffic'] as Raw | undefined;
  if (guard) {
    const source = metricSource(guard, 'min-traffic', loaded, at('min-traffic'), file);
    usesPrometheus(source, 'min-traffic', at('min-traffic', 'provider'));
    spec.minTraffic = { ...source, minRequests: guard['min-requests'] as number };
  }
  const names = new Set<string>();
  ((raw.smoke as Raw[] | undefined) ?? []).forEach((check, index) => {
    const where = `smoke[${index}] (${check.name as string})`;
    const source = metricSource(check, where, loaded, at('smoke', index), file);
    usesPrometheus(source, where, at('smoke', index, 'provider'));
    spec.smoke!.push({
      ...source,
      name: check.name as string,
      min: check.min as number | undefined,
      max: check.max as number | undefined,
      line: loaded.lineOf(at('smoke', index)),
    });
  });
  const sequential = raw.sequential as Raw | undefined;
  if (sequential) {
    const line = loaded.lineOf(at('sequential'));
    if (!spec.prometheus)
      throw new ConfigurationError(
        'sequential reads Prometheus counters, but analysis.providers.prometheus.url is not set',
        { file, line, field: 'sequential' },
      );
    for (const field of ['requests', 'errors'])
      checkTemplate(sequential[field] as string, {
        file,
        line: loaded.lineOf(at('sequential', field)),
        field: `sequential.${field}`,
      });
    spec.sequential = {
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
  ((raw.metrics as Raw[] | undefined) ?? []).forEach((metric, index) => {
    const name = metric.name as string;
    const where = `metrics[${index}] (${name})`;
    const line = loaded.lineOf(at('metrics', index));
    if (names.has(name))
      throw new ConfigurationError(`${where}: duplicate metric name`, {
        file,
        line,
        field: `metrics[${index}].name`,
      });
    names.add(name);
    const source =
      metric.errors !== undefined || metric.requests !== undefined
        ? countedSource(metric, where, loaded, at('metrics', index), file)
        : metricSource(metric, where, loaded, at('metrics', index), file);
    usesPrometheus(source, where, at('metrics', index, 'provider'));
    if (source.empty === 'zero' && !spec.minTraffic)
      throw new ConfigurationError(
        `${where}: "empty: zero" needs a min-traffic guard, so that a dead target (no requests at all) is told apart from a counter that has not been created yet`,
        { file, line: loaded.lineOf(at('metrics', index, 'empty')), field: `metrics[${index}].empty` },
      );
    const compare = metric.compare as Raw | undefined;
    if (metric.min === undefined && metric.max === undefined && compare === undefined)
      throw new ConfigurationError(
        `${where}: give min, max or compare; a metric without a rule can never fail`,
        {
          file,
          line,
          field: `metrics[${index}]`,
        },
      );
    if (
      compare &&
      compare['relative-tolerance'] === undefined &&
      compare['absolute-tolerance'] === undefined &&
      compare.test === undefined
    )
      throw new ConfigurationError(`${where}: compare needs relative-tolerance, absolute-tolerance or test`, {
        file,
        line: loaded.lineOf(at('metrics', index, 'compare')),
        field: `metrics[${index}].compare`,
      });
    if (compare?.test === 'mann-whitney' && !source.samples && source.provider === 'prometheus')
      throw new ConfigurationError(
        `${where}: Mann-Whitney needs samples; set "samples: true" on a query returning several series or a range`,
        {
          file,
          line: loaded.lineOf(at('metrics', index, 'compare')),
          field: `metrics[${index}].samples`,
        },
      );
    spec.metrics.push({
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
    });
  });
  return spec;
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
