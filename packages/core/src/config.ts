/**
 * Loading of user-written YAML/JSON configuration (gates, contracts) validated by a JSON Schema with ajv,
 * so every error names the file, the line and the field.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { checkNesting, isStackOverflow, nestedTooDeeply } from './nesting.js';
import { ConfigurationError } from './errors.js';
import { didYouMean } from './suggest.js';

// Made on the first compile, not at import: a step that reads no configuration never pays for its meta-schemas.
let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles a schema once (ajv compilation is the slow part). */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= new Ajv({
      allErrors: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      verbose: true,
    });
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** "/gates/2/min" → "gates[2].min", the way users read paths. */
export function readablePath(instancePath: string): string {
  if (!instancePath) return '(top level)';
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * One sentence per ajv error, naming the field as the user wrote it; for an unknown field, the hint names the
 * known field it most likely misspells (`minimum` → did you mean "min"?).
 */
export function describeSchemaError(error: ErrorObject): { field: string; message: string; hint?: string } {
  const field = readablePath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      return {
        field: field === '(top level)' ? key : `${field}.${key}`,
        message: `unknown field "${key}"`,
        hint: didYouMean(key, known),
      };
    }
    case 'anyOf': {
      // anyOf of `required` branches reads as "needs one of these fields".
      const branches = (Array.isArray(error.schema) ? error.schema : []) as { required?: string[] }[];
      const fields = branches.flatMap((branch) => branch.required ?? []);
      if (fields.length === branches.length && fields.length > 0)
        return { field, message: `needs at least one of ${fields.join(', ')}` };
      return { field, message: error.message ?? 'is invalid' };
    }
    case 'required':
      return { field, message: `missing required field "${String(params.missingProperty)}"` };
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const names = allowed.filter((value): value is string => typeof value === 'string');
      return {
        field,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        hint: typeof error.data === 'string' ? didYouMean(error.data, names) : undefined,
      };
    }
    default:
      return { field, message: error.message ?? 'is invalid' };
  }
}

/**
 * The error deepest in the document. At equal depth an unknown field (a typo) is the likeliest cause, then an
 * anyOf summary, which explains the branch errors that come with it.
 */
export function mostSpecificError(errors: ErrorObject[]): ErrorObject {
  const rank = { additionalProperties: 2, anyOf: 1 } as Record<string, number>;
  const depth = (error: ErrorObject) => error.instancePath.split('/').length * 3 + (rank[error.keyword] ?? 0);
  return [...errors].sort((a, b) => depth(b) - depth(a))[0];
}

export interface LoadedConfig<T> {
  value: T;
  /** The 1-based line of the node at a JSON pointer-like path (["gates", 2, "min"]), for annotations. */
  lineOf: (path: (string | number)[]) => number | undefined;
}

/** Reads a YAML (or JSON, which is YAML) file and validates it against `schema`. */
export async function loadConfigFile<T>(
  file: string,
  schema: object,
  displayName = file,
  what = 'file',
): Promise<LoadedConfig<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      code === 'ENOENT' ? `${what} not found` : `cannot read ${what}: ${String(error)}`,
      {
        file: displayName,
      },
    );
  }
  return parseConfigText<T>(text, schema, displayName, what);
}

export function parseConfigText<T>(
  text: string,
  schema: object,
  displayName: string,
  what = 'file',
): LoadedConfig<T> {
  checkNesting(text, displayName);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const position = lineCounter.linePos(first.pos[0]);
    // Block indentation nested thousands deep overflows the parser's stack: same message as for brackets.
    if (isStackOverflow(new Error(first.message))) throw nestedTooDeeply(displayName, position.line);
    throw new ConfigurationError(`invalid YAML in ${what}: ${first.message.split('\n')[0]}`, {
      file: displayName,
      line: position.line,
      column: position.col,
    });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    if (isStackOverflow(error)) throw nestedTooDeeply(displayName, undefined);
    // An alias bomb ("billion laughs") stops at maxAliasCount with a ReferenceError.
    throw new ConfigurationError(`invalid YAML in ${what}: ${(error as Error).message}`, {
      file: displayName,
    });
  }
  /** The node at a path; for a map entry its key, since a block value starts on the line after the key. */
  const nodeAt = (path: (string | number)[]): unknown => {
    if (path.length === 0) return document.contents;
    const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) return document.getIn(path, true);
    const key = String(path[path.length - 1]);
    return parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.key;
  };
  const lineOf = (path: (string | number)[]): number | undefined => {
    // Walk up the path until a node exists (a missing field points at its parent).
    for (let depth = path.length; depth >= 0; depth--) {
      const node = nodeAt(path.slice(0, depth));
      const range = (node as YamlNode | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return undefined;
  };
  const validate = compileSchema(schema);
  if (!validate(value)) {
    const errors = validate.errors ?? [];
    const error = mostSpecificError(errors);
    const { field, message, hint } = describeSchemaError(error);
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    if (error.keyword === 'additionalProperties')
      path.push(String((error.params as Record<string, unknown>).additionalProperty));
    throw new ConfigurationError(
      `${field}: ${message}`,
      { file: displayName, line: lineOf(path), field },
      hint,
    );
  }
  return { value: value as T, lineOf };
}
