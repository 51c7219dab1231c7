/**
 * The octokit every mlgate action uses: @actions/github's client with the retry plugin (5xx, network errors) and
 * the throttling plugin (GitHub's request pacing, primary and secondary rate limits), logging through a Logger.
 */
import { getOctokit } from '@actions/github';
import type { Logger } from '@mlgate/core';
import type { Octokit as OctokitCore } from '@octokit/core';
import type { OctokitPlugin } from '@octokit/core/types';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type Octokit = ReturnType<typeof getOctokit>;
/** A request as hooks and the throttling plugin see it: the route, its parameters and the defaults. */
type RequestOptions = Parameters<OctokitCore['request']['endpoint']['parse']>[0];

export interface CreateOctokitOptions {
  token: string;
  /** REST API root. Default: GITHUB_API_URL (set by the runner, also on GHES), else https://api.github.com. */
  baseUrl?: string;
  logger: Logger;
  /** Retries per request, for 5xx answers and for rate limits alike. Default 3. */
  retries?: number;
  /** Milliseconds per unit of wait: the retry plugin waits (n+1)² units, a rate limit `retry-after` units. Default 1000. */
  retryAfterBaseValue?: number;
}

/** Not retried by the retry plugin: client errors are final, and 429 belongs to the throttling plugin (retry-after). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/** A primary rate limit can reset an hour away: failing with a clear message beats a CI job stalled that long. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 10 * 60;

/** Each instance paces its own writes: the throttling plugin keys its 1-per-second write queue by this id. */
let instances = 0;

export function createOctokit(options: CreateOctokitOptions): Octokit {
  const { token, logger } = options;
  const retries = options.retries ?? 3;
  const retryAfterBaseValue = options.retryAfterBaseValue ?? 1000;
  const baseUrl = options.baseUrl ?? (process.env.GITHUB_API_URL || 'https://api.github.com');

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: RequestOptions, octokit: OctokitCore, retryCount: number) => {
      const what = `GitHub ${kind} for ${describeRequest(octokit, request)}`;
      if (retryCount >= retries) {
        logger.warning(`${what}; giving up after ${retries} ${retries === 1 ? 'retry' : 'retries'}.`);
        return false;
      }
      if (retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS) {
        logger.warning(`${what}; it resets in ${retryAfter} s, longer than mlgate waits: giving up.`);
        return false;
      }
      logger.warning(
        `${what}; retrying in ${formatWait(retryAfter * retryAfterBaseValue)} (retry ${retryCount + 1} of ${retries}).`,
      );
      return true;
    };

  return getOctokit(
    token,
    {
      baseUrl,
      log: {
        debug: (message: string) => logger.debug(String(message)),
        info: (message: string) => logger.debug(String(message)),
        warn: (message: string) => logger.warning(String(message)),
        error: (message: string) => logger.error(String(message)),
      },
      retry: { retries, retryAfterBaseValue, doNotRetry: DO_NOT_RETRY },
      throttle: {
        id: `mlgate-${++instances}`,
        retryAfterBaseValue,
        onRateLimit: onLimit('rate limit reached'),
        onSecondaryRateLimit: onLimit('secondary rate limit reached'),
      },
    },
    // Order matters: the logger sits inside the retry plugin so it sees every failed attempt; throttling is outermost.
    logServerErrorRetries(logger, retries, retryAfterBaseValue),
    retry,
    throttling,
  );
}

/** The retry plugin has no callback, so this hook logs each retry it is about to make (same rule, same backoff). */
function logServerErrorRetries(logger: Logger, retries: number, retryAfterBaseValue: number): OctokitPlugin {
  return (octokit) => {
    octokit.hook.error('request', (error, options) => {
      const status = (error as { status?: unknown }).status;
      const attempt = Number((options.request as { retryCount?: number } | undefined)?.retryCount ?? 0);
      if (
        typeof status === 'number' &&
        status >= 400 &&
        !DO_NOT_RETRY.includes(status) &&
        attempt < retries
      ) {
        const wait = (attempt + 1) ** 2 * retryAfterBaseValue;
        const request = describeRequest(octokit, options);
        // @octokit/request turns a failed fetch (no response) into a 500.
        const what = (error as { response?: unknown }).response
          ? `GitHub answered ${status} to ${request}`
          : `${request} failed (${error.message})`;
        logger.warning(`${what}; retrying in ${formatWait(wait)} (retry ${attempt + 1} of ${retries}).`);
      }
      throw error;
    });
    return {};
  };
}

/** "GET /repos/acme/app/issues/7/comments?per_page=100": the request as sent, without the API root. */
function describeRequest(octokit: OctokitCore, options: RequestOptions): string {
  try {
    const { method, url } = octokit.request.endpoint.parse(options);
    const parsed = new URL(url);
    return `${method} ${parsed.pathname}${parsed.search}`;
  } catch {
    return `${options.method} ${options.url}`;
  }
}

function formatWait(milliseconds: number): string {
  return milliseconds >= 1000 ? `${Math.round(milliseconds / 100) / 10} s` : `${Math.round(milliseconds)} ms`;
}
