/** Builds the parser of one field from its type and format, and the test for its missing values. */
import type { FieldType } from '../types.js';
import { floor } from './chars.js';
import {
  msPerDay,
  parseAnyDate,
  parseAnyDatetime,
  parseIsoDate,
  parseIsoDatetime,
  parseYear,
} from './dates.js';
import { integerParser, numberParser } from './numbers.js';
import { INVALID, type ParserOptions, type ValueParser } from './options.js';
import { stringFormats, stringParser } from './strings.js';
import { compileStrptime, runStrptime } from './strptime.js';

/** Builds the parser for one field. Throws only for a format `formatProblem` would have reported. */
export function makeParser(field: ParserOptions): ValueParser {
  switch (field.type) {
    case 'number':
      return numberParser(field);
    case 'integer':
      return integerParser(field);
    case 'boolean':
      return booleanParser(field);
    case 'year':
      return parseYear;
    case 'date':
      return dateParser(field.format);
    case 'datetime':
      return datetimeParser(field.format);
    case 'string':
      return stringParser(field.format);
    case 'any':
      return (text) => text;
  }
}

/** Why a format is not usable for a type (unknown format, bad strptime pattern), or null. */
export function formatProblem(type: FieldType, format: string): string | null {
  if (format === 'default' || format === 'any') return null;
  if (type === 'string') {
    return stringFormats.has(format)
      ? null
      : `unknown string format "${format}" (use default, email, uri, uuid or binary)`;
  }
  if (type === 'date' || type === 'datetime') {
    const compiled = compileStrptime(format);
    return typeof compiled === 'string' ? compiled : null;
  }
  return `type ${type} has no format "${format}" (only "default")`;
}

/** True when `text` is one of the texts that mean "no value". */
export function isMissing(text: string, missingValues: readonly string[]): boolean {
  return missingValues.includes(text);
}

/** A faster `isMissing` for one field (the default `['']` is a length test). */
export function makeMissingTest(missingValues: readonly string[]): (text: string) => boolean {
  if (missingValues.length === 0) return () => false;
  if (missingValues.length === 1 && missingValues[0] === '') return (text) => text.length === 0;
  if (missingValues.length === 1) {
    const only = missingValues[0];
    return (text) => text === only;
  }
  const set = new Set(missingValues);
  return (text) => set.has(text);
}

function booleanParser(field: ParserOptions): ValueParser {
  const values = new Map<string, boolean>();
  for (const text of field.falseValues) values.set(text, false);
  for (const text of field.trueValues) values.set(text, true);
  return (text) => values.get(text) ?? INVALID;
}

function dateParser(format: string): ValueParser {
  if (format === 'default') return parseIsoDate;
  if (format === 'any') return parseAnyDate;
  const pattern = compileStrptime(format);
  if (typeof pattern === 'string') throw new Error(pattern);
  return (text) => {
    const ms = runStrptime(pattern, text);
    return ms === INVALID ? INVALID : floor(ms / msPerDay);
  };
}

function datetimeParser(format: string): ValueParser {
  if (format === 'default') return parseIsoDatetime;
  if (format === 'any') return parseAnyDatetime;
  const pattern = compileStrptime(format);
  if (typeof pattern === 'string') throw new Error(pattern);
  return (text) => runStrptime(pattern, text);
}
