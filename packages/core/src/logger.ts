/** The logging surface domain code may use; the action adapts @actions/core to it, the CLI stderr. */
import type { SourceLocation } from './errors.js';

export interface Logger {
  debug: (message: string) => void;
  info: (message: string) => void;
  /** A finding or problem; `location` makes it an annotation on the file and line in the runner. */
  warning: (message: string, location?: SourceLocation) => void;
  error: (message: string, location?: SourceLocation) => void;
  /** Runs `fn` inside a collapsible log group. */
  group: <T>(title: string, fn: () => Promise<T>) => Promise<T>;
}

/** A logger that records everything, for tests and for code that wants to collect findings. */
export class MemoryLogger implements Logger {
  readonly lines: {
    level: 'debug' | 'info' | 'warning' | 'error';
    message: string;
    location?: SourceLocation;
  }[] = [];
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string, location?: SourceLocation): void {
    this.lines.push({ level: 'warning', message, location });
  }
  error(message: string, location?: SourceLocation): void {
    this.lines.push({ level: 'error', message, location });
  }
  async group<T>(_title: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}

/** Discards everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
  group: (_title, fn) => fn(),
};
