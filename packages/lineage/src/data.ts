/**
 * Turns the action's `data` and `params` inputs into manifest entries: DVC records become in-toto ResourceDescriptors
 * carrying DVC's own hashes, plain files and directories are digested here.
 */
import { readFile, stat } from 'node:fs/promises';
import { ConfigurationError, expandPaths, InputDataError, resolveFiles } from '@mlgate/core';
import { LineCounter, parseDocument } from 'yaml';
import { compareBytes, digestTree, sha256File, subjectName } from './digest.js';
import { isDvcFile, readDvcFile, type DvcDataEntry, type DvcFile } from './dvc.js';
import type { DigestSet, NamedDigest, ParamsInfo, ResourceDescriptor } from './statement.js';

/** The digest of a DVC entry under an honest algorithm name (a DVC 2 md5 is not an md5 of the bytes). */
function dvcDigest(entry: DvcDataEntry): DigestSet {
  const value = entry.md5.replace(/\.dir$/, '');
  if (entry.isDirectory) return { dvcDirMd5: value };
  return entry.hashKind === 'md5' ? { md5: value } : { 'md5-dos2unix': value };
}

/**
 * One descriptor per distinct (path, hash) in a DVC file: an output of one stage is usually a dependency of the next,
 * and listing it twice would only add noise; the `dvc.stages` annotation keeps every role.
 */
export function dvcDescriptors(file: DvcFile): ResourceDescriptor[] {
  const groups = new Map<string, DvcDataEntry[]>();
  for (const entry of file.entries) {
    const key = `${entry.workspacePath}\u0000${entry.md5}\u0000${entry.hashKind}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    return {
      name: first.workspacePath,
      digest: dvcDigest(first),
      annotations: {
        dvc: {
          file: file.file,
          path: first.path,
          md5: first.md5,
          hashKind: first.hashKind,
          dvcVersion: first.dvcVersion,
          isDirectory: first.isDirectory,
          ...(first.size === undefined ? {} : { size: first.size }),
          ...(first.nfiles === undefined ? {} : { nfiles: first.nfiles }),
          ...(file.kind === 'lock'
            ? { stages: group.map((entry) => ({ stage: entry.stage, kind: entry.kind })) }
            : { kind: first.kind }),
        },
      },
    };
  });
}

export interface ResolvedData {
  /** Sorted by name; DVC files themselves are included with their sha256, so the record cannot be swapped. */
  descriptors: ResourceDescriptor[];
  /** The parsed DVC files, with the `params` their stages recorded. */
  dvcFiles: DvcFile[];
}

/**
 * Resolves data paths, directories, globs and DVC files (`dvc.lock`, `*.dvc`). A file gets a sha256, a directory an
 * in-toto `dirHash` (one descriptor, however many files), a DVC file its entries with DVC's hashes.
 */
export async function resolveData(patterns: string[], workspace: string): Promise<ResolvedData> {
  // `data` is optional: a model trained on data outside the repository records none (a named path must exist).
  if (patterns.length === 0) return { descriptors: [], dvcFiles: [] };
  const descriptors: ResourceDescriptor[] = [];
  const dvcFiles: DvcFile[] = [];
  const seen = new Set<string>();
  const add = async (absolute: string, shown: string) => {
    const name = subjectName(absolute, workspace);
    if (seen.has(name)) return;
    seen.add(name);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new ConfigurationError(`Input "data": not found: ${shown}`);
    if (info.isDirectory()) {
      const tree = await digestTree(absolute);
      descriptors.push({
        name,
        digest: { dirHash: tree.sha256 },
        annotations: { files: tree.files.length, size: tree.size },
      });
      return;
    }
    const digest = await sha256File(absolute, shown);
    if (isDvcFile(absolute)) {
      const dvc = await readDvcFile(absolute, name);
      dvcFiles.push(dvc);
      descriptors.push({
        name,
        digest: { sha256: digest.sha256 },
        mediaType: 'application/yaml',
        annotations: { dvc: { record: dvc.kind, entries: dvc.entries.length } },
      });
      descriptors.push(...dvcDescriptors(dvc));
      return;
    }
    descriptors.push({ name, digest: { sha256: digest.sha256 }, annotations: { size: digest.size } });
  };
  for (const item of await expandPaths(patterns, 'data', workspace)) await add(item.absolute, item.shown);
  // Stable order: DVC entries of different files interleave by name, so equal inputs give equal manifests.
  descriptors.sort((a, b) => compareBytes(a.name ?? '', b.name ?? ''));
  return { descriptors, dvcFiles };
}

/** Parses YAML or JSON text (JSON is YAML), naming the line of a syntax error. */
function parseStructured(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const position = lineCounter.linePos(first.pos[0]);
    throw new InputDataError(`invalid YAML/JSON: ${first.message.split('\n')[0]}`, {
      file,
      line: position.line,
      column: position.col,
    });
  }
  try {
    return document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    throw new InputDataError(`invalid YAML/JSON: ${(error as Error).message}`, { file });
  }
}

/** Reads params files (params.yaml, config.json …): their parsed values and digests. */
export async function readParams(patterns: string[], workspace: string): Promise<ParamsInfo> {
  if (patterns.length === 0) return { values: {}, files: [] };
  const files = await resolveFiles(patterns, 'params', workspace);
  const values: Record<string, unknown> = {};
  const digests: NamedDigest[] = [];
  for (const file of files) {
    const name = subjectName(file, workspace);
    const text = await readFile(file, 'utf8');
    values[name] = parseStructured(text, name) ?? null;
    digests.push({ name, sha256: (await sha256File(file, name)).sha256 });
  }
  return { values, files: digests };
}

/** Digests of files named by paths or globs (dependency lock files for the environment). */
export async function digestFiles(
  patterns: string[],
  workspace: string,
  inputName: string,
): Promise<NamedDigest[]> {
  if (patterns.length === 0) return [];
  const files = await resolveFiles(patterns, inputName, workspace);
  const result: NamedDigest[] = [];
  for (const file of files) {
    const name = subjectName(file, workspace);
    result.push({ name, sha256: (await sha256File(file, name)).sha256 });
  }
  return result.sort((a, b) => compareBytes(a.name, b.name));
}
