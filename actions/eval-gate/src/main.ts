/** eval-gate: inputs → the gate's complete result (packages/eval) → outputs, annotations, job summary, verdict. */
import { actionsLogger, publish, runAction, runnerIO, type StepIO } from '@mlgate/action';
import { runEvalGateStep } from '@mlgate/eval';
import { getInputs, getServices } from './inputs.js';

export async function run(): Promise<void> {
  await runAction('eval-gate', () => evalGateStep(runnerIO));
}

/** The whole step, inputs to outputs; the root action runs it with its own inputs. */
export async function evalGateStep(io: StepIO): Promise<void> {
  const inputs = getInputs(io);
  await publish(await runEvalGateStep(inputs, getServices(io, inputs, actionsLogger)), { io });
}
