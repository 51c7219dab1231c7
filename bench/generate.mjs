#!/usr/bin/env node
/**
 * Deterministic generator of canonical JSONL eval results for the eval-gate benchmark.
 *
 *   node bench/generate.mjs --task binary|multiclass|llm --n 1000000 [--seed 42] [--out bench/data/FILE.jsonl]
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
 * - llm: the binary model's cases as an LLM eval writes them: the probability unrounded (a judge's or classifier's
 *   full-precision score: a million distinct values, no cells), a latency (log-normal, median 800 ms, whole ms),
 *   token counts, a cost, a grader's `faithfulness` score in [0, 1], and 1 % of cases errored (no prediction).
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
import { makeRng } from './prng.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(HERE, 'data');

export const MULTICLASS_LABELS = ['billing', 'technical', 'account', 'shipping', 'other'];
const MULTICLASS_PRIORS = [0.35, 0.25, 0.2, 0.12, 0.08];
const BINARY_PREVALENCE = 0.3;
const BINARY_MU = 0.95;
const MULTICLASS_MU = 2.25;

const pad = (i, width) => String(i).padStart(width, '0');

function binaryLine(rng, id) {
  const y = rng.uniform() < BINARY_PREVALENCE ? 1 : 0;
  const z = (y ? BINARY_MU : -BINARY_MU) + rng.normal();
  const logit = 2 * BINARY_MU * z + Math.log(BINARY_PREVALENCE / (1 - BINARY_PREVALENCE));
  const p = Math.round(100 / (1 + Math.exp(-logit))) / 100;
  return `{"id":"${id}","expected":"${y}","predicted":"${p >= 0.5 ? 1 : 0}","probability":${p}}\n`;
}

function llmLine(rng, id) {
  const y = rng.uniform() < BINARY_PREVALENCE ? 1 : 0;
  const z = (y ? BINARY_MU : -BINARY_MU) + rng.normal();
  const p = 1 / (1 + Math.exp(-(2 * BINARY_MU * z + Math.log(BINARY_PREVALENCE / (1 - BINARY_PREVALENCE)))));
  const latency = Math.round(800 * Math.exp(0.6 * rng.normal()));
  const input = 400 + Math.floor(rng.uniform() * 800);
  const output = 20 + Math.floor(rng.uniform() * 300);
  const cost = Math.round((input * 0.15 + output * 0.6) * 1000) / 1e9;
  const faithfulness = Math.round(Math.min(1, Math.max(0, 0.8 + 0.15 * rng.normal())) * 1000) / 1000;
  const operations = `"latency_ms":${latency},"tokens":{"input":${input},"output":${output}},"cost_usd":${cost}`;
  if (rng.uniform() < 0.01)
    return `{"id":"${id}","expected":"${y}","error":"provider timeout",${operations}}\n`;
  return `{"id":"${id}","expected":"${y}","predicted":"${p >= 0.5 ? 1 : 0}","probability":${p},"scores":{"faithfulness":${faithfulness}},${operations}}\n`;
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
  const lines = { binary: binaryLine, multiclass: multiclassLine, llm: llmLine };
  if (!Object.hasOwn(lines, task)) throw new Error(`unknown task ${task}`);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--n must be a positive integer, got ${n}`);
  mkdirSync(path.dirname(out), { recursive: true });
  const rng = makeRng(seed ^ { binary: 0x0b1, multiclass: 0x3c5, llm: 0x11e }[task]);
  const line = lines[task];
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
      console.log(
        'Usage: node bench/generate.mjs --task binary|multiclass|llm --n N [--seed S] [--out FILE]',
      );
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
