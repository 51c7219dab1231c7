/** The action's inputs, parsed and validated once (the same rules as `mlgate eval-gate`). */
import type { StepIO } from '@mlgate/action';
import { ConfigurationError, runContextFromEnv } from '@mlgate/core';
import { parseEvalGateInputs, type EvalGateInputs } from '@mlgate/eval';
import { parseBaselineInputs, type BaselineInputs } from '@mlgate/github/baseline';
import { parseShardInputs, type ShardInputs } from '@mlgate/github/shards';

export function getInputs(io: StepIO): EvalGateInputs {
  return parseEvalGateInputs(io.input, process.env.GITHUB_WORKSPACE || process.cwd(), runContextFromEnv());
}

/** mode, shard, expected-shards and shard-name: how this step takes part in a job matrix. */
export function getShardInputs(io: StepIO, inputs: EvalGateInputs): ShardInputs {
  const sharding = parseShardInputs(io.input, 'eval-shard');
  if (sharding.mode === 'merge' && inputs.results.length > 0)
    throw new ConfigurationError(
      'Input "results" is not used with mode: merge: the merge job reads the results every shard job uploaded. To merge files you already have, list them all in results with mode: single.',
    );
  return sharding;
}

/** baseline (auto, pinned:<name>), baseline-store, baseline-name, save-baseline, bless…: see docs/baselines.md. */
export function getBaselineInputs(io: StepIO): BaselineInputs {
  return parseBaselineInputs(io.input, 'baseline', 'eval');
}
