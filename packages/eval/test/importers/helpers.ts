import { expect } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import type { SourceLocation } from '@mlgate/core';

export const RESULTS = 'test/fixtures/results';
export const REAL = 'test/fixtures/real';

/** Runs `action`, expects an InputDataError, and returns it for further checks. */
export async function inputError(action: () => Promise<unknown>): Promise<InputDataError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputDataError);
  return caught as InputDataError;
}

/** Expects an InputDataError at `location` (only the members given are compared) whose message matches. */
export async function expectInputError(
  action: () => Promise<unknown>,
  location: Partial<SourceLocation>,
  message?: RegExp,
): Promise<InputDataError> {
  const error = await inputError(action);
  expect(error.location).toMatchObject(location);
  if (message) expect(error.message).toMatch(message);
  return error;
}
