/**
 * The environment of the user's commands (canary-deploy's command router and command metrics): a minimal one
 * (PATH, HOME, locale, temporary folders, the runner's non-secret facts) plus the variables the user lists and the
 * values mlgate passes. Never the runner's tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN,
 * GITHUB_TOKEN) or anything else of the step's environment unless listed.
 */

/** Always passed: what a program needs to start and find its tools, and nothing secret. */
export const MINIMAL_ENVIRONMENT = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'CI',
  'GITHUB_ACTIONS',
  'GITHUB_WORKSPACE',
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_RUN_ID',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TEMP',
] as const;

/** A variable name a user may list: letters, digits and "_", not starting with a digit. */
export const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function childEnvironment(
  listed: readonly string[] = [],
  values: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of [...MINIMAL_ENVIRONMENT, ...listed]) {
    const value = env[name];
    if (value !== undefined) result[name] = value;
  }
  return { ...result, ...values };
}
