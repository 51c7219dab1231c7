/**
 * A small HTTP "model" for router tests: answers /predict with the version that answered, with injectable
 * errors, latency and wrong answers, and exposes Prometheus metrics labelled with its version.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the model does wrong; every field can be changed while it serves. */
export interface ModelBehaviour {
  /** Share of /predict requests answered with HTTP 500 (0–1). */
  errorRate: number;
  /** Milliseconds added before every /predict answer. */
  latencyMs: number;
  /** Share of successful answers whose label is the wrong one (0–1). */
  wrongAnswerRate: number;
}

export interface ModelServerOptions extends Partial<ModelBehaviour> {
  /** The `version` label on every metric and in every answer: "stable" or "canary". */
  version: string;
  /** Seed of the random draws for errors and wrong answers, so a run is repeatable. */
  seed?: number;
  /**
   * Create a status code's series at its first request, as Prometheus client libraries do: without a failure the
   * `code="500"` series does not exist, and a query dividing by it returns nothing. Default: both codes at 0.
   */
  lazySeries?: boolean;
}

export interface ModelServerCounts {
  /** /predict requests by HTTP status, mirrored ones included. */
  byStatus: Record<number, number>;
  /** /predict requests that arrived through a mirror (they carry MIRROR_HEADER). */
  mirrored: number;
  wrongAnswers: number;
  total: number;
}

export interface ModelServer {
  version: string;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** host:port, for router configs and Prometheus targets. */
  address: string;
  behaviour(): ModelBehaviour;
  setBehaviour(change: Partial<ModelBehaviour>): void;
  counts(): ModelServerCounts;
  close(): Promise<void>;
}

/** The answer body of /predict. */
export interface Prediction {
  version: string;
  label: 'positive' | 'negative';
  mirrored: boolean;
}

/** Routers in these tests add this header to mirrored copies so the model can count them apart. */
export const MIRROR_HEADER = 'x-mlgate-mirror';

/** The latency histogram's bucket bounds in seconds (Prometheus' default buckets). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Mulberry32: a tiny seeded generator, enough for drawing errors at a given rate. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The right answer for a text: the model is a toy sentiment classifier. */
export function correctLabel(text: string): Prediction['label'] {
  return /good|great|love/i.test(text) ? 'positive' : 'negative';
}

function validateBehaviour(behaviour: ModelBehaviour): void {
  for (const field of ['errorRate', 'wrongAnswerRate'] as const)
    if (!(behaviour[field] >= 0 && behaviour[field] <= 1))
      throw new RangeError(`${field} must be within 0..1, got ${behaviour[field]}`);
  if (!(behaviour.latencyMs >= 0)) throw new RangeError(`latencyMs must be ≥ 0, got ${behaviour.latencyMs}`);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const { version } = options;
  let behaviour: ModelBehaviour = {
    errorRate: options.errorRate ?? 0,
    latencyMs: options.latencyMs ?? 0,
    wrongAnswerRate: options.wrongAnswerRate ?? 0,
  };
  validateBehaviour(behaviour);
  const random = seededRandom(options.seed ?? (version === 'canary' ? 2 : 1));

  // Counters start at zero for both codes so PromQL ratios see 0 (or NaN without traffic), never "no series".
  const byStatus = new Map<number, number>(
    options.lazySeries
      ? []
      : [
          [200, 0],
          [500, 0],
        ],
  );
  const bucketCounts = new Array<number>(BUCKETS.length).fill(0);
  let durationSum = 0;
  let durationCount = 0;
  let mirrored = 0;
  let wrongAnswers = 0;

  const observe = (status: number, seconds: number) => {
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    durationSum += seconds;
    durationCount++;
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) bucketCounts[i]++;
    });
  };

  const metricsText = () => {
    const v = `version="${version}"`;
    const lines = [
      '# HELP model_requests_total Prediction requests by HTTP status code, mirrored ones included.',
      '# TYPE model_requests_total counter',
      ...[...byStatus].map(([code, n]) => `model_requests_total{${v},code="${code}"} ${n}`),
      '# HELP model_request_duration_seconds Time to answer a prediction request.',
      '# TYPE model_request_duration_seconds histogram',
      ...BUCKETS.map(
        (bound, i) => `model_request_duration_seconds_bucket{${v},le="${bound}"} ${bucketCounts[i]}`,
      ),
      `model_request_duration_seconds_bucket{${v},le="+Inf"} ${durationCount}`,
      `model_request_duration_seconds_sum{${v}} ${durationSum}`,
      `model_request_duration_seconds_count{${v}} ${durationCount}`,
      '# HELP model_wrong_answers_total Successful answers whose label was wrong.',
      '# TYPE model_wrong_answers_total counter',
      `model_wrong_answers_total{${v}} ${wrongAnswers}`,
      '# HELP model_mirrored_requests_total Prediction requests that were mirrored copies of live traffic.',
      '# TYPE model_mirrored_requests_total counter',
      `model_mirrored_requests_total{${v}} ${mirrored}`,
    ];
    return lines.join('\n') + '\n';
  };

  const predict = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const started = process.hrtime.bigint();
    let text = url.searchParams.get('text') ?? '';
    if (request.method === 'POST') {
      const body = await readBody(request);
      try {
        const parsed = JSON.parse(body || '{}') as { text?: unknown };
        if (typeof parsed.text === 'string') text = parsed.text;
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ version, error: 'body is not JSON' }));
        return;
      }
    }
    const isMirror = request.headers[MIRROR_HEADER] !== undefined;
    if (isMirror) mirrored++;
    if (behaviour.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs));
    const fail = random() < behaviour.errorRate;
    const wrong = !fail && random() < behaviour.wrongAnswerRate;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (fail) {
      observe(500, seconds);
      response.writeHead(500, { 'content-type': 'application/json', 'x-model-version': version });
      response.end(JSON.stringify({ version, error: 'injected failure' }));
      return;
    }
    if (wrong) wrongAnswers++;
    observe(200, seconds);
    const right = correctLabel(text);
    const prediction: Prediction = {
      version,
      label: wrong ? (right === 'positive' ? 'negative' : 'positive') : right,
      mirrored: isMirror,
    };
    response.writeHead(200, { 'content-type': 'application/json', 'x-model-version': version });
    response.end(JSON.stringify(prediction));
  };

  const admin = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'PUT' || request.method === 'POST') {
      try {
        const change = JSON.parse(await readBody(request)) as Partial<ModelBehaviour>;
        const next = { ...behaviour, ...change };
        validateBehaviour(next);
        behaviour = next;
      } catch (error) {
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end(String(error));
        return;
      }
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(behaviour));
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://model');
    const route =
      url.pathname === '/predict'
        ? predict(request, response, url)
        : url.pathname === '/metrics'
          ? Promise.resolve(
              response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsText()),
            )
          : url.pathname === '/admin/behaviour'
            ? admin(request, response)
            : url.pathname === '/healthz'
              ? Promise.resolve(response.writeHead(200).end('ok\n'))
              : url.pathname === '/metrics.json'
                ? // A JSON health endpoint for http-provider checks: the configured error rate, and ready unless
                  // every request fails.
                  Promise.resolve(
                    response.writeHead(200, { 'content-type': 'application/json' }).end(
                      JSON.stringify({
                        error_rate: behaviour.errorRate,
                        ready: behaviour.errorRate < 1 ? 1 : 0,
                      }),
                    ),
                  )
                : Promise.resolve(response.writeHead(404).end('not found\n'));
    route.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    version,
    port,
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    behaviour: () => ({ ...behaviour }),
    setBehaviour(change) {
      const next = { ...behaviour, ...change };
      validateBehaviour(next);
      behaviour = next;
    },
    counts: () => ({
      byStatus: Object.fromEntries(byStatus),
      mirrored,
      wrongAnswers,
      total: durationCount,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
