#!/usr/bin/env node
/**
 * Does an inferred contract generalise? Splits real CSVs into random halves, runs `mlgate validate-data --infer` on
 * one half (dist/cli) and validates the other half against the contract, many times.
 *
 *   node scripts/bundle.mjs --only cli && node bench/validate-data/infer-holdout.mjs [--splits 40] [--seed 1] [FILES…]
 *
 * Default files: test/fixtures/data/breast-cancer.csv (scikit-learn's copy, 569 rows, 30 skewed measurements and
 * the class) and test/fixtures/real/frictionless/country-codes.csv (249 rows, 56 text and integer columns).
 * Printed per file: the share of splits whose held-out half passes every check, the mean number of failed checks,
 * and, as the reference from the same splits, what a contract with the observed extremes as bounds (what --infer
 * wrote before) would fail: the numeric columns whose held-out values leave the training half's [min, max].
 * CSV records are taken one per line (neither file has a line break inside a quoted field).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRng } from '../prng.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const splits = Number(option('--splits', '40'));
const seed = Number(option('--seed', '1'));
const files = args.length
  ? args
  : ['test/fixtures/data/breast-cancer.csv', 'test/fixtures/real/frictionless/country-codes.csv'];

/** The cells of one CSV line (quotes honoured, no line breaks inside fields). */
function cells(line) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Numeric columns (every non-empty value a number in both halves) whose held-out values leave [min, max]. */
function exactExtremesFailures(header, train, held) {
  let failed = 0;
  for (let c = 0; c < header.length; c++) {
    const values = (rows) => rows.map((row) => row[c]).filter((text) => text !== '');
    const a = values(train);
    const b = values(held);
    if (a.length === 0 || ![...a, ...b].every((text) => NUMBER.test(text))) continue;
    const lo = Math.min(...a.map(Number));
    const hi = Math.max(...a.map(Number));
    if (b.some((text) => Number(text) < lo || Number(text) > hi)) failed++;
  }
  return failed;
}

const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-infer-'));
const rows = [];
try {
  for (const file of files) {
    const [headerLine, ...lines] = readFileSync(path.resolve(root, file), 'utf8').trimEnd().split('\n');
    const header = cells(headerLine);
    const random = makeRng(seed).uniform;
    let passed = 0;
    let failedChecks = 0;
    let referencePassed = 0;
    let referenceFailed = 0;
    const failedNames = new Map();
    for (let split = 0; split < splits; split++) {
      const order = lines.map((line, i) => [random(), i]).sort((a, b) => a[0] - b[0]);
      const half = Math.floor(lines.length / 2);
      const trainLines = order.slice(0, half).map(([, i]) => lines[i]);
      const heldLines = order.slice(half).map(([, i]) => lines[i]);
      const train = path.join(dir, 'train.csv');
      const held = path.join(dir, 'held.csv');
      writeFileSync(train, `${[headerLine, ...trainLines].join('\n')}\n`);
      writeFileSync(held, `${[headerLine, ...heldLines].join('\n')}\n`);
      const contract = path.join(dir, 'contract.yml');
      writeFileSync(
        contract,
        execFileSync(process.execPath, [cli, 'validate-data', '--quiet', '--infer', train]),
      );
      const run = spawnSync(
        process.execPath,
        [
          cli,
          'validate-data',
          '--quiet',
          '--json',
          '--data',
          held,
          '--contract',
          contract,
          '--report-path',
          path.join(dir, 'r.json'),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      );
      if (run.status === 2) throw new Error(`${file}: ${run.stderr}`);
      const report = JSON.parse(run.stdout);
      const failing = report.checks.filter((check) => check.status === 'fail');
      if (failing.length === 0) passed++;
      failedChecks += failing.length;
      for (const check of failing) {
        const name = `${check.column ?? ''} ${check.check}`.trim();
        failedNames.set(name, (failedNames.get(name) ?? 0) + 1);
      }
      const reference = exactExtremesFailures(header, trainLines.map(cells), heldLines.map(cells));
      if (reference === 0) referencePassed++;
      referenceFailed += reference;
    }
    rows.push({
      file,
      rows: lines.length,
      columns: header.length,
      pass: passed / splits,
      failed: failedChecks / splits,
      referencePass: referencePassed / splits,
      referenceFailed: referenceFailed / splits,
      most: [...failedNames].sort((a, b) => b[1] - a[1]).slice(0, 3),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pct = (x) => `${(100 * x).toFixed(0)}%`;
console.log(
  `${splits} random halves per file (seed ${seed}); train on one half with --infer, validate the other\n`,
);
console.log(
  '| file | rows × columns | held-out passes (mlgate --infer) | failed checks per split | observed extremes as bounds: passes | columns out of range per split |',
);
console.log('|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${path.basename(row.file)} | ${row.rows} × ${row.columns} | ${pct(row.pass)} | ${row.failed.toFixed(2)} | ${pct(row.referencePass)} | ${row.referenceFailed.toFixed(1)} |`,
  );
for (const row of rows)
  if (row.most.length)
    console.log(
      `\n${path.basename(row.file)}: most failed: ${row.most.map(([name, n]) => `${name} (${n}×)`).join(', ')}`,
    );
