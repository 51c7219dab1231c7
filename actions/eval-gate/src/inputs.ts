/** The action's inputs, parsed and validated once (the same parser as `mlgate eval-gate`), and its services. */
import type { StepIO } from '@mlgate/action';
import { runContextFromEnv, type Logger } from '@mlgate/core';
import { parseEvalGateStepInputs, type EvalGateServices, type EvalGateStepInputs } from '@mlgate/eval';
import { baselineService } from '@mlgate/github/baseline';
import { shardService } from '@mlgate/github/shards';

export function getInputs(io: StepIO): EvalGateStepInputs {
  return parseEvalGateStepInputs(
    io.input,
    process.env.GITHUB_WORKSPACE || process.cwd(),
    runContextFromEnv(),
  );
}

/** The baseline store (baseline: auto | pinned:<name>, docs/baselines.md) and the matrix's shard artifacts. */
export function getServices(io: StepIO, inputs: EvalGateStepInputs, logger: Logger): EvalGateServices {
  const { sharding, workspace, context } = inputs;
  return {
    logger,
    echoInputs: true,
    baseline: baselineService(io.input, 'baseline', 'eval', logger),
    shards: shardService({ action: 'eval-gate', ...sharding, context, workspace, logger }),
  };
}
