/** Finding the user's files from paths and globs, relative to the workspace. */
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ConfigurationError } from './errors.js';
import { checkPathPolicy } from './path-policy.js';
import { runnerSafe } from './runner-safe.js';

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
  workspace = process.cwd(),
  options: { allowMissing?: boolean } = {},
): Promise<NamedPath[]> {
  if (patterns.length === 0 && !options.allowMissing)
    throw new ConfigurationError(`Input "${inputName}" names no files.`);
  const found = new Map<string, NamedPath>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, {
        cwd: workspace,
        absolute: true,
        onlyFiles: false,
        dot: false,
        followSymbolicLinks: false,
        expandDirectories: false,
      });
      await refuseNamesGlobsSkip(pattern, matches, inputName, workspace);
      if (matches.length === 0 && !options.allowMissing) {
        throw new ConfigurationError(`Input "${inputName}": the pattern "${pattern}" matches no file.`);
      }
      for (const match of matches.map((item) => path.normalize(item)).sort()) {
        const info = await lstat(match);
        if (info.isSymbolicLink() || found.has(match)) continue;
        const shown = displayPath(match, workspace);
        checkPathPolicy(match, inputName, { workspace, shown });
        found.set(match, { absolute: match, shown, matched: true });
      }
    } else {
      const absolute = checkPathPolicy(pattern, inputName, { workspace, shown: pattern });
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
  workspace = process.cwd(),
): Promise<string[]> {
  const files: string[] = [];
  for (const item of await expandPaths(patterns, inputName, workspace)) {
    const info = await stat(item.absolute);
    if (info.isFile()) files.push(item.absolute);
    else if (!item.matched) throw new ConfigurationError(`Input "${inputName}": not a file: ${item.shown}`);
  }
  if (files.length === 0) throw new ConfigurationError(`Input "${inputName}" matches no files.`);
  return [...new Set(files)].sort();
}

/** A path as the user should see it: relative to the workspace when inside it. */
export function displayPath(file: string, workspace = process.cwd()): string {
  const relative = path.relative(workspace, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative.split(path.sep).join('/')
    : file;
}

/**
 * Glob matching never sees a file whose name starts with a line break ("*" does not match it), so such a file
 * would be left out of the data without a word: refused instead, in the pattern's folder and the matches' folders.
 */
async function refuseNamesGlobsSkip(
  pattern: string,
  matches: string[],
  inputName: string,
  workspace: string,
): Promise<void> {
  const segments = pattern.split('/');
  const fixed = segments.slice(
    0,
    segments.findIndex((segment) => isDynamicPattern(segment)),
  );
  const folders = new Set([
    path.resolve(workspace, fixed.join('/') || '.'),
    ...matches.map((match) => path.dirname(match)),
  ]);
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    const skipped = names.find((name) => /^[\r\n]/.test(name));
    if (skipped !== undefined)
      throw new ConfigurationError(
        `Input "${inputName}": the pattern "${runnerSafe(pattern)}" cannot match ${runnerSafe(displayPath(path.join(folder, skipped), workspace))}, whose name starts with a line break; rename it`,
      );
  }
}
