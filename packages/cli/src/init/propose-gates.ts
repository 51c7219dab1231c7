/**
 * The gates `mlgate init` proposes from one eval report: for each metric a user of the task gates on, a threshold a
 * noise margin (its bootstrap interval) from today's value, and an allowed drop against the baseline.
 */
import type { EvalReport } from '@mlgate/core';
import { isBuiltInMetric } from '@mlgate/eval';
import { Document, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';

export const EVAL_GATE_DOCS = 'https://github.com/OWNER/mlgate/blob/v1/docs/eval-gate.md';

/** eval-gate compares with a baseline only when at least this many cases are shared (its default). */
const MIN_SHARED_CASES = 30;

export interface ProposedGate {
  metric: string;
  higherIsBetter: boolean;
  /** Today's value and its bootstrap interval (absent when the report has none). */
  value: number;
  interval?: [number, number];
  /** Today's value minus this (or plus, lower-is-better) is the threshold before rounding. */
  margin: number;
  /** Where the margin came from: the interval, or 1% of the value when the interval is missing or empty. */
  marginFrom: 'interval' | 'value';
  min?: number;
  max?: number;
  maxDrop: number;
}

export interface GatesProposal {
  task: EvalReport['task'];
  cases: number;
  /** Bootstrap resamples and level behind the intervals. */
  resamples: number;
  level: number;
  gates: ProposedGate[];
  /** Headline metrics with no gate, and why (undefined on this data). */
  skipped: { metric: string; reason: string }[];
  /** A warn-only latency budget, offered commented out. */
  latency?: { value: number; max: number };
}

/**
 * The metrics a user of this task gates on: accuracy and F1 for classification (of the positive class when there is
 * one), RMSE and MAE for regression, exact match and token F1 for reference texts, plus every grader score mean and
 * the pass rate whenever the results carry them.
 */
export function headlineMetrics(report: EvalReport): string[] {
  const present = (name: string) => name in report.metrics;
  const byTask: Record<EvalReport['task'], string[]> = {
    binary: ['accuracy', present('f1') ? 'f1' : 'f1_macro'],
    multiclass: ['accuracy', 'f1_macro'],
    regression: ['rmse', 'mae'],
    scores: ['exact_match', 'token_f1'],
  };
  // Grader dimensions are the names mlgate does not define (a clash is renamed score_<name>, also not built in).
  const scoreMeans = Object.keys(report.metrics).filter((name) => !isBuiltInMetric(name));
  return [...byTask[report.task], 'pass_rate', ...scoreMeans].filter(present);
}

/** 10^k at or below x: the unit a number of that size is read in. */
const unitOf = (x: number): number => 10 ** Math.floor(Math.log10(x));

/** x rounded down (or up) to a whole number of `unit`, printed without floating-point noise. */
function roundOutward(x: number, unit: number, direction: 'down' | 'up'): number {
  const decimals = Math.max(0, -Math.round(Math.log10(unit)));
  const scaled = x / unit;
  // 0.84 / 0.01 is 83.99999999999999: whole multiples of the unit stay put.
  const whole = direction === 'down' ? Math.floor(scaled + 1e-9) : Math.ceil(scaled - 1e-9);
  return Number((whole * unit).toFixed(decimals));
}

/** One metric's gate: threshold beyond the interval's far side, rounded outward; half that margin as max-drop. */
export function proposeGate(
  metric: string,
  value: number,
  interval: [number, number] | undefined,
  higherIsBetter: boolean,
): ProposedGate {
  // The distance from today's value to the interval's worse end: how far noise alone moves this metric.
  const worseEnd = interval ? (higherIsBetter ? value - interval[0] : interval[1] - value) : NaN;
  // A margin at floating-point noise (a mean of equal scores resampled) is an empty interval.
  const fromInterval = worseEnd > 1e-9 * Math.max(1, Math.abs(value));
  const margin = fromInterval ? worseEnd : Math.abs(value) / 100 || 0.01;
  const unit = unitOf(margin);
  const threshold = higherIsBetter
    ? roundOutward(value - margin, unit, 'down')
    : roundOutward(value + margin, unit, 'up');
  const half = margin / 2;
  return {
    metric,
    higherIsBetter,
    value,
    ...(interval ? { interval } : {}),
    margin,
    marginFrom: fromInterval ? 'interval' : 'value',
    ...(higherIsBetter ? { min: threshold } : { max: threshold }),
    maxDrop: roundOutward(half, unitOf(half), 'down'),
  };
}

function summaryOf(report: EvalReport, metric: string) {
  const summary = report.metrics[metric];
  if (!summary || summary.value === null) return undefined;
  const [lower, upper] = summary.ci ?? [null, null];
  const interval: [number, number] | undefined =
    lower !== null && upper !== null ? [lower, upper] : undefined;
  return { value: summary.value, interval, higherIsBetter: summary.higherIsBetter };
}

export function proposeGates(report: EvalReport): GatesProposal {
  const gates: ProposedGate[] = [];
  const skipped: GatesProposal['skipped'] = [];
  for (const metric of headlineMetrics(report)) {
    const summary = summaryOf(report, metric);
    if (!summary) {
      skipped.push({ metric, reason: 'undefined on these results' });
      continue;
    }
    gates.push(proposeGate(metric, summary.value, summary.interval, summary.higherIsBetter));
  }
  const latency = summaryOf(report, 'latency_p95_ms')?.value;
  return {
    task: report.task,
    cases: report.counts.cases,
    resamples: report.bootstrap.resamples,
    level: report.bootstrap.level,
    gates,
    skipped,
    ...(latency !== undefined && latency > 0 ? { latency: latencyBudget(latency) } : {}),
  };
}

/** Latency moves with the machines more than with the cases: today's p95 plus a quarter, rounded up. */
export function latencyBudget(p95: number): { value: number; max: number } {
  const headroom = p95 / 4;
  return { value: p95, max: roundOutward(p95 + headroom, unitOf(headroom), 'up') };
}

/** Four significant digits, the precision of eval-gate's own messages. */
const shown = (value: number): string =>
  Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));

function provenance(gate: ProposedGate, proposal: GatesProposal): string {
  const today = `${gate.metric} today: ${shown(gate.value)}`;
  const percent = Math.round(proposal.level * 100);
  const interval = gate.interval
    ? `, ${percent}% bootstrap interval [${shown(gate.interval[0])}, ${shown(gate.interval[1])}]`
    : ', no bootstrap interval';
  const rule = gate.higherIsBetter ? `min ${shown(gate.min!)}` : `max ${shown(gate.max!)}`;
  const from =
    gate.marginFrom === 'interval'
      ? `the interval's ${gate.higherIsBetter ? 'lower' : 'upper'} end rounded ${gate.higherIsBetter ? 'down' : 'up'}`
      : `1% of today's value (the interval is ${gate.interval ? 'empty' : 'missing'}) rounded ${gate.higherIsBetter ? 'down' : 'up'}`;
  return ` ${today}${interval}.\n ${rule}: ${from}; max-drop ${shown(gate.maxDrop)}: half that margin.`;
}

/**
 * The gates file, with comments saying where every number came from. `results` is the results path as the
 * workflow gives it, named in the header.
 */
export function renderGatesYaml(proposal: GatesProposal, results: string): string {
  const doc = new Document({
    significance: 0.05,
    gates: proposal.gates.map((gate) => ({
      metric: gate.metric,
      ...(gate.min !== undefined ? { min: gate.min } : {}),
      ...(gate.max !== undefined ? { max: gate.max } : {}),
      'max-drop': gate.maxDrop,
    })),
  });
  doc.commentBefore = [
    ` Quality gates proposed by \`mlgate init\` from ${results} (${proposal.cases} cases, ${proposal.task} task).`,
    ` Each min (max for metrics where lower is better) sits beyond today's ${Math.round(proposal.level * 100)}% bootstrap interval, rounded`,
    ` outward, so these results pass and a rerun of the same model very likely passes too.`,
    ` Each max-drop is the drop allowed against the baseline (the default branch's last run): a larger drop`,
    ` fails when it is significant on the cases both runs share, and is inconclusive when it is not.`,
    ` Every option (slices with by:, relative drops, warn-only gates): ${EVAL_GATE_DOCS}`,
  ].join('\n');
  const root = doc.contents as YAMLMap;
  const significance = root.get('significance', true);
  if (isScalar(significance))
    significance.comment =
      ' one-sided level of the regression tests vs the baseline (overrides the action input)';
  const gates = root.get('gates', true);
  if (isSeq(gates)) {
    gates.items.forEach((item, index) => {
      if (isMap(item)) item.commentBefore = provenance(proposal.gates[index], proposal);
    });
  }
  const notes: string[] = [];
  for (const { metric, reason } of proposal.skipped) notes.push(` ${metric}: no gate, ${reason}.`);
  if (proposal.cases < MIN_SHARED_CASES)
    notes.push(
      ` Only ${proposal.cases} cases: a baseline comparison needs ${MIN_SHARED_CASES} shared cases (min-shared-cases) and is`,
      ` inconclusive until then. More cases make every gate sharper.`,
    );
  if (proposal.latency) {
    const latency = proposal.latency;
    notes.push(
      ` A latency budget that only warns (latency_p95_ms today: ${shown(latency.value)}, plus a quarter), to uncomment:`,
      `   - metric: latency_p95_ms`,
      `     max: ${shown(latency.max)}`,
      `     severity: warn`,
    );
  }
  if (notes.length) doc.comment = notes.join('\n');
  return doc.toString({ lineWidth: 0 });
}
