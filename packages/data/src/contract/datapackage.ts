/**
 * Frictionless Data Packages as contracts: which resource of a `datapackage.json`/`.yml` describes the data being
 * validated (by name, else by its `path`), and where that resource's Table Schema is (inline, or a file path).
 */
import path from 'node:path';
import { closestKey, ConfigurationError, displayPath } from '@mlgate/core';

type KeyPath = (string | number)[];

/** How a run picks the resource of a Data Package: by name, else the one whose `path` is the data file. */
export interface ResourceChoice {
  /** The resource's `name` (the `resource` input, `--resource`). */
  name?: string;
  /** The data files being validated, absolute. */
  dataFiles: string[];
  /** Folder the data files are shown relative to in messages (the workspace). */
  workspace?: string;
}

export interface PickedResource {
  index: number;
  name: string;
  /** An inline Table Schema, or the path of a schema file relative to the package (spec: a path or URL). */
  schema: Record<string, unknown> | string;
}

interface ResourceDescriptor {
  name?: unknown;
  path?: unknown;
  schema?: unknown;
}

/** A Data Package descriptor: `resources` and no `fields` (a Table Schema has `fields`). */
export function isDataPackage(value: unknown): value is { resources: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Record<string, unknown>).resources) &&
    !('fields' in value)
  );
}

/**
 * The resource whose schema is the contract: the one named by `choice.name`, else the one whose `path` (a string or,
 * for a multipart resource, a list; relative to the package's folder) is every data file. Throws a
 * ConfigurationError naming the package line and listing the resources when none, or more than one, matches.
 */
export function pickResource(
  pkg: { resources: unknown[] },
  file: string,
  baseDir: string,
  lineOf: (keyPath: KeyPath) => number | undefined,
  choice: ResourceChoice | undefined,
): PickedResource {
  const resources = pkg.resources.map((raw, index): ListedResource => {
    const resource = (typeof raw === 'object' && raw !== null ? raw : {}) as ResourceDescriptor;
    const name = typeof resource.name === 'string' ? resource.name : `resources[${index}]`;
    const paths = (Array.isArray(resource.path) ? resource.path : [resource.path]).filter(
      (item): item is string => typeof item === 'string',
    );
    return { index, name, paths, schema: resource.schema };
  });
  const listed = resources
    .map((resource) =>
      resource.paths.length ? `${resource.name} (${resource.paths.join(', ')})` : resource.name,
    )
    .join(', ');
  const fail = (message: string, keyPath: KeyPath = ['resources']): never => {
    throw new ConfigurationError(message, {
      file,
      line: lineOf(keyPath),
      field: keyPath
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
        .join('')
        .slice(1),
    });
  };
  if (resources.length === 0) fail('the Data Package lists no resources');
  const nameHint = 'name one with the resource input (--resource NAME)';

  let picked: (typeof resources)[number] | undefined;
  if (choice?.name !== undefined) {
    picked = resources.find((resource) => resource.name === choice.name);
    if (!picked) {
      const suggestion = closestKey(
        choice.name,
        resources.map((resource) => resource.name),
      );
      fail(
        `the Data Package has no resource "${choice.name}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}; its resources: ${listed}`,
      );
    }
  } else picked = resourceOfDataFiles(resources, baseDir, choice, { listed, nameHint, fail });
  const resource = picked!;
  const schema = resource.schema;
  if (typeof schema === 'string') {
    if (!isLocalPath(schema))
      fail(
        `resource "${resource.name}": its schema is a URL (${schema}); mlgate reads no URLs: save the schema beside the package and give its path`,
        ['resources', resource.index, 'schema'],
      );
    return { index: resource.index, name: resource.name, schema };
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    fail(`resource "${resource.name}" has no schema (a Table Schema with fields, inline or as a path)`, [
      'resources',
      resource.index,
    ]);
  return { index: resource.index, name: resource.name, schema: schema as Record<string, unknown> };
}

interface ListedResource {
  index: number;
  name: string;
  paths: string[];
  schema: unknown;
}

/** The one resource whose path is every data file (relative to the package's folder), else a located error. */
function resourceOfDataFiles(
  resources: ListedResource[],
  baseDir: string,
  choice: ResourceChoice | undefined,
  { listed, nameHint, fail }: { listed: string; nameHint: string; fail: (message: string) => never },
): ListedResource {
  const shown = (data: string) => displayPath(data, choice?.workspace ?? process.cwd());
  const dataFiles = choice?.dataFiles ?? [];
  if (dataFiles.length === 0)
    fail(`a Data Package describes several tables: ${nameHint}; its resources: ${listed}`);
  const describes = (resource: ListedResource, data: string) =>
    resource.paths.some((item) => isLocalPath(item) && path.resolve(baseDir, item) === path.resolve(data));
  const matching = resources.filter((resource) => dataFiles.some((data) => describes(resource, data)));
  if (matching.length > 1)
    fail(
      `${dataFiles.map(shown).join(', ')}: several resources of the Data Package match (${matching
        .map((resource) => resource.name)
        .join(', ')}): ${nameHint}`,
    );
  const [match] = matching;
  const unmatched = dataFiles.filter((data) => !match || !describes(match, data));
  if (!match || unmatched.length > 0)
    fail(
      `no resource of the Data Package has the path ${unmatched.map(shown).join(', ')} (resource paths are relative ` +
        `to the package's folder): ${nameHint}; its resources: ${listed}`,
    );
  return match;
}

/** Not a URL (`https://…`, `s3://…`): a path, which the spec makes relative to the package's folder. */
function isLocalPath(item: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(item);
}
