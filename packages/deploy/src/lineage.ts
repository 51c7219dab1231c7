/** require-lineage: deploy only a model whose lineage manifest matches its files and records a passing evaluation. */
import path from 'node:path';
import { ConfigurationError, InputDataError } from '@mlgate/core';
import { describeProblem, readManifest, verifyManifest } from '@mlgate/lineage';

export interface LineageCheck {
  manifest: string;
  modelId: string;
  evaluation?: { outcome: string; passed: boolean };
}

/**
 * Throws InputDataError when the manifest is missing or invalid, when a model file's digest differs, or when the
 * manifest records a failed evaluation; a manifest without an evaluation is refused too (nothing says it passed).
 */
export async function checkLineage(
  manifestPath: string,
  modelPaths: string[],
  workspace: string,
): Promise<LineageCheck> {
  if (modelPaths.length === 0)
    throw new ConfigurationError(
      'Input "model" is required with require-lineage: the files to check against the manifest.',
    );
  const file = path.resolve(workspace, manifestPath);
  const statement = await readManifest(file, manifestPath);
  const verification = await verifyManifest(statement, modelPaths, workspace, manifestPath);
  if (!verification.ok)
    throw new InputDataError(
      `the model does not match its lineage manifest: ${verification.problems.map(describeProblem).join('; ')}`,
      { file: manifestPath, field: 'subject' },
    );
  const evaluation = statement.predicate.evaluation;
  if (!evaluation)
    throw new InputDataError(
      'the lineage manifest records no evaluation; require-lineage deploys only evaluated models',
      {
        file: manifestPath,
        field: 'predicate.evaluation',
      },
    );
  if (!evaluation.passed)
    throw new InputDataError(
      `the lineage manifest records a failed evaluation (${evaluation.outcome}): ${evaluation.summary}`,
      {
        file: manifestPath,
        field: 'predicate.evaluation.passed',
      },
    );
  return {
    manifest: manifestPath,
    modelId: statement.predicate.model.id,
    evaluation: { outcome: evaluation.outcome, passed: evaluation.passed },
  };
}
