/** The one top-level handler of every mlgate action: anything thrown becomes a failed step with a clear message. */
import { describeError, isUserError, MLGATE_VERSION } from '@mlgate/core';
import { info } from './logger.js';
import { annotate, locatedAnnotation } from './annotate.js';
import { debug, getInput, setFailed } from './runner.js';

/**
 * Runs an action's body. User mistakes (bad input, malformed data) become one annotated error line;
 * anything else is a bug: its stack goes to the debug log, never a green step.
 */
export async function runAction(name: string, body: () => Promise<void>): Promise<void> {
  try {
    info(`mlgate ${name} ${MLGATE_VERSION}`);
    await body();
  } catch (error) {
    const message = describeError(error);
    if (isUserError(error) && error.location) {
      // One annotated error on the file and line; setFailed would add a second, unannotated copy.
      annotate(locatedAnnotation('error', message, error.location));
      process.exitCode = 1;
      return;
    }
    if (!isUserError(error) && error instanceof Error && error.stack) debug(error.stack);
    setFailed(isUserError(error) ? message : `mlgate ${name} failed unexpectedly: ${message}`);
  }
}

/** Reads an input the way the runner passes it (INPUT_<NAME>), '' when unset. */
export const actionInput = (name: string): string => getInput(name);
