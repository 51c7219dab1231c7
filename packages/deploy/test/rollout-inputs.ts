/** The rollout inputs the rollout tests start from: three canary steps, 1 ms bakes, short limits. */
import type { RolloutOptions } from '../src/rollout.js';

export function rolloutInputs(overrides: Partial<RolloutOptions['inputs']> = {}): RolloutOptions['inputs'] {
  return {
    action: 'rollout',
    strategy: 'canary',
    router: 'command',
    steps: [10, 50, 100],
    bakeMs: 1,
    shadowPercent: 20,
    shadowThenCanary: false,
    versions: { stable: 'v1', canary: 'v2' },
    failureLimit: 0,
    consecutiveErrorLimit: 2,
    inconclusivePolicy: 'pause',
    inconclusiveLimit: 2,
    inconclusiveFallback: 'rollback',
    timeoutMs: 60_000,
    routerTimeoutMs: 5_000,
    ...overrides,
  };
}
