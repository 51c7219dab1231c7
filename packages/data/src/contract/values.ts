/**
 * Frictionless Table Schema value parsing (https://specs.frictionlessdata.io/table-schema/#types-and-formats),
 * built once per field and run on every cell: no exceptions, no regular expressions, no allocation on the
 * default formats beyond the returned value.
 *
 * Parsed values: number/integer/year → number; boolean → boolean; date → epoch days (UTC);
 * datetime → epoch milliseconds (UTC; a value without an offset is read as UTC); string/any → the text.
 */
export {
  INVALID,
  defaultFalseValues,
  defaultTrueValues,
  parserOptions,
  type Invalid,
  type ParsedValue,
  type ParserOptions,
  type ValueParser,
} from './values/options.js';
export { formatProblem, isMissing, makeMissingTest, makeParser } from './values/parser.js';
export { parseInteger, parseNumber } from './values/numbers.js';
export { daysFromCivil, parseIsoDate, parseIsoDatetime } from './values/dates.js';
export { compileStrptime } from './values/strptime.js';
export { makeJsonCoercer } from './values/json.js';
export { classifyText, type TextClass } from './values/classify.js';
export { makeConstraintChecker, type ConstraintOptions } from './values/constraints.js';
export { displayValue } from './values/display.js';
