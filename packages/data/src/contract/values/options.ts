/** What every field parser shares: the INVALID marker, the parser type and the Frictionless lexical options. */
import type { FieldSpec, FieldType, FieldValue } from '../types.js';

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
