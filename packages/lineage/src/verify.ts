/** Checks model files on disk against a lineage manifest, and describes a manifest for `mlgate lineage show`. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatInterval, formatNumber } from '@mlgate/core';
import { compareBytes, resolveArtifacts, sha256File } from './digest.js';
import { validateManifest, type LineageStatement } from './statement.js';
import { formatBytes } from './model-card.js';

export interface VerifyProblem {
  /** Workspace-relative name, as in the manifest. */
  file: string;
  kind: 'mismatch' | 'missing' | 'unexpected';
  /** sha256 the manifest records (absent for unexpected files). */
  expected?: string;
  /** sha256 on disk (absent for missing files). */
  actual?: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Sorted by file name. */
  problems: VerifyProblem[];
  /** Subjects whose digest matched. */
  verified: number;
}

/**
 * Verifies the manifest (an invalid one throws InputDataError naming the field: that is a broken input, not a
 * verification failure), then every subject's bytes, then looks for files under `modelPaths` the manifest does not
 * list: an extra file in a model directory (a swapped tokenizer, a pickle) changes what gets loaded.
 */
export async function verifyManifest(
  manifest: unknown,
  modelPaths: string[],
  workspace: string,
  displayName = 'manifest',
): Promise<VerifyResult> {
  const statement = validateManifest(manifest, displayName);
  const problems: VerifyProblem[] = [];
  // Files present now under the given paths, hashed once (missing paths are reported through their subjects).
  const present = new Map(
    (await resolveArtifacts(modelPaths, workspace, { allowMissing: true })).map((subject) => [
      subject.name,
      subject,
    ]),
  );
  let verified = 0;
  for (const subject of statement.subject) {
    const expected = subject.digest.sha256;
    let actual = present.get(subject.name)?.sha256;
    if (actual === undefined) {
      const file = path.resolve(workspace, subject.name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) {
        problems.push({ file: subject.name, kind: 'missing', expected });
        continue;
      }
      actual = (await sha256File(file, subject.name)).sha256;
    }
    if (actual === expected) verified++;
    else problems.push({ file: subject.name, kind: 'mismatch', expected, actual });
  }
  const listed = new Set(statement.subject.map((subject) => subject.name));
  for (const [name, subject] of present)
    if (!listed.has(name)) problems.push({ file: name, kind: 'unexpected', actual: subject.sha256 });
  problems.sort((a, b) => compareBytes(a.file, b.file));
  return { ok: problems.length === 0, problems, verified };
}

/** One line per problem, for logs and annotations. */
export function describeProblem(problem: VerifyProblem): string {
  switch (problem.kind) {
    case 'missing':
      return `${problem.file}: missing (manifest sha256 ${problem.expected})`;
    case 'unexpected':
      return `${problem.file}: not in the manifest (sha256 ${problem.actual})`;
    case 'mismatch':
      return `${problem.file}: sha256 ${problem.actual} does not match the manifest's ${problem.expected}`;
  }
}

/** Control characters (ANSI escapes, carriage returns) in names could rewrite the terminal: they are removed. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** Human-readable summary of a manifest (plain text, for a terminal). */
export function describeManifest(statement: LineageStatement): string {
  const { model, code, data, evaluation, validation, previous, createdAt } = statement.predicate;
  const size = model.files.reduce((sum, file) => sum + file.size, 0);
  const lines = [
    `Model:     ${model.name} ${model.version}`,
    `Id:        ${model.id}`,
    `Format:    ${model.format}, ${model.files.length} file${model.files.length === 1 ? '' : 's'} (${formatBytes(size)})`,
    `Created:   ${createdAt}`,
    `Commit:    ${code.commit ?? 'unknown'}${code.repository ? ` (${code.repository}${code.ref ? ` ${code.ref}` : ''})` : ''}${code.dirty ? ', uncommitted changes' : ''}`,
  ];
  if (code.runUrl || code.runId)
    lines.push(
      `Run:       ${code.runUrl ?? code.runId}${code.runAttempt && code.runAttempt !== '1' ? ` (attempt ${code.runAttempt})` : ''}`,
    );
  lines.push(
    `Data:      ${data.length === 0 ? 'none recorded' : `${data.length} item${data.length === 1 ? '' : 's'}`}`,
  );
  for (const item of data) {
    const digest = Object.entries(item.digest ?? {})
      .map(([algorithm, value]) => `${algorithm}:${String(value)}`)
      .join(' ');
    lines.push(`  - ${item.name ?? item.uri ?? '(unnamed)'}  ${digest}`);
  }
  if (evaluation) {
    lines.push(`Eval:      ${evaluation.outcome.toUpperCase()} — ${evaluation.summary}`);
    for (const [name, metric] of Object.entries(evaluation.metrics)) {
      const ci = metric.ci && formatInterval(metric.ci) ? ` (${formatInterval(metric.ci)})` : '';
      lines.push(`  - ${name}: ${formatNumber(metric.value)}${ci}`);
    }
  } else lines.push('Eval:      none recorded');
  for (const item of validation ?? [])
    lines.push(`Data check: ${item.outcome.toUpperCase()} ${item.dataset}`);
  lines.push(
    `Previous:  ${previous ? `${previous.version}${previous.tag ? ` (${previous.tag})` : ''} ${previous.modelId}` : 'none'}`,
  );
  return `${lines.map((line) => line.replace(CONTROL, '')).join('\n')}\n`;
}
