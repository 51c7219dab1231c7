/** The first lines a reviewer reads: the verdict with gate counts and commit, then what was compared. */
import {
  escapeMarkdown,
  gateLacksBaseline,
  outcomeLabel,
  truncate,
  type EvalReport,
  type GateStatus,
} from '@mlgate/core';
import { formatNumber, outcomeIcon } from '../format.js';
import { codeSpan, shortCommit } from './blocks.js';

const COUNTED: [GateStatus, string][] = [
  ['fail', 'failed'],
  ['inconclusive', 'inconclusive'],
  ['warn', 'warn'],
];

/** e.g. "### ❌ mlgate eval-gate: fail — 4 of 7 gates passed · 2 failed · 1 warn · for `abc1234`". */
export function verdictHeading(report: EvalReport): string {
  const total = report.gates.length;
  const count = (status: GateStatus) => report.gates.filter((gate) => gate.status === status).length;
  const parts =
    total === 0
      ? ['no gates configured']
      : [
          `${count('pass')} of ${total} gate${total === 1 ? '' : 's'} passed`,
          ...COUNTED.filter(([status]) => count(status) > 0).map(
            ([status, label]) => `${count(status)} ${label}`,
          ),
        ];
  // "inconclusive" for gates the data could not decide; gates that had no baseline are counted apart.
  const noBaseline = report.gates.filter(gateLacksBaseline).length;
  if (noBaseline > 0) {
    const undecided = count('inconclusive') - noBaseline;
    const at = parts.findIndex((part) => part.endsWith(' inconclusive'));
    parts.splice(
      at,
      1,
      ...(undecided > 0 ? [`${undecided} inconclusive`] : []),
      `${noBaseline} without a baseline yet`,
    );
  }
  const commit = report.context.commit ? ` · for ${codeSpan(shortCommit(report.context.commit))}` : '';
  return `### ${outcomeIcon(report.outcome)} mlgate eval-gate: ${outcomeLabel(report)} — ${parts.join(' · ')}${commit}`;
}

/** e.g. "multiclass task · 600 cases · compared with `main.json` on 600 shared cases". */
export function contextLine(report: EvalReport): string {
  if (report.aggregate) return aggregateLine(report, report.aggregate);
  const parts = [`${report.task} task`, `${formatNumber(report.counts.cases)} cases`];
  if (report.counts.flakyCases > 0) parts.push(`${formatNumber(report.counts.flakyCases)} flaky`);
  if (report.counts.erroredCases > 0) parts.push(`${formatNumber(report.counts.erroredCases)} errored`);
  const baseline = report.baseline;
  if (baseline) {
    parts.push(
      `compared with ${codeSpan(truncate(baseline.source, 120))} on ${formatNumber(baseline.sharedCases)} shared cases`,
    );
  } else if (report.gates.some((gate) => gate.kind === 'baseline')) {
    parts.push('no baseline, so baseline gates could not be checked');
  } else parts.push('no baseline');
  return parts.join(' · ');
}

/**
 * Aggregate results (report 1.3): who reported the metrics, that intervals are ± the reported standard error, and that
 * there are no cases to diff, e.g. "aggregate: reported by lm-eval (`meta-llama/Meta-Llama-3-8B-Instruct`), ± stderr ·
 * 2 metrics, no cases · compared with `main.json`".
 */
export function aggregateLine(report: EvalReport, aggregate: NonNullable<EvalReport['aggregate']>): string {
  const names = Object.keys(report.metrics);
  const missing = names.filter((name) => report.metrics[name].stderr === null).length;
  const models =
    aggregate.models.length > 0
      ? ` (${aggregate.models
          .slice(0, 3)
          .map((model) => codeSpan(truncate(model, 80)))
          .join(', ')})`
      : '';
  const tools = aggregate.tools.map((tool) => escapeMarkdown(truncate(tool, 40))).join(', ');
  const parts = [
    `aggregate: reported by ${tools}${models}, ± stderr`,
    `${formatNumber(names.length)} metric${names.length === 1 ? '' : 's'}, no cases${missing > 0 ? ` (${formatNumber(missing)} without a reported standard error)` : ''}`,
  ];
  if (report.baseline) parts.push(`compared with ${codeSpan(truncate(report.baseline.source, 120))}`);
  else if (report.gates.some((gate) => gate.kind === 'baseline'))
    parts.push('no baseline, so baseline gates could not be checked');
  else parts.push('no baseline');
  return parts.join(' · ');
}
