/**
 * A Markdown model card generated from the lineage manifest (and the eval report, for slices and fairness): the facts
 * mlgate knows, plus clearly marked TODO blocks for what only the model's owners can say.
 */
// Metric values and intervals are written by the one formatter of every mlgate output.
import {
  codeBlock,
  escapeMarkdown,
  escapeTableCell,
  formatInterval,
  formatNumber,
  inlineCode,
  type EvalReport,
} from '@mlgate/core';
import { manifestText } from './digest.js';
import type { EvaluationSummary, LineageStatement, MetricValue, ResourceDescriptor } from './statement.js';

/** Markers around each block the team fills in: tools (and reviewers) can find unfilled ones with a grep. */
export const TODO_START = '<!-- mlgate:todo';
export const TODO_END = '<!-- mlgate:end-todo -->';

function todo(id: string, prompt: string): string {
  return [`${TODO_START} ${id} -->`, `> **TODO (model owners):** ${prompt}`, TODO_END].join('\n');
}

export function formatBytes(size: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${size} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const interval = (metric: MetricValue): string => (metric.ci && formatInterval(metric.ci)) || '—';

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** `algorithm:value` pairs of a descriptor; values are hex but still go through inline code (the manifest is input). */
function digestCell(descriptor: ResourceDescriptor): string {
  const entries = Object.entries(descriptor.digest ?? {});
  if (entries.length === 0) return descriptor.uri ? escapeTableCell(descriptor.uri) : '—';
  return entries.map(([algorithm, value]) => inlineCode(`${algorithm}:${String(value)}`)).join(' ');
}

interface DvcAnnotation {
  file?: string;
  stages?: { stage?: string; kind?: string }[];
  kind?: string;
  size?: number;
  nfiles?: number;
  hashKind?: string;
  record?: string;
}

function sourceCell(descriptor: ResourceDescriptor): string {
  const annotations = descriptor.annotations ?? {};
  const dvc = annotations.dvc as DvcAnnotation | undefined;
  if (dvc?.record) return `DVC ${dvc.record === 'lock' ? 'lock file' : '.dvc file'}`;
  if (dvc) {
    const roles = dvc.stages
      ? dvc.stages.map((role) => `${role.kind ?? '?'} of ${role.stage ?? '?'}`).join(', ')
      : (dvc.kind ?? 'out');
    const parts = [`DVC ${dvc.file ?? ''}: ${roles}`, dvc.hashKind ? `hash ${dvc.hashKind}` : ''];
    return escapeTableCell(parts.filter(Boolean).join('; '), 300);
  }
  if (typeof annotations.files === 'number') return `directory, ${annotations.files} files`;
  return 'file';
}

function sizeCell(descriptor: ResourceDescriptor): string {
  const annotations = descriptor.annotations ?? {};
  const dvc = annotations.dvc as DvcAnnotation | undefined;
  const size = typeof dvc?.size === 'number' ? dvc.size : annotations.size;
  const files = typeof dvc?.nfiles === 'number' ? `, ${dvc.nfiles} files` : '';
  return typeof size === 'number' ? `${formatBytes(size)}${files}` : '—';
}

/** The metrics table: the report's metrics with its interval level, else the manifest's headline metrics at 95%. */
function metricsTable(evaluation: EvaluationSummary | undefined, report?: EvalReport): string[] {
  const metrics: Record<string, MetricValue> = report?.metrics ?? evaluation?.metrics ?? {};
  const level = report ? Math.round(report.bootstrap.level * 100) : 95;
  if (Object.keys(metrics).length === 0) return [];
  return [
    table(
      ['Metric', 'Value', `${level}% CI`],
      Object.entries(metrics).map(([name, metric]) => [
        escapeTableCell(name),
        formatNumber(metric.value),
        interval(metric),
      ]),
    ),
    '',
  ];
}

function slicesSection(report: EvalReport): string[] {
  if (!report.slices?.length) return [];
  const lines = ['### Slices', ''];
  for (const slice of report.slices) {
    const names = [...new Set(slice.groups.flatMap((group) => Object.keys(group.metrics)))];
    lines.push(
      `By ${inlineCode(slice.tag)}:`,
      '',
      table(
        [escapeTableCell(slice.tag), 'Cases', ...names.map((name) => escapeTableCell(name))],
        slice.groups.map((group) => [
          escapeTableCell(group.value),
          String(group.cases),
          ...names.map((name) => formatNumber(group.metrics[name])),
        ]),
      ),
      '',
    );
  }
  return lines;
}

function fairnessSection(report: EvalReport): string[] {
  const fairness = report.fairness;
  if (!fairness) return [];
  return [
    '### Fairness',
    '',
    `By ${inlineCode(fairness.tag)}, positive class ${inlineCode(fairness.positiveLabel)}: demographic parity difference ${formatNumber(fairness.demographicParityDifference)}, equalized odds difference ${formatNumber(fairness.equalizedOddsDifference)}, disparate impact ratio ${formatNumber(fairness.disparateImpactRatio)}.`,
    '',
    table(
      ['Group', 'Cases', 'Selection rate', 'TPR', 'FPR'],
      fairness.groups.map((group) => [
        escapeTableCell(group.value),
        String(group.cases),
        formatNumber(group.selectionRate),
        formatNumber(group.tpr),
        formatNumber(group.fpr),
      ]),
    ),
    '',
  ];
}

/** Every gate from the report; only the manifest's gate counts without it. */
function gatesSection(evaluation: EvaluationSummary | undefined, report?: EvalReport): string[] {
  const lines = ['### Gates', ''];
  if (report) {
    if (report.gates.length === 0) lines.push('No gates were configured.', '');
    else
      lines.push(
        table(
          ['Metric', 'Rule', 'Status', 'Observed', 'Message'],
          report.gates.map((gate) => [
            escapeTableCell(
              gate.slice ? `${gate.metric} (${gate.slice.tag}=${gate.slice.value})` : gate.metric,
            ),
            escapeTableCell(gate.rule),
            gate.status.toUpperCase(),
            formatNumber(gate.observed),
            escapeTableCell(gate.message, 300),
          ]),
        ),
        '',
      );
  } else if (evaluation) {
    const gates = evaluation.gates;
    lines.push(
      `${gates.passed}/${gates.total} gates passed, ${gates.failed} failed, ${gates.warned} warned, ${gates.inconclusive} inconclusive.`,
      '',
    );
  }
  return lines;
}

function evaluationSection(statement: LineageStatement, report?: EvalReport): string[] {
  const evaluation = statement.predicate.evaluation;
  const lines: string[] = ['## Evaluation', ''];
  if (!evaluation && !report) {
    lines.push('No evaluation report was attached to this version.', '');
    return lines;
  }
  const outcome = report?.outcome ?? evaluation!.outcome;
  const summary = report?.summary ?? evaluation!.summary;
  lines.push(`**Outcome: ${outcome.toUpperCase()}**${summary ? ` — ${escapeMarkdown(summary)}` : ''}`, '');
  if (evaluation) lines.push(`Eval report sha256: ${inlineCode(evaluation.reportSha256)}`, '');
  lines.push(...metricsTable(evaluation, report));
  if (report) lines.push(...slicesSection(report), ...fairnessSection(report));
  lines.push(...gatesSection(evaluation, report));
  return lines;
}

/** The title, the facts table and the blocks only the model's owners can fill in. */
function headerSection(statement: LineageStatement): string[] {
  const { model } = statement.predicate;
  const totalSize = model.files.reduce((sum, file) => sum + file.size, 0);
  return [
    `# Model card: ${escapeMarkdown(model.name)} ${escapeMarkdown(model.version)}`,
    '',
    `Generated by mlgate ${escapeMarkdown(statement.predicate.mlgateVersion)} at ${escapeMarkdown(statement.predicate.createdAt)} from the lineage manifest. Sections marked TODO are for the model's owners to complete.`,
    '',
    table(
      ['', ''],
      [
        ['Model id', inlineCode(model.id)],
        ['Version', escapeTableCell(model.version)],
        ['Format', escapeTableCell(model.format)],
        ['Files', `${model.files.length} (${formatBytes(totalSize)})`],
      ],
    ),
    '',
    '## Intended use',
    '',
    todo(
      'intended-use',
      'What is this model for, and who uses it? Name the primary tasks, users and deployment context.',
    ),
    '',
    '## Out-of-scope uses',
    '',
    todo('out-of-scope', 'Which uses is this model not suited for or must it not be used for, and why?'),
    '',
    '## Limitations and risks',
    '',
    todo(
      'limitations',
      'Known failure modes, populations or inputs it handles poorly, biases, and the mitigations in place.',
    ),
    '',
  ];
}

/** The model files, then the training data and parameter files. */
function filesAndDataSection(statement: LineageStatement): string[] {
  const { model, data, params } = statement.predicate;
  const lines: string[] = [
    '## Model files',
    '',
    table(
      ['File', 'Size', 'SHA-256'],
      model.files.map((file) => [
        escapeTableCell(file.name),
        formatBytes(file.size),
        inlineCode(file.sha256),
      ]),
    ),
    '',
    '## Training data',
    '',
  ];
  if (data.length === 0) lines.push('No data inputs were recorded.', '');
  else
    lines.push(
      table(
        ['Data', 'Digest', 'Size', 'Source'],
        data.map((descriptor) => [
          escapeTableCell(descriptor.name ?? descriptor.uri ?? '(unnamed)'),
          digestCell(descriptor),
          sizeCell(descriptor),
          sourceCell(descriptor),
        ]),
      ),
      '',
    );
  if (params.files.length > 0)
    lines.push(
      'Parameters: ' +
        params.files.map((file) => `${escapeMarkdown(file.name)} (${inlineCode(file.sha256)})`).join(', '),
      '',
    );
  return lines;
}

function validationSection(statement: LineageStatement): string[] {
  const { validation } = statement.predicate;
  if (!validation?.length) return [];
  return [
    '## Data validation',
    '',
    table(
      ['Dataset', 'Outcome', 'Report SHA-256'],
      validation.map((item) => [
        escapeTableCell(item.dataset),
        item.outcome.toUpperCase(),
        inlineCode(item.reportSha256),
      ]),
    ),
    '',
  ];
}

/** Commit (linked when the repository is known), ref, workflow, run, environment and the previous version. */
function lineageSection(statement: LineageStatement): string[] {
  const { code, environment, previous } = statement.predicate;
  const lines = ['## Lineage', ''];
  const repository =
    code.repository && /^[\w.-]+\/[\w.-]+$/.test(code.repository) ? code.repository : undefined;
  if (code.commit) {
    const commit = inlineCode(code.commit);
    lines.push(
      `- Commit: ${repository && /^[0-9a-f]{40,64}$/.test(code.commit) ? `[${commit}](https://github.com/${repository}/commit/${code.commit})` : commit}${code.repository ? ` in ${escapeMarkdown(code.repository)}` : ''}${code.dirty ? ' (with uncommitted changes)' : ''}`,
    );
  }
  if (code.ref) lines.push(`- Ref: ${inlineCode(code.ref)}`);
  if (code.workflow) lines.push(`- Workflow: ${inlineCode(code.workflow.path)}`);
  if (code.runUrl && /^https:\/\/[^\s()<>]+$/.test(code.runUrl))
    lines.push(`- Run: [${escapeMarkdown(code.runId ?? 'workflow run')}](${code.runUrl})`);
  lines.push(
    `- Environment: ${escapeMarkdown([environment.runnerOs, environment.runnerArch, `Node ${environment.node}`, environment.python ? `Python ${environment.python}` : undefined].filter(Boolean).join(', '))}`,
  );
  lines.push(
    previous
      ? `- Previous version: ${escapeMarkdown(previous.version)}${previous.tag ? ` (tag ${inlineCode(previous.tag)})` : ''}, model id ${inlineCode(previous.modelId)}`
      : '- Previous version: none recorded',
    '',
  );
  return lines;
}

function verifySection(statement: LineageStatement): string[] {
  return [
    '## How to verify',
    '',
    'Check that the files you have are the files this card describes, from the workspace root:',
    '',
    codeBlock('mlgate lineage verify --manifest <manifest.json> --model <model paths>', 'sh'),
    '',
    'or with coreutils, saving the lines below as `model.sha256` and running `sha256sum -c model.sha256`:',
    '',
    codeBlock(manifestText(statement.predicate.model.files).trimEnd()),
    '',
  ];
}

/** Renders the model card. Every string from the manifest or report is escaped: file names and tags are untrusted. */
export function renderModelCard(statement: LineageStatement, evalReport?: EvalReport): string {
  return [
    ...headerSection(statement),
    ...filesAndDataSection(statement),
    ...evaluationSection(statement, evalReport),
    ...validationSection(statement),
    ...lineageSection(statement),
    ...verifySection(statement),
  ].join('\n');
}
