/** @actions/core behind the Logger interface, so domain code never imports the toolkit. */
import * as core from '@actions/core';
import { runnerSafe, type Logger } from '@mlgate/core';
import { annotate, locatedAnnotation } from './annotate.js';

/**
 * A plain log line, written so the runner cannot read a workflow command in it whatever values it holds (a file
 * name, a tag value, a command's output): core.info writes text as it is. Every plain log line of the actions goes
 * through here; eslint forbids core.info elsewhere. Annotations, debug lines and group titles are commands
 * @actions/core escapes itself.
 */
export function info(message: string): void {
  core.info(runnerSafe(message));
}

export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info,
  warning: (message, location) => annotate(locatedAnnotation('warning', message, location)),
  error: (message, location) => annotate(locatedAnnotation('error', message, location)),
  group: (title, fn) => core.group(title, fn),
};
