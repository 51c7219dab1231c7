#!/usr/bin/env node
/**
 * Coverage of eval-gate's 95% intervals on simulated data whose true metric values are known exactly.
 *
 *   node bench/eval-coverage.mjs                       # N = 200, 2,000, 200,000; 1,000 / 1,000 / 500 trials
 *   node bench/eval-coverage.mjs --sizes 200,2000 --trials 2000
 *   node bench/eval-coverage.mjs --tasks multiclass --sizes 2000 --seed again   # other simulated runs
 *
 * The model: R = 500 probability rows p_r (softmax of 2.25·e_c + N(0, I), c drawn from the priors), each case
 * draws a row uniformly and then its label y ~ Categorical(p_r), so the probabilities are calibrated and every
 * population value is a finite sum over rows: accuracy Σ_r max p_r / R, the F1s from the expected confusion
 * matrix, log loss Σ_r Σ_y p_ry·(−log p_ry) / R, ROC AUC (one vs rest per class) Σ_r Σ_r' w⁺_r·w⁻_r'·ψ(p_rc, p_r'c)
 * with ψ = 1, ½, 0 for >, =, <. A per-case score s = u³ (u uniform) has mean 1/4. Each trial draws N cases,
 * builds the metric suite and the intervals exactly as eval-gate does (packages/eval/src/intervals.ts), and
 * counts whether each interval covers the true value. The TypeScript sources are compiled with @swc/core into
 * bench/data/eval-build-<pid>/ (git-ignored). The Monte-Carlo standard error of a coverage near 95% is
 * √(0.95·0.05/trials): 0.69 points at 1,000 trials, 0.97 at 500.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One build per process, so that runs started together do not import each other's half-written files.
const out = join(root, 'bench', 'data', `eval-build-${process.pid}`);

/** Compiles packages/<name>/src to out/<name>, mapping @mlgate/core to the compiled core. */
function compileTree(name) {
  const source = join(root, 'packages', name, 'src');
  const walk = (dir) =>
    readdirSync(dir).flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
    });
  for (const file of walk(source)) {
    const target = join(out, name, relative(source, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    const { code } = transformSync(readFileSync(file, 'utf8'), {
      filename: file,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    });
    const core = relative(dirname(target), join(out, 'core', 'index.js'));
    writeFileSync(
      target,
      code
        .replaceAll("'@mlgate/core'", `'${core.startsWith('.') ? core : `./${core}`}'`)
        // Subpath exports of core (e.g. '@mlgate/core/suggest') are the module of that name in its src/.
        .replace(/'@mlgate\/core\/([a-z-]+)'/g, (_, sub) => {
          const file = relative(dirname(target), join(out, 'core', `${sub}.js`));
          return `'${file.startsWith('.') ? file : `./${file}`}'`;
        })
        // ajv is CommonJS: Node's ESM loader gives it a default export only.
        .replace(
          /import \{ Ajv \} from 'ajv';/,
          "import ajvModule from 'ajv'; const Ajv = ajvModule.Ajv ?? ajvModule.default ?? ajvModule;",
        ),
    );
  }
}
compileTree('core');
compileTree('eval');
const importBuilt = (path) => import(pathToFileURL(join(out, path)).href);
const { MetricSuite } = await importBuilt('eval/suite.js');
const { confidenceIntervals, ANALYTIC_MIN_CASES } = await importBuilt('eval/intervals.js');
const { Rng } = await importBuilt('eval/statistics/random.js');

const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const sizes = argument('sizes', '200,2000,200000').split(',').map(Number);
const trialsArg = argument('trials', undefined);
const tasks = argument('tasks', 'binary,multiclass').split(',');
// Another seed draws other simulated runs (the table's rows are otherwise reproducible).
const seedSuffix = argument('seed', '');
const trialsFor = (n) => (trialsArg ? Number(trialsArg) : n >= 100000 ? 500 : 1000);

const ROWS = 500;
const LEVEL = 0.95;

/** The model of one task: R probability rows over K labels, and the true metric values. */
function model(task) {
  const labels = task === 'binary' ? ['0', '1'] : ['billing', 'technical', 'account', 'shipping', 'other'];
  const priors = task === 'binary' ? [0.7, 0.3] : [0.35, 0.25, 0.2, 0.12, 0.08];
  const k = labels.length;
  const rng = new Rng(task === 'binary' ? 101 : 202);
  const rows = [];
  for (let r = 0; r < ROWS; r++) {
    let u = rng.nextFloat();
    let c = 0;
    while (c < k - 1 && u >= priors[c]) u -= priors[c++];
    const z = labels.map((_, j) => (j === c ? 2.25 : 0) + rng.normal());
    const e = z.map(Math.exp);
    const total = e.reduce((s, v) => s + v, 0);
    // Rounded to 3 decimals (ties, as real exports have) and renormalised exactly on the rounded values' sum.
    const p = e.map((v) => Math.round((v / total) * 1000) / 1000);
    const sum = p.reduce((s, v) => s + v, 0);
    rows.push(p.map((v) => v / sum));
  }
  const argmax = (p) => p.indexOf(Math.max(...p));
  // Truth: the joint law P(y, r) = p_ry / R.
  const confusion = Array.from({ length: k }, () => new Array(k).fill(0));
  let accuracy = 0;
  let logLoss = 0;
  for (const p of rows) {
    const predicted = argmax(p);
    for (let y = 0; y < k; y++) {
      confusion[y][predicted] += p[y] / ROWS;
      logLoss += (p[y] / ROWS) * -Math.log(p[y]);
    }
    accuracy += p[predicted] / ROWS;
  }
  const f1 = labels.map((_, c) => {
    const tp = confusion[c][c];
    const predictedMass = confusion.reduce((s, row) => s + row[c], 0);
    const actualMass = confusion[c].reduce((s, v) => s + v, 0);
    return (2 * tp) / (predictedMass + actualMass);
  });
  const auc = (c) => {
    let positive = 0;
    let negative = 0;
    for (const p of rows) {
      positive += p[c];
      negative += 1 - p[c];
    }
    let sum = 0;
    for (const a of rows)
      for (const b of rows) {
        const psi = a[c] > b[c] ? 1 : a[c] === b[c] ? 0.5 : 0;
        sum += (((a[c] / positive) * (1 - b[c])) / negative) * psi;
      }
    return sum;
  };
  const rocAuc = task === 'binary' ? auc(1) : labels.reduce((s, _, c) => s + auc(c), 0) / k;
  // Average precision of the positive class: tie groups of rows with one score, in descending order; each adds
  // its positive mass times the precision of everything scored at or above it (sklearn's step-wise AP, in the limit).
  const averagePrecision = () => {
    const scores = [...new Set(rows.map((p) => p[1]))].sort((a, b) => b - a);
    let positive = 0;
    let mass = 0;
    let sum = 0;
    for (const score of scores) {
      const group = rows.filter((p) => p[1] === score);
      const groupPositive = group.reduce((s, p) => s + p[1], 0);
      positive += groupPositive;
      mass += group.length;
      sum += groupPositive * (positive / mass);
    }
    return sum / positive;
  };
  return {
    task,
    labels,
    rows,
    predicted: rows.map((p) => labels[argmax(p)]),
    probability: rows.map((p) => Object.fromEntries(labels.map((label, j) => [label, p[j]]))),
    truth: {
      accuracy,
      f1_macro: f1.reduce((s, v) => s + v, 0) / k,
      roc_auc: rocAuc,
      ...(task === 'binary' ? { average_precision: averagePrecision() } : {}),
      log_loss: logLoss,
      quality: 0.25,
    },
  };
}

/** N cases of the model, as eval-gate's merged cases. */
function simulate(m, n, rng) {
  const cases = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.nextInt(ROWS);
    const p = m.rows[r];
    let u = rng.nextFloat();
    let y = 0;
    while (y < p.length - 1 && u >= p[y]) u -= p[y++];
    cases[i] = {
      id: `c${i}`,
      repeats: 1,
      flaky: false,
      expected: m.labels[y],
      predicted: m.predicted[r],
      probability: m.task === 'binary' ? p[1] : m.probability[r],
      scores: { quality: rng.nextFloat() ** 3 },
      tokensInput: 0,
      tokensOutput: 0,
      costUsd: 0,
      hasCost: false,
      source: { file: 'simulated', line: i + 1 },
    };
  }
  return cases;
}

const metricsOf = (task) => [
  'accuracy',
  'f1_macro',
  'roc_auc',
  ...(task === 'binary' ? ['average_precision'] : []),
  'log_loss',
  'quality',
];
const table = [];
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (const task of tasks) {
  const m = model(task);
  const metrics = metricsOf(task);
  for (const n of sizes) {
    const trials = trialsFor(n);
    const rng = new Rng(`${task}-${n}${seedSuffix}`);
    const covered = Object.fromEntries(metrics.map((name) => [name, 0]));
    const methods = Object.fromEntries(metrics.map((name) => [name, new Set()]));
    const width = Object.fromEntries(metrics.map((name) => [name, 0]));
    const t0 = process.hrtime.bigint();
    for (let trial = 0; trial < trials; trial++) {
      const suite = new MetricSuite(simulate(m, n, rng), {
        task,
        labels: m.labels,
        positiveLabel: task === 'binary' ? '1' : undefined,
      });
      const intervals = confidenceIntervals(suite, 1000, trial + 1, LEVEL);
      for (const name of metrics) {
        const { lower, upper, method } = intervals[name];
        if (lower <= m.truth[name] && m.truth[name] <= upper) covered[name]++;
        methods[name].add(method);
        width[name] += (upper - lower) / trials;
      }
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    for (const name of metrics) {
      table.push({
        task,
        n,
        metric: name,
        truth: m.truth[name],
        method: [...methods[name]].join('+'),
        trials,
        coverage: covered[name] / trials,
        width: width[name],
      });
    }
    // Each block as soon as it is done, so a long run shows its finished sizes before the table.
    process.stderr.write(
      `${task} N=${n}: ${trials} trials in ${seconds.toFixed(1)} s; coverage ${table
        .slice(-metrics.length)
        .map((row) => `${row.metric} ${(row.coverage * 100).toFixed(1)}%`)
        .join(', ')}\n`,
    );
  }
}

const pad = (s, w, right = false) => (right ? String(s).padStart(w) : String(s).padEnd(w));
console.log(`\nCoverage of the 95% intervals (analytic from N = ${ANALYTIC_MIN_CASES}); target 94–96 %\n`);
console.log(
  `| task       |       N | metric            |   true value | method           | trials | coverage % | ± MC s.e. | mean width |`,
);
console.log(
  `| :--------- | ------: | :---------------- | -----------: | :--------------- | -----: | ---------: | --------: | ---------: |`,
);
for (const row of table) {
  const se = Math.sqrt((0.95 * 0.05) / row.trials) * 100;
  const flag = row.coverage < 0.94 || row.coverage > 0.96 ? ' ⚠' : '';
  console.log(
    `| ${pad(row.task, 10)} | ${pad(row.n.toLocaleString('en'), 7, true)} | ${pad(row.metric, 17)} | ${pad(
      row.truth.toFixed(6),
      12,
      true,
    )} | ${pad(row.method, 16)} | ${pad(row.trials, 6, true)} | ${pad((row.coverage * 100).toFixed(1) + flag, 10, true)} | ${pad(
      se.toFixed(2),
      9,
      true,
    )} | ${pad(row.width.toPrecision(3), 10, true)} |`,
  );
}
const cpu = process.cpuUsage(cpuStart);
console.log(
  `\nwall ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s`,
);
