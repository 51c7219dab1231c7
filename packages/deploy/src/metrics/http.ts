/** http: GET a URL that answers JSON and pick a number (or an array of samples) with a JSON path. */
import { describeUrl, httpRequest } from '../http.js';
import { numbersFromJson, parseJsonPath, selectJsonPath } from './json-path.js';
import { mean, type MeasureRequest, type Measurement, type MetricProvider } from './types.js';

export interface HttpProviderSettings {
  headers?: Record<string, string>;
}

export class HttpProvider implements MetricProvider {
  constructor(private readonly settings: HttpProviderSettings = {}) {}

  async measure(request: MeasureRequest): Promise<Measurement> {
    const url = request.url ?? '';
    const response = await httpRequest({
      url,
      headers: { accept: 'application/json', ...this.settings.headers },
      signal: request.signal,
    });
    if (response.status < 200 || response.status >= 300)
      throw new Error(`${describeUrl('GET', url)}: HTTP ${response.status}: ${response.body.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      throw new Error(`${describeUrl('GET', url)}: the answer is not JSON: ${response.body.slice(0, 200)}`);
    }
    const picked = selectJsonPath(json, parseJsonPath(request.jsonPath ?? '$'));
    const numbers = numbersFromJson(picked, `${describeUrl('GET', url)} ${request.jsonPath ?? '$'}`);
    return toMeasurement(url, numbers);
  }
}

export function toMeasurement(query: string, numbers: { value?: number; samples?: number[] }): Measurement {
  if (numbers.samples)
    return numbers.samples.length === 0
      ? { query }
      : { query, value: mean(numbers.samples), samples: numbers.samples };
  return { query, value: numbers.value };
}
