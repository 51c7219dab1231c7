/** What a metric provider returns: one number, or samples (for Mann-Whitney), or nothing (inconclusive). */

export interface Measurement {
  /** What was asked, rendered: the PromQL query, the URL or the command line. Logged every time. */
  query: string;
  /** The value, undefined when the source had no data; NaN is kept as NaN (and judged inconclusive). */
  value?: number;
  /** Individual observations (series of a vector, points of a matrix, a JSON array). */
  samples?: number[];
  /** The source had no data and the metric says `empty: zero`: the value 0 stands for "no events yet". */
  emptyAsZero?: boolean;
  /** An error rate measured as its counts (a metric with `errors` and `requests`): value = errors / requests. */
  counts?: { errors: number; requests: number };
}

export interface MeasureRequest {
  /** The rendered query/URL/argv for this side and step. */
  query?: string;
  url?: string;
  command?: string[];
  jsonPath?: string;
  /** Whether a multi-series answer is samples (true) or an error (false: one number was expected). */
  samples: boolean;
  env?: Record<string, string>;
  /** Variables of the step's environment a command metric may see besides the minimal ones (its `env` list). */
  passEnv?: string[];
  signal?: AbortSignal;
}

export interface MetricProvider {
  measure(request: MeasureRequest): Promise<Measurement>;
}

/** The mean of samples, the single number a min/max bound is checked against. */
export function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
