/**
 * The ajv that checks each record against a contract's `recordSchema`: a module of its own, which load.ts imports
 * only for a contract that has one, so ajv's dialects and the pattern checker are not evaluated at every start.
 */
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { linearRegExp } from './regex.js';

/**
 * Users' record schemas get their own ajv: stop at the first error (speed, one reason per record), not strict
 * (a schema written for another validator may carry extra keywords), formats not checked.
 */
export function recordSchemaAjv(schema: { $schema?: unknown }): Ajv {
  // Patterns run on untrusted records: matched by their DFA (linear time), refused when unsafe.
  const options = { allErrors: false, strict: false, validateFormats: false, code: { regExp: linearRegExp } };
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (dialect.includes('2020-12')) return new Ajv2020(options);
  if (dialect.includes('2019-09')) return new Ajv2019(options);
  return new Ajv(options);
}
