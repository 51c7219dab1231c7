/**
 * What every canary scenario shares: what a test started (routers, load, weight watches, action processes) is
 * stopped after it, even when it failed half-way, and a failing test's message ends with the log of every action
 * it ran.
 */
import { it } from '@jest/globals';
import type { FinishedAction, RunningAction } from './action-process.js';
import { startLoad } from './load.js';
import type { Load, LoadOptions } from './load.js';
import { watchWeights } from './weights.js';
import type { WeightWatch } from './weights.js';

export interface CanaryHarness {
  /** Registers something to stop after the current test (last registered, first stopped). */
  onCleanup: (cleanup: () => Promise<unknown>) => void;
  /** For afterEach: stops everything the test started. */
  cleanup: () => Promise<void>;
  /** An action of the current test: killed after it, and its log added to a failure message. */
  track: (action: RunningAction) => void;
  load: (url: string) => Load;
  watch: (read: () => Promise<number | undefined>) => WeightWatch;
  /** `it` whose failure message carries the log of every action the test ran. */
  scenario: (name: string, test: () => Promise<void>, timeoutMs?: number) => void;
}

export function canaryHarness(loadOptions: Omit<LoadOptions, 'url'>): CanaryHarness {
  let cleanups: (() => Promise<unknown>)[] = [];
  let runs: RunningAction[] = [];
  const onCleanup = (cleanup: () => Promise<unknown>) => {
    cleanups.push(cleanup);
  };
  return {
    onCleanup,
    async cleanup() {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      cleanups = [];
    },
    track(action) {
      runs.push(action);
      onCleanup(async () => {
        // A test that failed before the action ended must not leave it running.
        action.signal('SIGKILL');
        await action.done.catch(() => undefined);
      });
    },
    load(url) {
      const running = startLoad({ url, ...loadOptions });
      onCleanup(() => running.stop());
      return running;
    },
    watch(read) {
      const watcher = watchWeights(read);
      onCleanup(() => watcher.stop());
      return watcher;
    },
    scenario(name, test, timeoutMs = 60_000) {
      it(
        name,
        async () => {
          runs = [];
          try {
            await test();
          } catch (error) {
            if (error instanceof Error)
              for (const action of runs) {
                // An action still running (the test failed before it ended) is shown as far as it got.
                const run: FinishedAction | undefined = await Promise.race([
                  action.done,
                  new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100)),
                ]);
                error.message += run
                  ? `\n\n--- action exit ${run.exitCode} (${run.signal ?? 'no signal'}), outputs ${JSON.stringify(run.outputs)}` +
                    `\n--- stdout\n${run.stdout.slice(-6000)}\n--- stderr\n${run.stderr.slice(-3000)}`
                  : `\n\n--- action still running; stdout so far\n${action.stdout().slice(-6000)}`;
              }
            throw error;
          }
        },
        timeoutMs,
      );
    },
  };
}
