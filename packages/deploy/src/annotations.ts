/** The findings of a deploy that belong on a line of the user's files: metrics that failed or could not decide. */
import type { AnalysisSpec } from './config.js';
import type { DeployReport } from './report.js';

export interface MetricAnnotation {
  level: 'error' | 'warning';
  message: string;
  title: string;
  /** The analysis file as the user named it (the `analysis` input, or the `config` input). */
  file: string;
  /** Line of the metric's entry in that file, when known. */
  line?: number;
}

/** One annotation per metric that failed (error) or was inconclusive / errored (warning) in a step's last analysis. */
export function metricAnnotations(report: DeployReport, analysis: AnalysisSpec): MetricAnnotation[] {
  const lineOf = new Map(analysis.metrics.map((metric) => [metric.name, metric.line]));
  const annotations: MetricAnnotation[] = [];
  const smokeLine = new Map((analysis.smoke ?? []).map((check) => [check.name, check.line]));
  for (const check of report.smoke?.checks ?? [])
    if (check.verdict !== 'pass')
      annotations.push({
        level: 'error',
        message: `smoke check ${check.name} failed before any traffic step (router untouched): ${check.reason}`,
        title: `mlgate canary-deploy: smoke ${check.name}`,
        file: analysis.file,
        line: smokeLine.get(check.name),
      });
  for (const step of report.steps) {
    if (step.sequential?.verdict === 'fail' && analysis.sequential)
      annotations.push({
        level: 'error',
        message: `step ${step.index} (${step.label}): ${step.sequential.reason}`,
        title: `mlgate canary-deploy: ${analysis.sequential.name}`,
        file: analysis.file,
        line: analysis.sequential.line,
      });
    if (step.verdict !== 'fail' && step.verdict !== 'inconclusive') continue;
    const round = step.analyses[step.analyses.length - 1];
    for (const metric of round?.metrics ?? []) {
      if (metric.verdict === 'pass') continue;
      annotations.push({
        level: metric.verdict === 'fail' ? 'error' : 'warning',
        message: `step ${step.index} (${step.label}): metric ${metric.name} ${metric.verdict}: ${metric.reason}`,
        title: `mlgate canary-deploy: ${metric.name}`,
        file: analysis.file,
        line: lineOf.get(metric.name),
      });
    }
  }
  return annotations;
}
