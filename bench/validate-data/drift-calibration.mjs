#!/usr/bin/env node
/**
 * False-alarm and detection rates of validate-data's default drift levels, per statistic and sample size.
 *
 *   node bench/validate-data/drift-calibration.mjs [--sizes 100,300,1000,10000,100000,1000000] [--scale 1]
 *       [--distributions normal,log-normal,counts,zipf]
 *
 * For each distribution (normal, log-normal, integer counts, Zipf categorical) and n, it draws pairs of samples
 * of n values each: same distribution (the false-alarm rate), and the current side shifted by 0.25 and by 1
 * standard deviation (the detection rates). Each side becomes a real ColumnProfile (KLL, top-k and the frozen
 * histogram, as validate-data keeps them) and is compared by `compareColumn` with the default levels, which are
 * calibrated to the sample sizes (packages/data/src/drift/thresholds.ts). A comparison "alarms" when its status
 * is warn or fail. The TypeScript sources are compiled with @swc/core into bench/data/drift-build/ (git-ignored).
 *
 * Shifts: numeric values move by d·std; counts are Poisson(λ + d·√λ); the Zipf column is a latent normal cut
 * into 40 categories with Zipf(1.1) shares, and the latent value moves by d (an ordinal shift of d std).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from '@swc/core';
import { makeRng } from '../prng.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'data', 'drift-build');

/** Compiles packages/core/src and packages/data/src to ES modules, with the workspace imports made relative. */
function compileTree(from, to) {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) {
      compileTree(source, join(to, name));
      continue;
    }
    if (!name.endsWith('.ts')) continue;
    mkdirSync(to, { recursive: true });
    const target = join(to, name.replace(/\.ts$/, '.js'));
    const core = (file) => {
      const path = relative(dirname(target), join(out, 'core', file));
      return `'${path.startsWith('.') ? path : `./${path}`}'`;
    };
    const { code } = transformSync(readFileSync(source, 'utf8'), {
      filename: source,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    });
    writeFileSync(
      target,
      code
        .replaceAll("'@mlgate/core/data-profile'", core('reports/data-profile.js'))
        .replaceAll("'@mlgate/core/errors'", core('errors.js'))
        .replaceAll("'@mlgate/core'", core('index.js')),
    );
  }
}
compileTree(join(root, 'packages/core/src'), join(out, 'core'));
compileTree(join(root, 'packages/data/src'), join(out, 'data'));
const { ColumnProfile } = await import(pathToFileURL(join(out, 'data/profile/column.js')).href);
const { compareColumn, referenceEdges } = await import(
  pathToFileURL(join(out, 'data/validate/drift.js')).href
);

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '100,300,1000,10000,100000,1000000').split(',').map(Number);
const scale = Number(arg('scale', '1'));
const only = arg('distributions', 'normal,log-normal,counts,zipf').split(',');
/** Pairs per condition: enough for a 1% rate to show at small n; fewer where one pair takes long. */
const repsFor = (n) =>
  Math.max(4, Math.round(scale * (n <= 1000 ? 1000 : n <= 10_000 ? 300 : n <= 100_000 ? 60 : 12)));

const LAMBDA = 3;
const CATEGORIES = 40;
/** Latent-normal cut points that give Zipf(1.1) shares over the categories. */
const zipfCuts = (() => {
  const weights = Array.from({ length: CATEGORIES }, (_, i) => 1 / (i + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  const cuts = [];
  let cumulative = 0;
  for (let i = 0; i < CATEGORIES - 1; i++) {
    cumulative += weights[i] / total;
    cuts.push(normalQuantile(cumulative));
  }
  return cuts;
})();

function normalQuantile(p) {
  // Bisection on the CDF (erf by Abramowitz-Stegun 7.1.26 is too coarse in the tails; use a series-free bisection).
  let low = -10;
  let high = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
function normalCdf(x) {
  // Φ via the complementary error function (W. J. Cody's rational approximation is overkill here; Simpson on
  // the density from 0 is exact to 1e-10 with 2,000 steps).
  const steps = 2000;
  const h = Math.abs(x) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const t = i * h;
    const w = i === 0 || i === steps ? 1 : i % 2 ? 4 : 2;
    sum += w * Math.exp((-t * t) / 2);
  }
  const half = (sum * h) / 3 / Math.sqrt(2 * Math.PI);
  return x >= 0 ? 0.5 + half : 0.5 - half;
}

function poisson(rng, mean) {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.uniform();
  while (p > limit) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

const LOGNORMAL_STD = Math.sqrt((Math.exp(1) - 1) * Math.exp(1));
const distributions = [
  { name: 'normal', type: 'number', statistics: ['psi', 'wasserstein'], draw: (rng, d) => rng.normal() + d },
  {
    name: 'log-normal',
    type: 'number',
    statistics: ['psi', 'wasserstein'],
    draw: (rng, d) => Math.exp(rng.normal()) + d * LOGNORMAL_STD,
  },
  {
    name: 'counts',
    type: 'integer',
    statistics: ['psi', 'wasserstein'],
    draw: (rng, d) => poisson(rng, LAMBDA + d * Math.sqrt(LAMBDA)),
  },
  {
    name: 'zipf',
    type: 'string',
    statistics: ['jensen_shannon', 'linf'],
    draw: (rng, d) => {
      const z = rng.normal() + d;
      let lo = 0;
      let hi = zipfCuts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (zipfCuts[mid] < z) lo = mid + 1;
        else hi = mid;
      }
      return `c${lo}`;
    },
  },
];

function profile(distribution, rng, n, shift, edges) {
  const column = new ColumnProfile('x', distribution.type, edges);
  column.count = n;
  if (distribution.type === 'string')
    for (let i = 0; i < n; i++) column.addText(distribution.draw(rng, shift));
  else for (let i = 0; i < n; i++) column.addNumber(distribution.draw(rng, shift));
  return column;
}

const shifts = [0, 0.25, 1];
const rows = [];
const started = Date.now();
for (const distribution of distributions.filter((d) => only.includes(d.name))) {
  for (const n of sizes) {
    const reps = repsFor(n);
    const alarms = new Map(distribution.statistics.map((s) => [s, shifts.map(() => 0)]));
    const failures = new Map(distribution.statistics.map((s) => [s, shifts.map(() => 0)]));
    const levels = new Map();
    const rng = makeRng(1000 + n + distribution.name.length, { bits: 32 });
    for (let r = 0; r < reps; r++) {
      const reference = profile(distribution, rng, n, 0);
      const edges = referenceEdges(new Map([['x', reference]])).get('x');
      shifts.forEach((shift, s) => {
        const current = profile(distribution, rng, n, shift, edges);
        for (const statistic of distribution.statistics) {
          const result = compareColumn('x', reference, current, { statistic }, 100);
          if (result.status === 'warn' || result.status === 'fail') alarms.get(statistic)[s]++;
          if (result.status === 'fail') failures.get(statistic)[s]++;
          if (r === 0 && s === 0) levels.set(statistic, [result.warn, result.fail]);
        }
      });
    }
    for (const statistic of distribution.statistics) {
      const a = alarms.get(statistic).map((count) => count / reps);
      const f = failures.get(statistic).map((count) => count / reps);
      rows.push({
        distribution: distribution.name,
        statistic,
        n,
        reps,
        levels: levels.get(statistic),
        alarm: a,
        fail: f,
      });
    }
    process.stderr.write(
      `${distribution.name} n=${n}: ${reps} pairs × 3, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const fmt = (x) => (x >= 0.1 ? x.toFixed(3) : x.toPrecision(2));
console.log(
  '| distribution | statistic | n (each side) | pairs | warn / fail level | false alarms (warn or fail) | false fails | 0.25-std shift caught | 1-std shift caught |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows)
  console.log(
    `| ${row.distribution} | ${row.statistic} | ${row.n.toLocaleString('en-US')} | ${row.reps} | ${fmt(row.levels[0])} / ${fmt(row.levels[1])} | ` +
      `${pct(row.alarm[0])} | ${pct(row.fail[0])} | ${pct(row.alarm[1])}${row.n >= 10_000 ? '' : ' (not required)'} | ` +
      `${pct(row.alarm[2])}${row.n >= 300 ? '' : ' (not required)'} |`,
  );
const worst = Math.max(...rows.map((r) => r.alarm[0]));
console.log(
  `\nworst false-alarm rate: ${pct(worst)}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
);
