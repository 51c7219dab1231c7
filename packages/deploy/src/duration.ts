/** canary-deploy's durations (inputs and config files): 500ms, 30s, 5m, 1h, or a number alone, which is seconds. */
import { parseDuration, type SourceLocation } from '@mlgate/core';

/** Whole milliseconds; `what` names the value as messages say it (`Input "bake-time"`, `"router.reload-wait"`). */
export function parseDeployDuration(what: string, raw: string | number, location?: SourceLocation): number {
  return parseDuration(what, raw, { bareUnit: 's', examples: '500ms, 30s, 5m or 1h', location });
}
