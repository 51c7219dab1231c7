/** Durations as users write them in inputs and config files: 500ms, 30s, 5m, 1h, or plain seconds. */
import { ConfigurationError, type SourceLocation } from '@mlgate/core';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds from "500ms", "1.5s", "5m", "1h" or a number of seconds. */
export function parseDuration(name: string, raw: string | number, location?: SourceLocation): number {
  if (typeof raw === 'number') {
    if (Number.isFinite(raw) && raw >= 0) return Math.round(raw * 1000);
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(raw);
    if (match) return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']);
  }
  throw new ConfigurationError(
    `"${name}" must be a duration such as 500ms, 30s, 5m or 1h; got "${String(raw)}".`,
    location,
  );
}

/** "1.5s", "2m30s"-free short form for logs: the largest unit that reads naturally. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))}m`;
  return `${Number((ms / 3_600_000).toFixed(1))}h`;
}
