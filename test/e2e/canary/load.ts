/**
 * A bounded load generator: a fixed number of concurrent clients, a rate cap, a stop signal or a duration.
 * It records who answered every request so a test can measure the real traffic split behind a router.
 */
import { request as httpRequest, Agent } from 'node:http';

export interface LoadSample {
  /** Milliseconds since the Unix epoch when the request was sent and when its answer (or error) arrived. */
  sentAt: number;
  doneAt: number;
  /** HTTP status, or 0 when the connection failed. */
  status: number;
  /** The `version` field of the answer body, or the x-model-version header of an error answer. */
  version?: string;
  label?: string;
  error?: string;
}

export interface LoadOptions {
  /** The router's /predict URL. */
  url: string;
  /** Concurrent clients (default 4). */
  concurrency?: number;
  /** Upper bound on requests per second over all clients (default 200). */
  ratePerSecond?: number;
  /** Stop after this many milliseconds (default: only on stop() or signal). */
  durationMs?: number;
  signal?: AbortSignal;
  /** Per-request timeout in milliseconds (default 2000). */
  timeoutMs?: number;
}

export interface Load {
  /** Every answer so far, in completion order (the array grows while the load runs). */
  samples: LoadSample[];
  /** Stops sending and resolves when every request in flight has finished. */
  stop(): Promise<LoadSample[]>;
  /** Resolves when the load ends by itself (duration or signal). */
  finished: Promise<LoadSample[]>;
}

const TEXTS = ['I love this product', 'this is terrible', 'great service', 'it broke after a day'];

function sendOne(url: URL, agent: Agent, index: number, timeoutMs: number): Promise<LoadSample> {
  const sentAt = Date.now();
  const body = JSON.stringify({ text: TEXTS[index % TEXTS.length] });
  return new Promise((resolve) => {
    const finish = (sample: Omit<LoadSample, 'sentAt' | 'doneAt'>) =>
      resolve({ sentAt, doneAt: Date.now(), ...sample });
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => finish({ status: 0, error: error.message }));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          let version = response.headers['x-model-version'] as string | undefined;
          let label: string | undefined;
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              version?: string;
              label?: string;
            };
            version = parsed.version ?? version;
            label = parsed.label;
          } catch {
            // An answer from the router itself (502 page and the like) names no version.
          }
          finish({ status, version, label });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => finish({ status: 0, error: error.message }));
    request.end(body);
  });
}

export function startLoad(options: LoadOptions): Load {
  const url = new URL(options.url);
  const concurrency = options.concurrency ?? 4;
  const ratePerSecond = options.ratePerSecond ?? 200;
  const timeoutMs = options.timeoutMs ?? 2000;
  // No keep-alive: a reloading nginx closes idle connections of its old workers, which would show as errors.
  const agent = new Agent({ keepAlive: false, maxSockets: concurrency });
  const samples: LoadSample[] = [];
  const startedAt = Date.now();
  let stopped = false;
  let sent = 0;

  const stopTimer =
    options.durationMs === undefined ? undefined : setTimeout(() => (stopped = true), options.durationMs);
  const onAbort = () => (stopped = true);
  options.signal?.addEventListener('abort', onAbort);

  // Each client sends, waits for the answer, then waits for its slot under the rate cap.
  const client = async () => {
    while (!stopped) {
      const index = sent++;
      const slot = startedAt + (index * 1000) / ratePerSecond;
      const wait = slot - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped) break;
      samples.push(await sendOne(url, agent, index, timeoutMs));
    }
  };
  const finished = Promise.all(Array.from({ length: concurrency }, client)).then(() => {
    if (stopTimer) clearTimeout(stopTimer);
    options.signal?.removeEventListener('abort', onAbort);
    agent.destroy();
    return samples;
  });
  return {
    samples,
    finished,
    stop() {
      stopped = true;
      return finished;
    },
  };
}

/** Runs a load for a fixed time and returns its samples. */
export function runLoad(options: LoadOptions & { durationMs: number }): Promise<LoadSample[]> {
  return startLoad(options).finished;
}

export interface Split {
  /** Successful answers counted. */
  total: number;
  byVersion: Record<string, number>;
  /** Share of answers from `version` among successful answers. */
  share(version: string): number;
}

/** Who answered the successful requests sent within [from, to) (epoch ms; defaults: everything). */
export function measureSplit(samples: LoadSample[], from = -Infinity, to = Infinity): Split {
  const byVersion: Record<string, number> = {};
  let total = 0;
  for (const sample of samples) {
    if (sample.sentAt < from || sample.doneAt >= to || sample.status !== 200 || !sample.version) continue;
    byVersion[sample.version] = (byVersion[sample.version] ?? 0) + 1;
    total++;
  }
  return { total, byVersion, share: (version) => (total === 0 ? NaN : (byVersion[version] ?? 0) / total) };
}

/**
 * Half-width of the band an observed share of n Bernoulli(p) draws falls in with `sigmas` standard
 * deviations (normal approximation to the binomial), plus half a count for the discreteness at small n.
 */
export function binomialTolerance(p: number, n: number, sigmas = 4): number {
  return sigmas * Math.sqrt((p * (1 - p)) / n) + 0.5 / n;
}

/** Whether an observed share is within the binomial tolerance of the expected one; the message says why not. */
export function checkShare(
  observed: number,
  expected: number,
  n: number,
  sigmas = 4,
): { ok: boolean; message: string } {
  const tolerance = binomialTolerance(expected, n, sigmas);
  const ok = n > 0 && Math.abs(observed - expected) <= tolerance;
  return {
    ok,
    message: `observed ${(observed * 100).toFixed(1)}% of ${n}, expected ${(expected * 100).toFixed(1)}% ± ${(
      tolerance * 100
    ).toFixed(1)}%`,
  };
}
