/** Finding the user's files from paths and globs, relative to the workspace. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ConfigurationError } from './errors.js';

/**
 * Expands paths and globs into a sorted, de-duplicated list of existing files.
 * Every literal path must exist and every glob must match, so a typo never turns into "nothing to check".
 */
export async function resolveFiles(
  patterns: string[],
  inputName: string,
  cwd = process.cwd(),
): Promise<string[]> {
  if (patterns.length === 0) throw new ConfigurationError(`Input "${inputName}" names no files.`);
  const found = new Set<string>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, {
        cwd,
        absolute: true,
        onlyFiles: true,
        dot: false,
        expandDirectories: false,
      });
      if (matches.length === 0) {
        throw new ConfigurationError(`Input "${inputName}": the pattern "${pattern}" matches no file.`);
      }
      for (const match of matches) found.add(path.normalize(match));
    } else {
      const file = path.resolve(cwd, pattern);
      const info = await stat(file).catch(() => undefined);
      if (!info) throw new ConfigurationError(`Input "${inputName}": file not found: ${pattern}`);
      if (!info.isFile()) throw new ConfigurationError(`Input "${inputName}": not a file: ${pattern}`);
      found.add(file);
    }
  }
  return [...found].sort();
}

/** A path as the user should see it: relative to the workspace when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative.split(path.sep).join('/')
    : file;
}
