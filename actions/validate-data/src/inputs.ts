/** The action's inputs, parsed and validated once (the same parser as `mlgate validate-data`), and its services. */
import type { StepIO } from '@mlgate/action';
import { runContextFromEnv, type Logger } from '@mlgate/core';
import {
  parseValidateDataStepInputs,
  type ValidateDataServices,
  type ValidateDataStepInputs,
} from '@mlgate/data';
import { baselineService } from '@mlgate/github/baseline';
import { shardService } from '@mlgate/github/shards';

export function getInputs(io: StepIO): ValidateDataStepInputs {
  return parseValidateDataStepInputs(
    io.input,
    process.env.GITHUB_WORKSPACE || process.cwd(),
    runContextFromEnv(),
  );
}

/** The baseline store (reference-profile: auto | pinned:<name>, docs/baselines.md) and the matrix's shard artifacts. */
export function getServices(
  io: StepIO,
  inputs: ValidateDataStepInputs,
  logger: Logger,
): ValidateDataServices {
  const { sharding, workspace, context = {} } = inputs;
  return {
    logger,
    echoInputs: true,
    baseline: baselineService(io.input, 'reference-profile', 'data', logger),
    shards: shardService({ action: 'validate-data', ...sharding, context, workspace, logger }),
  };
}
