/**
 * The one-step action (the repository root's action.yml): validate-data when data is given, eval-gate against
 * the stored baseline, pr-eval-comment on pull requests — the same code as the three actions, in one process.
 * A failed data check does not stop the gate or the comment: the pull request that most needs an explanation
 * gets one. The step fails at the end if any part did.
 */
import { actionsLogger, nestedIO, publish, runAction } from '@mlgate/action';
import { evalGateStep } from '../../eval-gate/src/main.js';
import { prEvalCommentStep } from '../../pr-eval-comment/src/main.js';
import { validateDataStep } from '../../validate-data/src/main.js';
import { getRootInputs, type RootInputs } from './inputs.js';

export async function run(): Promise<void> {
  let inputs: RootInputs | undefined;
  await runAction('one-step action', () => {
    inputs = getRootInputs();
    return Promise.resolve();
  });
  if (!inputs) return;

  const data = inputs.data ? nestedIO(inputs.data) : undefined;
  if (data) await actionsLogger.group('Data', () => runAction('validate-data', () => validateDataStep(data)));

  const gate = nestedIO(inputs.evalGate);
  await actionsLogger.group('Evaluation', () => runAction('eval-gate', () => evalGateStep(gate)));

  // Without an eval report (the gate stopped early) the data report still gets its comment.
  const comment =
    inputs.comment && (gate.outputs.report || data?.outputs.report)
      ? nestedIO({
          ...inputs.comment,
          report: gate.outputs.report ?? '',
          'data-report': data?.outputs.report,
        })
      : undefined;
  if (comment)
    await actionsLogger.group('Pull-request comment', () =>
      runAction('pr-eval-comment', () => prEvalCommentStep(comment, { jobSummary: false })),
    );

  await publishOutputs(gate.outputs, data?.outputs, comment?.outputs);
}

/** The eval gate's outputs as they are, the data step's under data-*, and one `passed` for both. */
async function publishOutputs(
  gate: Record<string, string>,
  data: Record<string, string> | undefined,
  comment: Record<string, string> | undefined,
): Promise<void> {
  const passed = gate.passed === 'true' && (data === undefined || data.passed === 'true');
  const outputs: Record<string, string> = { passed: String(passed) };
  for (const name of ['outcome', 'report', 'metrics', 'summary', 'junit']) outputs[name] = gate[name] ?? '';
  outputs['data-report'] = data?.report ?? '';
  outputs['data-outcome'] = data?.outcome ?? '';
  outputs['drifted-columns'] = data?.['drifted-columns'] ?? '';
  outputs['comment-url'] = comment?.['comment-url'] ?? '';
  // Each step published its own summary, annotations and verdict; the root step adds only its outputs.
  await publish({ outputs, annotations: [], lines: [] });
}
