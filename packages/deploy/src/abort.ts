/** Waiting that stops at once when the rollout is cancelled (SIGINT, SIGTERM), timed out or failed elsewhere. */
import type { Logger } from '@mlgate/core';

/** Why a rollout's signal was aborted; the rollout turns it into its final state. */
export class RolloutInterrupted extends Error {
  override name = 'RolloutInterrupted';
  constructor(
    readonly kind: 'cancelled' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** Throws the signal's reason as an Error (AbortSignal reasons may be anything). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  throw reason instanceof Error ? reason : new RolloutInterrupted('cancelled', String(reason));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(toError(signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(toError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new RolloutInterrupted('cancelled', String(reason));
}

/** A signal aborted by either `parent` or after `ms` (with a message naming `what`). */
export function withTimeout(
  parent: AbortSignal | undefined,
  ms: number,
  what: string,
): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`${what} did not finish within ${Math.round(ms / 100) / 10}s`)),
    ms,
  );
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Runs `body` with SIGINT and SIGTERM aborting the signal it is given: the runner cancels with SIGINT, then SIGTERM
 * 7.5 s later, and both stop the current wait and roll back (Ctrl-C on the command line does the same).
 */
export async function cancelOnSignals<T>(
  logger: Logger,
  body: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancel.signal.aborted) {
      logger.warning(`received ${signal} again; still rolling back to stable`);
      return;
    }
    logger.warning(`received ${signal}: stopping the rollout and rolling back to stable`);
    cancel.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await body(cancel.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
