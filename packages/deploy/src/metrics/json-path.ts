/** A small JSONPath subset for picking one value: $, .key, ['key'] / ["key"], [index]. */
import { ConfigurationError, type SourceLocation } from '@mlgate/core';

export type PathSegment = string | number;

export function parseJsonPath(path: string, location?: SourceLocation): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  const token = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  while (rest.length > 0) {
    const match = token.exec(rest);
    if (!match)
      throw new ConfigurationError(
        `json-path "${path}" is not supported: use $.key, $.list[0] or $['key with spaces']`,
        location,
      );
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? match[3] ?? match[4]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** The value at the path, undefined where the path leads nowhere. */
export function selectJsonPath(value: unknown, segments: PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * Turns a picked JSON value into a measurement: a number, a numeric string ("NaN" included, as Prometheus
 * and many exporters write it), or an array of those (samples). Null or missing is "no data".
 */
/** A decimal number as text ("0.013", "-2", "1e-3"); Number() would also read "0x0", "0b1" and "0o7". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function numbersFromJson(value: unknown, what: string): { value?: number; samples?: number[] } {
  const toNumber = (item: unknown): number => {
    if (typeof item === 'number') return item;
    if (typeof item === 'string' && DECIMAL.test(item.trim())) return Number(item);
    if (typeof item === 'string' && /^[+-]?(nan|inf(inity)?)$/i.test(item.trim()))
      return /nan/i.test(item) ? Number.NaN : item.trim().startsWith('-') ? -Infinity : Infinity;
    throw new Error(`${what}: ${JSON.stringify(item)?.slice(0, 100)} is not a number`);
  };
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    const samples = value.map(toNumber);
    return { samples };
  }
  return { value: toNumber(value) };
}
