/**
 * Where the actions may read and write: inside the workspace and RUNNER_TEMP, and in the folders listed in
 * MLGATE_ALLOWED_PATHS (separated by ":" or newlines). Paths are compared after following symbolic links, so a
 * link in the workspace cannot lead out of it. Enforced when running under GitHub Actions (GITHUB_ACTIONS=true);
 * a local CLI run reads and writes where its user says.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from './errors.js';

/** The variable that lists folders outside the workspace the actions may use. */
export const ALLOWED_PATHS_VARIABLE = 'MLGATE_ALLOWED_PATHS';

/** The folders a run may use, resolved through symbolic links; undefined when the policy does not apply. */
export function allowedRoots(workspace: string, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (env.GITHUB_ACTIONS !== 'true') return undefined;
  const listed = (env[ALLOWED_PATHS_VARIABLE] ?? '')
    .split(/[\n:]/)
    .map((item) => item.trim())
    .filter(Boolean);
  const roots = [env.GITHUB_WORKSPACE || workspace, env.RUNNER_TEMP, ...listed].filter(
    (root): root is string => Boolean(root),
  );
  return roots.map((root) => physical(path.resolve(workspace, root)));
}

/** The path with every symbolic link of its existing part followed; the part that does not exist yet kept. */
function physical(file: string): string {
  const rest: string[] = [];
  let current = file;
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw error;
      const parent = path.dirname(current);
      if (parent === current) return file;
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

const inside = (file: string, root: string) => {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * Checks a path the user named (to read or to write) against the policy and returns it. A symbolic link loop, and a
 * path (or the target of a link) outside the allowed folders, are ConfigurationErrors naming the input.
 */
export function checkPathPolicy(
  file: string,
  input: string,
  options: { workspace?: string; shown?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  const workspace = options.workspace ?? process.cwd();
  const shown = options.shown ?? file;
  const absolute = path.resolve(workspace, file);
  let target: string;
  try {
    target = physical(absolute);
  } catch {
    throw new ConfigurationError(`Input "${input}": ${shown} is a symbolic link loop (ELOOP)`);
  }
  const roots = allowedRoots(workspace, options.env);
  if (!roots || roots.some((root) => inside(target, root))) return absolute;
  const link = target !== absolute ? ` is a symbolic link to ${target}, which is` : ' is';
  throw new ConfigurationError(
    `Input "${input}": ${shown}${link} outside the workspace and RUNNER_TEMP; list its folder in ${ALLOWED_PATHS_VARIABLE} to allow it`,
  );
}
