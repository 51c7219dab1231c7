/** The action's inputs, parsed and validated once (the same rules as `mlgate validate-data`). */
import type { StepIO } from '@mlgate/action';
import { runContextFromEnv } from '@mlgate/core';
import { parseValidateDataInputs, type ValidateDataInputs } from '@mlgate/data';
import { parseBaselineInputs, type BaselineInputs } from '@mlgate/github/baseline';
import { parseShardInputs, type ShardInputs } from '@mlgate/github/shards';

export function getInputs(io: StepIO): ValidateDataInputs {
  return parseValidateDataInputs(
    io.input,
    process.env.GITHUB_WORKSPACE || process.cwd(),
    runContextFromEnv(),
  );
}

/** mode, shard, expected-shards and shard-name: how this step takes part in a job matrix. */
export function getShardInputs(io: StepIO): ShardInputs {
  return parseShardInputs(io.input, 'data-shard');
}

/** reference-profile (auto, pinned:<name>), baseline-store, baseline-name, save-baseline, bless…: see docs/baselines.md. */
export function getBaselineInputs(io: StepIO): BaselineInputs {
  return parseBaselineInputs(io.input, 'reference-profile', 'data');
}
