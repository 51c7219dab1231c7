/** @actions/core behind the Logger interface, so domain code never imports the toolkit. */
import * as core from '@actions/core';
import type { Logger, SourceLocation } from '@mlgate/core';

function annotation(location: SourceLocation | undefined): core.AnnotationProperties | undefined {
  if (!location) return undefined;
  return {
    file: location.file,
    startLine: location.line,
    startColumn: location.line !== undefined ? location.column : undefined,
    title: location.field ? `mlgate: ${location.field}` : undefined,
  };
}

export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, location) => core.warning(message, annotation(location)),
  error: (message, location) => core.error(message, annotation(location)),
  group: (title, fn) => core.group(title, fn),
};
