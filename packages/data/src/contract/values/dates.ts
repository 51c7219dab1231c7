/** ISO dates and datetimes (and the `any` formats) → epoch days and epoch milliseconds, UTC. */
import {
  CHAR_COLON,
  CHAR_DOT,
  CHAR_LOWER_T,
  CHAR_LOWER_Z,
  CHAR_MINUS,
  CHAR_PLUS,
  CHAR_SLASH,
  CHAR_SPACE,
  CHAR_T,
  CHAR_Z,
  CHAR_ZERO,
  digitsAt,
  floor,
  isDigit,
} from './chars.js';
import { INVALID, type Invalid } from './options.js';

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floor(yearOfEra / 4) - floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
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

export const msPerDay = 86_400_000;

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
export function parseAnyDate(text: string): number | Invalid {
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
export function parseAnyDatetime(text: string): number | Invalid {
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

/** Frictionless year: exactly four digits. */
export function parseYear(text: string): number | Invalid {
  if (text.length !== 4) return INVALID;
  const year = digitsAt(text, 0, 4);
  return year < 0 ? INVALID : year;
}
