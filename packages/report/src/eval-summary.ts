/**
 * The eval report as Markdown for the job summary: verdict, gates, metrics with confidence intervals,
 * per-class and slice tables, the case diff against the baseline, and cost.
 * Everything that came from the results (ids, labels, tags, text) is untrusted and escaped.
 */
import {
  escapeMarkdown,
  escapeTableCell,
  inlineCode,
  outcomeLabel,
  summaryText,
  type CaseDiffEntry,
  type EvalReport,
} from '@mlgate/core';
import {
  formatChange,
  formatInterval,
  formatNumber,
  formatPValue,
  outcomeIcon,
  statusIcon,
} from './format.js';
import { costLine } from './pr-comment/cost.js';
import { higherIsBetter } from './pr-comment/metrics.js';
import { aggregateLine } from './pr-comment/verdict.js';
import { evalReferenceLine } from './reference.js';

export interface SummaryOptions {
  /** Case-diff entries shown per status. */
  maxCases?: number;
}

const table = (header: string[], rows: string[][]): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

function gatesSection(report: EvalReport): string {
  if (report.gates.length === 0) return '_No gates configured: metrics are reported only._';
  // Baseline columns only when there is a baseline, as in the metrics table.
  const withBaseline = report.baseline !== undefined;
  const rows = report.gates.map((gate) => [
    statusIcon(gate.status),
    escapeTableCell(gate.metric) +
      (gate.slice ? ` (${escapeTableCell(gate.slice.tag)} = ${escapeTableCell(gate.slice.value)})` : ''),
    gate.rule.replace(/\|/g, '\\|'),
    formatNumber(gate.observed),
    ...(withBaseline
      ? [
          gate.baseline === undefined ? '' : formatNumber(gate.baseline),
          gate.delta === undefined ? '' : formatChange(gate.delta, higherIsBetter(report, gate.metric)),
          formatPValue(gate.pValue),
        ]
      : []),
    gate.severity === 'warn' && gate.status !== 'warn' ? `${gate.status} (warn only)` : gate.status,
  ]);
  const header = [
    '',
    'Gate',
    'Rule',
    'Value',
    ...(withBaseline ? ['Baseline', 'Change', 'p'] : []),
    'Status',
  ];
  return table(header, rows);
}

function metricsSection(report: EvalReport): string {
  const aggregate = report.aggregate !== undefined;
  const rows = Object.entries(report.metrics).map(([name, metric]) => {
    const baseline = report.baseline?.metrics[name];
    const delta =
      baseline === undefined || baseline === null || metric.value === null
        ? undefined
        : metric.value - baseline;
    return [
      escapeTableCell(name),
      formatNumber(metric.value),
      ...(aggregate ? [metric.stderr == null ? 'none reported' : formatNumber(metric.stderr)] : []),
      formatInterval(metric.ci),
      ...(report.baseline ? [formatNumber(baseline), formatChange(delta, metric.higherIsBetter)] : []),
    ];
  });
  const header = [
    'Metric',
    'Value',
    ...(aggregate ? ['± stderr'] : []),
    `${Math.round(report.bootstrap.level * 100)}% CI`,
    ...(report.baseline ? ['Baseline', 'Change'] : []),
  ];
  return table(header, rows);
}

function perClassSection(report: EvalReport): string {
  if (!report.perClass || report.perClass.length === 0) return '';
  const rows = report.perClass.map((item) => [
    escapeTableCell(item.label),
    formatNumber(item.precision),
    formatNumber(item.recall),
    formatNumber(item.f1),
    formatNumber(item.support),
  ]);
  return `<details><summary>Per class (${report.perClass.length})</summary>\n\n${table(['Class', 'Precision', 'Recall', 'F1', 'Support'], rows)}\n\n</details>`;
}

function slicesSection(report: EvalReport): string {
  return (report.slices ?? [])
    .map((slice) => {
      const names = [...new Set(slice.groups.flatMap((group) => Object.keys(group.metrics)))];
      const rows = slice.groups.map((group) => [
        escapeTableCell(group.value),
        formatNumber(group.cases),
        ...names.map((name) => formatNumber(group.metrics[name])),
      ]);
      return `**By ${escapeMarkdown(slice.tag)}**\n\n${table([escapeTableCell(slice.tag), 'Cases', ...names.map((name) => escapeTableCell(name))], rows)}`;
    })
    .join('\n\n');
}

function fairnessSection(report: EvalReport): string {
  const fairness = report.fairness;
  if (!fairness) return '';
  const rows = fairness.groups.map((group) => [
    escapeTableCell(group.value),
    formatNumber(group.cases),
    formatNumber(group.selectionRate),
    formatNumber(group.tpr),
    formatNumber(group.fpr),
  ]);
  return [
    `**Fairness by ${escapeMarkdown(fairness.tag)}** (positive class ${inlineCode(fairness.positiveLabel)}): demographic parity difference ${formatNumber(fairness.demographicParityDifference)}, equalized odds difference ${formatNumber(fairness.equalizedOddsDifference)}, disparate impact ratio ${formatNumber(fairness.disparateImpactRatio)}`,
    '',
    table([escapeTableCell(fairness.tag), 'Cases', 'Selection rate', 'TPR', 'FPR'], rows),
  ].join('\n');
}

const scoreText = (snapshot: CaseDiffEntry['before']): string => {
  if (!snapshot) return '—';
  if (snapshot.pass !== undefined)
    return `${snapshot.pass ? 'pass' : 'fail'}${snapshot.score !== undefined && snapshot.score !== 0 && snapshot.score !== 1 ? ` (${formatNumber(snapshot.score)})` : ''}`;
  return formatNumber(snapshot.score);
};

function caseDiffSection(report: EvalReport, maxCases: number): string {
  const diff = report.caseDiff;
  if (!diff) return '';
  const counts = Object.entries(diff.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  if (counts.length === 0) return '**Cases vs baseline:** no case changed.';
  const sections: string[] = [`**Cases vs baseline:** ${counts.join(', ')}`];
  for (const status of ['regressed', 'improved', 'new', 'removed', 'flaky', 'still-failing'] as const) {
    const entries = diff.cases.filter((entry) => entry.status === status);
    if (entries.length === 0) continue;
    const shown = entries.slice(0, maxCases);
    const rows = shown.map((entry) => [
      inlineCode(entry.id.slice(0, 120)),
      scoreText(entry.before),
      scoreText(entry.after),
    ]);
    const more = diff.counts[status] - shown.length;
    sections.push(
      `<details${status === 'regressed' ? ' open' : ''}><summary>${status} (${diff.counts[status]})</summary>\n\n${table(['Case', 'Before', 'After'], rows)}${more > 0 ? `\n\n…and ${more} more in the report file.` : ''}\n\n</details>`,
    );
  }
  return sections.join('\n\n');
}

/** The verdict in one line, e.g. "❌ eval-gate: fail — 1 of 4 gates failed (f1_macro 0.81 < 0.85)". */
/** How the methods recorded per metric (`ciMethod`) are named to a reader; the three bootstraps are one. */
const INTERVAL_METHOD_NAMES: Record<string, string> = {
  delong: 'DeLong',
  normal: 'normal approximation',
  wilson: 'Wilson',
  'order-statistic': 'order statistics',
};

/**
 * The footer's account of the intervals: each method used once, in the order of the metrics, and the resamples and
 * seed only when a bootstrap was used (reports before 1.3 record no method: they only bootstrapped).
 */
function intervalsNote(report: EvalReport): string {
  const names = new Set<string>();
  for (const metric of Object.values(report.metrics)) {
    if (metric.ci === undefined) continue;
    const method = metric.ciMethod ?? 'case-bootstrap';
    names.add(INTERVAL_METHOD_NAMES[method] ?? 'bootstrap');
  }
  const bootstrap = `bootstrap (${formatNumber(report.bootstrap.resamples)} resamples, seed ${report.bootstrap.seed})`;
  if (names.size === 0) return bootstrap;
  const listed = [...names].map((name) => (name === 'bootstrap' ? bootstrap : name));
  const last = listed.pop()!;
  return `intervals by ${listed.length === 0 ? last : `${listed.join(', ')} and ${last}`}`;
}

export function verdictLine(report: EvalReport): string {
  return `${outcomeIcon(report.outcome)} **mlgate eval-gate: ${outcomeLabel(report)}** — ${escapeMarkdown(summaryText(report))}`;
}

export function renderEvalSummary(report: EvalReport, options: SummaryOptions = {}): string {
  const maxCases = options.maxCases ?? 20;
  const commit = report.context.commit ? ` for ${inlineCode(report.context.commit.slice(0, 12))}` : '';
  const shared = report.baseline ? ` ${formatNumber(report.baseline.sharedCases)} shared cases.` : '';
  const baseline = `${evalReferenceLine(report)}${shared}`;
  const context = report.aggregate
    ? `${aggregateLine(report, report.aggregate)}${commit}. ${Math.round(report.bootstrap.level * 100)}% intervals are value ± z × stderr (normal approximation); no case diff.`
    : `${report.task} task, ${formatNumber(report.counts.cases)} cases (${formatNumber(report.counts.rows)} rows)${commit}. ${baseline}`;
  return [
    `## ${verdictLine(report)}`,
    context,
    '### Gates',
    gatesSection(report),
    '### Metrics',
    metricsSection(report),
    perClassSection(report),
    slicesSection(report),
    fairnessSection(report),
    caseDiffSection(report, maxCases),
    costLine(report),
    `<sub>mlgate ${escapeMarkdown(report.tool.version)}${report.aggregate ? '' : ` · ${intervalsNote(report)}`}${report.context.runUrl ? ` · [workflow run](${encodeURI(report.context.runUrl)})` : ''}</sub>`,
  ]
    .filter((section) => section !== '')
    .join('\n\n')
    .concat('\n');
}
