/** The CLI's Logger: progress and findings on stderr, "file:line: level: message" like a compiler. */
import { formatLocation, runnerSafe, type Logger, type SourceLocation } from '@mlgate/core';

/** --verbose adds debug messages; --quiet leaves only errors (the result line is the command's own, on stdout). */
export interface Verbosity {
  verbose?: boolean;
  quiet?: boolean;
}

/** Takes a command's flags (or, as before, whether --verbose was given). */
export function consoleLogger(verbosity: Verbosity | boolean): Logger {
  const { verbose = false, quiet = false } =
    typeof verbosity === 'boolean' ? { verbose: verbosity } : verbosity;
  // A `run:` step's runner reads commands on stderr too: every line runner-safe.
  const write = (text: string) => process.stderr.write(`${runnerSafe(text)}\n`);
  const located = (level: string, message: string, location?: SourceLocation) =>
    write(location ? `${formatLocation(location)}: ${level}: ${message}` : `${level}: ${message}`);
  return {
    debug: (message) => verbose && write(message),
    info: (message) => !quiet && write(message),
    warning: (message, location) => !quiet && located('warning', message, location),
    error: (message, location) => located('error', message, location),
    group: async (title, fn) => {
      if (!quiet) write(`— ${title}`);
      return fn();
    },
  };
}
