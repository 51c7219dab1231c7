/**
 * pr-eval-comment: inputs → the rendered comment, posted (@mlgate/github/pr-eval-comment) → outputs, job summary.
 * The job summary is published even when commenting failed, so a failure to comment never hides the verdict.
 */
import { actionsLogger, publish, runAction, runnerIO, type StepIO } from '@mlgate/action';
import { parsePrEvalCommentInputs, readEvent, runPrEvalCommentStep } from '@mlgate/github/pr-eval-comment';

export async function run(): Promise<void> {
  await runAction('pr-eval-comment', () => prEvalCommentStep(runnerIO));
}

/**
 * The whole step, inputs to outputs; the root action runs it with its own inputs and without the job summary
 * (its eval and data steps wrote theirs).
 */
export async function prEvalCommentStep(io: StepIO, { jobSummary = true } = {}): Promise<void> {
  const inputs = parsePrEvalCommentInputs(io.input);
  const result = await runPrEvalCommentStep(inputs, readEvent(), { logger: actionsLogger });
  await publish(result, { io, jobSummary });
}
