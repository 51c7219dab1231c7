// `npm run demo`: the mlgate CLI chain on the example project, as a pull request would see it.
// 1. evaluate main (the baseline), 2. gate a good pull request against it (must pass),
// 3. gate a regressing pull request (must fail). Exits non-zero if either verdict is not the expected one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const example = path.join(root, 'examples', 'support-triage');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const reports = path.join(example, 'mlgate-reports');

function gate(title, results, extra, expectedExit) {
  console.log(`\n━━ ${title}`);
  const args = ['eval-gate', '--results', results, '--gates', '.mlgate/gates.yml', ...extra];
  console.log(`$ mlgate ${args.join(' ')}`);
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: example, stdio: 'inherit' });
  const ok = run.status === expectedExit;
  console.log(ok ? `→ exit ${run.status}, as expected` : `→ exit ${run.status}, expected ${expectedExit}`);
  return ok;
}

const results = [
  gate(
    'main branch: the baseline (no earlier baseline, so its drop gates are inconclusive)',
    'eval/main.jsonl',
    ['--report-path', 'mlgate-reports/main.json'],
    0,
  ),
  gate(
    'pull request #1: a better model',
    'eval/pr-good.jsonl',
    [
      '--baseline',
      'mlgate-reports/main.json',
      '--report-path',
      'mlgate-reports/pr-good.json',
      '--summary-path',
      'mlgate-reports/pr-good.md',
    ],
    0,
  ),
  gate(
    'pull request #2: a regression',
    'eval/pr-regressed.jsonl',
    [
      '--baseline',
      'mlgate-reports/main.json',
      '--report-path',
      'mlgate-reports/pr-regressed.json',
      '--summary-path',
      'mlgate-reports/pr-regressed.md',
    ],
    1,
  ),
];

console.log(
  `\nReports (JSON) and job summaries (Markdown) are in ${path.relative(process.cwd(), reports) || reports}/`,
);
if (results.every(Boolean)) {
  console.log('Demo OK: the good pull request passed its gates and the regression was caught.');
} else {
  console.error('Demo FAILED: a verdict was not the expected one (see above).');
  process.exit(1);
}
