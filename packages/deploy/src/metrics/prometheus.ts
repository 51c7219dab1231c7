/** Prometheus: an instant query over the HTTP API (GET /api/v1/query). */
import { describeUrl, httpRequest } from '../http.js';
import { mean, type MeasureRequest, type Measurement, type MetricProvider } from './types.js';

export interface PrometheusSettings {
  url: string;
  headers?: Record<string, string>;
  /** Name of an environment variable holding a bearer token. */
  bearerTokenEnv?: string;
}

interface QueryResponse {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: {
    resultType: 'vector' | 'matrix' | 'scalar' | 'string';
    result: unknown;
  };
}

type Sample = [number, string];

/** Prometheus writes sample values as strings, including "NaN", "+Inf" and "-Inf". */
export function prometheusNumber(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * The number(s) in a query result. An empty vector is no data. One series is a value; several series (or a
 * matrix) are samples when the metric asks for samples, else an error: aggregate them in PromQL.
 */
export function parsePrometheusResult(body: QueryResponse, query: string, wantSamples: boolean): Measurement {
  if (body.status !== 'success' || !body.data)
    throw new Error(
      `Prometheus query failed: ${body.errorType ?? 'error'}: ${body.error ?? 'no data field'}`,
    );
  const { resultType, result } = body.data;
  const toNumber = (sample: Sample) => prometheusNumber(sample[1]);
  switch (resultType) {
    case 'scalar':
      return { query, value: toNumber(result as Sample) };
    case 'vector': {
      const series = result as { metric: Record<string, string>; value: Sample }[];
      if (series.length === 0) return { query };
      if (series.length === 1 && !wantSamples) return { query, value: toNumber(series[0].value) };
      if (!wantSamples)
        throw new Error(
          `Prometheus returned ${series.length} series; aggregate them in the query (sum, avg, max) or set "samples: true"`,
        );
      const samples = series.map((item) => toNumber(item.value));
      return { query, value: mean(samples), samples };
    }
    case 'matrix': {
      const series = result as { metric: Record<string, string>; values: Sample[] }[];
      const samples = series.flatMap((item) => item.values.map(toNumber));
      if (samples.length === 0) return { query };
      if (!wantSamples)
        throw new Error('Prometheus returned a range vector; use an instant vector or set "samples: true"');
      return { query, value: mean(samples), samples };
    }
    case 'string':
    default:
      throw new Error(`Prometheus returned a ${resultType} result; expected a number`);
  }
}

export class PrometheusProvider implements MetricProvider {
  constructor(private readonly settings: PrometheusSettings) {}

  async measure(request: MeasureRequest): Promise<Measurement> {
    const query = request.query ?? '';
    const url = new URL(
      'api/v1/query',
      this.settings.url.endsWith('/') ? this.settings.url : `${this.settings.url}/`,
    );
    url.searchParams.set('query', query);
    const headers: Record<string, string> = { accept: 'application/json', ...this.settings.headers };
    if (this.settings.bearerTokenEnv) {
      const token = process.env[this.settings.bearerTokenEnv];
      if (!token) throw new Error(`environment variable ${this.settings.bearerTokenEnv} is empty`);
      headers.authorization = `Bearer ${token}`;
    }
    const response = await httpRequest({ url: url.toString(), headers, signal: request.signal });
    let body: QueryResponse;
    try {
      body = JSON.parse(response.body) as QueryResponse;
    } catch {
      throw new Error(
        `${describeUrl('GET', url.toString())}: HTTP ${response.status}, not JSON: ${response.body.slice(0, 200)}`,
      );
    }
    // Prometheus answers 400/422/503 with the same JSON envelope and an error message.
    return parsePrometheusResult(body, query, request.samples);
  }
}
