/**
 * The root action's inputs, handed to each step under the step's own input names. The root action's defaults
 * (baseline: auto, reference-profile: auto) are what a blank repository needs: no stored baseline yet makes
 * baseline gates inconclusive, never an error.
 */
import { actionInput } from '@mlgate/action';
import { parseBoolean, parseChoice } from '@mlgate/core';

const FAIL_ON = ['error', 'inconclusive', 'never'] as const;
/** validate-data has no "inconclusive": its strict level is failing on warnings. */
const DATA_FAIL_ON = { error: 'error', inconclusive: 'warn', never: 'never' } as const;

/** The events whose pull request the comment goes to; on a push the step only gates and saves baselines. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

export interface RootInputs {
  /** validate-data's inputs; undefined without `data`. */
  data?: Record<string, string>;
  evalGate: Record<string, string>;
  /** pr-eval-comment's inputs without the reports (known once the steps ran); undefined when not commenting. */
  comment?: Record<string, string>;
}

export function getRootInputs(input = actionInput, event = process.env.GITHUB_EVENT_NAME ?? ''): RootInputs {
  const failOn = parseChoice('fail-on', input('fail-on'), FAIL_ON, 'error');
  const shared = {
    'github-token': input('github-token'),
    'baseline-store': input('baseline-store'),
    'save-baseline': input('save-baseline'),
  };
  const referenceProfile = input('reference-profile').trim();
  const data = input('data').trim()
    ? {
        ...shared,
        data: input('data'),
        contract: input('contract'),
        resource: input('resource'),
        'reference-profile': referenceProfile === 'none' ? '' : referenceProfile,
        'fail-on': DATA_FAIL_ON[failOn],
      }
    : undefined;
  const evalGate = {
    ...shared,
    results: input('results'),
    format: input('format'),
    task: input('task'),
    gates: input('gates'),
    baseline: input('baseline'),
    significance: input('significance'),
    columns: input('columns'),
    'positive-label': input('positive-label'),
    'junit-path': input('junit-path'),
    'fail-on': failOn,
  };
  const comment =
    parseBoolean('comment', input('comment'), true) && PULL_REQUEST_EVENTS.has(event)
      ? {
          'github-token': input('github-token'),
          'comment-key': input('comment-key'),
          'comment-id': input('comment-id'),
          'max-cases': input('max-cases'),
        }
      : undefined;
  return { data, evalGate, comment };
}
