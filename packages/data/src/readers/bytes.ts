/**
 * Typed values straight from CSV bytes, without making a string: the fast path for the common formats
 * (plain decimal numbers, ISO dates and datetimes). Anything else returns NaN and the caller falls back
 * to the contract's full Table Schema parser on the decoded text.
 */

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;

// Exact powers of ten: a ≤ 2^53 integer times or divided by one of these is correctly rounded (Clinger).
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Set by parseDecimal: whether the last number parsed had neither a decimal point nor an exponent.
 * (A property, not an exported `let`: bundlers turn live bindings into a getter call per read.)
 */
export const lastDecimal = { integer: false };

/**
 * A plain decimal number ([+-]digits[.digits][e[+-]digits]) from bytes, correctly rounded; NaN for any
 * other text (including an empty range), so callers fall back to the general parser.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i >= end) return NaN;
  let negative = false;
  let c = buf[i];
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    if (++i >= end) return NaN;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let scale = 0;
  let integer = true;
  for (; i < end; i++) {
    c = buf[i];
    if (c < ZERO || c > NINE) break;
    digits++;
    if (significant > 0 || c !== ZERO) significant++;
    mantissa = mantissa * 10 + (c - ZERO);
  }
  if (i < end && buf[i] === DOT) {
    integer = false;
    for (i++; i < end; i++) {
      c = buf[i];
      if (c < ZERO || c > NINE) break;
      digits++;
      if (significant > 0 || c !== ZERO) significant++;
      mantissa = mantissa * 10 + (c - ZERO);
      scale--;
    }
  }
  if (digits === 0) return NaN;
  if (i < end) {
    c = buf[i];
    if (c !== 101 && c !== 69) return NaN; // e E
    integer = false;
    if (++i >= end) return NaN;
    let expNegative = false;
    c = buf[i];
    if (c === MINUS || c === PLUS) {
      expNegative = c === MINUS;
      if (++i >= end) return NaN;
    }
    let exponent = 0;
    const expStart = i;
    for (; i < end; i++) {
      c = buf[i];
      if (c < ZERO || c > NINE) return NaN;
      exponent = exponent * 10 + (c - ZERO);
      if (exponent > 9999) exponent = 9999;
    }
    if (i === expStart) return NaN;
    scale += expNegative ? -exponent : exponent;
  }
  lastDecimal.integer = integer;
  let value: number;
  if (significant <= 15 && scale >= -22 && scale <= 22) {
    value = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
  } else {
    // Too many digits for the exact fast path: let V8's correctly rounded parser do it.
    value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
    return value;
  }
  return negative ? -value : value;
}

function twoDigits(buf: Uint8Array, at: number): number {
  const a = buf[at] - ZERO;
  const b = buf[at + 1] - ZERO;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function fourDigits(buf: Uint8Array, at: number): number {
  const high = twoDigits(buf, at);
  const low = twoDigits(buf, at + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** An ISO date YYYY-MM-DD as days since the epoch; NaN for anything else. */
export function parseIsoDate(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== MINUS || buf[start + 7] !== MINUS) return NaN;
  const year = fourDigits(buf, start);
  const month = twoDigits(buf, start + 5);
  const day = twoDigits(buf, start + 8);
  if (year < 0 || !validDay(year, month, day)) return NaN;
  return daysFromCivil(year, month, day);
}

/**
 * An ISO 8601 datetime YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM] (a space for T too) as epoch milliseconds;
 * NaN for anything else. Without a zone the time is read as UTC, as Table Schema's default format says.
 */
export function parseIsoDatetime(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 19) return NaN;
  const days = parseIsoDate(buf, start, start + 10);
  const t = buf[start + 10];
  if (Number.isNaN(days) || (t !== 84 && t !== 32) || buf[start + 13] !== 58 || buf[start + 16] !== 58)
    return NaN;
  const hour = twoDigits(buf, start + 11);
  const minute = twoDigits(buf, start + 14);
  const second = twoDigits(buf, start + 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let i = start + 19;
  let millis = 0;
  if (i < end && buf[i] === DOT) {
    let scale = 100;
    for (i++; i < end; i++) {
      const c = buf[i];
      if (c < ZERO || c > NINE) break;
      millis += (c - ZERO) * scale;
      scale /= 10;
    }
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  if (i < end) {
    const c = buf[i];
    if (c === 90 && i + 1 === end) i++;
    else if ((c === PLUS || c === MINUS) && end - i === 6 && buf[i + 3] === 58) {
      const oh = twoDigits(buf, i + 1);
      const om = twoDigits(buf, i + 4);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
      offsetMinutes = (c === MINUS ? -1 : 1) * (oh * 60 + om);
      i = end;
    } else return NaN;
  }
  if (i !== end) return NaN;
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}
