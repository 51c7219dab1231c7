#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by self time, and by inclusive
 * ("total") time, with their share of the sampled wall time.
 *
 *   node --cpu-prof --cpu-prof-dir=bench/data/prof dist/cli/index.js eval-gate --results ... --report-path ...
 *   node bench/profile-summary.mjs bench/data/prof/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args.splice(topIndex, 2)[1]) : 25;
if (args.length !== 1) {
  console.error('Usage: node bench/profile-summary.mjs FILE.cpuprofile [--top N]');
  process.exit(2);
}

const profile = JSON.parse(readFileSync(args[0], 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Per-sample time deltas (µs); attribute each sample to its leaf node.
const selfTime = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  const dt = deltas[i + 1] ?? 0;
  selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
}
const totalTime = [...selfTime.values()].reduce((a, b) => a + b, 0);

const keyOf = (node) => {
  const f = node.callFrame;
  const file = f.url
    ? f.url
        .replace(/^file:\/\//, '')
        .split('/')
        .slice(-2)
        .join('/')
    : '';
  return `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
};

const selfByKey = new Map();
const totalByKey = new Map();
for (const [id, time] of selfTime) {
  const key = keyOf(nodes.get(id));
  selfByKey.set(key, (selfByKey.get(key) ?? 0) + time);
  // Inclusive time: every distinct function on the stack gets the sample once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(nodes.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    totalByKey.set(k, (totalByKey.get(k) ?? 0) + time);
  }
}

const print = (title, map) => {
  console.log(`\n${title} (sampled ${(totalTime / 1e6).toFixed(2)} s)`);
  console.log(`${'ms'.padStart(9)} ${'%'.padStart(6)}  function`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${(time / 1000).toFixed(0).padStart(9)} ${((100 * time) / totalTime).toFixed(1).padStart(6)}  ${key}`,
    );
  }
};
print('Top self time', selfByKey);
print('Top inclusive time', totalByKey);
