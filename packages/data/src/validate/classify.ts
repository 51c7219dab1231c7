/** What a non-numeric text value looks like, for columns no contract declares (and for --infer). */
import { VALUE_CLASSES, type ValueClass } from '@mlgate/core/data-profile';

export const classIndex = Object.fromEntries(VALUE_CLASSES.map((name, i) => [name, i])) as Record<
  ValueClass,
  number
>;

const BOOLEAN = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE']);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATETIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The class index of a text value that did not parse as a number. */
export function classifyValue(text: string): number {
  if (BOOLEAN.has(text)) return classIndex.boolean;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    if (text.length === 10 && DATE.test(text)) return classIndex.date;
    if (text.length >= 19 && DATETIME.test(text)) return classIndex.datetime;
  }
  return classIndex.string;
}
