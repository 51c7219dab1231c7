/** SHA-256 digests of model and data files and directory trees, streamed so multi-GB weights never sit in memory. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, expandPaths, InputDataError } from '@mlgate/core';

export interface FileDigest {
  /** Lowercase hex. */
  sha256: string;
  size: number;
}

export interface TreeEntry extends FileDigest {
  /** POSIX path relative to the directory digested. */
  path: string;
}

export interface TreeDigest {
  /** Every regular file below the directory, sorted by the bytes of `path`. */
  files: TreeEntry[];
  /**
   * SHA-256 of the sha256sum-format listing (see `manifestText`); this is in-toto's `dirHash` algorithm,
   * i.e. `find . -type f | cut -c3- | LC_ALL=C sort | xargs sha256sum | sha256sum`.
   */
  sha256: string;
  size: number;
  /** Symbolic links found and not followed: the caller may want to warn about them. */
  skippedLinks: string[];
}

/** One model file as an in-toto subject: its workspace-relative POSIX name, digest and size. */
export interface Subject extends FileDigest {
  name: string;
}

/** 1 MiB reads: few syscalls on multi-GB files while memory stays constant (one buffer per open file). */
const READ_CHUNK = 1024 * 1024;
/** Files hashed at once in a tree: enough to keep a fast disk busy, bounded so memory stays a few MiB. */
const CONCURRENCY = 4;
/** Version-control metadata is not part of a model (a cloned Hugging Face repository has a large `.git`). */
const SKIPPED_DIRECTORIES = new Set(['.git']);

/** Streams a file through SHA-256. Errors name the file, since the caller's message is often just the path. */
export async function sha256File(file: string, displayName = file): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot read file: ${(error as Error).message}`;
    throw new InputDataError(message, { file: displayName });
  }
  return { sha256: hash.digest('hex'), size };
}

/** Orders paths by their UTF-8 bytes, as `LC_ALL=C sort` does: independent of locale and of JS's UTF-16 order. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The canonical listing that tree digests and model ids hash: one `sha256  name\n` line per file (sha256sum's text
 * format), sorted by name bytes. A name with a line break would make the listing ambiguous, so it is refused.
 */
export function manifestText(entries: readonly { name: string; sha256: string }[]): string {
  return [...entries]
    .sort((a, b) => compareBytes(a.name, b.name))
    .map((entry) => {
      if (/[\r\n]/.test(entry.name))
        throw new InputDataError('file names with line breaks cannot be recorded', { file: entry.name });
      return `${entry.sha256}  ${entry.name}\n`;
    })
    .join('');
}

const sha256Text = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Runs `fn` over items with at most `limit` in flight, keeping results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Relative POSIX paths of every regular file below `dir`; symlinks are listed apart and never followed. */
async function walk(dir: string): Promise<{ files: string[]; links: string[] }> {
  const files: string[] = [];
  const links: string[] = [];
  const visit = async (relative: string) => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      // Following links could leave the model directory or loop; the link target is not what was shipped.
      if (entry.isSymbolicLink()) links.push(child);
      else if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await visit(child);
      } else if (entry.isFile()) files.push(child);
      // Sockets, FIFOs and devices are not content.
    }
  };
  await visit('');
  return { files: files.sort(compareBytes), links: links.sort(compareBytes) };
}

/**
 * Digests every regular file below `dir` (dotfiles included; `.git` directories and symbolic links skipped) and
 * the tree as a whole.
 */
export async function digestTree(dir: string): Promise<TreeDigest> {
  const { files, links } = await walk(dir);
  const digests = await mapLimited(files, CONCURRENCY, (relative) =>
    sha256File(path.join(dir, ...relative.split('/')), relative),
  );
  const entries = files.map((relative, i) => ({ path: relative, ...digests[i] }));
  return {
    files: entries,
    sha256: sha256Text(manifestText(entries.map((entry) => ({ name: entry.path, sha256: entry.sha256 })))),
    size: entries.reduce((total, entry) => total + entry.size, 0),
    skippedLinks: links,
  };
}

/** A path as subject name: relative to the workspace with `/` separators; absolute when outside it. */
export function subjectName(file: string, workspace: string): string {
  const relative = path.relative(workspace, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    return file.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

export interface ResolveOptions {
  /** The input the patterns came from, for error messages. */
  inputName?: string;
  /** Skip paths that do not exist and globs that match nothing (verification reports those as missing). */
  allowMissing?: boolean;
}

/**
 * Expands files, directories and globs into subjects sorted by name; a directory (named or matched) becomes one
 * subject per file below it, named `dir/relative/path`. Every literal path must exist and every glob must match,
 * so a typo never produces a manifest of nothing.
 */
export async function resolveArtifacts(
  patterns: string[],
  workspace: string,
  options: ResolveOptions = {},
): Promise<Subject[]> {
  const inputName = options.inputName ?? 'model';
  if (patterns.length === 0 && !options.allowMissing)
    throw new ConfigurationError(`Input "${inputName}" names no files.`);
  const subjects = new Map<string, Subject>();
  const addPath = async (absolute: string, shown: string) => {
    // A path the user named explicitly is followed even if it is a link: they chose it.
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      if (options.allowMissing) return;
      throw new ConfigurationError(`Input "${inputName}": not found: ${shown}`);
    }
    if (info.isDirectory()) {
      const tree = await digestTree(absolute);
      if (tree.files.length === 0 && !options.allowMissing)
        throw new ConfigurationError(`Input "${inputName}": the directory ${shown} contains no files.`);
      const base = subjectName(absolute, workspace);
      for (const entry of tree.files) {
        const name = `${base}/${entry.path}`;
        subjects.set(name, { name, sha256: entry.sha256, size: entry.size });
      }
    } else if (info.isFile()) {
      const name = subjectName(absolute, workspace);
      if (!subjects.has(name)) subjects.set(name, { name, ...(await sha256File(absolute, shown)) });
    } else if (!options.allowMissing) {
      throw new ConfigurationError(`Input "${inputName}": not a file or directory: ${shown}`);
    }
  };
  for (const item of await expandPaths(patterns, inputName, workspace, {
    allowMissing: options.allowMissing,
  })) {
    await addPath(item.absolute, item.shown);
  }
  if (subjects.size === 0 && !options.allowMissing)
    throw new ConfigurationError(`Input "${inputName}" matches no files.`);
  return [...subjects.values()].sort((a, b) => compareBytes(a.name, b.name));
}

/**
 * The content address of a model: `sha256:` + SHA-256 of the sorted `sha256  name` listing of its files. The same
 * files under the same names give the same id in any order; renaming or changing a byte gives a new one.
 */
export function modelId(subjects: readonly { name: string; sha256: string }[]): string {
  const names = new Set<string>();
  for (const subject of subjects) {
    if (names.has(subject.name))
      throw new InputDataError(`the model lists "${subject.name}" twice`, { file: subject.name });
    names.add(subject.name);
  }
  return `sha256:${sha256Text(manifestText(subjects))}`;
}
