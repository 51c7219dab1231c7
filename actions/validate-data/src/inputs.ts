/** The action's inputs, parsed and validated once (the same rules as `mlgate validate-data`). */
import { actionInput } from '@mlgate/action';
import { runContextFromEnv } from '@mlgate/core';
import { parseValidateDataInputs, type ValidateDataInputs } from '@mlgate/data';

export function getInputs(): ValidateDataInputs {
  return parseValidateDataInputs(
    actionInput,
    process.env.GITHUB_WORKSPACE || process.cwd(),
    runContextFromEnv(),
  );
}
