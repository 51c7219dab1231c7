/** Errors that mean "the user must fix something", as opposed to bugs in mlgate. */

/** Where in a user's file a problem is: the runner turns it into an annotation. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** The field, input or metric the problem is about. */
  field?: string;
}

/**
 * A wrong input or configuration file (gates, contract): fix the workflow or the config. The hint says what was
 * probably meant ("did you mean "min"?"); describeError shows it after the message.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  constructor(
    message: string,
    readonly location?: SourceLocation,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Data the user handed us (results, datasets, reports) is malformed or inconsistent. */
export class InputDataError extends Error {
  override name = 'InputDataError';
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
  }
}

/** True for errors whose message is meant for the user as is (no stack trace needed). */
export function isUserError(error: unknown): error is ConfigurationError | InputDataError {
  return error instanceof ConfigurationError || error instanceof InputDataError;
}

/** "file:line:column (field)" for messages. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  if (location.field) text += ` (field "${location.field}")`;
  return text;
}

/** "unknown field "x"; did you mean "y"?", or "… got "x". Did you mean "y"?" after a full stop. */
function withHint(message: string, hint: string): string {
  return message.endsWith('.')
    ? `${message} ${hint[0].toUpperCase()}${hint.slice(1)}`
    : `${message}; ${hint}`;
}

/** A one-line, user-facing message for anything thrown, Error or not. */
export function describeError(error: unknown): string {
  if (isUserError(error)) {
    const where = formatLocation(error.location);
    const message =
      error instanceof ConfigurationError && error.hint ? withHint(error.message, error.hint) : error.message;
    return `${where ? `${where}: ` : ''}${message}`;
  }
  if (error instanceof Error) return error.message || error.name;
  try {
    return `Unexpected error: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
  } catch {
    return `Unexpected error: ${String(error)}`;
  }
}
