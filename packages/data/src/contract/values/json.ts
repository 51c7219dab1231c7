/** Coercion of values read from JSON, JSONL and Parquet to a field's type. */
import { floor } from './chars.js';
import { msPerDay } from './dates.js';
import { INVALID, type ParsedValue, type ParserOptions } from './options.js';
import { makeParser } from './parser.js';

/**
 * Coerces a value read from JSON/JSONL/Parquet. The JavaScript type decides first: a number field takes
 * numbers (and Parquet's bigints), a boolean field booleans, a string field strings. A string where a
 * number or boolean is expected is INVALID — quoted numbers are the type drift a contract must catch.
 * Dates and datetimes have no JSON type, so strings are parsed with the field's format; Date objects (from
 * Parquet) are taken as they are. Missing values (null, undefined) are the caller's to count first.
 */
export function makeJsonCoercer(field: ParserOptions): (value: unknown) => ParsedValue {
  const parseText = makeParser(field);
  switch (field.type) {
    case 'number':
      return (value) =>
        typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : INVALID;
    case 'integer':
      return (value) =>
        typeof value === 'number'
          ? Number.isInteger(value)
            ? value
            : INVALID
          : typeof value === 'bigint'
            ? Number(value)
            : INVALID;
    case 'year':
      return (value) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 9999
          ? value
          : typeof value === 'string'
            ? parseText(value)
            : INVALID;
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : INVALID);
    case 'date':
      return (value) =>
        typeof value === 'string'
          ? parseText(value)
          : value instanceof Date && !Number.isNaN(value.getTime())
            ? floor(value.getTime() / msPerDay)
            : INVALID;
    case 'datetime':
      return (value) =>
        typeof value === 'string'
          ? parseText(value)
          : value instanceof Date && !Number.isNaN(value.getTime())
            ? value.getTime()
            : INVALID;
    case 'string':
      return (value) => (typeof value === 'string' ? parseText(value) : INVALID);
    case 'any':
      return (value) =>
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : typeof value === 'bigint'
            ? Number(value)
            : value instanceof Date
              ? value.toISOString()
              : JSON.stringify(value);
  }
}
