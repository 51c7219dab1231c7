/** The runner's protocol behind the Logger interface, so domain code never writes workflow commands. */
import { runnerSafe, type Logger } from '@mlgate/core';
import { annotate, locatedAnnotation } from './annotate.js';
import * as runner from './runner.js';

/**
 * A plain log line, written so the runner cannot read a workflow command in it whatever values it holds (a file
 * name, a tag value, a command's output): runner.writeLine writes text as it is. Every plain log line of the actions
 * goes through here. Annotations, debug lines and group titles are commands runner.ts escapes itself.
 */
export function info(message: string): void {
  runner.writeLine(runnerSafe(message));
}

export const actionsLogger: Logger = {
  debug: (message) => runner.debug(message),
  info,
  warning: (message, location) => annotate(locatedAnnotation('warning', message, location)),
  error: (message, location) => annotate(locatedAnnotation('error', message, location)),
  group: (title, fn) => runner.group(title, fn),
};
