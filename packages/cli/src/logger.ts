/** The CLI's Logger: progress and findings on stderr, "file:line: level: message" like a compiler. */
import { formatLocation, type Logger, type SourceLocation } from '@mlgate/core';

export function consoleLogger(verbose: boolean): Logger {
  const write = (text: string) => process.stderr.write(`${text}\n`);
  const located = (level: string, message: string, location?: SourceLocation) =>
    write(location ? `${formatLocation(location)}: ${level}: ${message}` : `${level}: ${message}`);
  return {
    debug: (message) => verbose && write(message),
    info: (message) => write(message),
    warning: (message, location) => located('warning', message, location),
    error: (message, location) => located('error', message, location),
    group: async (title, fn) => {
      write(`— ${title}`);
      return fn();
    },
  };
}
