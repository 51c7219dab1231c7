/** What every router does: read the traffic split it owns, write one, and nothing else. */
import type { Logger } from '@mlgate/core';

/** The split the action controls: percent of live traffic served by the new version, percent mirrored to it. */
export interface TrafficSplit {
  /** 0–100: share of user requests answered by the new (canary) version. */
  weight: number;
  /** 0–100: share of user requests copied to the new version, whose answers are discarded (0 = off). */
  mirror: number;
}

export const STABLE: TrafficSplit = { weight: 0, mirror: 0 };

export interface RouterContext {
  logger: Logger;
  /** Cancels the operation (rollout cancelled or router-timeout). */
  signal?: AbortSignal;
}

export interface Router {
  /** e.g. "nginx include /etc/nginx/mlgate/model.conf (upstream model)". */
  readonly description: string;
  /** Whether this router can mirror traffic (shadow strategy). */
  readonly canMirror: boolean;
  /** Smallest weight difference the router can represent (read-back tolerance), in percentage points. */
  readonly resolution: number;
  read(context: RouterContext): Promise<TrafficSplit>;
  write(split: TrafficSplit, context: RouterContext): Promise<void>;
}

/**
 * A write was refused before anything took effect (nginx -t failed and the files were restored, HAProxy refused
 * the first command): the router still routes exactly as it did before the write.
 */
export class RouterUnchanged extends Error {
  override name = 'RouterUnchanged';
}

/**
 * Runs what a write does before it changes anything (reading the object, waiting for the endpoint): a failure there
 * leaves the router as it was.
 */
export async function beforeAnyChange<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RouterUnchanged(
      `${message} (router unchanged: failed while ${what}, before any change was sent)`,
    );
  }
}

/**
 * HTTP statuses with which an API refuses a request without applying it (bad request, unauthorised, forbidden,
 * not found, conflict, unsupported media type, invalid, throttled): the router is unchanged. A 5xx or a lost
 * connection may have been applied.
 */
export const REFUSED_UNAPPLIED = new Set([400, 401, 403, 404, 409, 415, 422, 429]);

/** The router's state after a write is not what was written: someone else owns it, or the write was lost. */
export class ReadBackMismatch extends Error {
  override name = 'ReadBackMismatch';
  constructor(
    readonly expected: TrafficSplit,
    readonly actual: TrafficSplit,
    router: string,
  ) {
    super(
      `${router}: read back weight ${formatSplit(actual)} after writing ${formatSplit(expected)}; the router's state does not match`,
    );
  }
}

export function formatSplit(split: TrafficSplit): string {
  return split.mirror > 0 ? `${split.weight}% (mirror ${split.mirror}%)` : `${split.weight}%`;
}

export function splitsMatch(a: TrafficSplit, b: TrafficSplit, tolerance: number): boolean {
  return Math.abs(a.weight - b.weight) <= tolerance && Math.abs(a.mirror - b.mirror) <= tolerance;
}

/** Writes a split, reads it back and throws ReadBackMismatch when they differ beyond the router's resolution. */
export async function applySplit(
  router: Router,
  split: TrafficSplit,
  context: RouterContext,
): Promise<TrafficSplit> {
  await router.write(split, context);
  const actual = await router.read(context);
  context.logger.info(`router read back: ${formatSplit(actual)}`);
  if (!splitsMatch(split, actual, router.resolution + 1e-9))
    throw new ReadBackMismatch(split, actual, router.description);
  return actual;
}

/** Integer weights for `stableCount` stable and `canaryCount` canary servers giving `weight` % to canary. */
export function serverWeights(
  weight: number,
  stableCount: number,
  canaryCount: number,
  scale = 10,
): { stable: number; canary: number } {
  // Per-server weights proportional to the side's share divided by its server count; scale keeps 0.5 % steps exact.
  let stable = Math.round((100 - weight) * scale) * canaryCount;
  let canary = Math.round(weight * scale) * stableCount;
  const divisor = gcd(stable, canary) || 1;
  stable /= divisor;
  canary /= divisor;
  return { stable, canary };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The canary share given per-server weights of both sides. */
export function shareFromWeights(stable: number[], canary: number[]): number {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const total = sum(stable) + sum(canary);
  return total === 0 ? 0 : (sum(canary) / total) * 100;
}
