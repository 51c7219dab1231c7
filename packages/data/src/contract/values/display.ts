/** A parsed value as the user wrote it. */
import type { FieldType, FieldValue } from '../types.js';
import { msPerDay } from './dates.js';

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
