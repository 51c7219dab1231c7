/**
 * The bootstraps left after the analytic intervals (intervals.ts), drawn on two threads when that pays: the main
 * thread and one resample thread take chunks (RESAMPLE_CHUNK resamples, each from its own seeded stream) from one
 * shared counter and write their values into shared memory, so every interval is the same whichever thread drew
 * which chunk. The thread cannot share the suite's closures: it rebuilds the suite from the cases' plain values
 * (only the fields the suite reads), rebuilds the same bootstraps, and checks them by redrawing each bootstrap's
 * first resample, which the main thread drew first, bit for bit.
 *
 * Resample threads start from their own small bundle, dist/<name>/resample-thread/index.js
 * (src/resample-thread.ts), which a bundle's entry registers with `registerResampleWorker(import.meta.url)`.
 * Without it (the library used on its own, tests of the sources) everything runs on the main thread.
 *
 * When (MLGATE_RESAMPLE_THREAD unset or `auto`): the main thread first draws chunks 0 and 1 of every bootstrap,
 * timing chunk 1's CPU time (chunk 0 warms the code up); a thread starts when the rest would cost more than
 * THREAD_PAYS_MS plus THREAD_MS_PER_CASE per case (see `threadPays`) and a core is idle (`idleCore`: the load
 * average of the last minute below the cores less one half). `on` starts one whenever anything is left to resample and
 * waits for it to be ready before drawing on (tests, benchmarks); `off` never starts one. The threads change no
 * value of the report, only the time taken.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Logger } from '@mlgate/core';
import type { EvalCase } from './cases.js';
import {
  finishIntervals,
  planIntervals,
  resampleJobs,
  type IntervalPlan,
  type ResampleJob,
} from './intervals.js';
import type { MethodInterval } from './statistics/analytic.js';
import { RESAMPLE_CHUNK } from './statistics/bootstrap.js';
import { MetricSuite, type SuiteSpec } from './suite.js';

/** Where the resample-thread bundle sits, relative to the bundle that starts it (see scripts/bundle.mjs). */
const RESAMPLE_THREAD_BUNDLE = 'resample-thread/index.js';
/** Marks a worker started as a resample thread (workerData key). */
const RESAMPLE_THREAD = 'mlgateResampleThread';

/**
 * A thread pays when the resampling left after the first chunks would cost the main thread alone more than this
 * plus THREAD_MS_PER_CASE per case, in CPU time. Measured in the bundle (bench/README.md, "The resample thread"):
 * the thread's bundle starts in ~40–70 ms, the cases are handed over and the suite rebuilt (cold code) in ~100 ms
 * at 5,000 cases and ~5 s at a million, and its first chunks run before its JIT has warmed up; about twice that is
 * asked for, so the thread's share of the work (half of what is left once it draws) outweighs the CPU it costs.
 */
const THREAD_PAYS_MS = 200;
const THREAD_MS_PER_CASE = 0.02;
/** How long the main thread waits for a chunk the thread is drawing before drawing it itself: × that chunk's time. */
const WAIT_FOR_CHUNK = 3;

/** Atomics.waitAsync (ES2024; Node ≥ 16), typed here because the project's lib is ES2022. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      this: void,
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/** `on`: the longest the main thread waits for the thread to start before drawing alone. */
const READY_WAIT_MS = 5_000;

let entry: URL | undefined;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Called by a bundle's entry with its own URL: resample threads start from the resample-thread bundle beside it. */
export function registerResampleWorker(bundleUrl: string | URL): void {
  const url = new URL(RESAMPLE_THREAD_BUNDLE, bundleUrl);
  entry = url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

type ThreadMode = 'auto' | 'on' | 'off';

function threadMode(): ThreadMode {
  const text = (process.env.MLGATE_RESAMPLE_THREAD ?? '').trim().toLowerCase();
  return text === 'on' || text === 'off' ? text : 'auto';
}

/** The rule: start a thread when the main thread alone would need `remainingMs` more than its overhead. */
export function threadPays(remainingMs: number, cases: number): boolean {
  return remainingMs > THREAD_PAYS_MS + THREAD_MS_PER_CASE * cases;
}

/**
 * Whether a core is idle for the thread: the load average of the last minute (runnable threads of every process)
 * is below the cores less one half. A job's own earlier steps, and this run, keep it near 1 on a runner with one
 * core in use: at ≤ cores − 1 a quiet 2-core machine at load 1.07 kept one thread where two were 1.5× faster
 * (bench/README.md, "The resample thread"); half a thread of slack admits that and still refuses a busy machine. On a machine busy
 * with other work a second thread gets no core of its own and only adds its start-up (bench/README.md: two threads
 * at load 9 on 2 cores were no faster and used 0.15–0.3 CPU s more).
 */
export function idleCore(load = loadavg()[0], cores = availableParallelism()): boolean {
  return load < cores - 0.5;
}

/** The fields of a case the suite reads, as plain values a structured clone keeps. */
type PortableCase = Omit<EvalCase, 'probabilitiesInto' | 'input' | 'reasons'>;

/** A case as plain data (cases read from columns have getters and methods a structured clone drops). */
function portableCase(item: EvalCase, spec: SuiteSpec): PortableCase {
  const tag = spec.fairnessTag;
  const tagValue = tag === undefined ? undefined : item.tags?.[tag];
  return {
    id: '',
    repeats: 1,
    flaky: item.flaky,
    expected: item.expected,
    predicted: item.predicted,
    probability: item.probability,
    scores: item.scores,
    passRate: item.passRate,
    allPassed: item.allPassed,
    tags: tag !== undefined && tagValue !== undefined ? { [tag]: tagValue } : undefined,
    latencyMs: item.latencyMs,
    tokensInput: item.tokensInput,
    tokensOutput: item.tokensOutput,
    costUsd: item.costUsd,
    hasCost: item.hasCost,
    output: spec.task === 'scores' ? item.output : undefined,
    // Only whether a case errored counts: the text stays on the main thread.
    error: item.error === undefined ? undefined : '',
    source: { file: '', line: 0 },
  };
}

/** What a resample thread needs to rebuild the main thread's bootstraps, and the memory both draw into. */
interface ThreadSetup {
  cases: PortableCase[];
  spec: SuiteSpec;
  resamples: number;
  seed: number;
  /** Metrics with an analytic interval (not resampled). */
  taken: string[];
  /** Each bootstrap's metrics, to check the rebuilt ones against. */
  names: string[][];
  /** Int32: [0] the next chunk to take (in `chunkOrder`), [1 + k] who drew chunk k (0: not done yet). */
  control: SharedArrayBuffer;
  /** Float64: every bootstrap's values, statistic by statistic. */
  samples: SharedArrayBuffer;
}

type FromThread =
  { type: 'ready'; at: number; rebuildMs: number; checkMs: number } | { type: 'failed'; message: string };

const DRAWN_BY_MAIN = 1;
const DRAWN_BY_THREAD = 2;

/** Chunks of each bootstrap the main thread draws before the rest is shared: 0 (code warms up), 1 (timed). */
const FIRST_CHUNKS = 2;

/** The chunks shared out, in the order taken: the case bootstrap (costliest) first, the first chunks excluded. */
function chunkOrder(jobs: ResampleJob[]): { job: number; chunk: number }[] {
  const order: { job: number; chunk: number }[] = [];
  for (let job = jobs.length - 1; job >= 0; job--)
    for (let chunk = FIRST_CHUNKS; chunk < jobs[job].resampler.chunks; chunk++) order.push({ job, chunk });
  return order;
}

/** Views of each bootstrap's values in one buffer (shared when `buffer` is a SharedArrayBuffer). */
function sampleViews(jobs: ResampleJob[], buffer: ArrayBufferLike): Float64Array[][] {
  let offset = 0;
  return jobs.map(({ resampler }) =>
    Array.from({ length: resampler.statistics }, () => {
      const view = new Float64Array(buffer, offset * 8, resampler.resamples);
      offset += resampler.resamples;
      return view;
    }),
  );
}

function sampleCount(jobs: ResampleJob[]): number {
  return jobs.reduce((sum, { resampler }) => sum + resampler.statistics * resampler.resamples, 0);
}

/** Takes chunks from the shared counter and draws them until none is left; returns how many it drew. */
function drawShared(
  jobs: ResampleJob[],
  order: { job: number; chunk: number }[],
  views: Float64Array[][],
  control: Int32Array,
  mark: number,
): number {
  let drawn = 0;
  for (;;) {
    const k = Atomics.add(control, 0, 1);
    if (k >= order.length) return drawn;
    const { job, chunk } = order[k];
    jobs[job].resampler.runChunk(chunk, views[job]);
    Atomics.store(control, 1 + k, mark);
    Atomics.notify(control, 1 + k);
    drawn++;
  }
}

/** CPU time of this process so far, ms (only this thread works while the first chunks are timed). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Every interval of the suite, with its bootstraps on one or two threads; says how many threads drew. */
export async function intervalsOnThreads(
  suite: MetricSuite,
  resamples: number,
  seed: number,
  logger: Logger,
): Promise<{ intervals: Record<string, MethodInterval>; threads: number }> {
  const planned = performance.now();
  const plan = planIntervals(suite, resamples, seed);
  const planMs = performance.now() - planned;
  const { jobs } = plan;
  const samples = new SharedArrayBuffer(sampleCount(jobs) * 8);
  const views = sampleViews(jobs, samples);
  // The first chunks of every bootstrap here first: chunk 1's time, once chunk 0 has warmed the code up, says what
  // each of the rest costs; chunk 0's values check the thread's.
  // CPU time, not wall time: on a busy machine a chunk preempted midway would look many times its cost.
  const firstMs: number[] = [];
  const chunkMs = jobs.map((job, j) => {
    const cold = cpuMs();
    job.resampler.runChunk(0, views[j]);
    firstMs.push(cpuMs() - cold);
    const started = cpuMs();
    if (job.resampler.chunks > 1) job.resampler.runChunk(1, views[j]);
    return cpuMs() - started;
  });
  const order = chunkOrder(jobs);
  const remainingMs = order.reduce((sum, { job }) => sum + chunkMs[job], 0);
  const mode = threadMode();
  const pays = threadPays(remainingMs, suite.size);
  const idle = idleCore();
  const wanted = order.length > 0 && (mode === 'on' || (mode === 'auto' && pays && idle));
  const control = new Int32Array(new SharedArrayBuffer(4 * (1 + order.length)));
  const thread =
    wanted && entry
      ? startThread(entry, suite, plan, { resamples, seed, control, samples }, logger)
      : undefined;
  try {
    if (thread && mode === 'on') await Promise.race([thread.ready, delay(READY_WAIT_MS)]);
    drawShared(jobs, order, views, control, DRAWN_BY_MAIN);
    await finishLeftChunks(jobs, order, views, control, chunkMs, thread);
  } finally {
    await thread?.close();
  }
  let byThread = 0;
  for (let k = 0; k < order.length; k++) if (control[1 + k] === DRAWN_BY_THREAD) byThread++;
  const chunks = jobs.reduce((sum, job) => sum + job.resampler.chunks, 0);
  if (jobs.length > 0)
    logger.debug(
      `Resampling: ${chunks} chunks of ${RESAMPLE_CHUNK}, ${thread ? `${byThread} drawn by the resample thread` : 'on one thread'} (planned in ${Math.round(planMs)} ms; chunk 0 took ${firstMs.map(Math.round).join('/')} CPU ms, chunk 1 ${chunkMs.map(Math.round).join('/')}; the rest estimated at ${Math.round(remainingMs)} CPU ms, ${pays ? 'worth' : 'not worth'} a thread; load ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores: ${idle ? 'a core idle' : 'no core idle'})`,
    );
  return { intervals: finishIntervals(plan, views), threads: byThread > 0 ? 2 : 1 };
}

/**
 * Chunks the thread took and has not finished: waited for a little (a few times the chunk's time on this thread),
 * then drawn here. The values are the same whoever draws them, so a thread that failed or stalls costs only time.
 */
async function finishLeftChunks(
  jobs: ResampleJob[],
  order: { job: number; chunk: number }[],
  views: Float64Array[][],
  control: Int32Array,
  chunkMs: number[],
  thread: ResampleThread | undefined,
): Promise<void> {
  for (let k = 0; k < order.length; k++) {
    if (Atomics.load(control, 1 + k) !== 0) continue;
    const { job, chunk } = order[k];
    if (thread && !thread.failed) {
      const { value } = waitAsync(control, 1 + k, 0, WAIT_FOR_CHUNK * chunkMs[job] + 5);
      if (typeof value !== 'string') await Promise.race([value, thread.failure]);
      if (Atomics.load(control, 1 + k) !== 0) continue;
      // Not done in that time: the thread is stalled or gone, so no more waiting for it.
      thread.failed = true;
    }
    jobs[job].resampler.runChunk(chunk, views[job]);
    Atomics.store(control, 1 + k, DRAWN_BY_MAIN);
  }
}

interface ResampleThread {
  /** Resolves when the thread draws (or has failed: then the main thread draws alone). */
  ready: Promise<void>;
  /** Resolves (never rejects) when the thread fails. */
  failure: Promise<void>;
  failed: boolean;
  close(): Promise<void>;
}

/** Starts a resample thread on the plan's bootstraps; undefined (with a note) when it cannot start. */
function startThread(
  url: URL,
  suite: MetricSuite,
  plan: IntervalPlan,
  shared: { resamples: number; seed: number; control: Int32Array; samples: SharedArrayBuffer },
  logger: Logger,
): ResampleThread | undefined {
  const started = performance.now();
  let handedMs = 0;
  const setup: ThreadSetup = {
    cases: suite.cases.map((item) => portableCase(item, suite.spec)),
    spec: suite.spec,
    resamples: shared.resamples,
    seed: shared.seed,
    taken: Object.keys(plan.analytic),
    names: plan.jobs.map((job) => job.names),
    control: shared.control.buffer as SharedArrayBuffer,
    samples: shared.samples,
  };
  let worker: Worker;
  try {
    worker = new Worker(url, { workerData: { [RESAMPLE_THREAD]: setup } });
    handedMs = Math.round(performance.now() - started);
  } catch (error) {
    logger.info(`Resampling on one thread: the resample thread did not start (${errorName(error)})`);
    return undefined;
  }
  let closing = false;
  let fail!: () => void;
  let ready!: () => void;
  const thread: ResampleThread = {
    ready: new Promise<void>((resolve) => (ready = resolve)),
    failure: new Promise<void>((resolve) => (fail = resolve)),
    failed: false,
    close: async () => {
      closing = true;
      await worker.terminate();
    },
  };
  const stop = (why: string) => {
    if (closing || thread.failed) return;
    thread.failed = true;
    logger.info(`The resample thread stopped (${why}); the main thread draws its chunks`);
    fail();
    ready();
  };
  worker.on('message', (message: FromThread) => {
    if (message.type === 'failed') return stop(message.message);
    logger.debug(
      `Resample thread: drawing ${Math.round(message.at - performance.timeOrigin - started)} ms after its start (cases handed over in ${handedMs} ms, suite rebuilt in ${Math.round(message.rebuildMs)} ms, checked in ${Math.round(message.checkMs)} ms)`,
    );
    ready();
  });
  worker.on('error', (error) => stop(errorName(error)));
  // A thread that has drawn every chunk it took ends with code 0; any other end is a failure.
  worker.on('exit', (code) => (code === 0 ? undefined : stop(`exit code ${code}`)));
  return thread;
}

/** An error's class and message, first line only, at most 200 characters: no data goes to the log. */
function errorName(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0].slice(0, 200);
}

/** In a resample thread, rebuilds the bootstraps, checks them, draws chunks and returns true; elsewhere false. */
export function serveResampleWorker(): boolean {
  const setup = (workerData as Record<string, ThreadSetup> | undefined)?.[RESAMPLE_THREAD];
  if (isMainThread || !setup || !parentPort) return false;
  const port = parentPort;
  try {
    const started = performance.now();
    const suite = new MetricSuite(setup.cases, setup.spec);
    const jobs = resampleJobs(suite, setup.resamples, setup.seed, new Set(setup.taken));
    if (JSON.stringify(jobs.map((job) => job.names)) !== JSON.stringify(setup.names))
      throw new Error('the rebuilt bootstraps differ from the main thread’s');
    const views = sampleViews(jobs, setup.samples);
    const rebuilt = performance.now();
    const own = sampleViews(jobs, new ArrayBuffer(sampleCount(jobs) * 8));
    jobs.forEach((job, j) => {
      job.resampler.runChunk(0, own[j], 1);
      if (own[j].some((values, s) => !Object.is(values[0], views[j][s][0])))
        throw new Error('the rebuilt bootstraps draw other values than the main thread’s');
    });
    const checkMs = performance.now() - rebuilt;
    const at = performance.timeOrigin + performance.now();
    port.postMessage({ type: 'ready', at, rebuildMs: rebuilt - started, checkMs } satisfies FromThread);
    drawShared(jobs, chunkOrder(jobs), views, new Int32Array(setup.control), DRAWN_BY_THREAD);
  } catch (error) {
    port.postMessage({ type: 'failed', message: errorName(error) } satisfies FromThread);
  }
  return true;
}
