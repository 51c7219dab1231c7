/**
 * JSON Schema (draft-07) of a data contract: a Frictionless Table Schema plus mlgate's additions.
 * Published as docs/schemas/data-contract.schema.json. Field and top-level descriptors stay open, as
 * Frictionless allows custom properties; the loader rejects keys that look like misspelled known ones.
 */
import { categoricalDriftStatistics, driftTargets, fieldTypes, numericDriftStatistics } from './types.js';

const stringList = { type: 'array', items: { type: 'string' } } as const;
const fraction = { type: 'number', minimum: 0, maximum: 1 } as const;
const severity = { enum: ['error', 'warn'] } as const;
/** A bound: a number, an ISO date/datetime (for date and datetime fields), or null for "unbounded". */
const bound = { type: ['number', 'string', 'null'] } as const;
const statBound = {
  type: 'array',
  minItems: 2,
  maxItems: 2,
  items: [bound, bound],
  additionalItems: false,
} as const;
const countBound = { type: ['integer', 'null'], minimum: 0 } as const;
const threshold = { type: 'number', minimum: 0 } as const;
const driftSpec = {
  type: 'object',
  additionalProperties: false,
  properties: {
    statistic: { enum: [...numericDriftStatistics, ...categoricalDriftStatistics] },
    warn: threshold,
    fail: threshold,
  },
} as const;
/** A constraint bound: a number, or a date/datetime/year written as text. */
const constraintBound = { type: ['number', 'string'] } as const;

/** Quantile statistics: p50, p99, p99.9 … */
export const quantileStatPattern = '^p(100|[0-9]{1,2}(\\.[0-9]+)?)$';

export const contractSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlgate.dev/schemas/data-contract.schema.json',
  title: 'mlgate data contract (Frictionless Table Schema with mlgate additions)',
  type: 'object',
  required: ['fields'],
  properties: {
    // Frictionless Table Schema
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          title: { type: 'string' },
          description: { type: 'string' },
          type: { enum: [...fieldTypes] },
          format: { type: 'string', minLength: 1 },
          example: true,
          rdfType: { type: 'string' },
          constraints: {
            type: 'object',
            additionalProperties: false,
            properties: {
              required: { type: 'boolean' },
              unique: { type: 'boolean' },
              minimum: constraintBound,
              maximum: constraintBound,
              exclusiveMinimum: constraintBound,
              exclusiveMaximum: constraintBound,
              minLength: { type: 'integer', minimum: 0 },
              maxLength: { type: 'integer', minimum: 0 },
              pattern: { type: 'string' },
              enum: { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } },
            },
          },
          trueValues: stringList,
          falseValues: stringList,
          decimalChar: { type: 'string', minLength: 1 },
          groupChar: { type: 'string' },
          bareNumber: { type: 'boolean' },
          missingValues: stringList,
          categories: true,
          categoriesOrdered: { type: 'boolean' },
          // mlgate additions
          mostly: fraction,
          maxNullFraction: fraction,
          stats: {
            type: 'object',
            additionalProperties: false,
            properties: {
              mean: statBound,
              std: statBound,
              min: statBound,
              max: statBound,
              distinct: statBound,
            },
            patternProperties: { [quantileStatPattern]: statBound },
          },
          // false turns drift off for this column; true (the default) or an object keeps it on.
          drift: {
            type: ['object', 'boolean'],
            additionalProperties: false,
            properties: { ...driftSpec.properties, on: { enum: [...driftTargets] } },
          },
          severity,
        },
      },
    },
    missingValues: stringList,
    primaryKey: { type: ['string', 'array'], items: { type: 'string' }, minItems: 1 },
    foreignKeys: { type: 'array' },
    uniqueKeys: { type: 'array' },
    $schema: { type: 'string' },
    name: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    // mlgate additions
    rowCount: {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: [countBound, countBound],
      additionalItems: false,
    },
    columns: { enum: ['strict', 'ignore-order', 'allow-extra'] },
    duplicateRows: { enum: ['allow', 'warn', 'error'] },
    freshness: {
      type: 'object',
      additionalProperties: false,
      required: ['column', 'maxAge'],
      properties: {
        column: { type: 'string', minLength: 1 },
        maxAge: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?\\s*[smhdw]$' },
        severity,
      },
    },
    recordSchema: { type: ['string', 'object'] },
    drift: {
      type: 'object',
      additionalProperties: false,
      properties: {
        numeric: driftSpec,
        categorical: driftSpec,
        minRows: { type: 'integer', minimum: 1 },
        datasetShare: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      },
    },
  },
} as const;
