/**
 * Follows a router's canary weight over time while an action drives it, and measures the real traffic split
 * the load generator saw during each weight's stretch.
 */
import { readFile } from 'node:fs/promises';
import { checkShare, measureSplit } from './load.js';
import type { LoadSample } from './load.js';

export interface WeightChange {
  /** When the watcher first saw this weight (epoch ms). */
  at: number;
  /** Percentage of traffic the router is configured to send to the canary. */
  canaryPercent: number;
}

export interface WeightWatch {
  /** Weights seen so far, one entry per change. */
  timeline: WeightChange[];
  stop(): Promise<WeightChange[]>;
}

/** Polls `read` (the router's current canary percentage, undefined when unreadable) and records changes. */
export function watchWeights(read: () => Promise<number | undefined>, intervalMs = 50): WeightWatch {
  const timeline: WeightChange[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      const canaryPercent = await read().catch(() => undefined);
      if (canaryPercent !== undefined && timeline.at(-1)?.canaryPercent !== canaryPercent)
        timeline.push({ at, canaryPercent });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    timeline,
    async stop() {
      stopped = true;
      await loop;
      return timeline;
    },
  };
}

/**
 * The canary percentage the `upstream <name>` block of an nginx routes file configures: its
 * `server host:port weight=N` lines (a server without weight= counts 1, a `down` one 0).
 */
export function nginxCanaryPercent(
  routes: string,
  stable: string[],
  canary: string[],
  upstream = 'model',
): number | undefined {
  const uncommented = routes.replace(/#.*$/gm, '');
  const body = new RegExp(`\\bupstream\\s+${upstream}\\s*\\{([^}]*)\\}`).exec(uncommented)?.[1];
  if (body === undefined) return undefined;
  let stableWeight = 0;
  let canaryWeight = 0;
  for (const match of body.matchAll(/\bserver\s+([^\s;]+)([^;]*);/g)) {
    const options = match[2];
    const weight = /\bdown\b/.test(options) ? 0 : Number(/\bweight=(\d+)/.exec(options)?.[1] ?? 1);
    if (stable.includes(match[1])) stableWeight += weight;
    else if (canary.includes(match[1])) canaryWeight += weight;
  }
  return stableWeight + canaryWeight > 0 ? (100 * canaryWeight) / (stableWeight + canaryWeight) : undefined;
}

/** Reads an nginx routes file and returns its canary percentage (for watchWeights). */
export const readNginxCanaryPercent = (file: string, stable: string[], canary: string[]) => async () =>
  nginxCanaryPercent(await readFile(file, 'utf8'), stable, canary);

/** The canary percentage of haproxy servers' weights. */
export function haproxyCanaryPercent(
  weights: Record<string, number>,
  stable: string[],
  canary: string[],
): number | undefined {
  const sum = (names: string[]) => names.reduce((total, name) => total + (weights[name] ?? 0), 0);
  const total = sum(stable) + sum(canary);
  return total > 0 ? (100 * sum(canary)) / total : undefined;
}

export interface StepSplit {
  canaryPercent: number;
  from: number;
  to: number;
  /** Successful answers measured in the stretch. */
  total: number;
  /** Observed share of canary answers (0–1). */
  canaryShare: number;
  ok: boolean;
  message: string;
}

/**
 * The observed split during every stretch of the timeline, leaving out `settleMs` after each change (nginx
 * needs a moment to reload after the file is written) and `guardMs` before the next one (the watcher polls,
 * so it sees a change a little after the router applied it).
 */
export function splitPerStep(
  timeline: WeightChange[],
  samples: LoadSample[],
  { settleMs = 400, guardMs = 250, end = Date.now(), canaryVersion = 'canary', sigmas = 4 } = {},
): StepSplit[] {
  return timeline.map((change, i) => {
    const from = change.at + settleMs;
    const to = i + 1 < timeline.length ? timeline[i + 1].at - guardMs : end;
    const split = measureSplit(samples, from, to);
    const canaryShare = split.share(canaryVersion);
    const check = checkShare(canaryShare, change.canaryPercent / 100, split.total, sigmas);
    return { canaryPercent: change.canaryPercent, from, to, total: split.total, canaryShare, ...check };
  });
}
