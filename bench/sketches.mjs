#!/usr/bin/env node
/**
 * Micro-benchmark of the column sketches of validate-data (packages/data/src/sketch): ns per update.
 *
 *   node bench/sketches.mjs [--n 4000000]
 *
 * The TypeScript sources are compiled with @swc/core into bench/data/sketch-build/ (git-ignored) and imported from
 * there, so this measures the same code the bundle runs. Each case runs 3 warm-up rounds and 5 timed rounds over
 * pre-generated inputs (the input generation is not timed) and prints the median.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'data', 'sketch-build');
mkdirSync(out, { recursive: true });

function compile(file, target, rewrite = (s) => s) {
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    filename: file,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  writeFileSync(target, rewrite(code));
}
compile(join(root, 'packages/core/src/errors.ts'), join(out, 'core-errors.js'));
const sketchDir = join(root, 'packages/data/src/sketch');
for (const name of readdirSync(sketchDir).filter((f) => f.endsWith('.ts')))
  compile(join(sketchDir, name), join(out, name.replace(/\.ts$/, '.js')), (s) =>
    s.replaceAll("'@mlgate/core'", "'./core-errors.js'"),
  );
const sk = await import(pathToFileURL(join(out, 'index.js')).href);

const argN = process.argv.indexOf('--n');
const N = argN > 0 ? Number(process.argv[argN + 1]) : 4_000_000;

// Inputs: xorshift-seeded normals, integers, a skewed categorical column and a high-cardinality string column.
let state = 12345;
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const normals = new Float64Array(N);
for (let i = 0; i < N; i++)
  normals[i] = Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());
const integers = new Float64Array(N);
for (let i = 0; i < N; i++) integers[i] = Math.floor(rand() * 1e6);
const categories = Array.from({ length: 40 }, (_, i) => `category-${i}`);
const categorical = Array.from({ length: N }, () => categories[Math.floor(40 * rand() ** 3)]);
// Fresh string objects (as a parser makes them), mostly distinct: the worst case for TopK and hashString.
const ids = Array.from({ length: N }, (_, i) => `user-${(i * 2654435761) % 1e9}-x`);

function time(label, run) {
  const samples = [];
  for (let round = 0; round < 8; round++) {
    const t0 = process.hrtime.bigint();
    run();
    const ns = Number(process.hrtime.bigint() - t0) / N;
    if (round >= 3) samples.push(ns);
  }
  samples.sort((a, b) => a - b);
  const median = samples[2];
  console.log(`${label.padEnd(44)} ${median.toFixed(1).padStart(6)} ns/update`);
  return median;
}

console.log(`node ${process.version}, ${N.toLocaleString('en')} updates per round`);
const results = {};
results.moments = time('Moments.add (normal doubles)', () => {
  const m = new sk.Moments();
  for (let i = 0; i < N; i++) m.add(normals[i]);
});
results.kll = time('KllSketch.update (normal doubles, k=200)', () => {
  const s = new sk.KllSketch();
  for (let i = 0; i < N; i++) s.update(normals[i]);
});
time('KllSketch.update (integers, k=200)', () => {
  const s = new sk.KllSketch();
  for (let i = 0; i < N; i++) s.update(integers[i]);
});
results.hllNumber = time('HyperLogLog.addHash(hashNumber(x))', () => {
  const h = new sk.HyperLogLog();
  for (let i = 0; i < N; i++) h.addHash(sk.hashNumber(integers[i]));
});
results.hllString = time('HyperLogLog.addHash(hashString(s)) ~14 chars', () => {
  const h = new sk.HyperLogLog();
  for (let i = 0; i < N; i++) h.addHash(sk.hashString(ids[i]));
});
const edges = (() => {
  const s = new sk.KllSketch();
  for (let i = 0; i < 100000; i++) s.update(normals[i]);
  return sk.quantileEdges(s, 10);
})();
results.histogram = time('FrozenHistogram.add (9 edges)', () => {
  const h = new sk.FrozenHistogram(edges);
  for (let i = 0; i < N; i++) h.add(normals[i]);
});
results.topkLow = time('TopK.add (40 categories, skewed)', () => {
  const t = new sk.TopK();
  for (let i = 0; i < N; i++) t.add(categorical[i]);
});
results.topkHigh = time('TopK.add (all distinct strings)', () => {
  const t = new sk.TopK();
  for (let i = 0; i < N; i++) t.add(ids[i]);
});
const numericCell = results.moments + results.kll + results.hllNumber + results.histogram;
const stringCell = results.hllString + results.topkLow;
console.log(`numeric cell (Moments + KLL + HLL(hashNumber) + histogram): ${numericCell.toFixed(1)} ns`);
console.log(`string cell (HLL(hashString) + TopK, categorical):          ${stringCell.toFixed(1)} ns`);
