/**
 * The one duration parser: a number and a unit (ms, s, m, h, d, w) as users write them in inputs and config files.
 * What a bare number means is the caller's documented rule for that input (seconds for canary-deploy's times, days
 * for baseline-max-age); an input without such a rule requires a unit.
 */
import { ConfigurationError, type SourceLocation } from './errors.js';

export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

const UNIT_MS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const UNIT_NAMES: Record<DurationUnit, string> = {
  ms: 'milliseconds',
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
};

export interface DurationRule {
  /** The documented unit of a bare number (and of a YAML number); without one a unit is required. */
  bareUnit?: DurationUnit;
  /** Refuse 0 (a maximum age of 0 would call everything stale). */
  positive?: boolean;
  /** Examples for the error message, e.g. "500ms, 30s, 5m or 1h". */
  examples: string;
  location?: SourceLocation;
}

/**
 * Whole milliseconds from "500ms", "1.5s", "5m", "36h", "14d", "2w" (units in any case, space allowed before the
 * unit), or a bare number in the rule's `bareUnit`. `what` names the value as messages say it: `Input "bake-time"`,
 * `"router.reload-wait"`.
 */
export function parseDuration(what: string, raw: string | number, rule: DurationRule): number {
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  // A YAML number is a bare number: it takes the bare unit like "30" does.
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/i.exec(text);
  const unit = (match?.[2]?.toLowerCase() ?? rule.bareUnit) as DurationUnit | undefined;
  const ms = match && unit ? Number(match[1]) * UNIT_MS[unit] : NaN;
  if (Number.isFinite(ms) && (rule.positive ? ms > 0 : ms >= 0)) return Math.round(ms);
  const bare = rule.bareUnit
    ? `; a number alone is ${UNIT_NAMES[rule.bareUnit]}`
    : '; give the unit (ms, s, m, h, d or w)';
  throw new ConfigurationError(
    `${what} must be a ${rule.positive ? 'positive ' : ''}duration such as ${rule.examples}${bare}; got "${text}".`,
    rule.location,
  );
}

/** A duration for logs in the largest unit that reads naturally: "500ms", "1.5s", "5m", "1h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))}m`;
  return `${Number((ms / 3_600_000).toFixed(1))}h`;
}
