/**
 * A metric suite: the evaluation cases of one run encoded once into typed arrays, from which every metric is
 * computed — with optional per-case weights, which is how bootstrap resamples and paired tests reuse it.
 */
import type { EvalCase } from './cases.js';
import { isBuiltInMetric } from './catalog.js';
import {
  averagePrecisionSorted,
  brierTerms,
  calibrationErrorPrepared,
  calibrateCase,
  emptyCalibration,
  logLossTermAt,
  logLossTermsColumns,
  prepareCalibrationColumns,
  prepareOvrEach,
  type ProbabilityColumns,
  weightedMean,
  type PreparedCalibration,
  type PreparedRanking,
  binaryFromConfusion,
  classificationFromConfusion,
  confusionMatrix,
  descendingOrder,
  exactMatch,
  fairnessReport,
  type FairnessReport,
  type GroupRates,
  UNTAGGED,
  mae,
  mape,
  mse,
  prepareRanking,
  r2,
  rmse,
  prepareOvrColumns,
  rocAucOvrMacroSorted,
  rocAucSorted,
  tokenF1,
} from './metrics/index.js';
import type { TaskSpec } from './task.js';
import {
  averagePrecisionVariance,
  binnedBootstrap,
  delongOvrMacroSorted,
  delongSorted,
  logitInterval,
  meanInterval,
  meanStandardError,
  normalInterval,
  quantileInterval,
  sumAbs,
  sumInterval,
  type MethodInterval,
} from './statistics/analytic.js';
import { bootstrapInterval } from './statistics/bootstrap.js';
import type { Seed } from './statistics/random.js';

export interface SuiteSpec extends TaskSpec {
  /** Binary tasks: the tag whose groups get fairness metrics. */
  fairnessTag?: string;
}

type Values = Record<string, number>;

/** Equal-width confidence bins of the expected calibration error. */
const ECE_BINS = 10;

/** Cell counts and the metrics of resampled counts. */
interface CellTable {
  counts: Float64Array;
  compute(counts: Float64Array, out: Values): void;
}

/** A group of metrics computed together from the same arrays. */
interface Family {
  names: string[];
  compute(weights: Uint32Array | undefined, out: Values): void;
  /**
   * When the metrics depend on the cases only through how many fall in each of a few distinct cells (a confusion
   * matrix; binary (label, score) pairs): the counts, and the metrics from resampled counts — made when a metric
   * needs them (a million distinct scores are a quarter of a million map entries before the cells give up). A bootstrap then draws
   * multinomial cell counts — the same distribution as resampling cases — with no per-case work.
   */
  cells?: () => CellTable | undefined;
  /**
   * Intervals of some of the family's metrics for large N without case resampling (DeLong, normal, Wilson,
   * order-statistic, binned bootstrap): see statistics/analytic.ts. Metrics it leaves out are resampled.
   */
  analytic?: (level: number, resamples: number, seed: Seed) => Record<string, MethodInterval>;
}

/** ECE's interval by a binned bootstrap of the per-bin gap sums (statistics/analytic.ts). */
function eceInterval(
  calibration: PreparedCalibration,
  level: number,
  resamples: number,
  seed: Seed,
): MethodInterval {
  if (calibration.undefinedValue) return { lower: NaN, upper: NaN, method: 'binned-bootstrap' };
  const { correct, confidence } = calibration;
  const gap = new Float64Array(correct.length);
  for (let i = 0; i < gap.length; i++) gap[i] = correct[i] - confidence[i];
  const samples = binnedBootstrap({
    bin: calibration.bin,
    value: gap,
    bins: calibration.bins,
    resamples,
    seed,
    statistic: (sums, n) => sumAbs(sums) / n,
  });
  const { lower, upper } = bootstrapInterval(samples, level);
  return { lower, upper, method: 'binned-bootstrap' };
}

/** A group of metrics that can be bootstrapped over cell counts. */
export interface CellFamily {
  /** The headline metrics among the family's names. */
  names: string[];
  counts: Float64Array;
  compute(counts: Float64Array, out: Values): void;
}

/** Fewer distinct cells than this share of the cases and a cell bootstrap pays off. */
const CELL_SHARE = 0.25;

/** Sub-weights of the cases a family uses (`rows` = their indices among all cases). */
/** Where `gather` writes a family's weights: allocated at the first weighted computation (most runs have none). */
type GatherBuffer = { array?: Uint32Array };

function gather(
  weights: Uint32Array | undefined,
  rows: Int32Array,
  buffer: GatherBuffer,
): Uint32Array | undefined {
  if (!weights) return undefined;
  const array = (buffer.array ??= new Uint32Array(rows.length));
  for (let i = 0; i < rows.length; i++) array[i] = weights[rows[i]];
  return array;
}

function weightedSum(values: Float64Array, weights: Uint32Array | undefined): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (weights ? weights[i] : 1) * values[i];
  return sum;
}

/** NumPy's default (linear) percentile of values given in ascending order, each repeated `weights[i]` times. */
function weightedQuantileSorted(sorted: Float64Array, weights: Uint32Array | undefined, q: number): number {
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += weights ? weights[i] : 1;
  if (total === 0) return NaN;
  const position = (total - 1) * q;
  const lowRank = Math.floor(position);
  let lower = NaN;
  let upper = NaN;
  let seen = 0;
  for (let i = 0; i < sorted.length; i++) {
    const count = weights ? weights[i] : 1;
    if (count === 0) continue;
    if (Number.isNaN(lower) && lowRank < seen + count) lower = sorted[i];
    if (lowRank + 1 < seen + count) {
      upper = sorted[i];
      break;
    }
    seen += count;
  }
  if (Number.isNaN(upper)) upper = lower;
  return lower + (position - lowRank) * (upper - lower);
}

/**
 * out[i] = map(source[i]). A typed array's `from` with a mapping function first collects the source into a list of
 * boxed numbers: 7× slower than this loop and a second of a million-case run.
 */
function mapped<T extends Float64Array | Int32Array>(
  out: T,
  source: ArrayLike<number>,
  map: (value: number) => number,
): T {
  for (let i = 0; i < source.length; i++) out[i] = map(source[i]);
  return out;
}

function indexRows(cases: EvalCase[], keep: (item: EvalCase) => boolean): Int32Array {
  const rows = new Int32Array(cases.length);
  let count = 0;
  for (let i = 0; i < cases.length; i++) if (keep(cases[i])) rows[count++] = i;
  return count === rows.length ? rows : rows.slice(0, count);
}

/**
 * The operational fields of every case in one pass (a case's fields may be getters over the reader's columns:
 * six passes over a million cases were a second): 0/1 error and flaky indicators, the cases with a latency and
 * their latencies negated (for a descending sort), token and cost columns. Each array is made only when some
 * case has a non-default value, as undefined otherwise.
 */
function operationsOf(cases: EvalCase[]) {
  const n = cases.length;
  let errors: Float64Array | undefined;
  let flaky: Float64Array | undefined;
  let tokensInput: Float64Array | undefined;
  let tokensOutput: Float64Array | undefined;
  let cost: Float64Array | undefined;
  const latencyRows = new Int32Array(n);
  const negatedLatency = new Float64Array(n);
  let timed = 0;
  for (let i = 0; i < n; i++) {
    const item = cases[i];
    if (item.error !== undefined) (errors ??= new Float64Array(n))[i] = 1;
    if (item.flaky) (flaky ??= new Float64Array(n))[i] = 1;
    const latency = item.latencyMs;
    if (latency !== undefined) {
      latencyRows[timed] = i;
      negatedLatency[timed++] = -latency;
    }
    const input = item.tokensInput;
    const output = item.tokensOutput;
    if (tokensInput || input > 0 || output > 0) {
      (tokensInput ??= new Float64Array(n))[i] = input;
      (tokensOutput ??= new Float64Array(n))[i] = output;
    }
    // Cases before the first with a cost have none: their costUsd is 0.
    if (cost || item.hasCost) (cost ??= new Float64Array(n))[i] = item.costUsd;
  }
  return {
    errors,
    flaky,
    latencyRows: latencyRows.subarray(0, timed),
    negatedLatency: negatedLatency.subarray(0, timed),
    tokensInput,
    tokensOutput,
    cost,
  };
}

/**
 * Binary probability metrics depend on a case only through its true label and probability row: cases with equal
 * ones are one cell. Returns the cells' counts and arrays, or undefined when they are too many to pay off.
 */
function binaryCells(
  yTrue: Int32Array,
  columns: ProbabilityColumns,
  positive: number,
  fromArrays: (arrays: {
    ranking: PreparedRanking;
    losses: Float64Array;
    brier: Float64Array;
    calibration: PreparedCalibration;
  }) => (w: ArrayLike<number> | undefined, out: Values) => void,
): CellTable | undefined {
  // Nested maps keyed by the label, then by each probability (numbers hash without building a string per case).
  type Level = Map<number, Level | number>;
  const k = columns.length;
  const index: Level = new Map();
  const cellLabel: number[] = [];
  const cellRows: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < yTrue.length; i++) {
    let level = index;
    for (let j = -1; j < k - 1; j++) {
      const key = j < 0 ? yTrue[i] : columns[j][i];
      let next = level.get(key) as Level | undefined;
      if (next === undefined) level.set(key, (next = new Map()));
      level = next;
    }
    const last = columns[k - 1][i];
    let cell = level.get(last) as number | undefined;
    if (cell === undefined) {
      cell = cellLabel.length;
      if (cell > yTrue.length * CELL_SHARE) return undefined;
      level.set(last, cell);
      cellLabel.push(yTrue[i]);
      cellRows.push(i);
      counts.push(0);
    }
    counts[cell]++;
  }
  const labels = Int32Array.from(cellLabel);
  const cellColumns = columns.map((column) => {
    const values = new Float64Array(cellRows.length);
    for (let cell = 0; cell < cellRows.length; cell++) values[cell] = column[cellRows[cell]];
    return values;
  });
  const scores = cellColumns[positive];
  const binary = Uint8Array.from(cellLabel, (label) => (label === positive ? 1 : 0));
  const compute = fromArrays({
    ranking: prepareRanking(binary, scores),
    losses: logLossTermsColumns(labels, cellColumns),
    brier: brierTerms(binary, scores),
    calibration: prepareCalibrationColumns(labels, cellColumns, ECE_BINS),
  });
  return { counts: Float64Array.from(counts), compute: (cellCounts, out) => compute(cellCounts, out) };
}

/**
 * Regression metrics' intervals from per-case terms: MAE, MSE, MAPE are means; RMSE = √MSE by the delta method
 * (se/(2·RMSE)); R² = 1 − mean(e²)/mean((y − ȳ)²) by its influence function.
 */
function regressionIntervals(yTrue: Float64Array, yPred: Float64Array, level: number) {
  const n = yTrue.length;
  const absolute = new Float64Array(n);
  const squared = new Float64Array(n);
  const percentage = new Float64Array(n);
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += yTrue[i] / n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const e = yPred[i] - yTrue[i];
    absolute[i] = Math.abs(e);
    squared[i] = e * e;
    percentage[i] = Math.abs(e) / Math.max(Math.abs(yTrue[i]), Number.EPSILON);
    sse += (e * e) / n;
    sst += ((yTrue[i] - yMean) * (yTrue[i] - yMean)) / n;
  }
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (yTrue[i] - yMean) * (yTrue[i] - yMean);
    influence[i] = -(squared[i] - sse) / sst + (sse * (d - sst)) / (sst * sst);
  }
  const mseSe = meanStandardError(squared).standardError;
  const rmse = Math.sqrt(sse);
  return {
    mae: meanInterval(absolute, level),
    mse: meanInterval(squared, level),
    rmse: normalInterval(rmse, mseSe / (2 * rmse), level, 'normal', 0),
    r2: normalInterval(1 - sse / sst, meanStandardError(influence).standardError, level),
    mape: meanInterval(percentage, level),
  };
}

/** The confusion-matrix metrics of a classification task: headline names, then per-class ones. */
function classificationNames(labels: string[], positive: number) {
  const headline = [
    'accuracy',
    'balanced_accuracy',
    ...(positive >= 0 ? ['precision', 'recall', 'f1'] : []),
    'precision_macro',
    'recall_macro',
    'f1_macro',
    'precision_micro',
    'recall_micro',
    'f1_micro',
    'precision_weighted',
    'recall_weighted',
    'f1_weighted',
    'mcc',
    'cohen_kappa',
  ];
  const perClassNames = labels.flatMap((label) => [
    `precision[${label}]`,
    `recall[${label}]`,
    `f1[${label}]`,
  ]);
  return { headline, perClassNames };
}

/** Every confusion-matrix metric from the k×k cell counts (weighted or resampled). */
function classificationFromCells(labels: string[], positive: number) {
  const k = labels.length;
  return (cells: Float64Array, out: Values): void => {
    const m = classificationFromConfusion(cells, k);
    out.accuracy = m.accuracy;
    out.balanced_accuracy = m.balancedAccuracy;
    if (positive >= 0) {
      const b = binaryFromConfusion(cells, positive, k);
      out.precision = b.precision;
      out.recall = b.recall;
      out.f1 = b.f1;
    }
    out.precision_macro = m.precisionMacro;
    out.recall_macro = m.recallMacro;
    out.f1_macro = m.f1Macro;
    out.precision_micro = m.precisionMicro;
    out.recall_micro = m.recallMicro;
    out.f1_micro = m.f1Micro;
    out.precision_weighted = m.precisionWeighted;
    out.recall_weighted = m.recallWeighted;
    out.f1_weighted = m.f1Weighted;
    out.mcc = m.mcc;
    out.cohen_kappa = m.cohenKappa;
    for (let i = 0; i < k; i++) {
      out[`precision[${labels[i]}]`] = m.precision[i];
      out[`recall[${labels[i]}]`] = m.recall[i];
      out[`f1[${labels[i]}]`] = m.f1[i];
    }
  };
}

/**
 * Each class's probabilities as a column (see ProbabilityColumns), read in one pass over the cases in `rows`; a
 * bare number is the positive class's probability (binary), the rest going to the other class. Undefined when a
 * case has no probability.
 */
function probabilityColumnsOf(
  cases: EvalCase[],
  rows: Int32Array,
  labels: string[],
  positive: number,
): Float64Array[] | undefined {
  const k = labels.length;
  // One buffer for all k columns: a single allocation this large is mapped and unmapped whole by the allocator,
  // where k separate ones would leave holes in the process heap after they are freed.
  const buffer = new Float64Array(k * rows.length);
  const columns = labels.map((_, j) => buffer.subarray(j * rows.length, (j + 1) * rows.length));
  const absent = absentProbabilities(labels);
  for (let i = 0; i < rows.length; i++) {
    const item = cases[rows[i]];
    if (item.probabilitiesInto?.(labels, columns, i, absent)) continue;
    const value = item.probability;
    if (value === undefined) return undefined;
    if (typeof value === 'number') {
      for (let j = 0; j < k; j++) columns[j][i] = j === positive ? value : k === 2 ? 1 - value : 0;
    } else {
      // Own members only: a class named like an Object.prototype member ("constructor") that a row lacks is 0.
      for (let j = 0; j < k; j++)
        columns[j][i] = (Object.hasOwn(value, labels[j]) ? value[labels[j]] : 0) ?? 0;
    }
  }
  return columns;
}

/** A multiclass task's probability arrays: per-case log-loss terms, calibration bins, a ranking per class. */
interface OvrArrays {
  losses: Float64Array;
  calibration: PreparedCalibration;
  rankings: PreparedRanking[];
}

function ovrArraysOf(columns: ProbabilityColumns | undefined, yTrue: Int32Array): OvrArrays | undefined {
  if (!columns) return undefined;
  const losses = logLossTermsColumns(yTrue, columns);
  const calibration = prepareCalibrationColumns(yTrue, columns, ECE_BINS);
  return { losses, calibration, rankings: prepareOvrColumns(yTrue, columns) };
}

/**
 * OvrArrays read from cases that hand their per-class probabilities over (EvalCase.probabilitiesInto), without
 * the k columns at once (40 MB at 1M cases and 5 classes): the per-case terms in one pass over each case's k
 * values, then each class's ranking from one reused column. Undefined when a case does not hand them over, or a
 * value is refused: probabilityColumnsOf then reads every column, and reports it as before.
 */
function streamedOvrArrays(
  cases: EvalCase[],
  rows: Int32Array,
  labels: string[],
  yTrue: Int32Array,
): OvrArrays | undefined {
  const n = rows.length;
  const absent = absentProbabilities(labels);
  const one = labels.map(() => new Float64Array(1));
  const losses = new Float64Array(n);
  const calibration = emptyCalibration(n, ECE_BINS);
  try {
    for (let i = 0; i < n; i++) {
      if (!cases[rows[i]].probabilitiesInto?.(labels, one, 0, absent)) return undefined;
      losses[i] = logLossTermAt(one, 0, yTrue[i]);
      calibrateCase(calibration, i, yTrue[i], one, 0);
    }
  } catch {
    return undefined;
  }
  const column = new Float64Array(n);
  const rankings = prepareOvrEach(yTrue, labels.length, (c) => {
    const label = [labels[c]];
    const out = [column];
    const missing = [absent[c]];
    for (let i = 0; i < n; i++) cases[rows[i]].probabilitiesInto!(label, out, i, missing);
    return column;
  });
  return { losses, calibration, rankings };
}

/** What a row's per-class object gives for a class it lacks: 0, whatever the class is named. */
function absentProbabilities(labels: string[]): Float64Array {
  return new Float64Array(labels.length);
}

/**
 * The fairness metrics' cells: one per (group, actual, predicted), untagged cases (UNTAGGED = −1) included (they
 * count in no rate, as in the case resampling), each with its group and outcomes and the count of cases in it.
 */
function fairnessCells(actual: Uint8Array, predicted: Uint8Array, group: Int32Array, groups: number) {
  const size = (groups + 1) * 4;
  const counts = new Float64Array(size);
  for (let i = 0; i < group.length; i++) counts[(group[i] + 1) * 4 + actual[i] * 2 + predicted[i]]++;
  const cell = Int32Array.from({ length: size }, (_, c) => c);
  return {
    counts,
    group: cell.map((c) => (c >> 2) - 1),
    actual: Uint8Array.from(cell, (c) => (c >> 1) & 1),
    predicted: Uint8Array.from(cell, (c) => c & 1),
  };
}

export class MetricSuite {
  readonly size: number;
  /** Metrics shown in the report's metrics table. */
  readonly headline: string[] = [];
  /** Everything a gate may name: the headline plus per-class metrics like recall[spam]. */
  readonly names: string[] = [];
  private readonly families: Family[] = [];
  private readonly classification?: {
    rows: Int32Array;
    yTrue: Int32Array;
    yPred: Int32Array;
    fromCells(cells: Float64Array, out: Values): void;
  };
  private readonly outcomes = new Map<string, Uint8Array>();

  constructor(
    readonly cases: EvalCase[],
    readonly spec: SuiteSpec,
  ) {
    this.size = cases.length;
    const classification = spec.task === 'binary' || spec.task === 'multiclass';
    if (classification) this.classification = this.addClassification();
    if (classification) this.addProbabilistic();
    if (spec.task === 'regression') this.addRegression();
    this.addScores();
    this.addPass();
    if (spec.task === 'scores') this.addText();
    this.addOperations();
  }

  /** Computes the named metrics (all when `metrics` is omitted), weighting case i by weights[i]. */
  compute(metrics?: readonly string[], weights?: Uint32Array): Values {
    // Without a prototype, a score dimension named "__proto__" is a metric like any other, not a prototype change.
    const out = Object.create(null) as Values;
    const wanted = metrics ? new Set(metrics) : undefined;
    for (const family of this.families) {
      if (!wanted || family.names.some((name) => wanted.has(name))) family.compute(weights, out);
    }
    return out;
  }

  /** Per-case 0/1 outcomes of an accuracy-like metric over all cases (errors count as wrong), for McNemar. */
  binaryOutcomes(metric: string): Uint8Array | undefined {
    return this.outcomes.get(metric);
  }

  /**
   * Intervals of the metrics that have an analytic (non-resampling) method, over all cases: for large N. `onlyAuc`:
   * only the family of roc_auc (its other members are cheap), for small N where only ROC AUC's is used.
   */
  analyticIntervals(
    level: number,
    resamples: number,
    seed: Seed,
    onlyAuc = false,
  ): Record<string, MethodInterval> {
    const out = Object.create(null) as Record<string, MethodInterval>;
    const headline = new Set(this.headline);
    for (const family of this.families) {
      if (!family.analytic || (onlyAuc && !family.names.includes('roc_auc'))) continue;
      for (const [name, interval] of Object.entries(family.analytic(level, resamples, seed)))
        if (headline.has(name)) out[name] = interval;
    }
    return out;
  }

  /** The families whose bootstrap can draw cell counts instead of resampling cases, for the headline metrics `wanted`. */
  cellFamilies(wanted: (name: string) => boolean = () => true): CellFamily[] {
    const headline = new Set(this.headline);
    return this.families.flatMap((family) => {
      const names = family.names.filter((name) => headline.has(name) && wanted(name));
      const cells = names.length > 0 ? family.cells?.() : undefined;
      return cells ? [{ names, ...cells }] : [];
    });
  }

  /** Per-class precision, recall, F1 and support. */
  perClass():
    { label: string; precision: number; recall: number; f1: number; support: number }[] | undefined {
    const c = this.classification;
    if (!c) return undefined;
    const k = this.spec.labels.length;
    const metrics = classificationFromConfusion(confusionMatrix(c.yTrue, c.yPred, k), k);
    return this.spec.labels.map((label, index) => ({
      label,
      precision: metrics.precision[index],
      recall: metrics.recall[index],
      f1: metrics.f1[index],
      support: metrics.support[index],
    }));
  }

  /** The confusion matrix as rows of counts (true label × predicted label). */
  confusionMatrix(): { labels: string[]; matrix: number[][] } | undefined {
    const c = this.classification;
    if (!c) return undefined;
    const k = this.spec.labels.length;
    const cells = confusionMatrix(c.yTrue, c.yPred, k);
    return {
      labels: this.spec.labels,
      matrix: Array.from({ length: k }, (_, row) => Array.from(cells.subarray(row * k, row * k + k))),
    };
  }

  private add(family: Family, headline = family.names): void {
    this.families.push(family);
    this.names.push(...family.names);
    this.headline.push(...headline);
  }

  private addClassification() {
    const { labels, positiveLabel } = this.spec;
    const k = labels.length;
    const index = new Map(labels.map((label, i) => [label, i]));
    const rows = indexRows(this.cases, (item) => item.predicted !== undefined && item.error === undefined);
    const yTrue = new Int32Array(rows.length);
    const yPred = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const item = this.cases[rows[i]];
      yTrue[i] = index.get(String(item.expected))!;
      yPred[i] = index.get(String(item.predicted))!;
    }
    const positive = positiveLabel === undefined ? -1 : (index.get(positiveLabel) ?? -1);
    const { headline, perClassNames } = classificationNames(labels, positive);
    const fromCells = classificationFromCells(labels, positive);
    const buffer: GatherBuffer = {};
    this.add(
      {
        names: [...headline, ...perClassNames],
        compute: (weights, out) => {
          if (rows.length === 0) {
            for (const name of [...headline, ...perClassNames]) out[name] = NaN;
            return;
          }
          fromCells(confusionMatrix(yTrue, yPred, k, gather(weights, rows, buffer)), out);
        },
        cells: () =>
          rows.length > 0 ? { counts: confusionMatrix(yTrue, yPred, k), compute: fromCells } : undefined,
      },
      headline,
    );
    const correct = new Uint8Array(this.size);
    for (let i = 0; i < rows.length; i++) correct[rows[i]] = yTrue[i] === yPred[i] ? 1 : 0;
    this.outcomes.set('accuracy', correct);
    if (this.spec.fairnessTag && positive >= 0) this.addFairness(rows, yTrue, yPred, positive);
    return { rows, yTrue, yPred, fromCells };
  }

  private addFairness(rows: Int32Array, yTrue: Int32Array, yPred: Int32Array, positive: number): void {
    const tag = this.spec.fairnessTag!;
    const names: string[] = [];
    const groupIndex = new Map<string, number>();
    const group = new Int32Array(rows.length);
    const actual = new Uint8Array(rows.length);
    const predicted = new Uint8Array(rows.length);
    rows.forEach((row, i) => {
      actual[i] = yTrue[i] === positive ? 1 : 0;
      predicted[i] = yPred[i] === positive ? 1 : 0;
      const value = this.cases[row].tags?.[tag];
      if (value !== undefined && !groupIndex.has(value)) {
        groupIndex.set(value, names.length);
        names.push(value);
      }
      group[i] = value === undefined ? UNTAGGED : groupIndex.get(value)!;
    });
    const metricNames = [
      'demographic_parity_difference',
      'equalized_odds_difference',
      'disparate_impact_ratio',
    ];
    const fromReport = (report: FairnessReport, out: Values) => {
      out.demographic_parity_difference = report.demographicParityDifference;
      out.equalized_odds_difference = report.equalizedOddsDifference;
      out.disparate_impact_ratio = report.disparateImpactRatio;
    };
    const buffer: GatherBuffer = {};
    this.add({
      names: metricNames,
      compute: (weights, out) =>
        fromReport(fairnessReport(actual, predicted, group, names, gather(weights, rows, buffer)), out),
      // The rates depend on the cases only through the counts of (group, actual, predicted): a cell bootstrap.
      cells: () => {
        const cells = fairnessCells(actual, predicted, group, names.length);
        return {
          counts: cells.counts,
          compute: (counts, out) =>
            fromReport(fairnessReport(cells.actual, cells.predicted, cells.group, names, counts), out),
        };
      },
    });
    this.fairnessRates = () => fairnessReport(actual, predicted, group, names).groups;
  }

  /** Unweighted per-group rates for the fairness table (binary tasks with a fairness tag). */
  fairnessRates?: () => GroupRates[];

  private addProbabilistic(): void {
    const c = this.classification!;
    const { labels, task, positiveLabel } = this.spec;
    const k = labels.length;
    const rows = c.rows;
    if (rows.length === 0) return;
    const buffer: GatherBuffer = {};
    const positive = positiveLabel === undefined ? -1 : labels.indexOf(positiveLabel);
    if (task !== 'binary' || positive < 0 || k !== 2) {
      const arrays =
        streamedOvrArrays(this.cases, rows, labels, c.yTrue) ??
        ovrArraysOf(probabilityColumnsOf(this.cases, rows, labels, positive), c.yTrue);
      if (arrays) this.addOvr(arrays, rows);
      return;
    }
    const columns = probabilityColumnsOf(this.cases, rows, labels, positive);
    if (!columns) return;
    const yBinary = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) yBinary[i] = c.yTrue[i] === positive ? 1 : 0;
    const score = columns[positive];
    // Sorted, per-case and binned once: a bootstrap resample only re-weights them.
    const ranking = prepareRanking(yBinary, score);
    const losses = logLossTermsColumns(c.yTrue, columns);
    const brier = brierTerms(yBinary, score);
    const calibration = prepareCalibrationColumns(c.yTrue, columns, ECE_BINS);
    const fromArrays =
      (arrays: {
        ranking: PreparedRanking;
        losses: Float64Array;
        brier: Float64Array;
        calibration: PreparedCalibration;
      }) =>
      (w: ArrayLike<number> | undefined, out: Values) => {
        out.roc_auc = rocAucSorted(arrays.ranking, w);
        out.average_precision = averagePrecisionSorted(arrays.ranking, w);
        out.log_loss = weightedMean(arrays.losses, w);
        out.brier = weightedMean(arrays.brier, w);
        out.ece = calibrationErrorPrepared(arrays.calibration, w);
      };
    const perCase = fromArrays({ ranking, losses, brier, calibration });
    this.add({
      names: ['roc_auc', 'average_precision', 'log_loss', 'brier', 'ece'],
      compute: (weights, out) => perCase(gather(weights, rows, buffer), out),
      cells: () => binaryCells(c.yTrue, columns, positive, fromArrays),
      analytic: (level, resamples, seed) => {
        const delong = delongSorted(ranking);
        const precision = averagePrecisionVariance(ranking);
        return {
          roc_auc: logitInterval(delong.auc, Math.sqrt(delong.variance), level, 'delong'),
          average_precision: logitInterval(precision.ap, Math.sqrt(precision.variance), level, 'influence'),
          log_loss: meanInterval(losses, level),
          brier: meanInterval(brier, level),
          ece: eceInterval(calibration, level, resamples, seed),
        };
      },
    });
  }

  /** ROC AUC (one-vs-rest macro), log loss and ECE of a multiclass task. */
  private addOvr({ losses, calibration, rankings }: OvrArrays, rows: Int32Array): void {
    const buffer: GatherBuffer = {};
    this.add({
      names: ['roc_auc', 'log_loss', 'ece'],
      compute: (weights, out) => {
        const w = gather(weights, rows, buffer);
        out.roc_auc = rocAucOvrMacroSorted(rankings, w);
        out.log_loss = weightedMean(losses, w);
        out.ece = calibrationErrorPrepared(calibration, w);
      },
      analytic: (level, resamples, seed) => {
        const delong = delongOvrMacroSorted(rankings);
        return {
          roc_auc: logitInterval(delong.auc, Math.sqrt(delong.variance), level, 'delong'),
          log_loss: meanInterval(losses, level),
          ece: eceInterval(calibration, level, resamples, seed),
        };
      },
    });
  }

  private addRegression(): void {
    const rows = indexRows(
      this.cases,
      (item) => typeof item.predicted === 'number' && item.error === undefined,
    );
    const yTrue = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].expected as number);
    const yPred = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].predicted as number);
    const buffer: GatherBuffer = {};
    this.add({
      names: ['mae', 'mse', 'rmse', 'r2', 'mape'],
      compute: (weights, out) => {
        const w = gather(weights, rows, buffer);
        out.mae = mae(yTrue, yPred, w);
        out.mse = mse(yTrue, yPred, w);
        out.rmse = rmse(yTrue, yPred, w);
        out.r2 = r2(yTrue, yPred, w);
        out.mape = mape(yTrue, yPred, w);
      },
      analytic: (level) => regressionIntervals(yTrue, yPred, level),
    });
  }

  private addScores(): void {
    const dimensions = new Set<string>();
    for (const item of this.cases) for (const name of Object.keys(item.scores ?? {})) dimensions.add(name);
    for (const dimension of [...dimensions].sort()) {
      const rows = indexRows(this.cases, (item) => item.scores?.[dimension] !== undefined);
      const values = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].scores![dimension]);
      const buffer: GatherBuffer = {};
      // A grader dimension called like a built-in metric (e.g. "accuracy") is reported as score_<name>.
      const name =
        this.names.includes(dimension) || isBuiltInMetric(dimension) ? `score_${dimension}` : dimension;
      this.add({
        names: [name],
        compute: (weights, out) => void (out[name] = weightedMean(values, gather(weights, rows, buffer))),
        analytic: (level) => ({ [name]: meanInterval(values, level) }),
      });
    }
  }

  private addPass(): void {
    const rows = indexRows(this.cases, (item) => item.passRate !== undefined);
    if (rows.length === 0) return;
    const passRate = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].passRate!);
    const allPassed = mapped(new Float64Array(rows.length), rows, (row) =>
      this.cases[row].allPassed ? 1 : 0,
    );
    const buffer: GatherBuffer = {};
    this.add({
      names: ['pass_rate', 'pass_all_k'],
      compute: (weights, out) => {
        const w = gather(weights, rows, buffer);
        out.pass_rate = weightedMean(passRate, w);
        out.pass_all_k = weightedMean(allPassed, w);
      },
      analytic: (level) => ({
        pass_rate: meanInterval(passRate, level),
        pass_all_k: meanInterval(allPassed, level),
      }),
    });
    if (rows.length === this.size && passRate.every((value) => value === 0 || value === 1)) {
      this.outcomes.set('pass_rate', Uint8Array.from(passRate));
    }
  }

  private addText(): void {
    const textOf = (item: EvalCase) => (typeof item.predicted === 'string' ? item.predicted : item.output);
    const rows = indexRows(
      this.cases,
      (item) => typeof item.expected === 'string' && textOf(item) !== undefined,
    );
    if (rows.length === 0) return;
    const exact = mapped(new Float64Array(rows.length), rows, (row) =>
      exactMatch(textOf(this.cases[row])!, this.cases[row].expected as string),
    );
    const f1 = mapped(new Float64Array(rows.length), rows, (row) =>
      tokenF1(textOf(this.cases[row])!, this.cases[row].expected as string),
    );
    const buffer: GatherBuffer = {};
    this.add({
      names: ['exact_match', 'token_f1'],
      compute: (weights, out) => {
        const w = gather(weights, rows, buffer);
        out.exact_match = weightedMean(exact, w);
        out.token_f1 = weightedMean(f1, w);
      },
      analytic: (level) => ({ exact_match: meanInterval(exact, level), token_f1: meanInterval(f1, level) }),
    });
    if (rows.length === this.size) this.outcomes.set('exact_match', Uint8Array.from(exact));
  }

  private addOperations(): void {
    const { errors, flaky, latencyRows, negatedLatency, tokensInput, tokensOutput, cost } = operationsOf(
      this.cases,
    );
    const zeros = () => new Float64Array(this.size);
    this.add({
      names: ['error_rate', 'flaky_rate'],
      compute: (weights, out) => {
        out.error_rate = errors ? weightedMean(errors, weights) : 0;
        out.flaky_rate = flaky ? weightedMean(flaky, weights) : 0;
      },
      analytic: (level) => ({
        error_rate: meanInterval(errors ?? zeros(), level),
        flaky_rate: meanInterval(flaky ?? zeros(), level),
      }),
    });
    if (latencyRows.length > 0) {
      // Sorted once; a resample only changes how often each latency counts. Descending order of the negated
      // latencies is ascending order of the latencies, equal ones in case order.
      const negated = negatedLatency;
      const order = descendingOrder(negated);
      const sortedRows = mapped(new Int32Array(order.length), order, (i) => latencyRows[i]);
      const latencies = mapped(new Float64Array(order.length), order, (i) => -negated[i]);
      const buffer: GatherBuffer = {};
      this.add({
        names: ['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms'],
        compute: (weights, out) => {
          const w = gather(weights, sortedRows, buffer);
          out.latency_p50_ms = weightedQuantileSorted(latencies, w, 0.5);
          out.latency_p95_ms = weightedQuantileSorted(latencies, w, 0.95);
          out.latency_p99_ms = weightedQuantileSorted(latencies, w, 0.99);
        },
        analytic: (level) => ({
          latency_p50_ms: quantileInterval(latencies, 0.5, level),
          latency_p95_ms: quantileInterval(latencies, 0.95, level),
          latency_p99_ms: quantileInterval(latencies, 0.99, level),
        }),
      });
    }
    if (tokensInput && tokensOutput) {
      const [input, output] = [tokensInput, tokensOutput];
      this.add({
        names: ['tokens_input', 'tokens_output'],
        compute: (weights, out) => {
          out.tokens_input = weightedSum(input, weights);
          out.tokens_output = weightedSum(output, weights);
        },
        analytic: (level) => ({
          tokens_input: sumInterval(input, level),
          tokens_output: sumInterval(output, level),
        }),
      });
    }
    if (cost) {
      this.add({
        names: ['cost_usd'],
        compute: (weights, out) => void (out.cost_usd = weightedSum(cost, weights)),
        analytic: (level) => ({ cost_usd: sumInterval(cost, level) }),
      });
    }
  }
}
