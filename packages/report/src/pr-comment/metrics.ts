/** The gate tables (headline gates, then `by:` slice gates), why gates did not pass, and the other metrics. */
import {
  escapeMarkdown,
  escapeTableCell,
  inlineCode,
  truncate,
  type EvalReport,
  type GateResult,
  type MetricNumber,
} from '@mlgate/core';
import { formatChange, formatInterval, formatNumber, formatPValue, statusIcon } from '../format.js';
import { formatAge, nowrap, shortCommit, table, type Column } from './blocks.js';

const NAME_MAX = 100;

/** "baseline `abc1234` (3 days old)": the column header naming what this PR is compared with. */
export function baselineHeader(report: EvalReport): string {
  const baseline = report.baseline;
  if (!baseline) return 'Baseline';
  const commit = baseline.commit ? ` ${inlineCode(shortCommit(baseline.commit))}` : '';
  const age = formatAge(baseline.generatedAt, report.generatedAt);
  return `Baseline${commit}${age ? ` (${age})` : ''}`;
}

const ciHeader = (report: EvalReport) => `${Math.round(report.bootstrap.level * 100)}% CI`;

const difference = (value: MetricNumber | undefined, baseline: MetricNumber | undefined) =>
  value === null || value === undefined || baseline === null || baseline === undefined
    ? undefined
    : value - baseline;

/** A metric's direction as the report records it (gated metrics always are; per-class names read as higher-is-better). */
export const higherIsBetter = (report: EvalReport, metric: string): boolean =>
  report.metrics[metric]?.higherIsBetter ?? true;

/** The rule as written in the gates file, with "(warn only)" for gates that never fail the job. */
const threshold = (gate: GateResult) =>
  escapeTableCell(gate.rule, NAME_MAX) + (gate.severity === 'warn' ? ' (warn only)' : '');

/** Where a value is missing because it does not apply (no test, no interval), the cell stays empty. */
function gateCells(report: EvalReport, gate: GateResult, withBaseline: boolean, withCi: boolean): string[] {
  const baseline =
    gate.baseline ?? (gate.slice ? undefined : (report.baseline?.metrics[gate.metric] ?? undefined));
  const delta = gate.delta ?? difference(gate.observed, baseline);
  const ci = gate.ci ?? (gate.slice ? undefined : report.metrics[gate.metric]?.ci);
  return [
    ...(withBaseline ? [baseline === undefined ? '' : formatNumber(baseline)] : []),
    formatNumber(gate.observed),
    ...(withBaseline
      ? [delta === undefined ? '' : nowrap(formatChange(delta, higherIsBetter(report, gate.metric)))]
      : []),
    ...(withCi ? [nowrap(formatInterval(ci))] : []),
    ...(withBaseline ? [nowrap(formatPValue(gate.pValue))] : []),
    threshold(gate),
    statusIcon(gate.status),
  ];
}

function valueColumns(report: EvalReport, withBaseline: boolean, withCi: boolean): Column[] {
  return [
    ...(withBaseline ? [{ header: baselineHeader(report), align: 'right' as const }] : []),
    { header: 'This PR', align: 'right' },
    ...(withBaseline ? [{ header: 'Change', align: 'right' as const }] : []),
    ...(withCi ? [{ header: ciHeader(report), align: 'right' as const }] : []),
    ...(withBaseline ? [{ header: 'p', align: 'right' as const }] : []),
    { header: 'Threshold' },
    { header: 'Status', align: 'center' },
  ];
}

export const headlineGates = (report: EvalReport) => report.gates.filter((gate) => !gate.slice);
export const sliceGates = (report: EvalReport) => report.gates.filter((gate) => gate.slice);

/** One row per headline (not `by:`) gate: the table reviewers read first. `rows` limits it (last resort). */
export function gatesTable(report: EvalReport, rows = Infinity): string {
  const gates = headlineGates(report).slice(0, rows);
  if (gates.length === 0) return '';
  const withBaseline = report.baseline !== undefined;
  return table(
    [{ header: 'Metric' }, ...valueColumns(report, withBaseline, true)],
    gates.map((gate) => [
      escapeTableCell(gate.metric, NAME_MAX),
      ...gateCells(report, gate, withBaseline, true),
    ]),
  );
}

/** One row per slice of every `by:` gate, with the slice's case count. */
export function slicesTable(report: EvalReport, rows = Infinity): string {
  const gates = sliceGates(report).slice(0, rows);
  if (gates.length === 0) return '';
  const withBaseline = gates.some((gate) => gate.baseline !== undefined || gate.kind === 'baseline');
  const withCi = gates.some((gate) => gate.ci !== undefined);
  const casesOf = (gate: GateResult) =>
    report.slices
      ?.find((slice) => slice.tag === gate.slice!.tag)
      ?.groups.find((group) => group.value === gate.slice!.value)?.cases;
  return [
    '**Slices**',
    table(
      [
        { header: 'Metric' },
        { header: 'Slice' },
        { header: 'Cases', align: 'right' },
        ...valueColumns(report, withBaseline, withCi),
      ],
      gates.map((gate) => [
        escapeTableCell(gate.metric, NAME_MAX),
        `${escapeTableCell(gate.slice!.tag, 60)} = ${escapeTableCell(gate.slice!.value, 60)}`,
        formatNumber(casesOf(gate)),
        ...gateCells(report, gate, withBaseline, withCi),
      ]),
    ),
  ].join('\n\n');
}

const REASONS_SHOWN = 10;

/** Why each gate that did not pass did not: the gate's own message, escaped (it names metrics and slices). */
export function gateReasons(report: EvalReport): string {
  const failing = report.gates.filter((gate) => gate.status !== 'pass');
  if (failing.length === 0) return '';
  const lines = failing
    .slice(0, REASONS_SHOWN)
    .map((gate) => `- ${statusIcon(gate.status)} ${escapeMarkdown(truncate(gate.message, 400))}`);
  if (failing.length > REASONS_SHOWN) lines.push(`- …and ${failing.length - REASONS_SHOWN} more`);
  return lines.join('\n');
}

/** Headline metrics no headline gate covers. */
export function otherMetricNames(report: EvalReport): string[] {
  const gated = new Set(headlineGates(report).map((gate) => gate.metric));
  return Object.keys(report.metrics).filter((name) => !gated.has(name));
}

/** The headline metrics no gate covers, as a table (in a collapsed <details> block, see the renderer). */
export function otherMetricsTable(report: EvalReport): string {
  const names = otherMetricNames(report);
  if (names.length === 0) return '';
  const withBaseline = report.baseline !== undefined;
  const rows = names.map((name) => {
    const metric = report.metrics[name];
    const baseline = report.baseline?.metrics[name];
    return [
      escapeTableCell(name, NAME_MAX),
      ...(withBaseline ? [formatNumber(baseline)] : []),
      formatNumber(metric.value),
      ...(withBaseline
        ? [nowrap(formatChange(difference(metric.value, baseline), metric.higherIsBetter))]
        : []),
      nowrap(formatInterval(metric.ci)),
    ];
  });
  return table(
    [
      { header: 'Metric' },
      ...(withBaseline ? [{ header: baselineHeader(report), align: 'right' as const }] : []),
      { header: 'This PR', align: 'right' },
      ...(withBaseline ? [{ header: 'Change', align: 'right' as const }] : []),
      { header: ciHeader(report), align: 'right' },
    ],
    rows,
  );
}
