/** Findings with a place become the runner's annotations here, and only here. */
import type { Annotation, SourceLocation } from '@mlgate/core';
import * as runner from './runner.js';

/** A location (an error's, a log line's) as an annotation; `mlgate: <field>` titles it. */
export function locatedAnnotation(
  level: Annotation['level'],
  message: string,
  location: SourceLocation | undefined,
): Annotation {
  return {
    level,
    message,
    ...(location
      ? {
          file: location.file,
          line: location.line,
          column: location.line !== undefined ? location.column : undefined,
          title: location.field ? `mlgate: ${location.field}` : undefined,
        }
      : {}),
  };
}

/** Writes one annotation: the only place an action turns a finding into ::error/::warning/::notice. */
export function annotate(annotation: Annotation): void {
  const properties: runner.AnnotationProperties | undefined =
    annotation.file === undefined && annotation.title === undefined
      ? undefined
      : {
          file: annotation.file,
          startLine: annotation.line,
          startColumn: annotation.column,
          title: annotation.title,
        };
  if (annotation.level === 'error') runner.error(annotation.message, properties);
  else if (annotation.level === 'warning') runner.warning(annotation.message, properties);
  else runner.notice(annotation.message, properties);
}
