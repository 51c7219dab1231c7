/** The most specific type a text parses as, for `--infer`. */
import { CHAR_DOT, CHAR_MINUS, CHAR_PLUS, isDigit } from './chars.js';
import { parseIsoDate, parseIsoDatetime } from './dates.js';
import { parseInteger, parseNumber } from './numbers.js';
import { INVALID, defaultFalseValues, defaultTrueValues } from './options.js';

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
