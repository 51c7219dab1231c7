/** lineage-tag's inputs, parsed and validated once: the action's inputs and `mlgate lineage tag`'s options. */
import {
  ConfigurationError,
  parseBoolean,
  parseList,
  parseNumber,
  requireInput,
  type InputSource,
} from '@mlgate/core';

export interface LineageTagInputs {
  model: string[];
  name: string;
  data: string[];
  params: string[];
  evalReport?: string;
  dataReports: string[];
  version?: string;
  tag: boolean;
  upload: boolean;
  retentionDays?: number;
  /** For the tag API calls; read by whoever builds the tag store, not by runLineageTag. */
  token: string;
  manifestPath?: string;
  workspace: string;
}

/** Names and versions become git ref components and file names: keep them to safe characters. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function parseLineageTagInputs(input: InputSource, workspace: string): LineageTagInputs {
  const name = requireInput('name', input('name'));
  if (!SAFE.test(name) || name.includes('..')) {
    throw new ConfigurationError(
      `Input "name" must be letters, digits, ".", "_" or "-" (it becomes the tag model/<name>/v<version>); got "${name}".`,
    );
  }
  const version = input('version').trim().replace(/^v/, '');
  if (version && (!SAFE.test(version) || version.includes('..'))) {
    throw new ConfigurationError(
      `Input "version" must be letters, digits, ".", "_" or "-"; got "${version}".`,
    );
  }
  const retention = input('retention-days').trim();
  return {
    model: parseList(requireInput('model', input('model'))),
    name,
    data: parseList(input('data')),
    params: parseList(input('params')),
    evalReport: input('eval-report').trim() || undefined,
    dataReports: parseList(input('data-report')),
    version: version || undefined,
    tag: parseBoolean('tag', input('tag'), true),
    upload: parseBoolean('upload', input('upload'), true),
    retentionDays: retention ? parseNumber('retention-days', retention, 0, { min: 1, max: 90 }) : undefined,
    token: input('github-token').trim(),
    manifestPath: input('manifest-path').trim() || undefined,
    workspace,
  };
}
