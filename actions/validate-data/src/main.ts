/** validate-data: inputs → the data's complete result (packages/data) → outputs, annotations, job summary, verdict. */
import { actionsLogger, publish, runAction, runnerIO, type StepIO } from '@mlgate/action';
import { runValidateDataStep } from '@mlgate/data';
import { getInputs, getServices } from './inputs.js';

export async function run(): Promise<void> {
  await runAction('validate-data', () => validateDataStep(runnerIO));
}

/** The whole step, inputs to outputs; the root action runs it with its own inputs. */
export async function validateDataStep(io: StepIO): Promise<void> {
  const inputs = getInputs(io);
  await publish(await runValidateDataStep(inputs, getServices(io, inputs, actionsLogger)), { io });
}
