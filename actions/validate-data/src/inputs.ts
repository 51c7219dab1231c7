/** The action's inputs, parsed and validated once (the same rules as `mlgate validate-data`). */
import { actionInput } from '@mlgate/action';
import { runContextFromEnv } from '@mlgate/core';
import { parseValidateDataInputs, type ValidateDataInputs } from '@mlgate/data';
import { parseBaselineInputs, type BaselineInputs } from '@mlgate/github/baseline';
import { parseShardInputs, type ShardInputs } from '@mlgate/github/shards';

export function getInputs(): ValidateDataInputs {
  return parseValidateDataInputs(
    actionInput,
    process.env.GITHUB_WORKSPACE || process.cwd(),
    runContextFromEnv(),
  );
}

/** mode, shard, expected-shards and shard-name: how this step takes part in a job matrix. */
export function getShardInputs(): ShardInputs {
  return parseShardInputs(actionInput, 'data-shard');
}

/** reference-profile (auto, pinned:<name>), baseline-store, baseline-name, save-baseline, bless…: see docs/baselines.md. */
export function getBaselineInputs(): BaselineInputs {
  return parseBaselineInputs(actionInput, 'reference-profile', 'data');
}
