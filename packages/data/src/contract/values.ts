/**
 * Frictionless Table Schema value parsing (https://specs.frictionlessdata.io/table-schema/#types-and-formats),
 * built once per field and run on every cell: no exceptions, no regular expressions, no allocation on the
 * default formats beyond the returned value.
 *
 * Parsed values: number/integer/year → number; boolean → boolean; date → epoch days (UTC);
 * datetime → epoch milliseconds (UTC; a value without an offset is read as UTC); string/any → the text.
 */
import type { FieldConstraints, FieldSpec, FieldType, FieldValue } from './types.js';
import { matchesDfa } from './ascii-dfa.js';
import type { SafePattern } from './regex.js';

/** Returned instead of a value when the text does not parse as the field's type. */
export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;
export type ParsedValue = FieldValue | Invalid;
export type ValueParser = (text: string) => ParsedValue;

/** What a parser needs from a field: the Frictionless lexical options. */
export type ParserOptions = Pick<
  FieldSpec,
  'type' | 'format' | 'trueValues' | 'falseValues' | 'decimalChar' | 'groupChar' | 'bareNumber'
>;

export const defaultTrueValues = ['true', 'True', 'TRUE', '1'];
export const defaultFalseValues = ['false', 'False', 'FALSE', '0'];

/** Frictionless defaults for the lexical options of a field of this type. */
export function parserOptions(type: FieldType, overrides: Partial<ParserOptions> = {}): ParserOptions {
  return {
    type,
    format: 'default',
    trueValues: defaultTrueValues,
    falseValues: defaultFalseValues,
    decimalChar: '.',
    groupChar: '',
    bareNumber: true,
    ...overrides,
  };
}

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

// A module binding: in sandboxes such as Jest's, every global lookup of `Math` costs a property interceptor.
const floor = Math.floor;

// ---------------------------------------------------------------- numbers

// Character codes (plain constants: enum member access would cost a property load per character).
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_ZERO = 48;
const CHAR_NINE = 57;
const CHAR_COLON = 58;
const CHAR_E = 69;
const CHAR_T = 84;
const CHAR_Z = 90;
const CHAR_LOWER_E = 101;
const CHAR_LOWER_T = 116;
const CHAR_LOWER_Z = 122;
const CHAR_SPACE = 32;
const CHAR_SLASH = 47;

function isDigit(code: number): boolean {
  return code >= CHAR_ZERO && code <= CHAR_NINE;
}

/** Exact powers of ten for the fast path of `parseNumber`. */
const powersOfTen = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * Frictionless number: [+-]digits[.digits][e[+-]digits], or NaN, INF, -INF. Up to 15 digits without an
 * exponent, the value is computed while scanning: mantissa / 10^k is correctly rounded when both are exact
 * doubles (Clinger's fast path), so it equals Number(text) at a third of the cost.
 */
export function parseNumber(text: string): number | Invalid {
  const length = text.length;
  let i = 0;
  let code = text.charCodeAt(0);
  const negative = code === CHAR_MINUS;
  if (negative || code === CHAR_PLUS) code = text.charCodeAt(++i);
  let digits = 0;
  let mantissa = 0;
  while (isDigit(code)) {
    mantissa = mantissa * 10 + (code - CHAR_ZERO);
    digits++;
    code = text.charCodeAt(++i);
  }
  let fractionDigits = 0;
  if (code === CHAR_DOT) {
    code = text.charCodeAt(++i);
    while (isDigit(code)) {
      mantissa = mantissa * 10 + (code - CHAR_ZERO);
      fractionDigits++;
      code = text.charCodeAt(++i);
    }
    digits += fractionDigits;
  }
  if (digits === 0) {
    if (text === 'NaN') return NaN;
    if (text === 'INF') return Infinity;
    if (text === '-INF') return -Infinity;
    return INVALID;
  }
  if (i === length) {
    if (digits > 15) return +text;
    const value = mantissa / powersOfTen[fractionDigits];
    return negative ? -value : value;
  }
  if (code !== CHAR_LOWER_E && code !== CHAR_E) return INVALID;
  code = text.charCodeAt(++i);
  if (code === CHAR_PLUS || code === CHAR_MINUS) code = text.charCodeAt(++i);
  let exponentDigits = 0;
  while (isDigit(code)) {
    exponentDigits++;
    code = text.charCodeAt(++i);
  }
  return exponentDigits > 0 && i === length ? +text : INVALID;
}

/** Frictionless integer: [+-]digits. Integers beyond 2^53 keep the nearest double. */
export function parseInteger(text: string): number | Invalid {
  const length = text.length;
  let i = 0;
  let negative = false;
  let code = text.charCodeAt(0);
  if (code === CHAR_PLUS || code === CHAR_MINUS) {
    negative = code === CHAR_MINUS;
    i = 1;
  }
  if (i === length) return INVALID;
  if (length - i > 15) {
    for (let j = i; j < length; j++) if (!isDigit(text.charCodeAt(j))) return INVALID;
    return +text;
  }
  let value = 0;
  for (; i < length; i++) {
    code = text.charCodeAt(i);
    if (!isDigit(code)) return INVALID;
    value = value * 10 + (code - CHAR_ZERO);
  }
  return negative ? -value : value;
}

/** decimalChar, groupChar and bareNumber: false turn the text into a default-format number first. */
function normaliseNumberText(field: ParserOptions): ((text: string) => string) | null {
  const { decimalChar, groupChar, bareNumber } = field;
  if (decimalChar === '.' && groupChar === '' && bareNumber) return null;
  return (text) => {
    let value = text;
    if (!bareNumber) value = stripNonNumeric(value, decimalChar);
    if (groupChar !== '') value = value.split(groupChar).join('');
    if (decimalChar !== '.') {
      // With another decimalChar a '.' is no decimal point: "1.5" is invalid, not 1.5.
      if (value.includes('.')) return '';
      value = value.split(decimalChar).join('.');
    }
    return value;
  };
}

/** "€ 95" → "95", "95%" → "95", "$-5" → "-5": drop leading text before the sign or digits, trailing after the digits. */
function stripNonNumeric(text: string, decimalChar: string): string {
  let start = 0;
  while (start < text.length) {
    const code = text.charCodeAt(start);
    if (isDigit(code) || code === CHAR_PLUS || code === CHAR_MINUS || text.startsWith(decimalChar, start))
      break;
    start++;
  }
  let end = text.length;
  while (end > start && !isDigit(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function numberParser(field: ParserOptions): ValueParser {
  const normalise = normaliseNumberText(field);
  return normalise ? (text) => parseNumber(normalise(text)) : parseNumber;
}

function integerParser(field: ParserOptions): ValueParser {
  const normalise = normaliseNumberText({ ...field, decimalChar: '.' });
  return normalise ? (text) => parseInteger(normalise(text)) : parseInteger;
}

// ---------------------------------------------------------------- booleans

function booleanParser(field: ParserOptions): ValueParser {
  const values = new Map<string, boolean>();
  for (const text of field.falseValues) values.set(text, false);
  for (const text of field.trueValues) values.set(text, true);
  return (text) => values.get(text) ?? INVALID;
}

// ---------------------------------------------------------------- dates and times

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floor(yearOfEra / 4) - floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - CHAR_ZERO);
  }
  return value;
}

/** "YYYY-MM-DD" (or YYYY/MM/DD with separator '/') starting at `start` → epoch days, or -1e9 if invalid. */
const noDate = -1e9;
function isoDateAt(text: string, start: number, separator: number): number {
  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    text.charCodeAt(start + 4) !== separator ||
    text.charCodeAt(start + 7) !== separator ||
    day > daysInMonth(year, month)
  ) {
    return noDate;
  }
  return daysFromCivil(year, month, day);
}

/** ISO date, YYYY-MM-DD → epoch days. */
export function parseIsoDate(text: string): number | Invalid {
  if (text.length !== 10) return INVALID;
  const days = isoDateAt(text, 0, CHAR_MINUS);
  return days === noDate ? INVALID : days;
}

const msPerDay = 86_400_000;

/**
 * ISO 8601 datetime → epoch ms: YYYY-MM-DDThh:mm[:ss[.fff…]][Z|±hh:mm|±hhmm|±hh]. A space may stand for the
 * T; without an offset the time is read as UTC.
 */
export function parseIsoDatetime(text: string): number | Invalid {
  const length = text.length;
  if (length < 16) return INVALID;
  const days = isoDateAt(text, 0, CHAR_MINUS);
  const separator = text.charCodeAt(10);
  if (days === noDate || (separator !== CHAR_T && separator !== CHAR_LOWER_T && separator !== CHAR_SPACE)) {
    return INVALID;
  }
  const time = timeAt(text, 11);
  return time === INVALID ? INVALID : days * msPerDay + time;
}

/** hh:mm[:ss[.fff]][offset] from `start` to the end → milliseconds since midnight UTC (may be < 0 or ≥ 1 day). */
function timeAt(text: string, start: number): number | Invalid {
  const length = text.length;
  const hour = digitsAt(text, start, 2);
  const minute = digitsAt(text, start + 3, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || text.charCodeAt(start + 2) !== CHAR_COLON) {
    return INVALID;
  }
  let ms = (hour * 60 + minute) * 60_000;
  let i = start + 5;
  if (text.charCodeAt(i) === CHAR_COLON) {
    const second = digitsAt(text, i + 1, 2);
    if (second < 0 || second > 59) return INVALID;
    ms += second * 1000;
    i += 3;
    if (text.charCodeAt(i) === CHAR_DOT) {
      i++;
      let scale = 100;
      const fractionStart = i;
      while (i < length && isDigit(text.charCodeAt(i))) {
        ms += (text.charCodeAt(i) - CHAR_ZERO) * scale;
        scale /= 10;
        i++;
      }
      if (i === fractionStart) return INVALID;
      ms = floor(ms);
    }
  }
  if (i === length) return ms;
  const code = text.charCodeAt(i);
  if ((code === CHAR_Z || code === CHAR_LOWER_Z) && i + 1 === length) return ms;
  if (code !== CHAR_PLUS && code !== CHAR_MINUS) return INVALID;
  const offsetHours = digitsAt(text, i + 1, 2);
  let offsetMinutes = 0;
  const rest = length - i - 3;
  if (rest === 3 && text.charCodeAt(i + 3) === CHAR_COLON) offsetMinutes = digitsAt(text, i + 4, 2);
  else if (rest === 2) offsetMinutes = digitsAt(text, i + 3, 2);
  else if (rest !== 0) return INVALID;
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return INVALID;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return code === CHAR_PLUS ? ms - offset : ms + offset;
}

/**
 * Date format `any`: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY-MM (the first of the month) or an ISO datetime
 * (its UTC day).
 */
function parseAnyDate(text: string): number | Invalid {
  const length = text.length;
  if (length === 10) {
    const slash = text.charCodeAt(4) === CHAR_SLASH;
    const days = isoDateAt(text, 0, slash ? CHAR_SLASH : CHAR_MINUS);
    return days === noDate ? INVALID : days;
  }
  if (length === 8) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 4, 2);
    const day = digitsAt(text, 6, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return INVALID;
    return daysFromCivil(year, month, day);
  }
  if (length === 7) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    if (year < 0 || month < 1 || month > 12 || text.charCodeAt(4) !== CHAR_MINUS) return INVALID;
    return daysFromCivil(year, month, 1);
  }
  const ms = parseIsoDatetime(text);
  return ms === INVALID ? INVALID : floor(ms / msPerDay);
}

/** Datetime format `any`: an ISO datetime, an ISO date (midnight UTC), or the same with '/' in the date. */
function parseAnyDatetime(text: string): number | Invalid {
  if (text.length === 10) {
    const days = parseAnyDate(text);
    return days === INVALID ? INVALID : days * msPerDay;
  }
  if (text.charCodeAt(4) === CHAR_SLASH && text.length >= 16) {
    const days = isoDateAt(text, 0, CHAR_SLASH);
    const separator = text.charCodeAt(10);
    if (days === noDate || (separator !== CHAR_T && separator !== CHAR_SPACE)) return INVALID;
    const time = timeAt(text, 11);
    return time === INVALID ? INVALID : days * msPerDay + time;
  }
  return parseIsoDatetime(text);
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

/** Frictionless year: exactly four digits. */
function parseYear(text: string): number | Invalid {
  if (text.length !== 4) return INVALID;
  const year = digitsAt(text, 0, 4);
  return year < 0 ? INVALID : year;
}

// ---------------------------------------------------------------- strptime patterns

type StrptimePart =
  | { kind: 'literal'; text: string }
  | { kind: 'number'; unit: 'Y' | 'y' | 'm' | 'd' | 'H' | 'M' | 'S' | 'f'; min: number; max: number }
  | { kind: 'month-name'; full: boolean }
  | { kind: 'offset' };

const monthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** The strptime directives mlgate reads, with the digit counts Python's strptime accepts. */
const numberDirectives: Record<string, { min: number; max: number }> = {
  Y: { min: 4, max: 4 },
  y: { min: 2, max: 2 },
  m: { min: 1, max: 2 },
  d: { min: 1, max: 2 },
  H: { min: 1, max: 2 },
  M: { min: 1, max: 2 },
  S: { min: 1, max: 2 },
  f: { min: 1, max: 6 },
};

/** "%d/%m/%Y" → parts, or a sentence saying what is wrong. A legacy "fmt:" prefix is accepted. */
export function compileStrptime(format: string): StrptimePart[] | string {
  const source = format.startsWith('fmt:') ? format.slice(4) : format;
  const parts: StrptimePart[] = [];
  let literal = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char !== '%') {
      literal += char;
      continue;
    }
    const directive = source[++i];
    if (directive === '%') {
      literal += '%';
      continue;
    }
    if (literal) parts.push({ kind: 'literal', text: literal });
    literal = '';
    if (directive in numberDirectives) {
      parts.push({ kind: 'number', unit: directive as 'Y', ...numberDirectives[directive] });
    } else if (directive === 'b' || directive === 'B') {
      parts.push({ kind: 'month-name', full: directive === 'B' });
    } else if (directive === 'z') {
      parts.push({ kind: 'offset' });
    } else {
      return directive === undefined
        ? `format "${format}" ends with a lone %`
        : `format "${format}" uses %${directive}; mlgate reads %Y %y %m %d %H %M %S %f %b %B %z and %%`;
    }
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  if (!parts.some((part) => part.kind === 'number' && (part.unit === 'Y' || part.unit === 'y'))) {
    return `format "${format}" has no year (%Y or %y)`;
  }
  return parts;
}

/** Runs a compiled pattern on the whole text → epoch ms (UTC unless %z), or INVALID. */
function runStrptime(parts: StrptimePart[], text: string): number | Invalid {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offsetMs = 0;
  let i = 0;
  for (const part of parts) {
    if (part.kind === 'literal') {
      if (!text.startsWith(part.text, i)) return INVALID;
      i += part.text.length;
    } else if (part.kind === 'number') {
      let value = 0;
      let count = 0;
      while (count < part.max && isDigit(text.charCodeAt(i))) {
        value = value * 10 + (text.charCodeAt(i) - CHAR_ZERO);
        i++;
        count++;
      }
      if (count < part.min) return INVALID;
      switch (part.unit) {
        case 'Y':
          year = value;
          break;
        case 'y':
          year = value < 69 ? 2000 + value : 1900 + value; // POSIX: 69–99 → 1969–1999
          break;
        case 'm':
          month = value;
          break;
        case 'd':
          day = value;
          break;
        case 'H':
          hour = value;
          break;
        case 'M':
          minute = value;
          break;
        case 'S':
          second = value;
          break;
        case 'f':
          ms = floor(value / 10 ** (count - 3));
          break;
      }
    } else if (part.kind === 'month-name') {
      const found = monthAt(text, i, part.full);
      if (found === null) return INVALID;
      month = found.month;
      i += found.length;
    } else {
      const code = text.charCodeAt(i);
      if (code === CHAR_Z) {
        i++;
        continue;
      }
      if (code !== CHAR_PLUS && code !== CHAR_MINUS) return INVALID;
      const hours = digitsAt(text, i + 1, 2);
      const colon = text.charCodeAt(i + 3) === CHAR_COLON ? 1 : 0;
      const minutes = digitsAt(text, i + 3 + colon, 2);
      if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return INVALID;
      offsetMs = (code === CHAR_PLUS ? 1 : -1) * (hours * 60 + minutes) * 60_000;
      i += 5 + colon;
    }
  }
  if (i !== text.length) return INVALID;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return INVALID;
  if (hour > 23 || minute > 59 || second > 59) return INVALID;
  return (
    daysFromCivil(year, month, day) * msPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offsetMs
  );
}

function monthAt(text: string, start: number, full: boolean): { month: number; length: number } | null {
  for (let m = 0; m < 12; m++) {
    const name = full ? monthNames[m] : monthNames[m].slice(0, 3);
    if (text.length - start >= name.length && text.slice(start, start + name.length).toLowerCase() === name) {
      return { month: m + 1, length: name.length };
    }
  }
  return null;
}

// ---------------------------------------------------------------- strings

const stringFormats = new Set(['default', 'email', 'uri', 'uuid', 'binary']);

function stringParser(format: string): ValueParser {
  switch (format) {
    case 'email':
      return (text) => (isEmail(text) ? text : INVALID);
    case 'uri':
      return (text) => (isUri(text) ? text : INVALID);
    case 'uuid':
      return (text) => (isUuid(text) ? text : INVALID);
    case 'binary':
      return (text) => (isBase64(text) ? text : INVALID);
    default:
      return (text) => text;
  }
}

/** A deliberately simple address check: one @, text on both sides, a dot inside the domain, no whitespace. */
function isEmail(text: string): boolean {
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return false;
  const dot = text.indexOf('.', at + 2);
  if (dot < 0 || text.endsWith('.')) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) <= CHAR_SPACE) return false;
  return true;
}

/** RFC 3986 scheme ":" followed by at least one non-space character. */
function isUri(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon < 1 || colon === text.length - 1) return false;
  for (let i = 0; i < colon; i++) {
    const code = text.charCodeAt(i) | 0x20;
    const letter = code >= 97 && code <= 122;
    if (!letter && (i === 0 || !(isDigit(text.charCodeAt(i)) || '+-.'.includes(text[i])))) return false;
  }
  for (let i = colon + 1; i < text.length; i++) if (text.charCodeAt(i) <= CHAR_SPACE) return false;
  return true;
}

/** 8-4-4-4-12 hexadecimal digits, any version. */
function isUuid(text: string): boolean {
  if (text.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const code = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== CHAR_MINUS) return false;
    } else if (!(isDigit(code) || ((code | 0x20) >= 97 && (code | 0x20) <= 102))) {
      return false;
    }
  }
  return true;
}

function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  let end = text.length;
  if (text.endsWith('==')) end -= 2;
  else if (text.endsWith('=')) end -= 1;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const lower = code | 0x20;
    if (!(isDigit(code) || (lower >= 97 && lower <= 122) || code === CHAR_PLUS || code === CHAR_SLASH)) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------- JSON and Parquet values

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

// ---------------------------------------------------------------- type inference

export type TextClass = 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'string';

/**
 * The most specific default-format type a text parses as, for `--infer`. "1"/"0" are integers (a column of
 * 0/1 stays numeric); only true/false spellings are booleans.
 */
export function classifyText(text: string): TextClass {
  const first = text.charCodeAt(0);
  if (isDigit(first) || first === CHAR_MINUS || first === CHAR_PLUS || first === CHAR_DOT) {
    if (parseInteger(text) !== INVALID) return 'integer';
    if (text.length === 10 && parseIsoDate(text) !== INVALID) return 'date';
    if (text.length >= 16 && parseIsoDatetime(text) !== INVALID) return 'datetime';
    if (parseNumber(text) !== INVALID) return 'number';
    return 'string';
  }
  if (text === 'NaN' || text === 'INF') return 'number';
  if (defaultTrueValues.includes(text) || defaultFalseValues.includes(text)) return 'boolean';
  return 'string';
}

// ---------------------------------------------------------------- constraints

/** What a constraint checker needs from a field. */
export type ConstraintOptions = Pick<FieldSpec, 'type' | 'constraints'> & { pattern?: SafePattern };

/**
 * Checks a parsed, non-missing value against the field's constraints: null when it passes, else a short
 * reason. `required` (missing values) and `unique` (needs every value) are the validation engine's.
 */
export function makeConstraintChecker(field: ConstraintOptions): (value: FieldValue) => string | null {
  const c: FieldConstraints = field.constraints;
  const show = (value: number) => displayValue(field.type, value);
  const minimum = c.minimum ?? -Infinity;
  const maximum = c.maximum ?? Infinity;
  const exclusiveMinimum = c.exclusiveMinimum ?? -Infinity;
  const exclusiveMaximum = c.exclusiveMaximum ?? Infinity;
  const hasRange =
    c.minimum !== undefined ||
    c.maximum !== undefined ||
    c.exclusiveMinimum !== undefined ||
    c.exclusiveMaximum !== undefined;
  const belowMinimum = c.minimum === undefined ? '' : `below minimum ${show(c.minimum)}`;
  const aboveMaximum = c.maximum === undefined ? '' : `above maximum ${show(c.maximum)}`;
  const notAboveExclusive =
    c.exclusiveMinimum === undefined ? '' : `not above exclusiveMinimum ${show(c.exclusiveMinimum)}`;
  const notBelowExclusive =
    c.exclusiveMaximum === undefined ? '' : `not below exclusiveMaximum ${show(c.exclusiveMaximum)}`;
  const allowed = c.enum === undefined ? null : new Set<FieldValue>(c.enum);
  const pattern = field.pattern;
  const minLength = c.minLength ?? 0;
  const maxLength = c.maxLength ?? Infinity;

  return (value) => {
    if (typeof value === 'number') {
      // NaN compares false, so it passes ranges as in Frictionless implementations (the profile counts it).
      if (hasRange) {
        if (value < minimum) return belowMinimum;
        if (value > maximum) return aboveMaximum;
        if (value <= exclusiveMinimum) return notAboveExclusive;
        if (value >= exclusiveMaximum) return notBelowExclusive;
      }
    } else if (typeof value === 'string') {
      // UTF-16 length bounds the code-point count from above: count code points only near the limits.
      if (value.length > maxLength || value.length < minLength * 2) {
        const length = codePoints(value);
        if (length > maxLength) return `length ${length} > maxLength ${maxLength}`;
        if (length < minLength) return `length ${length} < minLength ${minLength}`;
      }
      if (pattern !== undefined && !matchesDfa(pattern.matcher, value)) return 'does not match pattern';
    }
    if (allowed !== null && !allowed.has(value)) return 'not in enum';
    return null;
  };
}

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** A parsed value as the user wrote it: dates and datetimes back to ISO text. */
export function displayValue(type: FieldType, value: FieldValue): string {
  if (typeof value === 'number' && (type === 'date' || type === 'datetime')) {
    const date = new Date(type === 'date' ? value * msPerDay : value);
    // Beyond JavaScript's date range (±273,790 years) there is no calendar text: show the number.
    if (!Number.isNaN(date.getTime()))
      return type === 'date' ? date.toISOString().slice(0, 10) : date.toISOString();
  }
  return String(value);
}
