/**
 * Validates Kubernetes objects against a CRD's published openAPIV3Schema (fixtures/crds, see SOURCES.md), the way
 * the API server does for what ajv can check: types, enums, patterns, bounds, required fields, and unknown fields
 * (which the server would prune, silently losing what the router wrote).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

const fixtures = path.join(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  'fixtures',
  'crds',
);

/** Keywords of Kubernetes structural schemas that carry no JSON Schema validation of their own (ajv knows `nullable`). */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
];

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
for (const keyword of KUBERNETES_KEYWORDS) ajv.addKeyword(keyword);
// Integer formats bound the range; that the value is an integer is `type: integer`'s to say.
ajv.addFormat('int32', { type: 'number', validate: (n: number) => n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Math.abs(n) <= Number.MAX_SAFE_INTEGER });
ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
ajv.addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)));

/** Objects without x-kubernetes-preserve-unknown-fields keep only the fields their schema lists. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema))
    copy[key] = key === 'enum' || key === 'default' || key === 'required' ? value : closeObjects(value);
  if (
    copy.properties &&
    copy.additionalProperties === undefined &&
    !copy['x-kubernetes-preserve-unknown-fields']
  )
    copy.additionalProperties = false;
  return copy;
}

/** A validator for one CRD fixture; every object also has apiVersion, kind and metadata, as on the server. */
export function crdValidator(file: string): (object: unknown) => string[] {
  const { openAPIV3Schema } = JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as {
    openAPIV3Schema: Schema;
  };
  const root = closeObjects(openAPIV3Schema) as Schema;
  root.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...(root.properties as Schema),
  };
  const validate: ValidateFunction = ajv.compile(root);
  return (object) =>
    validate(object)
      ? []
      : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
