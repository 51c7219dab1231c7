/** The job summary of a deploy: result, timeline table (weight, metrics, verdict per step), charts over time. */
import { escapeMarkdown, escapeTableCell, formatNumber, inlineCode } from '@mlgate/core';
import type { DeployReport } from './report.js';

const ICON: Record<string, string> = {
  promoted: '✅',
  paused: '⏸️',
  'rolled-back': '↩️',
  aborted: '🛑',
  pass: '✅',
  fail: '❌',
  inconclusive: '❔',
  error: '⚠️',
  running: '…',
};

/** A value in the timeline, by the repository's one formatter; "—" where there is none. */
const number = (value: number | undefined | null) =>
  value === undefined || value === null || Number.isNaN(value) ? '—' : formatNumber(value);

/** Chart labels and titles come only from validated identifiers and numbers; quotes are dropped anyway. */
const chartText = (text: string) => text.replace(/["\\\n\r`]/g, '');

function charts(report: DeployReport): string[] {
  const points = report.steps.flatMap((step) =>
    (step.analyses.length > 0 ? step.analyses : [undefined]).map((round, i) => ({
      step,
      round,
      label: `${step.index}${step.analyses.length > 1 ? `.${i + 1}` : ''}`,
    })),
  );
  if (points.length < 1) return [];
  const labels = points.map((point) => `"${chartText(point.label)}"`).join(', ');
  const sections = [
    '```mermaid',
    'xychart-beta',
    '  title "Traffic on the new version (%) per analysis"',
    `  x-axis [${labels}]`,
    '  y-axis "percent" 0 --> 100',
    `  line [${points.map((point) => point.step.weight).join(', ')}]`,
    ...(points.some((point) => point.step.mirror > 0)
      ? [`  bar [${points.map((point) => point.step.mirror).join(', ')}]`]
      : []),
    '```',
  ];
  // Up to three key metrics: the first ones configured, when every point has a value.
  const names = [
    ...new Set(points.flatMap((point) => point.round?.metrics.map((metric) => metric.name) ?? [])),
  ].slice(0, 3);
  for (const name of names) {
    const values = points.map((point) => point.round?.metrics.find((metric) => metric.name === name)?.canary);
    if (values.some((value) => value === undefined || value === null || !Number.isFinite(value))) continue;
    const stable = points.map((point) => point.round?.metrics.find((metric) => metric.name === name)?.stable);
    const withStable = stable.every(
      (value) => value !== undefined && value !== null && Number.isFinite(value),
    );
    sections.push(
      '',
      '```mermaid',
      'xychart-beta',
      `  title "${chartText(name)}: canary${withStable ? ' (line) vs stable (bar)' : ''}"`,
      `  x-axis [${labels}]`,
      ...(withStable ? [`  bar [${stable.map((value) => Number(value)).join(', ')}]`] : []),
      `  line [${values.map((value) => Number(value)).join(', ')}]`,
      '```',
    );
  }
  return sections;
}

export function renderDeploySummary(report: DeployReport): string {
  const lines = [
    `## ${ICON[report.result] ?? ''} canary-deploy: ${report.result}`,
    '',
    `**${escapeMarkdown(report.summary)}**`,
    '',
    `Strategy ${inlineCode(report.strategy)} (${inlineCode(report.action)}) on ${escapeMarkdown(report.router.description)}; ` +
      `stable ${inlineCode(report.versions.stable)}, new ${inlineCode(report.versions.canary)}.`,
  ];
  if (report.lineage)
    lines.push(
      '',
      `Lineage: model ${inlineCode(report.lineage.modelId)} verified against ${inlineCode(report.lineage.manifest)}.`,
    );
  if (report.rollback)
    lines.push(
      '',
      report.rollback.ok
        ? `Traffic was rolled back to stable (${escapeMarkdown(report.rollback.reason)}) at ${report.rollback.at}.`
        : `> [!CAUTION]\n> The rollback to stable FAILED: ${escapeMarkdown(report.rollback.error ?? '')}. Check the router by hand.`,
    );
  if (report.smoke)
    lines.push(
      '',
      `Smoke checks at 0 %, before any traffic: ${ICON[report.smoke.verdict] ?? ''} ${escapeMarkdown(report.smoke.reason)}`,
    );
  if (report.sequential)
    lines.push(
      '',
      `Sequential analysis ${inlineCode(report.sequential.name)}: α ${report.sequential.alpha}, canary/stable error-rate ratio bound ${number(1 + report.sequential.relativeTolerance)}${report.sequential.absoluteTolerance ? ` + ${number(report.sequential.absoluteTolerance)} / stable rate` : ''}, ${report.sequential.looks} looks.`,
    );
  if (report.steps.length > 0) {
    lines.push(
      '',
      '### Timeline',
      '',
      '| Step | Split | Verdict | Metrics (canary / stable) | Reason |',
      '|---|---|---|---|---|',
    );
    for (const step of report.steps) {
      const last = step.analyses[step.analyses.length - 1];
      const metrics =
        last === undefined
          ? '—'
          : last.metrics.length === 0
            ? escapeTableCell(last.reason, 120)
            : last.metrics
                .map(
                  (metric) =>
                    `${escapeTableCell(metric.name, 64)} ${ICON[metric.verdict] ?? ''} ${number(metric.canary)}${metric.stable !== undefined ? ` / ${number(metric.stable)}` : ''}`,
                )
                .join('<br>');
      const split = `${step.weight}%${step.mirror > 0 ? ` (mirror ${step.mirror}%)` : ''}`;
      const sequential = step.sequential
        ? `${metrics === '—' ? '' : '<br>'}sequential ${ICON[step.sequential.verdict] ?? ''} p ${number(step.sequential.pValue)}`
        : '';
      const attempts = step.analyses.length > 1 ? ` (${step.analyses.length} analyses)` : '';
      lines.push(
        `| ${step.index}. ${escapeTableCell(step.label, 60)} | ${split} | ${ICON[step.verdict] ?? ''} ${step.verdict}${attempts} | ${metrics === '—' && sequential ? '' : metrics}${sequential} | ${escapeTableCell(step.reason, 300)} |`,
      );
    }
    lines.push('', ...charts(report));
  }
  lines.push(
    '',
    `<sub>mlgate ${escapeMarkdown(report.tool.version)} · ${report.startedAt} → ${report.finishedAt}</sub>`,
    '',
  );
  return lines.join('\n');
}
