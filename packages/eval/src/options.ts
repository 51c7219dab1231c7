/** eval-gate's inputs, parsed once for both the action (INPUT_*) and the CLI (--options): one set of rules. */
import {
  parseChoice,
  parseList,
  parseNumber,
  requireInput,
  type InputSource,
  type RunContext,
} from '@mlgate/core';
import { RESULTS_FORMATS, TASK_KINDS, type ResultsFormat, type TaskKind } from './types.js';
import { parseColumnMapping } from './importers/index.js';
import type { EvalGateOptions } from './run.js';

export type FailOn = 'error' | 'inconclusive' | 'never';
export const FAIL_ON: readonly FailOn[] = ['error', 'inconclusive', 'never'];

export interface EvalGateInputs extends EvalGateOptions {
  failOn: FailOn;
  reportPath: string;
  /** Also write the cases and gates as JUnit XML there. */
  junitPath?: string;
}

export const DEFAULT_REPORT_PATH = 'mlgate-reports/eval-report.json';

export function parseEvalGateInputs(
  input: InputSource,
  workspace: string,
  context: RunContext,
): EvalGateInputs {
  // A merge job (mode: merge) reads the shard jobs' results from their artifacts, not from `results`.
  const merging = input('mode').trim() === 'merge';
  const results = parseList(merging ? input('results') : requireInput('results', input('results')));
  const gates = input('gates').trim();
  const baseline = input('baseline').trim();
  const positiveLabel = input('positive-label').trim();
  const junitPath = input('junit-path').trim();
  const columns = parseColumnMapping(input('columns'));
  return {
    results,
    format: parseChoice<ResultsFormat | 'auto'>(
      'format',
      input('format'),
      ['auto', ...RESULTS_FORMATS],
      'auto',
    ),
    task: parseChoice<TaskKind | 'auto'>('task', input('task'), ['auto', ...TASK_KINDS], 'auto'),
    gates: gates || undefined,
    baseline: baseline || undefined,
    significance: parseNumber('significance', input('significance'), 0.05, {
      min: 0,
      max: 0.5,
      exclusiveMin: true,
      exclusiveMax: true,
    }),
    failOn: parseChoice('fail-on', input('fail-on'), FAIL_ON, 'error'),
    reportPath: input('report-path').trim() || DEFAULT_REPORT_PATH,
    ...(positiveLabel ? { positiveLabel } : {}),
    ...(junitPath ? { junitPath } : {}),
    ...(columns ? { columns } : {}),
    workspace,
    context,
  };
}
