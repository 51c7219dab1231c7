/**
 * The GitHub workflow `mlgate init` writes: the one-step mlgate action on pull requests (gate and comment) and on
 * pushes to the default branch (which save the baselines that pull requests compare with).
 */
import { Document, isMap, isSeq, type YAMLMap } from 'yaml';

export const ACTION_REF = 'OWNER/mlgate@v1';
export const ACTION_DOCS = 'https://github.com/OWNER/mlgate#readme';

export interface WorkflowSpec {
  /** The branch whose pushes save baselines. */
  defaultBranch: string;
  /** Paths as the action reads them, relative to the repository root. */
  results: string;
  gates: string;
  data?: string;
  contract?: string;
  /** Given only when not `auto`: the action's own default. */
  format?: string;
  task?: string;
  /** The user's command that writes the results in CI; without it the committed results are read. */
  evalCommand?: string;
}

/** The `with:` of the mlgate step: inputs of the root action.yml only. */
export function actionInputs(spec: WorkflowSpec): Record<string, string> {
  return {
    results: spec.results,
    gates: spec.gates,
    ...(spec.format ? { format: spec.format } : {}),
    ...(spec.task ? { task: spec.task } : {}),
    ...(spec.data ? { data: spec.data } : {}),
    ...(spec.contract ? { contract: spec.contract } : {}),
  };
}

export function renderWorkflow(spec: WorkflowSpec): string {
  const steps: Record<string, unknown>[] = [{ uses: 'actions/checkout@v4' }];
  if (spec.evalCommand !== undefined) steps.push({ name: 'Evaluate', run: spec.evalCommand });
  steps.push({ name: 'mlgate', id: 'mlgate', uses: ACTION_REF, with: actionInputs(spec) });
  const doc = new Document({
    name: 'mlgate',
    on: { pull_request: null, push: { branches: [spec.defaultBranch] } },
    permissions: { contents: 'read' },
    jobs: {
      mlgate: {
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', 'pull-requests': 'write' },
        steps,
      },
    },
  });
  doc.commentBefore = [
    ` Written by \`mlgate init\`. On a pull request: ${spec.data ? 'validates the data, ' : ''}gates the evaluation results against`,
    ` the baseline of the default branch and comments on the pull request. On a push to ${spec.defaultBranch}: saves the`,
    ` baselines that pull requests compare with. Inputs and outputs: ${ACTION_DOCS}`,
  ].join('\n');
  const root = doc.contents as YAMLMap;
  const branches = root.getIn(['on', 'push', 'branches'], true);
  if (isSeq(branches)) branches.flow = true;
  const job = root.getIn(['jobs', 'mlgate'], true);
  if (isMap(job)) {
    const permissions = job.get('permissions', true);
    if (isMap(permissions))
      permissions.commentBefore = ' contents: read for the merge base; pull-requests: write for the comment';
  }
  const stepNodes = root.getIn(['jobs', 'mlgate', 'steps'], true);
  if (isSeq(stepNodes)) {
    const evaluate = spec.evalCommand !== undefined ? stepNodes.items[1] : undefined;
    if (isMap(evaluate))
      evaluate.commentBefore = ` Set up what your evaluation needs first (e.g. actions/setup-python); it writes ${spec.results}.`;
    const gate = stepNodes.items[stepNodes.items.length - 1];
    if (isMap(gate) && spec.evalCommand === undefined)
      gate.commentBefore = [
        ` ${spec.results} is read as committed. To evaluate in CI instead, run your evaluation here, e.g.`,
        ` - run: python evaluate.py --out ${spec.results}`,
      ].join('\n');
  }
  return doc.toString({ lineWidth: 0, nullStr: '', flowCollectionPadding: false });
}
