/** Frictionless number and integer parsing, with decimalChar, groupChar and bareNumber. */
import { CHAR_DOT, CHAR_E, CHAR_LOWER_E, CHAR_MINUS, CHAR_PLUS, CHAR_ZERO, isDigit } from './chars.js';
import { INVALID, type Invalid, type ParserOptions, type ValueParser } from './options.js';

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

export function numberParser(field: ParserOptions): ValueParser {
  const normalise = normaliseNumberText(field);
  return normalise ? (text) => parseNumber(normalise(text)) : parseNumber;
}

export function integerParser(field: ParserOptions): ValueParser {
  const normalise = normaliseNumberText({ ...field, decimalChar: '.' });
  return normalise ? (text) => parseInteger(normalise(text)) : parseInteger;
}
