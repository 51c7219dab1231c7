/** command: run a user script (no shell) and read a number, a JSON number/array, or JSON + json-path from stdout. */
import { childEnvironment } from '@mlgate/core';
import { runChecked } from '../process.js';
import { toMeasurement } from './http.js';
import { numbersFromJson, parseJsonPath, selectJsonPath } from './json-path.js';
import type { MeasureRequest, Measurement, MetricProvider } from './types.js';

export function parseCommandOutput(
  stdout: string,
  jsonPath: string | undefined,
  what: string,
): { value?: number; samples?: number[] } {
  const text = stdout.trim();
  if (text === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Plain text: a single number such as "0.013" or "NaN".
    if (jsonPath === undefined && /^[+-]?(\d|\.\d|nan|inf)/i.test(text) && !/\s/.test(text))
      return numbersFromJson(text, what);
    throw new Error(`${what} printed "${text.slice(0, 200)}"; expected a number or JSON`);
  }
  return numbersFromJson(jsonPath ? selectJsonPath(json, parseJsonPath(jsonPath)) : json, what);
}

export class CommandProvider implements MetricProvider {
  constructor(private readonly cwd?: string) {}

  async measure(request: MeasureRequest): Promise<Measurement> {
    const argv = request.command ?? [];
    const stdout = await runChecked(argv, `metric command ${argv[0]}`, {
      environment: childEnvironment(request.passEnv, request.env),
      signal: request.signal,
      cwd: this.cwd,
    });
    return toMeasurement(
      argv.join(' '),
      parseCommandOutput(stdout, request.jsonPath, `metric command ${argv[0]}`),
    );
  }
}
