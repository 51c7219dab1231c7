/** The action's inputs, parsed and validated once (the same rules as `mlgate eval-gate`). */
import { actionInput } from '@mlgate/action';
import { runContextFromEnv } from '@mlgate/core';
import { parseEvalGateInputs, type EvalGateInputs } from '@mlgate/eval';

export function getInputs(): EvalGateInputs {
  return parseEvalGateInputs(actionInput, process.env.GITHUB_WORKSPACE || process.cwd(), runContextFromEnv());
}
