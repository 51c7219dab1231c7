/**
 * End to end: eval-gate's resample thread (dist/<name>/resample-thread). The intervals are the same bits with the
 * thread forced on and forced off, for every task; the rule starts it on a large bootstrap through the action
 * bundle; a thread that breaks, hangs or stalls holding chunks costs seconds at most and changes no value.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionNode, bundle, distDir, makeWorkspace, runAction } from './runner.js';

/** A seeded uniform in [0, 1) (an LCG: plenty for test data). */
function uniforms(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

type Row = Record<string, unknown>;

/** Results of one task shaped like an LLM eval: labels or numbers, probabilities, latency, a score, pass. */
function rows(task: 'binary' | 'multiclass' | 'regression' | 'scores', n: number): Row[] {
  const random = uniforms(n * 31 + task.length);
  return Array.from({ length: n }, (_, i) => {
    const quality = random();
    const common = {
      id: `case-${i}`,
      latency_ms: Math.round(100 + 2000 * random() ** 3),
      pass: quality > 0.4,
    };
    if (task === 'binary') {
      const positive = random() < 0.3;
      const probability = Math.min(0.999, Math.max(0.001, (positive ? 0.62 : 0.38) + (random() - 0.5) * 0.7));
      const predicted = probability >= 0.5 ? 'yes' : 'no';
      // No score object: such flat lines take the fast reader, whose cases are columns with getters.
      return { ...common, expected: positive ? 'yes' : 'no', predicted, probability };
    }
    if (task === 'multiclass') {
      const labels = ['billing', 'refund', 'other'];
      const expected = labels[Math.floor(random() * 3)];
      const raw = labels.map((label) => (label === expected ? 1.5 : 0) + random());
      const total = raw.reduce((s, v) => s + v, 0);
      const probability = Object.fromEntries(labels.map((label, j) => [label, raw[j] / total]));
      const predicted = labels[raw.indexOf(Math.max(...raw))];
      return { ...common, expected, predicted, probability, scores: { quality } };
    }
    if (task === 'regression') {
      const expected = 10 * random();
      return { ...common, expected, predicted: expected + (random() - 0.5) * 2 };
    }
    return { ...common, scores: { quality, relevance: random() }, cost_usd: 0.001 * random() };
  });
}

function writeJsonl(dir: string, file: string, data: Row[]): string {
  writeFileSync(path.join(dir, file), data.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return file;
}

interface CliRun {
  exitCode: number | null;
  log: string;
  ms: number;
  /** The report without its timestamp. */
  report: Record<string, unknown>;
}

/** The CLI (or a copy of it) on `results`, with MLGATE_RESAMPLE_THREAD = `mode`. */
function runGate(cli: string, cwd: string, results: string, gates: string, mode: string): CliRun {
  const report = path.join(cwd, `${path.basename(results)}-${mode}.json`);
  const started = Date.now();
  const result = spawnSync(
    actionNode,
    [cli, 'eval-gate', '--verbose', '--results', results, '--gates', gates, '--report-path', report],
    {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH, MLGATE_RESAMPLE_THREAD: mode },
    },
  );
  const ms = Date.now() - started;
  const body =
    result.status === 0 ? (JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>) : {};
  delete body.generatedAt;
  return { exitCode: result.status, log: result.stdout + result.stderr, ms, report: body };
}

/** An empty workspace (makeWorkspace copies repository files) with this gates file. */
function workspaceWithGates(gates: string): string {
  const workspace = makeWorkspace({});
  writeFileSync(path.join(workspace, 'gates.yml'), gates);
  return workspace;
}

const TWO_THREADS = /metrics with intervals in \d+ ms \(.*; \d+ resamples on 2 threads, seed \d+\)/;

describe('the resample thread gives the same intervals as one thread', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = workspaceWithGates('bootstrap:\n  resamples: 1000\n  seed: 7\ngates: []\n');
  });

  it.each(['binary', 'multiclass', 'regression', 'scores'] as const)(
    '%s: bit for bit, thread on and off',
    (task) => {
      const results = writeJsonl(workspace, `${task}.jsonl`, rows(task, 700));
      const off = runGate(bundle('cli'), workspace, results, 'gates.yml', 'off');
      const on = runGate(bundle('cli'), workspace, results, 'gates.yml', 'on');
      expect(off.exitCode).toBe(0);
      expect(on.exitCode).toBe(0);
      expect(off.log).not.toMatch(/2 threads/);
      expect(on.log).toMatch(TWO_THREADS);
      expect(on.log).toMatch(/Resampling: \d+ chunks of 50, [1-9]\d* drawn by the resample thread/);
      const metrics = on.report.metrics as Record<string, { ci: number[]; ciMethod: string }>;
      const methods = new Set(Object.values(metrics).map((metric) => metric.ciMethod));
      expect(methods).toContain('case-bootstrap');
      if (task === 'binary' || task === 'multiclass') expect(methods).toContain('cell-bootstrap');
      // JSON numbers round-trip doubles exactly: equal text is equal bits.
      expect(JSON.stringify(on.report)).toBe(JSON.stringify(off.report));
    },
  );
});

describe('the resample thread through the action bundle', () => {
  it('the rule (no variable set) finds a large bootstrap worth a thread, starts it where a core is idle, and reports what one thread does', () => {
    const workspace = workspaceWithGates('bootstrap:\n  resamples: 10000\ngates: []\n');
    writeJsonl(workspace, 'results.jsonl', rows('binary', 2000));
    const inputs = { results: 'results.jsonl', gates: 'gates.yml', 'report-path': 'report.json' };
    const auto = runAction('eval-gate', workspace, inputs);
    const reportOf = () => {
      const report = JSON.parse(readFileSync(path.join(workspace, 'report.json'), 'utf8')) as Row;
      delete report.generatedAt;
      return JSON.stringify(report);
    };
    expect(auto.exitCode).toBe(0);
    // The rule: worth a thread (the work is large), and a thread only where a core is idle (load < cores − ½).
    const decision =
      /Resampling: \d+ chunks of 50, .*the rest estimated at \d+ CPU ms, (worth|not worth) a thread; load ([\d.]+) on (\d+) cores: (a core idle|no core idle)\)/.exec(
        auto.stdout,
      );
    expect(decision).not.toBeNull();
    const [, worth, load, cores, idle] = decision!;
    expect(worth).toBe('worth');
    expect(idle === 'a core idle').toBe(Number(load) < Number(cores) - 0.5);
    if (idle === 'a core idle') expect(auto.stdout).toMatch(TWO_THREADS);
    else expect(auto.stdout).not.toMatch(/2 threads/);
    const withThread = reportOf();
    const off = runAction('eval-gate', workspace, inputs, { MLGATE_RESAMPLE_THREAD: 'off' });
    expect(off.exitCode).toBe(0);
    expect(off.stdout).not.toMatch(/2 threads/);
    expect(reportOf()).toBe(withThread);
    expect(JSON.parse(withThread).bootstrap).toEqual({ resamples: 10000, seed: 20240517, level: 0.95 });
  });
});

describe('a resample thread that fails', () => {
  let scratch: string;
  let workspace: string;
  let single: CliRun;
  /** A copy of the CLI bundle whose resample thread is `source`. */
  const brokenCli = (name: string, source: string): string => {
    const copy = path.join(scratch, name);
    cpSync(path.join(distDir, 'cli'), copy, { recursive: true });
    writeFileSync(path.join(copy, 'resample-thread', 'index.js'), source);
    return path.join(copy, 'index.js');
  };

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'mlgate-resample-'));
    workspace = workspaceWithGates('bootstrap:\n  resamples: 2000\ngates: []\n');
    writeJsonl(workspace, 'results.jsonl', rows('binary', 800));
    single = runGate(bundle('cli'), workspace, 'results.jsonl', 'gates.yml', 'off');
    expect(single.exitCode).toBe(0);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    [
      'throws as it loads',
      "throw new Error('broken on purpose');\n",
      /The resample thread stopped \(Error: broken on purpose\)/,
    ],
    ['exits at once', 'process.exit(3);\n', /The resample thread stopped \(exit code 3\)/],
    // Takes every chunk, says it is ready, and never draws one: the main thread waits a little, then draws them.
    [
      'takes every chunk and stalls',
      [
        "import { parentPort, workerData } from 'node:worker_threads';",
        'const control = new Int32Array(workerData.mlgateResampleThread.control);',
        'Atomics.add(control, 0, 1_000_000);',
        "parentPort.postMessage({ type: 'ready', rebuildMs: 0, checkMs: 0 });",
        'for (;;) {}',
      ].join('\n'),
      /Resampling: \d+ chunks of 50, 0 drawn by the resample thread/,
    ],
    ['hangs as it loads', 'for (;;) {}\n', /Resampling: \d+ chunks of 50, 0 drawn by the resample thread/],
  ])('%s: the run ends within seconds with the same report', (name, source, note) => {
    const run = runGate(
      brokenCli(name.replace(/\W+/g, '-'), source),
      workspace,
      'results.jsonl',
      'gates.yml',
      'on',
    );
    expect(run.exitCode).toBe(0);
    expect(run.log).toMatch(note);
    expect(run.log).not.toMatch(/2 threads/);
    // The longest wait is for a thread that never starts (5 s); the rest is the run itself.
    expect(run.ms).toBeLessThan(single.ms + 15_000);
    expect(JSON.stringify(run.report)).toBe(JSON.stringify(single.report));
  });

  it('with no resample-thread bundle next to the CLI, draws on one thread and says nothing of threads', () => {
    const copy = path.join(scratch, 'without');
    cpSync(path.join(distDir, 'cli'), copy, { recursive: true });
    rmSync(path.join(copy, 'resample-thread'), { recursive: true });
    const run = runGate(path.join(copy, 'index.js'), workspace, 'results.jsonl', 'gates.yml', 'on');
    expect(run.exitCode).toBe(0);
    expect(run.log).not.toMatch(/resample thread/i);
    expect(JSON.stringify(run.report)).toBe(JSON.stringify(single.report));
  });
});
