/** Checks a parsed value against a field's constraints (ranges, enum, pattern, lengths). */
import type { FieldConstraints, FieldSpec, FieldValue } from '../types.js';
import { matchesDfa } from '../ascii-dfa.js';
import type { SafePattern } from '../regex.js';
import { displayValue } from './display.js';

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
