/** lineage-tag's inputs, parsed and validated once. */
import { actionInput } from '@mlgate/action';
import { ConfigurationError, parseBoolean, parseList, parseNumber, requireInput } from '@mlgate/core';

export interface Inputs {
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
  token: string;
  manifestPath?: string;
  workspace: string;
}

/** Names and versions become git ref components and file names: keep them to safe characters. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function getInputs(): Inputs {
  const name = requireInput('name', actionInput('name'));
  if (!SAFE.test(name) || name.includes('..')) {
    throw new ConfigurationError(
      `Input "name" must be letters, digits, ".", "_" or "-" (it becomes the tag model/<name>/v<version>); got "${name}".`,
    );
  }
  const version = actionInput('version').trim().replace(/^v/, '');
  if (version && (!SAFE.test(version) || version.includes('..'))) {
    throw new ConfigurationError(
      `Input "version" must be letters, digits, ".", "_" or "-"; got "${version}".`,
    );
  }
  const retention = actionInput('retention-days').trim();
  return {
    model: parseList(requireInput('model', actionInput('model'))),
    name,
    data: parseList(actionInput('data')),
    params: parseList(actionInput('params')),
    evalReport: actionInput('eval-report').trim() || undefined,
    dataReports: parseList(actionInput('data-report')),
    version: version || undefined,
    tag: parseBoolean('tag', actionInput('tag'), true),
    upload: parseBoolean('upload', actionInput('upload'), true),
    retentionDays: retention ? parseNumber('retention-days', retention, 0, { min: 1, max: 90 }) : undefined,
    token: actionInput('github-token').trim(),
    manifestPath: actionInput('manifest-path').trim() || undefined,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
  };
}
