/**
 * The job summary of a lineage-tag run: the model id, tag, commit and artifact in one table (HTML, as the step
 * summary renders it), and the command that verifies the model against its manifest.
 */
import path from 'node:path';

export interface LineageTagSummary {
  name: string;
  version: string;
  modelId: string;
  files: number;
  /** '' when no tag names this version. */
  tag: string;
  commit?: string;
  dataInputs: number;
  evaluationOutcome?: string;
  changed: boolean;
  artifact?: { id: number; url?: string };
  manifestPath: string;
  /** The first model path as the user gave it. */
  model: string;
}

const cell = (tag: 'th' | 'td', text: string) => `<${tag}>${text}</${tag}>`;
const row = (cells: string[], tag: 'th' | 'td' = 'td') =>
  `<tr>${cells.map((text) => cell(tag, text)).join('')}</tr>`;

function artifactCell(artifact: LineageTagSummary['artifact']): string {
  if (artifact?.url) return `<a href="${artifact.url}">${artifact.id}</a>`;
  return artifact ? String(artifact.id) : 'not uploaded';
}

export function renderLineageTagSummary(summary: LineageTagSummary): string {
  const rows = [
    row(['Field', 'Value'], 'th'),
    row(['model id', `<code>${summary.modelId}</code>`]),
    row(['files', String(summary.files)]),
    row(['tag', summary.tag ? `<code>${summary.tag}</code>` : 'not tagged']),
    row(['commit', summary.commit ? `<code>${summary.commit}</code>` : 'unknown']),
    row(['data inputs', String(summary.dataInputs)]),
    row(['evaluation', summary.evaluationOutcome ?? 'none']),
    row(['changed since previous', String(summary.changed)]),
    row(['artifact', artifactCell(summary.artifact)]),
  ];
  return [
    `<h2>mlgate lineage-tag: ${summary.name} v${summary.version}</h2>\n`,
    `<table>${rows.join('')}</table>\n`,
    `\nVerify: <code>mlgate lineage verify --manifest ${path.basename(summary.manifestPath)} --model ${summary.model}</code>\n`,
  ].join('');
}
