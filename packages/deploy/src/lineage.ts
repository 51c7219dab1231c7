/**
 * require-lineage: deploy only a model whose lineage manifest matches its files and records a passing evaluation,
 * or (unless strict) one whose gates all passed except baseline gates that had no baseline yet: the first model.
 */
import path from 'node:path';
import { ConfigurationError, InputDataError } from '@mlgate/core';
import { describeProblem, readManifest, verifyManifest, type EvaluationSummary } from '@mlgate/lineage';

export interface LineageCheck {
  manifest: string;
  modelId: string;
  evaluation?: { outcome: string; passed: boolean; inconclusiveReason?: string };
}

/**
 * A model evaluated before any baseline existed: nothing failed, and every inconclusive gate lacked a baseline.
 * Manifests written before lineage recorded the reason are not given the benefit of the doubt.
 */
export function evaluatedWithoutBaseline(evaluation: EvaluationSummary): boolean {
  return (
    evaluation.outcome === 'inconclusive' &&
    evaluation.inconclusiveReason === 'no-baseline' &&
    evaluation.gates.failed === 0 &&
    evaluation.gates.noBaseline !== undefined &&
    evaluation.gates.noBaseline === evaluation.gates.inconclusive
  );
}

/**
 * Throws InputDataError when the manifest is missing or invalid, when a model file's digest differs, or when the
 * manifest records a failed evaluation; a manifest without an evaluation is refused too (nothing says it passed).
 */
export async function checkLineage(
  manifestPath: string,
  modelPaths: string[],
  workspace: string,
  options: { strict?: boolean } = {},
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
  const firstModel = evaluatedWithoutBaseline(evaluation);
  if (!evaluation.passed && !(firstModel && !options.strict))
    throw new InputDataError(
      firstModel
        ? `the lineage manifest records an evaluation without a baseline (${evaluation.summary}) and require-lineage-strict refuses it; deploy it with require-lineage-strict: false, or save a baseline first`
        : `the lineage manifest records a failed evaluation (${evaluation.outcome}${evaluation.inconclusiveReason === 'undecided' ? ': the data could not decide' : ''}): ${evaluation.summary}`,
      {
        file: manifestPath,
        field: 'predicate.evaluation.passed',
      },
    );
  return {
    manifest: manifestPath,
    modelId: statement.predicate.model.id,
    evaluation: {
      outcome: evaluation.outcome,
      passed: evaluation.passed,
      ...(evaluation.inconclusiveReason ? { inconclusiveReason: evaluation.inconclusiveReason } : {}),
    },
  };
}
