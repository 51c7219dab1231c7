/** Parsing of raw input strings (action inputs, CLI options) into typed values, naming the input on error. */
import { ConfigurationError } from './errors.js';
import { didYouMean } from './suggest.js';

/** Reads one raw input by its kebab-case name; '' when unset. */
export type InputSource = (name: string) => string;

/** Splits a newline- or comma-separated list, trimming blanks (the toolkit's multiline convention). */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function parseChoice<T extends string>(
  name: string,
  raw: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = raw.trim();
  if (value === '') return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(
    `Input "${name}" must be one of ${choices.join(', ')}; got "${value}".`,
    undefined,
    didYouMean(value, choices),
  );
}

export function parseNumber(
  name: string,
  raw: string,
  fallback: number,
  range: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const number = Number(value);
  const tooLow = range.min !== undefined && (range.exclusiveMin ? number <= range.min : number < range.min);
  const tooHigh = range.max !== undefined && (range.exclusiveMax ? number >= range.max : number > range.max);
  if (!Number.isFinite(number) || tooLow || tooHigh) {
    const bounds = [
      range.min !== undefined ? `${range.exclusiveMin ? '>' : '≥'} ${range.min}` : '',
      range.max !== undefined ? `${range.exclusiveMax ? '<' : '≤'} ${range.max}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new ConfigurationError(
      `Input "${name}" must be a number${bounds ? ` ${bounds}` : ''}; got "${value}".`,
    );
  }
  return number;
}

export function parseBoolean(name: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(value)) return true;
  if (['false', 'no', '0', 'off'].includes(value)) return false;
  throw new ConfigurationError(`Input "${name}" must be true or false; got "${raw.trim()}".`);
}

export function requireInput(name: string, raw: string): string {
  const value = raw.trim();
  if (value === '') throw new ConfigurationError(`Input "${name}" is required.`);
  return value;
}
