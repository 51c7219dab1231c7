/** eval-gate end to end, independent of GitHub Actions: read results, compute metrics, gate, build the report. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import {
  CASE_FIELDS,
  ConfigurationError,
  displayPath,
  EVAL_REPORT_KIND,
  EVAL_REPORT_VERSION,
  formatNumber,
  gateLacksBaseline,
  inconclusiveReason,
  InputDataError,
  MLGATE_VERSION,
  parseJson,
  readReportText,
  reportKind,
  resolveFiles,
  rethrowNesting,
  truncate,
  validateReport,
  type CaseFieldVisitor,
  type CaseRecord,
  type EvalReport,
  type GateResult,
  type Logger,
  type MetricSummary,
  type Outcome,
  type RunContext,
} from '@mlgate/core';
import { caseScore, diffCases, scoreHistogram } from './case-diff.js';
import { groupByTag, mergeCases, mergeColumns, type EvalCase } from './cases.js';
import { CaseColumns } from './case-columns.js';
import { lazyList } from './lazy-list.js';
import { metricHigherIsBetter } from './catalog.js';
import { aggregateSummaries, evaluateAggregateGates, type ReportedEstimate } from './aggregate.js';
import { checkGateMetrics, evaluateGates } from './gates/evaluate.js';
import { loadGatesFile, noGates, type GatesConfig } from './gates/gates-file.js';
import { importResultsFile, type ColumnMapping } from './importers/index.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from './statistics/index.js';
import { CONFIDENCE_LEVEL } from './intervals.js';
import { intervalsOnThreads } from './resample-threads.js';
import type { MethodInterval } from './statistics/analytic.js';
import { checkOverflow } from './overflow.js';
import { MetricSuite, type SuiteSpec } from './suite.js';
import { ShardCaseIds } from './shards/ids.js';
import { resolveTask } from './task.js';
import type { AggregateMetric, ResultsFormat, TaskKind } from './types.js';

export interface EvalGateOptions {
  /** Paths or globs of results files (shards of one run). */
  results: string[];
  format: ResultsFormat | 'auto';
  task: TaskKind | 'auto';
  gates?: string;
  baseline?: string;
  significance: number;
  /** CSV results: which column is which canonical field (the columns input). */
  columns?: ColumnMapping;
  /** Binary tasks: the positive class (the gates file's positive-label wins when both say). */
  positiveLabel?: string;
  /** Directory that relative paths are resolved from (the workspace). */
  workspace: string;
  context: RunContext;
  /** false in a shard job (mode: shard): metrics of this shard only, no gates and no baseline. */
  applyGates?: boolean;
}

/** Cases ready to be scored: read from results files, or merged from shard jobs' reports (shards/merge.ts). */
export interface LoadedCases {
  cases: EvalCase[];
  /** Result rows read, before repeats were merged into cases. */
  rowCount: number;
  sources: EvalReport['sources'];
  /** Aggregate-only results (lm-eval results_*.json, EEE records): the reported metrics; `cases` is then empty. */
  aggregates?: AggregateMetric[];
}

const DEFAULT_MIN_SHARED_CASES = 30;
/** Report text fields are capped so a report of a million cases stays readable; the marker says so. */
const MAX_TEXT = 2000;

/** `{ [key]: value }` when value is defined, else nothing: keeps undefined out of the JSON report. */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
const finiteOrNull = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : value;
/** Each reason capped like the other text fields. */
const capValues = (texts: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(texts).map(([key, text]) => [key, cap(text)!]));
const cap = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : truncate(text, MAX_TEXT);

async function readRows(
  patterns: string[],
  format: ResultsFormat | 'auto',
  workspace: string,
  logger: Logger,
  columns?: ColumnMapping,
) {
  const files = await resolveFiles(patterns, 'results', workspace);
  const rows = new CaseColumns();
  const sources: EvalReport['sources'] = [];
  const aggregates = new AggregateNames();
  // Several files are shards of one run: a case id may repeat within a file, never across files.
  const ids = new ShardCaseIds();
  for (const file of files) {
    const shown = displayPath(file, workspace);
    // Deep nesting overflows whichever recursive code meets the value first: name the line instead.
    const start = rows.length;
    const imported = await importResultsFile(file, format, shown, { columns, into: rows }).catch(
      (error: unknown) => rethrowNesting(error, [{ absolute: file, shown }]),
    );
    logger.info(
      imported.aggregates
        ? `${shown}: ${imported.aggregates.length} aggregate metrics (${imported.format}), no cases`
        : `${shown}: ${imported.rows} rows (${imported.format})${imported.skipped ? `, ${imported.skipped} skipped` : ''}`,
    );
    if (imported.aggregates) aggregates.add(shown, imported.aggregates);
    // Importers name the file in their warnings; the annotation carries it already.
    for (const warning of imported.warnings)
      logger.warning(warning.replace(`${shown}: `, ''), { file: shown });
    if (files.length > 1) ids.addShard(shown, rows.idsFrom(start));
    sources.push({
      file: shown,
      format: imported.format,
      rows: imported.rows,
      skipped: imported.skipped,
    });
  }
  if (aggregates.metrics.length > 0) {
    const perCase = sources.find((source) => source.rows > 0);
    if (perCase)
      throw new InputDataError(
        `${perCase.file} holds cases but ${aggregates.metrics[0].source.file} only aggregate metrics: gate them in ` +
          'separate steps (a case-level gate and an aggregate one), not as one run',
        { file: perCase.file },
      );
    return { rows, sources, aggregates: aggregates.metrics };
  }
  if (rows.length === 0)
    throw new InputDataError('the results contain no cases: an empty evaluation is not a pass', {
      file: sources[0]?.file ?? patterns[0],
    });
  return { rows, sources, aggregates: undefined };
}

/** Aggregate metrics of several files, each name once (two files reporting one metric would be ambiguous). */
class AggregateNames {
  readonly metrics: AggregateMetric[] = [];
  private readonly seen = new Map<string, AggregateMetric>();

  add(file: string, metrics: AggregateMetric[]): void {
    for (const metric of metrics) {
      const earlier = this.seen.get(metric.name);
      if (earlier)
        throw new InputDataError(
          `the metric "${metric.name}" is reported twice, by ${earlier.source.file}:${earlier.source.line} and here: ` +
            'give the files of one run only once',
          { ...metric.source, file },
        );
      this.seen.set(metric.name, metric);
      this.metrics.push(metric);
    }
  }
}

export function recordToCase(record: CaseRecord, file: string): EvalCase {
  return {
    id: record.id,
    repeats: record.repeats ?? 1,
    flaky: record.flaky ?? false,
    expected: record.expected,
    predicted: record.predicted,
    probability: record.probability,
    scores: record.scores,
    passRate: record.passRate ?? (record.pass === undefined ? undefined : record.pass ? 1 : 0),
    allPassed: record.allPassed ?? record.pass,
    tags: record.tags,
    latencyMs: record.latencyMs,
    tokensInput: record.tokens?.input ?? 0,
    tokensOutput: record.tokens?.output ?? 0,
    costUsd: record.costUsd ?? 0,
    hasCost: record.costUsd !== undefined,
    input: record.input,
    output: record.output,
    error: record.error,
    reasons: record.reasons,
    source: record.source ?? { file, line: 1 },
  };
}

/**
 * The members of a case's report record, in CASE_COLUMNS order (`source` last), each given to `set` (absent
 * ones as undefined or not at all): the record is made from them, and the report writer encodes them without it.
 */
function caseFields(item: EvalCase, regression: boolean, set: CaseFieldVisitor): void {
  set('id', item.id);
  // Defaults (one run, not flaky) are left out: at a million cases they are a sixth of the report.
  if (item.repeats > 1) set('repeats', item.repeats);
  if (item.flaky) set('flaky', true);
  const passRate = item.passRate;
  if (passRate !== undefined) {
    set('pass', passRate >= 0.5);
    set('passRate', passRate);
    set('allPassed', item.allPassed);
  }
  set('score', caseScore(item, regression));
  set('expected', item.expected);
  set('predicted', item.predicted);
  set('probability', item.probability);
  set('scores', item.scores);
  const tags = item.tags;
  if (tags && Object.keys(tags).length > 0) set('tags', tags);
  set('latencyMs', item.latencyMs);
  if (item.tokensInput || item.tokensOutput)
    set('tokens', { input: item.tokensInput, output: item.tokensOutput });
  if (item.hasCost) set('costUsd', item.costUsd);
  set('input', cap(item.input));
  set('output', cap(item.output));
  set('error', cap(item.error));
  const reasons = item.reasons;
  if (reasons) set('reasons', capValues(reasons));
  set('source', item.source);
}

function caseToRecord(item: EvalCase, regression: boolean): CaseRecord {
  const record: Record<string, unknown> = {};
  caseFields(item, regression, (key, value) => {
    if (value !== undefined) record[key] = value;
  });
  return record as unknown as CaseRecord;
}

/** The report's cases: records made when read, or their fields visited by the report writer (CASE_FIELDS). */
function caseRecords(cases: EvalCase[], regression: boolean): CaseRecord[] {
  return lazyList(cases.length, (index) => caseToRecord(cases[index], regression), {
    [CASE_FIELDS]: (index: number, visit: CaseFieldVisitor) => caseFields(cases[index], regression, visit),
  });
}

interface Baseline {
  source: string;
  commit?: string;
  generatedAt?: string;
  cases: EvalCase[];
  /** The baseline's reported metrics when it is aggregate results (a report of them, or the tool's file). */
  aggregates?: Map<string, ReportedEstimate>;
}

/** A baseline is an earlier eval report (preferred: it records the commit) or a raw results file. */
async function readBaseline(file: string, options: EvalGateOptions, logger: Logger): Promise<Baseline> {
  const absolute = path.resolve(options.workspace, file);
  const shown = displayPath(absolute, options.workspace);
  await access(absolute).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigurationError(
      error.code === 'ENOENT' ? `baseline file not found: ${file}` : `cannot read baseline: ${error.message}`,
      {
        file: shown,
        field: 'baseline',
      },
    );
  });
  // A stored baseline is report.json.gz (eval report 1.3 on); earlier ones and reports given by path are .json.
  if (/\.json(\.gz)?$/.test(absolute)) {
    const text = await readReportText(absolute, shown);
    const value = parseJson(text, shown);
    if (reportKind(value) === EVAL_REPORT_KIND) {
      const report = validateReport<EvalReport>(value, EVAL_REPORT_KIND, shown);
      logger.info(
        `baseline: ${shown} (eval report of ${report.context.commit ?? 'unknown commit'}, ${report.cases.length} cases)`,
      );
      return {
        source: shown,
        commit: report.context.commit,
        generatedAt: report.generatedAt,
        cases: report.cases.map((record) => recordToCase(record, shown)),
        ...(report.aggregate ? { aggregates: reportedEstimates(report, shown) } : {}),
      };
    }
  }
  // A CSV or JSONL baseline has the columns of this run's results.
  const mapped = ['.csv', '.tsv', '.jsonl', '.ndjson'].includes(path.extname(absolute).toLowerCase());
  const imported = await importResultsFile(absolute, 'auto', shown, {
    columns: mapped ? options.columns : undefined,
  });
  if (imported.aggregates) {
    logger.info(
      `baseline: ${shown} (${imported.format} aggregate results, ${imported.aggregates.length} metrics)`,
    );
    return {
      source: shown,
      cases: [],
      aggregates: new Map(imported.aggregates.map((metric) => [metric.name, metric])),
    };
  }
  logger.info(`baseline: ${shown} (results, ${imported.cases.length} rows)`);
  return { source: shown, cases: mergeCases(imported.cases) };
}

/** An aggregate report's metrics as estimates with their reported standard errors. */
function reportedEstimates(report: EvalReport, shown: string): Map<string, ReportedEstimate> {
  const estimates = new Map<string, ReportedEstimate>();
  for (const [name, metric] of Object.entries(report.metrics)) {
    if (metric.value === null) continue;
    estimates.set(
      name,
      typeof metric.stderr === 'number'
        ? { value: metric.value, stderr: metric.stderr }
        : { value: metric.value, stderrMissing: `${shown} records none` },
    );
  }
  return estimates;
}

function decideOutcome(gates: GateResult[]): Outcome {
  const blocking = gates.filter((gate) => gate.severity === 'error');
  if (blocking.some((gate) => gate.status === 'fail')) return 'fail';
  if (blocking.some((gate) => gate.status === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

function summarise(
  outcome: Outcome,
  gates: GateResult[],
  headline: string | undefined,
  value: number | undefined,
): string {
  const count = (status: string) => gates.filter((gate) => gate.status === status).length;
  const noBaseline = gates.filter(gateLacksBaseline).length;
  const undecided = count('inconclusive') - noBaseline;
  const parts = [
    gates.length === 0 ? 'no gates' : `${count('pass')}/${gates.length} gates passed`,
    count('fail') ? `${count('fail')} failed` : '',
    undecided ? `${undecided} inconclusive` : '',
    noBaseline ? `${noBaseline} without a baseline yet` : '',
    count('warn') ? `${count('warn')} warned` : '',
  ].filter(Boolean);
  const firstFailure =
    gates.find((gate) => gate.status === 'fail') ??
    gates.find((gate) => gate.status === 'inconclusive' && gate.severity === 'error');
  const metric =
    headline && value !== undefined && Number.isFinite(value) ? `; ${headline} ${formatNumber(value)}` : '';
  // No verdict word here: every reader prints the outcome beside the summary ("eval-gate fail: 2/3 gates passed").
  return `${parts.join(', ')}${metric}${firstFailure && outcome !== 'pass' ? ` — ${firstFailure.message}` : ''}`;
}

/** The columns mapping: the gates file's, else the input's (the gates file wins, as for positive-label). */
function effectiveColumns(
  options: EvalGateOptions,
  gatesFile: GatesConfig,
  logger: Logger,
): ColumnMapping | undefined {
  if (!gatesFile.columns) return options.columns;
  if (options.columns && JSON.stringify(options.columns) !== JSON.stringify(gatesFile.columns))
    logger.warning(
      "columns is set both as an input and in the gates file, differently: the gates file's mapping is used",
      { file: gatesFile.file ?? 'gates', line: gatesFile.lineOf(['columns']), field: 'columns' },
    );
  return gatesFile.columns;
}

async function loadCases(options: EvalGateOptions, logger: Logger): Promise<LoadedCases> {
  const { rows, sources, aggregates } = await logger.group('Reading results', () =>
    readRows(options.results, options.format, options.workspace, logger, options.columns),
  );
  const cases = mergeColumns(rows);
  return { cases, rowCount: rows.length, sources, ...(aggregates ? { aggregates } : {}) };
}

/** The run's settings: the gates file, and what it overrides (significance, resamples, seed). */
interface RunSettings {
  /** The gates file as written (metric directions come from it even in a shard job). */
  gatesFile: GatesConfig;
  /** The gates applied: none in a shard job. */
  config: GatesConfig;
  significance: number;
  resamples: number;
  seed: number;
}

/** `loaded`: cases already read (the merge of shard jobs); without it the results files are read. */
export async function runEvalGate(
  options: EvalGateOptions,
  logger: Logger,
  loaded?: LoadedCases,
): Promise<EvalReport> {
  const gatesFile: GatesConfig = options.gates
    ? await loadGatesFile(
        path.resolve(options.workspace, options.gates),
        displayPath(path.resolve(options.workspace, options.gates), options.workspace),
      )
    : noGates;
  const columns = effectiveColumns(options, gatesFile, logger);
  if (columns !== options.columns) options = { ...options, columns };
  const { cases, rowCount, sources, aggregates } = loaded ?? (await loadCases(options, logger));
  // A shard job keeps what the gates file says about labels and the task, and applies none of its gates.
  const config: GatesConfig = options.applyGates === false ? { ...gatesFile, gates: [] } : gatesFile;
  const settings: RunSettings = {
    gatesFile,
    config,
    significance: config.significance ?? options.significance,
    resamples: config.resamples ?? DEFAULT_RESAMPLES,
    seed: config.seed ?? DEFAULT_SEED,
  };

  const baseline =
    options.baseline && options.applyGates !== false
      ? await readBaseline(options.baseline, options, logger)
      : undefined;
  if (aggregates) {
    if (options.applyGates === false)
      throw new ConfigurationError(
        `${sources[0].file} holds aggregate results (a tool's reported metrics, no cases), which cannot be split into shards: gate them with mode: single`,
        { file: sources[0].file, field: 'mode' },
      );
    const { significance, seed } = settings;
    return aggregateReport({ options, config, sources, aggregates, baseline, significance, seed, logger });
  }
  if (baseline?.aggregates)
    throw new ConfigurationError(
      `the baseline ${baseline.source} holds aggregate results (reported metrics, no cases) and this run holds cases: compare runs of the same kind`,
      { file: baseline.source, field: 'baseline' },
    );
  return gateCases({ options, settings, cases, rowCount, sources, baseline }, logger);
}

/** Cases read: the task, the metrics with their intervals, the gates, and the report of it all. */
async function gateCases(
  run: {
    options: EvalGateOptions;
    settings: RunSettings;
    cases: EvalCase[];
    rowCount: number;
    sources: EvalReport['sources'];
    baseline?: Baseline;
  },
  logger: Logger,
): Promise<EvalReport> {
  const { options, settings, cases, rowCount, baseline } = run;
  const { config, resamples, seed } = settings;
  const { spec, labels, baselineSpec } = taskSpecs(cases, options, config, baseline, logger);
  const suite = new MetricSuite(cases, spec);
  logger.info(
    `${spec.task} task: ${cases.length} cases from ${rowCount} rows${spec.labels.length ? `, labels ${spec.labels.slice(0, 20).join(', ')}` : ''}`,
  );
  checkGateMetrics(config, suite.names, cases);
  const { values, intervals } = await logger.group('Computing metrics', () =>
    computeMetrics(suite, cases, resamples, seed, logger),
  );
  const baselineValues =
    baseline && baselineSpec
      ? new MetricSuite(baseline.cases, { ...baselineSpec, labels, fairnessTag: spec.fairnessTag }).compute()
      : undefined;
  const compared = baseline && baselineValues ? { ...baseline, values: baselineValues } : undefined;
  const gates = await logger.group('Applying gates', () => {
    const results = evaluateGates({
      config,
      cases,
      suite,
      values,
      intervals: Object.fromEntries(
        Object.entries(intervals).map(([name, interval]) => [name, [interval.lower, interval.upper]]),
      ),
      baseline: compared ? { cases: compared.cases, values: compared.values } : undefined,
      buildSuite: (subset: EvalCase[]) => new MetricSuite(subset, spec),
      significance: settings.significance,
      minSharedCases: config.minSharedCases ?? DEFAULT_MIN_SHARED_CASES,
      resamples,
      seed,
    });
    for (const gate of results) logger.info(`${gate.status.toUpperCase().padEnd(12)} ${gate.message}`);
    return Promise.resolve(results);
  });
  return casesReport({ ...run, spec, suite, values, intervals, gates, baseline: compared });
}

/**
 * The task of this run and of its baseline. Both runs are scored over the union of their labels, so macro
 * averages compare like with like.
 */
function taskSpecs(
  cases: EvalCase[],
  options: EvalGateOptions,
  config: GatesConfig,
  baseline: Baseline | undefined,
  logger: Logger,
): { spec: SuiteSpec; labels: string[]; baselineSpec?: SuiteSpec } {
  const draft = resolveTask(cases, options.task, {
    labels: config.labels,
    positiveLabel: config.positiveLabel ?? options.positiveLabel,
    gatesFile: config.file,
  });
  let labels = draft.labels;
  if (baseline && (draft.task === 'binary' || draft.task === 'multiclass') && !config.labels) {
    labels = [
      ...new Set([
        ...labels,
        ...baseline.cases.flatMap((item) => (item.expected === undefined ? [] : [String(item.expected)])),
      ]),
    ].sort();
  }
  const taskSpec =
    labels === draft.labels
      ? draft
      : resolveTask(cases, draft.task, {
          labels,
          positiveLabel: draft.positiveLabel,
          gatesFile: config.file,
        });
  const spec: SuiteSpec = { ...taskSpec, fairnessTag: config.fairnessTag };
  const baselineSpec = baseline
    ? resolveTask(baseline.cases, spec.task, {
        labels: labels.length ? labels : undefined,
        positiveLabel: spec.positiveLabel,
        gatesFile: config.file,
      })
    : undefined;
  if (spec.fairnessTag && (spec.task !== 'binary' || spec.positiveLabel === undefined)) {
    logger.warning(
      `fairness metrics need a binary task with a positive class; this is a ${spec.task} task, so fairness by "${spec.fairnessTag}" is skipped`,
      {
        file: config.file ?? 'gates',
        line: config.lineOf(['fairness']),
        field: 'fairness',
      },
    );
  }
  if (spec.fairnessTag && spec.task === 'binary' && spec.positiveLabel !== undefined) {
    const untagged = cases.filter((item) => item.tags?.[spec.fairnessTag!] === undefined).length;
    if (untagged > 0)
      logger.warning(
        `${untagged} of ${cases.length} cases have no "${spec.fairnessTag}" tag: they are left out of the fairness metrics`,
        { file: config.file ?? 'gates', line: config.lineOf(['fairness']), field: 'fairness' },
      );
  }
  return { spec, labels, baselineSpec };
}

/** Every metric's value and 95% interval, and the log line saying which interval methods were used. */
async function computeMetrics(
  suite: MetricSuite,
  cases: EvalCase[],
  resamples: number,
  seed: number,
  logger: Logger,
): Promise<{ values: Record<string, number>; intervals: Intervals }> {
  const started = Date.now();
  const values = suite.compute();
  checkOverflow(values, cases);
  const { intervals, threads } = await intervalsOnThreads(suite, resamples, seed, logger);
  const byMethod = new Map<string, number>();
  for (const interval of Object.values(intervals))
    byMethod.set(interval.method, (byMethod.get(interval.method) ?? 0) + 1);
  const methods = [...byMethod].map(([method, count]) => `${count} ${method}`).join(', ');
  logger.info(
    `${suite.headline.length} metrics with intervals in ${Date.now() - started} ms${methods ? ` (${methods}; ${resamples} resamples${threads > 1 ? ' on 2 threads' : ''}, seed ${seed})` : ''}`,
  );
  return { values, intervals };
}

type Values = ReturnType<MetricSuite['compute']>;
type Intervals = Record<string, MethodInterval>;

/** The eval report of a run with cases: every section, from what gateCases computed. */
function casesReport(run: {
  options: EvalGateOptions;
  settings: RunSettings;
  cases: EvalCase[];
  rowCount: number;
  sources: EvalReport['sources'];
  spec: SuiteSpec;
  suite: MetricSuite;
  values: Values;
  intervals: Intervals;
  gates: GateResult[];
  baseline?: Baseline & { values: Values };
}): EvalReport {
  const { options, settings, cases, spec, suite, values, gates, baseline } = run;
  const regression = spec.task === 'regression';
  const outcome = decideOutcome(gates);
  // The one number of the summary line: the first gated metric, else the task's usual measure of quality.
  const headlineMetric =
    gates[0]?.metric ??
    ['accuracy', 'r2', 'pass_rate', 'token_f1'].find((name) => name in values) ??
    suite.headline[0];
  return {
    kind: EVAL_REPORT_KIND,
    schemaVersion: EVAL_REPORT_VERSION,
    generatedAt: new Date().toISOString(),
    tool: { name: 'mlgate', version: MLGATE_VERSION },
    context: options.context,
    task: spec.task,
    ...(spec.labels.length ? { labels: spec.labels } : {}),
    ...(spec.positiveLabel !== undefined ? { positiveLabel: spec.positiveLabel } : {}),
    sources: run.sources,
    counts: {
      rows: run.rowCount,
      cases: cases.length,
      repeatedCases: cases.filter((item) => item.repeats > 1).length,
      flakyCases: cases.filter((item) => item.flaky).length,
      erroredCases: cases.filter((item) => item.error !== undefined).length,
    },
    metrics: metricSummaries(suite, values, run.intervals, settings.gatesFile),
    perClass: suite.perClass(),
    confusionMatrix: suite.confusionMatrix(),
    slices: sliceSummaries(settings.config, cases, (subset) => new MetricSuite(subset, spec), suite.headline),
    ...fairnessSection(suite, spec, values),
    bootstrap: { resamples: settings.resamples, seed: settings.seed, level: CONFIDENCE_LEVEL },
    ...optional('scoreHistogram', scoreHistogram(cases, regression)),
    ...(baseline ? baselineSection(baseline, cases, suite, regression) : {}),
    gates,
    outcome,
    ...optional('inconclusiveReason', inconclusiveReason({ outcome, gates })),
    passed: outcome === 'pass',
    summary: summarise(outcome, gates, headlineMetric, values[headlineMetric]),
    // Made when read (the report writer streams them): a million records held at once were ~200 MB.
    cases: caseRecords(cases, regression),
  };
}

/** Each headline metric's value, 95% interval and direction. */
function metricSummaries(
  suite: MetricSuite,
  values: Values,
  intervals: Intervals,
  gatesFile: GatesConfig,
): Record<string, MetricSummary> {
  const metrics = Object.create(null) as Record<string, MetricSummary>;
  for (const name of suite.headline) {
    const interval = intervals[name];
    metrics[name] = {
      value: finiteOrNull(values[name]),
      ...(interval
        ? {
            ci: [finiteOrNull(interval.lower), finiteOrNull(interval.upper)] as [
              number | null,
              number | null,
            ],
            ciMethod: interval.method,
          }
        : {}),
      higherIsBetter: metricHigherIsBetter(name, gatesFile.gates),
    };
  }
  return metrics;
}

/** Selection and error rates per group of the fairness tag, when the task has them. */
function fairnessSection(suite: MetricSuite, spec: SuiteSpec, values: Values): Pick<EvalReport, 'fairness'> {
  const fairnessRates = suite.fairnessRates?.();
  if (!fairnessRates) return {};
  return {
    fairness: {
      tag: spec.fairnessTag!,
      positiveLabel: spec.positiveLabel!,
      groups: fairnessRates.map((group) => ({
        value: group.name,
        cases: group.count,
        selectionRate: finiteOrNull(group.selectionRate),
        tpr: finiteOrNull(group.tpr),
        fpr: finiteOrNull(group.fpr),
      })),
      demographicParityDifference: finiteOrNull(values.demographic_parity_difference),
      equalizedOddsDifference: finiteOrNull(values.equalized_odds_difference),
      disparateImpactRatio: finiteOrNull(values.disparate_impact_ratio),
    },
  };
}

/** The baseline's metrics, the cases both runs share, and the case diff. */
function baselineSection(
  baseline: Baseline & { values: Values },
  cases: EvalCase[],
  suite: MetricSuite,
  regression: boolean,
): Pick<EvalReport, 'baseline' | 'caseDiff'> {
  const baselineIds = new Set(baseline.cases.map((item) => item.id));
  return {
    baseline: {
      source: baseline.source,
      ...(baseline.commit ? { commit: baseline.commit } : {}),
      ...(baseline.generatedAt ? { generatedAt: baseline.generatedAt } : {}),
      cases: baseline.cases.length,
      sharedCases: cases.filter((item) => baselineIds.has(item.id)).length,
      metrics: Object.fromEntries(suite.headline.map((name) => [name, finiteOrNull(baseline.values[name])])),
      ...optional('scoreHistogram', scoreHistogram(baseline.cases, regression)),
    },
    caseDiff: diffCases(cases, baseline.cases, regression),
  };
}

/**
 * The report of aggregate-only results: the reported metrics with value ± z·SE intervals, gated on their values and
 * (against a baseline of the same kind) by z-tests; no cases, so no case diff (see aggregate.ts).
 */
function aggregateReport(inputs: {
  options: EvalGateOptions;
  config: GatesConfig;
  sources: EvalReport['sources'];
  aggregates: AggregateMetric[];
  baseline?: Baseline;
  significance: number;
  seed: number;
  logger: Logger;
}): Promise<EvalReport> {
  const { options, config, sources, aggregates, baseline, logger } = inputs;
  if (baseline && !baseline.aggregates)
    throw new ConfigurationError(
      `the baseline ${baseline.source} holds cases and these results only aggregate metrics: compare runs of the same kind (an earlier report of these results, or the tool's own file)`,
      { file: baseline.source, field: 'baseline' },
    );
  const tools = [...new Set(aggregates.map((metric) => metric.tool))];
  const models = [...new Set(aggregates.flatMap((metric) => (metric.model ? [metric.model] : [])))];
  const withoutError = aggregates.filter((metric) => metric.stderr === undefined);
  logger.info(
    `aggregate results reported by ${tools.join(', ')}: ${aggregates.length} metrics` +
      (withoutError.length > 0
        ? `, ${withoutError.length} without a standard error (${withoutError
            .slice(0, 5)
            .map((metric) => `${metric.name}: ${metric.stderrMissing ?? 'none'}`)
            .join('; ')})`
        : ''),
  );
  return logger.group('Applying gates', () => {
    const gates = evaluateAggregateGates({
      config,
      aggregates,
      baseline: baseline?.aggregates,
      significance: inputs.significance,
      level: CONFIDENCE_LEVEL,
    });
    for (const gate of gates) logger.info(`${gate.status.toUpperCase().padEnd(12)} ${gate.message}`);
    const outcome = decideOutcome(gates);
    const headline = gates[0]?.metric ?? aggregates[0].name;
    const value = aggregates.find((metric) => metric.name === headline)?.value;
    return Promise.resolve({
      kind: EVAL_REPORT_KIND,
      schemaVersion: EVAL_REPORT_VERSION,
      generatedAt: new Date().toISOString(),
      tool: { name: 'mlgate', version: MLGATE_VERSION },
      context: options.context,
      aggregate: { tools, models },
      task: 'scores',
      sources,
      counts: { rows: 0, cases: 0, repeatedCases: 0, flakyCases: 0, erroredCases: 0 },
      metrics: aggregateSummaries(aggregates, CONFIDENCE_LEVEL),
      bootstrap: { resamples: 0, seed: inputs.seed, level: CONFIDENCE_LEVEL },
      ...(baseline?.aggregates
        ? {
            baseline: {
              source: baseline.source,
              ...(baseline.commit ? { commit: baseline.commit } : {}),
              ...(baseline.generatedAt ? { generatedAt: baseline.generatedAt } : {}),
              cases: 0,
              sharedCases: 0,
              metrics: Object.fromEntries(
                aggregates.map((metric) => [
                  metric.name,
                  finiteOrNull(baseline.aggregates!.get(metric.name)?.value),
                ]),
              ),
            },
          }
        : {}),
      gates,
      outcome,
      ...optional('inconclusiveReason', inconclusiveReason({ outcome, gates })),
      passed: outcome === 'pass',
      summary: summarise(outcome, gates, headline, value),
      cases: [],
    });
  });
}

/** Per-value metrics for every tag a `by:` gate slices on (the report's slice tables). */
function sliceSummaries(
  config: GatesConfig,
  cases: EvalCase[],
  buildSuite: (subset: EvalCase[]) => MetricSuite,
  headline: string[],
) {
  const tags = [...new Set(config.gates.flatMap((gate) => (gate.by ? [gate.by] : [])))];
  if (tags.length === 0) return undefined;
  const shown = headline
    .filter((name) => !name.startsWith('latency') && !name.startsWith('tokens') && name !== 'cost_usd')
    .slice(0, 6);
  const gated = config.gates.filter((gate) => gate.by).map((gate) => gate.metric);
  const names = [...new Set([...gated, ...shown])];
  return tags.map((tag) => {
    return {
      tag,
      groups: [...groupByTag(cases, tag)].map(([value, group]) => {
        const computed = buildSuite(group).compute(names);
        return {
          value,
          cases: group.length,
          metrics: Object.fromEntries(names.map((name) => [name, finiteOrNull(computed[name])])),
        };
      }),
    };
  });
}
