/**
 * One analysis of one step: the minimum-traffic guard, then every metric for the canary (and for stable when
 * compared), judged and counted against the limits. The rendered query and the value are logged every time.
 */
import type { Logger } from '@mlgate/core';
import { sleep } from './abort.js';
import type { AnalysisSpec, MetricSource, MetricSpec, SmokeCheckSpec } from './config.js';
import type { AnalysisLedger } from './judge.js';
import { judgeMetric, type MetricJudgement, type Verdict } from './judge.js';
import { CommandProvider } from './metrics/command.js';
import { HttpProvider } from './metrics/http.js';
import { PrometheusProvider } from './metrics/prometheus.js';
import type { Measurement, MetricProvider } from './metrics/types.js';
import type { Counts } from './rates.js';
import { renderTemplate, templateValues, type TemplateValues } from './template.js';

export interface MetricResult extends MetricJudgement {
  name: string;
  /** The rendered canary query (and stable query when compared). */
  query: string;
  stableQuery?: string;
  samples?: number;
  /**
   * When stable carried no traffic (100 % steps, blue/green after the switch): the step whose stable measurement
   * the canary was compared with, or "bounds" when there was none and only min/max were checked.
   */
  stableFrom?: { step: number; at: string } | 'bounds';
  /** An error rate given as counts: the errors and requests each side's value came from. */
  counts?: { canary?: Counts; stable?: Counts };
}

export interface AnalysisRound {
  at: string;
  /** Requests the guard counted for the canary, when a guard is configured. */
  requests?: number;
  verdict: Verdict;
  reason: string;
  metrics: MetricResult[];
}

export interface StepAnalysis {
  verdict: 'pass' | 'fail' | 'inconclusive';
  reason: string;
  rounds: AnalysisRound[];
}

export interface AnalysisOptions {
  spec: AnalysisSpec;
  versions: { stable: string; canary: string };
  limits: { failureLimit: number; consecutiveErrorLimit: number };
  ledger: AnalysisLedger;
  logger: Logger;
  signal?: AbortSignal;
  /** Folder user commands run in. */
  cwd?: string;
  /** Providers by kind; tests may pass their own. */
  providers?: Partial<Record<MetricSource['provider'], MetricProvider>>;
}

export function createProviders(
  spec: AnalysisSpec,
  cwd?: string,
): Record<MetricSource['provider'], MetricProvider> {
  return {
    prometheus: new PrometheusProvider(spec.prometheus ?? { url: 'http://127.0.0.1:9090' }),
    http: new HttpProvider({ headers: spec.httpHeaders }),
    command: new CommandProvider(cwd),
  };
}

function render(source: MetricSource, values: TemplateValues) {
  return {
    query: source.query !== undefined ? renderTemplate(source.query, values) : undefined,
    url: source.url !== undefined ? renderTemplate(source.url, values) : undefined,
    command: source.command?.map((arg) => renderTemplate(arg, values)),
  };
}

const shown = (measurement: Measurement | Error) =>
  measurement instanceof Error
    ? `error: ${measurement.message}`
    : measurement.counts
      ? `${measurement.counts.errors}/${measurement.counts.requests} = ${measurement.value}`
      : measurement.samples
        ? `${measurement.samples.length} samples, mean ${measurement.value}`
        : measurement.value === undefined
          ? 'no data'
          : String(measurement.value);

/** No series / empty answer → 0 for a metric with `empty: zero` (a counter not created until its first event). */
function emptyAsZero(source: MetricSource, result: Measurement | Error): Measurement | Error {
  if (source.empty !== 'zero' || result instanceof Error) return result;
  if (result.value !== undefined || (result.samples && result.samples.length > 0)) return result;
  return { ...result, value: 0, emptyAsZero: true };
}

/** A stable measurement kept for later steps in which stable carries no traffic. */
interface RecordedStable {
  measurement: Measurement;
  step: number;
  at: string;
}

export class Analyst {
  private readonly providers: Record<MetricSource['provider'], MetricProvider>;

  constructor(private readonly options: AnalysisOptions) {
    this.providers = { ...createProviders(options.spec, options.cwd), ...options.providers };
  }

  private async measure(
    source: MetricSource,
    side: 'stable' | 'canary',
    weight: number,
    step: number,
    label: string,
  ): Promise<{ rendered: string; result: Measurement | Error }> {
    const values = templateValues(side, this.options.versions, weight, step);
    const rendered = render(source, values);
    const counted = source.counts && {
      errors: renderTemplate(source.counts.errors, values),
      requests: renderTemplate(source.counts.requests, values),
    };
    const text = counted
      ? `${counted.errors} / ${counted.requests}`
      : (rendered.query ?? rendered.url ?? rendered.command?.join(' ') ?? '');
    let result: Measurement | Error;
    try {
      result = counted
        ? await this.measureCounts(counted, text)
        : await this.providers[source.provider].measure({
            ...rendered,
            jsonPath: source.jsonPath,
            samples: source.samples,
            passEnv: source.env,
            env: {
              MLGATE_VERSION: values.version,
              MLGATE_STABLE_VERSION: values['stable-version'],
              MLGATE_CANARY_VERSION: values['canary-version'],
              MLGATE_WEIGHT: values.weight,
              MLGATE_STEP: values.step,
              MLGATE_SIDE: side,
            },
            signal: this.options.signal,
          });
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      result = error instanceof Error ? error : new Error(String(error));
    }
    const raw = result;
    result = emptyAsZero(source, result);
    this.options.logger.info(
      `${label} [${side}] ${source.provider}: ${text} → ${raw !== result ? 'no series → 0 (empty: zero)' : shown(result)}`,
    );
    return { rendered: text, result };
  }

  /**
   * An error rate as its counts: the errors query with no series is 0 errors (the series appears at the first
   * error); the requests query with no series, or 0 requests, is no data. Prometheus' increase() extrapolates to
   * the window's edges, so counts are rounded to whole requests.
   */
  private async measureCounts(
    queries: { errors: string; requests: string },
    text: string,
  ): Promise<Measurement> {
    const read = async (query: string) => {
      const measured = await this.providers.prometheus.measure({
        query,
        samples: false,
        signal: this.options.signal,
      });
      if (measured.value !== undefined && !(Number.isFinite(measured.value) && measured.value >= 0))
        throw new Error(`${query} gave ${measured.value}; expected a count ≥ 0`);
      return measured.value;
    };
    const [errors, requests] = await Promise.all([read(queries.errors), read(queries.requests)]);
    if (requests === undefined || Math.round(requests) === 0) return { query: text };
    const counts = {
      requests: Math.round(requests),
      errors: Math.min(Math.round(errors ?? 0), Math.round(requests)),
    };
    return { query: text, value: counts.errors / counts.requests, counts };
  }

  /** Stable's last measurement with a value, per metric, from a step in which stable carried traffic. */
  private readonly recordedStable = new Map<string, RecordedStable>();

  private async judge(metric: MetricSpec, weight: number, step: number): Promise<MetricResult> {
    // At 100 % (a canary's last step, blue/green after the switch) stable serves nothing: its rate over any
    // window shorter than the step is 0/0. The canary is compared with stable as last measured instead.
    const stableIdle = weight >= 100;
    const [canary, stable] = await Promise.all([
      this.measure(metric, 'canary', weight, step, `metric ${metric.name}`),
      metric.compare && !stableIdle
        ? this.measure(metric, 'stable', weight, step, `metric ${metric.name}`)
        : undefined,
    ]);
    const label = `metric ${metric.name}`;
    let judgement: MetricJudgement;
    let stableFrom: MetricResult['stableFrom'];
    if (metric.compare && stableIdle) {
      const recorded = this.recordedStable.get(metric.name);
      if (recorded) {
        stableFrom = { step: recorded.step, at: recorded.at };
        this.options.logger.info(
          `${label} [stable]: carries no traffic at ${weight}%; comparing with its measurement of step ${recorded.step} → ${shown(recorded.measurement)}`,
        );
        judgement = judgeMetric(metric, canary.result, recorded.measurement);
        judgement = {
          ...judgement,
          reason: `${judgement.reason} (stable as measured at step ${recorded.step})`,
        };
      } else {
        stableFrom = 'bounds';
        judgement = judgeMetric({ ...metric, compare: undefined }, canary.result);
        if (metric.min === undefined && metric.max === undefined && judgement.verdict === 'pass')
          judgement = {
            ...judgement,
            verdict: 'inconclusive',
            reason: `stable carries no traffic at ${weight}% and was not measured in an earlier step; give min or max to judge this step`,
          };
        else
          judgement = {
            ...judgement,
            reason: `${judgement.reason} (stable carries no traffic and has no earlier measurement: bounds only)`,
          };
      }
    } else {
      judgement = judgeMetric(metric, canary.result, stable?.result);
      const measured = stable?.result;
      if (
        measured &&
        !(measured instanceof Error) &&
        measured.value !== undefined &&
        !Number.isNaN(measured.value)
      )
        this.recordedStable.set(metric.name, { measurement: measured, step, at: new Date().toISOString() });
    }
    const samples = canary.result instanceof Error ? undefined : canary.result.samples?.length;
    const countsOf = (measured?: Measurement | Error) =>
      measured && !(measured instanceof Error) ? measured.counts : undefined;
    const canaryCounts = countsOf(canary.result);
    const stableCounts = countsOf(
      stableFrom && stableFrom !== 'bounds'
        ? this.recordedStable.get(metric.name)?.measurement
        : stable?.result,
    );
    this.options.logger.info(`${label}: ${judgement.verdict}: ${judgement.reason}`);
    return {
      name: metric.name,
      query: canary.rendered,
      stableQuery: stable?.rendered,
      samples,
      ...(stableFrom ? { stableFrom } : {}),
      ...(canaryCounts || stableCounts ? { counts: { canary: canaryCounts, stable: stableCounts } } : {}),
      ...judgement,
    };
  }

  /**
   * The smoke checks: each measured once against the new version (at 0 %, before any traffic step). A check
   * without min/max passes when its provider answers (command exit 0, HTTP 2xx with JSON).
   */
  async smoke(checks: SmokeCheckSpec[]): Promise<StepAnalysis> {
    const at = new Date().toISOString();
    const metrics: MetricResult[] = [];
    for (const check of checks) {
      const measured = await this.measure(check, 'canary', 0, 0, `smoke ${check.name}`);
      const result = measured.result;
      const judgement: MetricJudgement =
        check.min === undefined && check.max === undefined
          ? result instanceof Error
            ? { verdict: 'fail', reason: result.message }
            : { verdict: 'pass', reason: 'answered', canary: result.value }
          : result instanceof Error
            ? { verdict: 'fail', reason: result.message }
            : judgeMetric(check, result);
      // A smoke check that cannot say yes says no: nothing has been exposed yet, so the cost of waiting is low.
      const verdict = judgement.verdict === 'pass' ? 'pass' : 'fail';
      this.options.logger.info(`smoke ${check.name}: ${verdict}: ${judgement.reason}`);
      metrics.push({ name: check.name, query: measured.rendered, ...judgement, verdict });
    }
    const failed = metrics.filter((metric) => metric.verdict !== 'pass');
    const reason =
      failed.map((metric) => `smoke check ${metric.name}: ${metric.reason}`).join('; ') ||
      `${metrics.length} smoke check${metrics.length === 1 ? '' : 's'} passed`;
    const verdict = failed.length > 0 ? 'fail' : 'pass';
    return { verdict, reason, rounds: [{ at, verdict, reason, metrics }] };
  }

  /** One round: the guard, then all metrics. */
  async round(weight: number, mirror: number, step: number): Promise<AnalysisRound> {
    const at = new Date().toISOString();
    const guard = this.options.spec.minTraffic;
    let requests: number | undefined;
    // The guard applies only while the new version is meant to receive traffic (not to an idle blue/green side).
    if (guard && (weight > 0 || mirror > 0)) {
      const { result } = await this.measure(guard, 'canary', weight, step, 'min-traffic');
      if (result instanceof Error)
        return {
          at,
          verdict: 'inconclusive',
          reason: `min-traffic query failed: ${result.message}`,
          metrics: [],
        };
      requests = result.value;
      if (requests === undefined || Number.isNaN(requests) || requests < guard.minRequests) {
        const reason = `only ${requests === undefined || Number.isNaN(requests) ? 'unknown (no data)' : requests} requests to the canary (min-traffic ${guard.minRequests})`;
        this.options.logger.warning(reason);
        return { at, requests, verdict: 'inconclusive', reason, metrics: [] };
      }
    }
    const metrics: MetricResult[] = [];
    for (const metric of this.options.spec.metrics) metrics.push(await this.judge(metric, weight, step));
    const worst = (['error', 'fail', 'inconclusive'] as const).find((verdict) =>
      metrics.some((m) => m.verdict === verdict),
    );
    const verdict: Verdict = worst ?? 'pass';
    const reason =
      metrics
        .filter((metric) => metric.verdict === verdict && verdict !== 'pass')
        .map((metric) => `${metric.name}: ${metric.reason}`)
        .join('; ') || (metrics.length > 0 ? 'all metrics passed' : 'no metrics configured');
    return { at, requests, verdict, reason, metrics };
  }

  /**
   * Analyses a step: `count` rounds `interval` apart. A provider error is retried after `interval` until the
   * metric's consecutive-error-limit is exceeded; a failure counts against its failure-limit; an inconclusive
   * round ends the analysis as inconclusive (the rollout applies the inconclusive policy).
   */
  async analyseStep(weight: number, mirror: number, step: number): Promise<StepAnalysis> {
    const { spec, ledger, limits } = this.options;
    const rounds: AnalysisRound[] = [];
    let completed = 0;
    while (completed < spec.count) {
      if (rounds.length > 0) await sleep(spec.intervalMs, this.options.signal);
      const round = await this.round(weight, mirror, step);
      rounds.push(round);
      let hadError = false;
      for (const metric of round.metrics) {
        const metricSpec = spec.metrics.find((item) => item.name === metric.name);
        const exceeded = ledger.record(
          metric.name,
          metric.verdict,
          {
            failureLimit: metricSpec?.failureLimit ?? limits.failureLimit,
            consecutiveErrorLimit: metricSpec?.consecutiveErrorLimit ?? limits.consecutiveErrorLimit,
          },
          metric.reason,
        );
        if (exceeded) return { verdict: 'fail', reason: exceeded, rounds };
        if (metric.verdict === 'error') hadError = true;
        else if (metric.verdict === 'fail')
          this.options.logger.warning(
            `metric ${metric.name} failed (${ledger.failuresOf(metric.name)} so far, within failure-limit): ${metric.reason}`,
          );
      }
      if (hadError) continue;
      if (round.verdict === 'inconclusive') return { verdict: 'inconclusive', reason: round.reason, rounds };
      completed++;
    }
    const last = rounds[rounds.length - 1];
    return { verdict: 'pass', reason: last?.reason ?? 'no analysis', rounds };
  }
}
