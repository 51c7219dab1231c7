/** Checks for sketches read back from a profile file: a malformed profile is the user's data, not our bug. */

import { InputDataError } from '@mlgate/core/errors';

/** The parsed JSON of one sketch, as handed to a `fromJSON`. */
export type JsonObject = Record<string, unknown>;

/** The object itself if `value` is a sketch of this kind and version, else an InputDataError naming what is wrong. */
export function expectSketch(value: unknown, kind: string, version: number): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputDataError(`${kind}: expected a JSON object, got ${describe(value)}`);
  const obj = value as JsonObject;
  if (obj.kind !== kind)
    throw new InputDataError(`${kind}: expected kind "${kind}", got ${describe(obj.kind)}`);
  if (obj.version !== version)
    throw new InputDataError(
      `${kind}: unsupported version ${describe(obj.version)} (this mlgate reads version ${version})`,
    );
  return obj;
}

export function expectNumber(obj: JsonObject, key: string, kind: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InputDataError(`${kind}: "${key}" must be a finite number, got ${describe(value)}`);
  return value;
}

/** A non-negative integer (counts, sizes). */
export function expectCount(obj: JsonObject, key: string, kind: string): number {
  const value = expectNumber(obj, key, kind);
  if (!Number.isInteger(value) || value < 0)
    throw new InputDataError(`${kind}: "${key}" must be a non-negative integer, got ${value}`);
  return value;
}

/** A finite number or null (min/max of an empty sketch). */
export function expectNumberOrNull(obj: JsonObject, key: string, kind: string): number | null {
  return obj[key] === null ? null : expectNumber(obj, key, kind);
}

export function expectNumberArray(value: unknown, what: string, kind: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new InputDataError(`${kind}: "${what}" must be an array of finite numbers`);
  return value as number[];
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
