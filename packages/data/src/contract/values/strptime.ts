/** Python-style strptime patterns ("%d/%m/%Y"): compiled once per field, run on every cell. */
import { CHAR_COLON, CHAR_MINUS, CHAR_PLUS, CHAR_Z, CHAR_ZERO, digitsAt, floor, isDigit } from './chars.js';
import { daysFromCivil, daysInMonth, msPerDay } from './dates.js';
import { INVALID, type Invalid } from './options.js';

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
export function runStrptime(parts: StrptimePart[], text: string): number | Invalid {
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
