/**
 * Reads DVC's own records of data versions (`dvc.lock` and `.dvc` files) so lineage can cite the exact data a model
 * was trained on without downloading it. Every problem names the file, line and field.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputDataError } from '@mlgate/core';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';

/**
 * How DVC computed `md5`. DVC 3 marks its entries with `hash: md5` and hashes the bytes as they are; entries without
 * the marker come from DVC 2, which hashed text files after converting CRLF to LF (DVC calls this `md5-dos2unix`),
 * so such a value may differ from `md5sum` of the file. Both versions write `schema: '2.0'` in `dvc.lock`, so the
 * per-entry marker is the only reliable signal (a DVC 3 lock can still hold untouched DVC 2 entries).
 */
export type DvcHashKind = 'md5' | 'md5-dos2unix';

export interface DvcDataEntry {
  /** Path as written in the DVC file (relative to the DVC file's directory and `wdir`). */
  path: string;
  /** The same path relative to the workspace (POSIX), for matching and display; URLs are kept as they are. */
  workspacePath: string;
  /** Stage name in `dvc.lock`; absent for `.dvc` files. */
  stage?: string;
  kind: 'dep' | 'out';
  /** As written: 32 hex digits, plus `.dir` for directories. */
  md5: string;
  size?: number;
  nfiles?: number;
  /** The md5 is of DVC's `.dir` listing object, not of any file's bytes. */
  isDirectory: boolean;
  hashKind: DvcHashKind;
  dvcVersion: 2 | 3;
  /** 1-based line of the entry in the DVC file. */
  line: number;
}

export interface DvcParams {
  stage: string;
  /** The params file named in the lock (e.g. `params.yaml`). */
  file: string;
  /** The tracked keys (often dotted, e.g. `train.lr`) and the values DVC recorded. */
  values: Record<string, unknown>;
}

export interface DvcFile {
  /** The DVC file as the user named it. */
  file: string;
  kind: 'lock' | 'dvc';
  /** `schema` of a `dvc.lock`. */
  schema?: string;
  entries: DvcDataEntry[];
  params: DvcParams[];
}

const MD5 = /^[0-9a-f]{32}(\.dir)?$/;

/** True for names DVC writes its data records to: `dvc.lock` (any directory) and `*.dvc`. */
export function isDvcFile(file: string): boolean {
  const base = path.basename(file);
  return base === 'dvc.lock' || (base.endsWith('.dvc') && base !== '.dvc');
}

/** Reads and parses a DVC file; `displayName` is the workspace-relative name used for paths and messages. */
export async function readDvcFile(file: string, displayName = file): Promise<DvcFile> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputDataError(
      error.code === 'ENOENT' ? 'DVC file not found' : `cannot read DVC file: ${error.message}`,
      { file: displayName },
    );
  });
  return parseDvcText(text, displayName);
}

/** A key's pair in a YAML mapping: the key node (for its line) and the value. */
function getPair(map: YAMLMap, key: string): { key: YamlNode; value: YamlNode | null } | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return pair ? { key: pair.key as YamlNode, value: pair.value as YamlNode | null } : undefined;
}

/** One DVC file being read: where a node is, how to fail there naming file, line and field, and where paths point. */
interface DvcReading {
  lineOf: (node: unknown) => number | undefined;
  fail: (message: string, node: unknown, field?: string) => never;
  /** A path written in the DVC file, relative to the workspace (URLs and absolute paths as written). */
  toWorkspace: (written: string, wdir?: string) => string;
  entries: DvcDataEntry[];
}

function startReading(displayName: string, lineCounter: LineCounter): DvcReading {
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  // Paths in a DVC file are relative to its directory (and `wdir` in .dvc files).
  const baseDir = path.posix.dirname(displayName.split(path.sep).join('/'));
  return {
    lineOf,
    fail: (message, node, field) => {
      throw new InputDataError(message, { file: displayName, line: lineOf(node), field });
    },
    toWorkspace: (written, wdir = '.') =>
      /^[a-z][a-z0-9+.-]*:\/\//i.test(written) || path.posix.isAbsolute(written)
        ? written
        : path.posix.normalize(path.posix.join(baseDir, wdir, written)),
    entries: [],
  };
}

/** Where a list of data entries sits in the DVC file, and how its entries are read. */
interface EntryList {
  kind: 'dep' | 'out';
  field: string;
  stage: string | undefined;
  wdir: string;
  /** Entries without an md5 are skipped (the Git source of a `dvc import`). */
  hashOptional?: boolean;
}

/** Reads a `deps` or `outs` list into reading.entries. */
function readEntries(reading: DvcReading, node: YamlNode | null | undefined, list: EntryList): void {
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return;
  if (!isSeq(node)) return reading.fail(`"${list.field}" must be a list`, node, list.field);
  node.items.forEach((item, index) => {
    const at = `${list.field}[${index}]`;
    if (!isMap(item)) return reading.fail(`${at} must be a mapping`, item, at);
    const entry = readEntry(reading, item, at, list);
    if (entry) reading.entries.push(entry);
  });
}

/** One entry of a `deps` or `outs` list; undefined for an import's hashless Git source. */
function readEntry(
  reading: DvcReading,
  item: YAMLMap,
  at: string,
  list: EntryList,
): DvcDataEntry | undefined {
  const { fail } = reading;
  const scalar = (key: string) => {
    const found = getPair(item, key);
    if (!found) return undefined;
    if (!isScalar(found.value)) return fail(`${at}.${key} must be a single value`, found.key, `${at}.${key}`);
    return { value: found.value.value, node: found.key };
  };
  const written = scalar('path');
  if (!written || typeof written.value !== 'string' || written.value === '')
    return fail(`${at} has no "path"`, item, `${at}.path`);
  const md5 = scalar('md5');
  // The dependency of a `dvc import` names a Git repository and revision, not a hash: the output has it.
  if (!md5 && list.hashOptional) return undefined;
  if (!md5) {
    const other = getPair(item, 'etag') ? 'etag' : getPair(item, 'checksum') ? 'checksum' : undefined;
    return fail(
      other
        ? `${at} (${written.value}) has an ${other} but no md5: only md5-tracked data can be recorded`
        : `${at} (${written.value}) has no md5 hash`,
      item,
      `${at}.md5`,
    );
  }
  const md5Text = String(md5.value);
  if (!MD5.test(md5Text))
    return fail(`${at}.md5 is not an MD5 hash: ${JSON.stringify(md5.value)}`, md5.node, `${at}.md5`);
  const count = (key: string): number | undefined => {
    const found = scalar(key);
    if (found === undefined || found.value === null) return undefined;
    if (typeof found.value !== 'number' || !Number.isInteger(found.value) || found.value < 0)
      return fail(`${at}.${key} must be a non-negative integer`, found.node, `${at}.${key}`);
    return found.value;
  };
  const hash = scalar('hash');
  if (hash && hash.value !== 'md5')
    return fail(`${at}.hash is ${JSON.stringify(hash.value)}; only "md5" is known`, hash.node, `${at}.hash`);
  const size = count('size');
  const nfiles = count('nfiles');
  return {
    path: written.value,
    workspacePath: reading.toWorkspace(written.value, list.wdir),
    ...(list.stage === undefined ? {} : { stage: list.stage }),
    kind: list.kind,
    md5: md5Text,
    ...(size === undefined ? {} : { size }),
    ...(nfiles === undefined ? {} : { nfiles }),
    isDirectory: md5Text.endsWith('.dir'),
    hashKind: hash ? 'md5' : 'md5-dos2unix',
    dvcVersion: hash ? 3 : 2,
    line: reading.lineOf(item) ?? 1,
  };
}

/** A `dvc.lock`: its schema, every stage's deps and outs (into reading.entries) and the params DVC recorded. */
function readLockFile(reading: DvcReading, root: YAMLMap): { schema: string; params: DvcParams[] } {
  const { fail } = reading;
  const schemaNode = getPair(root, 'schema');
  const stages = getPair(root, 'stages');
  if (!schemaNode || !stages)
    return fail(
      'not a DVC 2+ lock file (no "schema" and "stages"); DVC 1 locks are not supported, run `dvc repro` with DVC 2 or later',
      root,
      schemaNode ? 'stages' : 'schema',
    );
  const schema = isScalar(schemaNode.value) ? String(schemaNode.value.value) : undefined;
  if (!schema || !/^2\./.test(schema))
    return fail(
      `unsupported dvc.lock schema ${JSON.stringify(schema)}; expected "2.x"`,
      schemaNode.key,
      'schema',
    );
  if (!isMap(stages.value)) return fail('"stages" must be a mapping', stages.key, 'stages');
  const params: DvcParams[] = [];
  for (const pair of stages.value.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const body = pair.value;
    if (!isMap(body)) return fail(`stage "${name}" must be a mapping`, pair.key, `stages.${name}`);
    const stage = { stage: name, wdir: '.' };
    readEntries(reading, getPair(body, 'deps')?.value, {
      ...stage,
      kind: 'dep',
      field: `stages.${name}.deps`,
    });
    readEntries(reading, getPair(body, 'outs')?.value, {
      ...stage,
      kind: 'out',
      field: `stages.${name}.outs`,
    });
    const paramsNode = getPair(body, 'params')?.value;
    if (isMap(paramsNode)) {
      for (const filePair of paramsNode.items) {
        const file = isScalar(filePair.key) ? String(filePair.key.value) : '';
        const values: unknown = filePair.value ? (filePair.value as YamlNode).toJSON() : {};
        params.push({ stage: name, file, values: (values ?? {}) as Record<string, unknown> });
      }
    }
  }
  return { schema, params };
}

/** A `.dvc` file: its outs, and the deps of an import (the source the data came from). */
function readDotDvcFile(reading: DvcReading, root: YAMLMap): void {
  const outs = getPair(root, 'outs');
  if (!outs) return reading.fail('a .dvc file must have "outs"', root, 'outs');
  const wdirNode = getPair(root, 'wdir');
  const wdir = wdirNode && isScalar(wdirNode.value) ? String(wdirNode.value.value) : '.';
  readEntries(reading, outs.value, { kind: 'out', field: 'outs', stage: undefined, wdir });
  // `deps` appear in imports (dvc import / import-url): the source the data came from.
  const deps = getPair(root, 'deps')?.value;
  readEntries(reading, deps, { kind: 'dep', field: 'deps', stage: undefined, wdir, hashOptional: true });
}

/**
 * Parses `dvc.lock` or `.dvc` text. The kind comes from the name (`*.dvc` vs anything else), or from the content
 * when the name says neither: a top-level `stages` map means a lock file.
 */
export function parseDvcText(text: string, displayName: string, kind?: 'lock' | 'dvc'): DvcFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const position = lineCounter.linePos(first.pos[0]);
    throw new InputDataError(`invalid YAML: ${first.message.split('\n')[0]}`, {
      file: displayName,
      line: position.line,
      column: position.col,
    });
  }
  const reading = startReading(displayName, lineCounter);
  const root = document.contents;
  if (!isMap(root)) return reading.fail('a DVC file must be a YAML mapping', root);
  const resolvedKind =
    kind ?? (displayName.endsWith('.dvc') ? 'dvc' : getPair(root, 'stages') ? 'lock' : 'dvc');
  if (resolvedKind === 'lock') {
    const { schema, params } = readLockFile(reading, root);
    return {
      file: displayName,
      kind: resolvedKind,
      ...(schema ? { schema } : {}),
      entries: reading.entries,
      params,
    };
  }
  readDotDvcFile(reading, root);
  return { file: displayName, kind: resolvedKind, entries: reading.entries, params: [] };
}
