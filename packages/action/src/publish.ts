/**
 * The one publisher of every action: a step's result becomes outputs, annotations, the job summary, closing log
 * lines and a failed step when the fail-on rule says so. The CLI's twin is packages/cli/src/output.ts.
 */
import type { StepResult } from '@mlgate/core';
import { annotate } from './annotate.js';
import { info } from './logger.js';
import { appendJobSummary, setFailed } from './runner.js';
import { runnerIO, type StepIO } from './step.js';

export interface PublishOptions {
  /** Where outputs go (the root action collects its steps' outputs); default the runner's. */
  io?: StepIO;
  /** false: no job summary (the root action's comment step; its other steps wrote theirs). */
  jobSummary?: boolean;
}

/** Publishes a step's result: outputs, annotations, job summary, closing lines, then the verdict. */
export async function publish(result: StepResult, options: PublishOptions = {}): Promise<void> {
  const { io = runnerIO, jobSummary = true } = options;
  for (const [name, value] of Object.entries(result.outputs)) io.setOutput(name, value);
  for (const annotation of result.annotations) annotate(annotation);
  if (jobSummary && result.summary) await appendJobSummary(result.summary);
  for (const line of result.lines) info(line);
  if (result.verdict !== undefined) info(result.verdict);
  if (result.error !== undefined) throw result.error;
  if (result.failure !== undefined) setFailed(result.failure);
}
