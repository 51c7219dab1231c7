/**
 * Where a step's inputs come from and its outputs go. A standalone action reads INPUT_* and writes
 * GITHUB_OUTPUT; the one-step root action runs several steps in one process, giving each its inputs
 * under the step's own names and collecting their outputs to publish its own.
 */
import { actionInput } from './run.js';
import { setOutput } from './runner.js';

export interface StepIO {
  /** The input by the step's own name ('' when unset), trimmed. */
  input: (name: string) => string;
  setOutput: (name: string, value: string) => void;
}

/** The runner's inputs and outputs: what a standalone action uses. */
export const runnerIO: StepIO = {
  input: actionInput,
  setOutput,
};

/** A step inside another action: inputs from a table (missing names read ''), outputs collected. */
export function nestedIO(inputs: Record<string, string | undefined>): StepIO & {
  outputs: Record<string, string>;
} {
  const outputs: Record<string, string> = {};
  return {
    input: (name) => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    outputs,
  };
}
