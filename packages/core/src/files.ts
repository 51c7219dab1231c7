/** Finding the user's files from paths and globs, relative to the workspace. */
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ConfigurationError } from './errors.js';
import { checkPathPolicy } from './path-policy.js';

/** A path the user's patterns named: absolute, and as they wrote it (for messages). */
export interface NamedPath {
  absolute: string;
  shown: string;
  /** Matched by a glob rather than written literally. */
  matched: boolean;
}

/**
 * Expands paths and globs into existing files and directories, in order, de-duplicated. Every literal path must
 * exist and every glob must match, so a typo never turns into "nothing to check" — unless `allowMissing`.
 * Globs skip dotfiles and never follow symbolic links.
 */
export async function expandPaths(
  patterns: string[],
  inputName: string,
  cwd = process.cwd(),
  options: { allowMissing?: boolean } = {},
): Promise<NamedPath[]> {
  if (patterns.length === 0 && !options.allowMissing)
    throw new ConfigurationError(`Input "${inputName}" names no files.`);
  const found = new Map<string, NamedPath>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, {
        cwd,
        absolute: true,
        onlyFiles: false,
        dot: false,
        followSymbolicLinks: false,
        expandDirectories: false,
      });
      if (matches.length === 0 && !options.allowMissing) {
        throw new ConfigurationError(`Input "${inputName}": the pattern "${pattern}" matches no file.`);
      }
      for (const match of matches.map((item) => path.normalize(item)).sort()) {
        const info = await lstat(match);
        if (info.isSymbolicLink() || found.has(match)) continue;
        const shown = displayPath(match, cwd);
        checkPathPolicy(match, inputName, { workspace: cwd, shown });
        found.set(match, { absolute: match, shown, matched: true });
      }
    } else {
      const absolute = checkPathPolicy(pattern, inputName, { workspace: cwd, shown: pattern });
      if (!(await stat(absolute).catch(() => undefined))) {
        if (options.allowMissing) continue;
        throw new ConfigurationError(`Input "${inputName}": file not found: ${pattern}`);
      }
      if (!found.has(absolute)) found.set(absolute, { absolute, shown: pattern, matched: false });
    }
  }
  return [...found.values()];
}

/** Expands paths and globs into a sorted, de-duplicated list of existing files (directories a glob matched are skipped). */
export async function resolveFiles(
  patterns: string[],
  inputName: string,
  cwd = process.cwd(),
): Promise<string[]> {
  const files: string[] = [];
  for (const item of await expandPaths(patterns, inputName, cwd)) {
    const info = await stat(item.absolute);
    if (info.isFile()) files.push(item.absolute);
    else if (!item.matched) throw new ConfigurationError(`Input "${inputName}": not a file: ${item.shown}`);
  }
  if (files.length === 0) throw new ConfigurationError(`Input "${inputName}" matches no files.`);
  return [...new Set(files)].sort();
}

/** A path as the user should see it: relative to the workspace when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative.split(path.sep).join('/')
    : file;
}
