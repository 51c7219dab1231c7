#!/usr/bin/env node
/**
 * Deterministic generator of canonical JSONL eval results for the eval-gate benchmark.
 *
 *   node bench/generate.mjs --task binary|multiclass --n 1000000 [--seed 42] [--out bench/data/FILE.jsonl]
 *
 * Both tasks come from an exactly calibrated generative model, so the probabilities are realistic:
 *
 * - binary: labels "0"/"1", prevalence 30 %. A latent score z ~ N(+mu, 1) for positives and N(−mu, 1) for negatives;
 *   the posterior P(y = 1 | z) = sigmoid(2·mu·z + logit(prior)) is the reported `probability` (calibrated by
 *   construction) and `predicted` is "1" iff probability ≥ 0.5. mu = 0.95 gives ~85 % accuracy.
 * - multiclass: k = 5 labels with priors 35/25/20/12/8 %. Latent z ∈ R^5 with z ~ N(mu·e_y, I); the posterior is
 *   softmax(mu·z_c + log prior_c), reported as a {label: probability} object, `predicted` = argmax.
 *   mu = 2.25 gives ~85 % accuracy.
 *
 * Probabilities are rounded to 2 decimals (binary) / 3 decimals (multiclass) as many model-serving stacks do, which
 * produces many tied scores (only ~100 distinct binary scores) — the case ROC AUC / average precision must handle.
 * Multiclass rows are renormalised after rounding (the rounding residue goes to the largest class) so each row
 * sums to 1 within 1e-12, which scikit-learn's multiclass roc_auc_score requires.
 *
 * The PRNG is xoshiro128** seeded through splitmix32; the output is byte-identical for the same arguments.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(HERE, 'data');

export const MULTICLASS_LABELS = ['billing', 'technical', 'account', 'shipping', 'other'];
const MULTICLASS_PRIORS = [0.35, 0.25, 0.2, 0.12, 0.08];
const BINARY_PREVALENCE = 0.3;
const BINARY_MU = 0.95;
const MULTICLASS_MU = 2.25;

/** xoshiro128** (Blackman & Vigna) seeded by splitmix32. */
function makeRng(seed) {
  let state = seed >>> 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s[i] = (z ^ (z >>> 16)) >>> 0;
  }
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  /** Uniform in [0, 1) with 53 random bits. */
  const uniform = () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  let spare = 0;
  let hasSpare = false;
  /** Standard normal (Marsaglia polar method). */
  const normal = () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u;
    let v;
    let q;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };
  return { uniform, normal };
}

const pad = (i, width) => String(i).padStart(width, '0');

function binaryLine(rng, id) {
  const y = rng.uniform() < BINARY_PREVALENCE ? 1 : 0;
  const z = (y ? BINARY_MU : -BINARY_MU) + rng.normal();
  const logit = 2 * BINARY_MU * z + Math.log(BINARY_PREVALENCE / (1 - BINARY_PREVALENCE));
  const p = Math.round(100 / (1 + Math.exp(-logit))) / 100;
  return `{"id":"${id}","expected":"${y}","predicted":"${p >= 0.5 ? 1 : 0}","probability":${p}}\n`;
}

const LOG_PRIORS = MULTICLASS_PRIORS.map(Math.log);
const CUMULATIVE = MULTICLASS_PRIORS.map((_, i) =>
  MULTICLASS_PRIORS.slice(0, i + 1).reduce((a, b) => a + b, 0),
);

function multiclassLine(rng, id) {
  const k = MULTICLASS_LABELS.length;
  const u = rng.uniform();
  let y = CUMULATIVE.findIndex((c) => u < c);
  if (y < 0) y = k - 1;
  const logits = new Array(k);
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    const z = (c === y ? MULTICLASS_MU : 0) + rng.normal();
    logits[c] = MULTICLASS_MU * z + LOG_PRIORS[c];
    if (logits[c] > max) max = logits[c];
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += logits[c] = Math.exp(logits[c] - max);
  // Round to 3 decimals in integer thousandths, give the residue to the largest class: the row sums to exactly 1000.
  const milli = logits.map((v) => Math.round((1000 * v) / sum));
  let top = 0;
  for (let c = 1; c < k; c++) if (milli[c] > milli[top]) top = c;
  milli[top] += 1000 - milli.reduce((a, b) => a + b, 0);
  const probs = MULTICLASS_LABELS.map((label, c) => `"${label}":${milli[c] / 1000}`).join(',');
  return `{"id":"${id}","expected":"${MULTICLASS_LABELS[y]}","predicted":"${MULTICLASS_LABELS[top]}","probability":{${probs}}}\n`;
}

export function dataFile(task, n) {
  return path.join(DATA_DIR, `${task}-${n}.jsonl`);
}

/** Writes N cases of `task` to `out` (atomically: a temp file renamed at the end). Returns the path. */
export function generate({ task, n, seed = 42, out = dataFile(task, n) }) {
  if (task !== 'binary' && task !== 'multiclass') throw new Error(`unknown task ${task}`);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--n must be a positive integer, got ${n}`);
  mkdirSync(path.dirname(out), { recursive: true });
  const rng = makeRng(seed ^ (task === 'binary' ? 0x0b1 : 0x3c5));
  const line = task === 'binary' ? binaryLine : multiclassLine;
  const width = String(n - 1).length;
  const temp = `${out}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += line(rng, `case-${pad(i, width)}`);
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  if (chunk) writeSync(fd, chunk);
  closeSync(fd);
  renameSync(temp, out);
  return out;
}

function parseArgs(argv) {
  const args = { task: 'binary', n: 100000, seed: 42, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--task') args.task = value();
    else if (flag === '--n') args.n = Number(value());
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--out') args.out = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('Usage: node bench/generate.mjs --task binary|multiclass --n N [--seed S] [--out FILE]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const out = generate(args);
  console.error(
    `wrote ${args.n} ${args.task} cases to ${path.relative(process.cwd(), out)} in ${Date.now() - started} ms`,
  );
}
