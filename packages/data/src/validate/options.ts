/** validate-data's inputs, parsed once for both the action (INPUT_*) and the CLI (--options). */
import {
  ConfigurationError,
  parseChoice,
  parseList,
  parseNumber,
  type InputSource,
  type RunContext,
} from '@mlgate/core';
import { DATA_FORMATS } from '../readers/format.js';
import type { DataFormat } from '../readers/types.js';
import type { ValidateDataOptions } from './run.js';

export type DataFailOn = 'error' | 'warn' | 'never';
export const DATA_FAIL_ON: readonly DataFailOn[] = ['error', 'warn', 'never'];
export const DEFAULT_DATA_REPORT_PATH = 'mlgate-reports/data-report.json';
/** GitHub shows 10 error and 10 warning annotations per step: more would be written and never seen. */
export const DEFAULT_MAX_ANNOTATIONS = 10;

export interface ValidateDataInputs extends ValidateDataOptions {
  failOn: DataFailOn;
  maxAnnotations: number;
  reportPath: string;
  profilePath?: string;
}

export function parseValidateDataInputs(
  input: InputSource,
  workspace: string,
  context: RunContext,
): ValidateDataInputs {
  const data = parseList(input('data'));
  // A merge job (mode: merge) reads the shard jobs' profiles and reports, from artifacts or listed in `data`.
  if (data.length === 0 && input('mode').trim() !== 'merge')
    throw new ConfigurationError('Input "data" is required: the files (paths or globs) to validate.');
  const referenceProfile = input('reference-profile').trim() || undefined;
  const referenceData = parseList(input('reference-data'));
  if (referenceProfile && referenceData.length)
    throw new ConfigurationError(
      'Inputs "reference-profile" and "reference-data" exclude each other: give one reference.',
    );
  return {
    data,
    format: parseChoice<DataFormat | 'auto'>('format', input('format'), ['auto', ...DATA_FORMATS], 'auto'),
    contract: input('contract').trim() || undefined,
    resource: input('resource').trim() || undefined,
    referenceProfile,
    referenceData: referenceData.length ? referenceData : undefined,
    profilePath: input('profile-path').trim() || undefined,
    failOn: parseChoice('fail-on', input('fail-on'), DATA_FAIL_ON, 'error'),
    maxAnnotations: Math.floor(
      parseNumber('max-annotations', input('max-annotations'), DEFAULT_MAX_ANNOTATIONS, { min: 0 }),
    ),
    reportPath: input('report-path').trim() || DEFAULT_DATA_REPORT_PATH,
    workspace,
    context,
  };
}
