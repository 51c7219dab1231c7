// Start-up of every bundle, beside `node -e 0` measured in the same run (median wall time of ≥ 10 runs each):
// "load" runs a bundle without inputs (it loads, parses its inputs and stops on the first required one: start-up
// alone); "trivial" runs it on a trivial input (a 4-case results file, a 4-row CSV, a report to comment on in
// summary-only mode), the whole step with nothing to wait for. Beside each wall time, the CPU time (user + system, all
// threads) of a second run of the same command, read at exit by a one-line probe (`--import`) in every process alike,
// `node -e 0` included: on a shared machine the CPU time moves much less than the wall time.
//   node bench/startup.mjs [--runs 15] [--dist dist] [--before DIR]   (DIR: another build, e.g. main's dist/)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const flag = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const runs = Number(flag('runs', '15'));
const builds = [['this build', path.resolve(root, flag('dist', 'dist'))]];
if (flag('before')) builds.push(['before', path.resolve(flag('before'))]);

const work = mkdtempSync(path.join(tmpdir(), 'mlgate-startup-'));
const cases = ['a', 'b', 'c', 'd'].map((id, i) =>
  JSON.stringify({ id, expected: String(i % 2), predicted: String(i % 2) }),
);
writeFileSync(path.join(work, 'results.jsonl'), `${cases.join('\n')}\n`);
writeFileSync(path.join(work, 'data.csv'), 'id,x\n1,0.5\n2,0.7\n3,0.1\n4,0.9\n');

/** The runner's environment for one step: its inputs as INPUT_*, fresh output and summary files. */
function actionEnv(name, inputs) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const env = { PATH: process.env.PATH, GITHUB_WORKSPACE: work, RUNNER_TEMP: dir };
  env.GITHUB_OUTPUT = path.join(dir, 'output');
  env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary.md');
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  for (const [key, value] of Object.entries(inputs))
    env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  return env;
}

const report = path.join(work, 'mlgate-reports', 'eval-report.json');
const targets = [
  { name: 'eval-gate', args: [], inputs: { results: 'results.jsonl' } },
  { name: 'validate-data', args: [], inputs: { data: 'data.csv' } },
  { name: 'mlgate', args: [], inputs: { results: 'results.jsonl', comment: 'false' } },
  { name: 'pr-eval-comment', args: [], inputs: { report, mode: 'summary-only' } },
  { name: 'cli', args: ['eval-gate', '--results', 'results.jsonl', '--quiet'], inputs: {} },
];

// The probe: at exit, the process's own CPU time in µs (process.cpuUsage covers every thread) to MLGATE_CPU_FILE.
const probe = path.join(work, 'cpu-probe.mjs');
writeFileSync(
  probe,
  "import { writeFileSync } from 'node:fs';\n" +
    "process.on('exit', () => { const { user, system } = process.cpuUsage(); " +
    'writeFileSync(process.env.MLGATE_CPU_FILE, String(user + system)); });\n',
);
const cpuFile = path.join(work, 'cpu');

/**
 * Wall ms of a plain run (hrtime around the child), then CPU ms of a second run under the probe: the probe starts
 * the ES module loader, which a bundle starts anyway but `node -e 0` does not, so the wall floor is a plain run.
 */
function time(args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: work, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  spawnSync(process.execPath, ['--import', probe, ...args], {
    cwd: work,
    env: { ...env, MLGATE_CPU_FILE: cpuFile },
  });
  const cpu = Number(readFileSync(cpuFile, 'utf8')) / 1000;
  return { ms, cpu, status: result.status, output: `${result.stdout}${result.stderr}` };
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Interleaved, so load on the machine falls on every column alike.
const samples = new Map();
const add = (key, { ms, cpu }) => {
  samples.set(key, [...(samples.get(key) ?? []), ms]);
  samples.set(`${key}\tcpu`, [...(samples.get(`${key}\tcpu`) ?? []), cpu]);
};
for (let i = 0; i < runs; i++) {
  add('node -e 0', time(['-e', '0'], { PATH: process.env.PATH }));
  for (const [label, dist] of builds)
    for (const target of targets) {
      const bundle = path.join(dist, target.name, 'index.js');
      const run = time([bundle, ...target.args], actionEnv(target.name, target.inputs));
      if (run.status !== 0) {
        console.error(`${label} ${target.name} exited ${run.status}:\n${run.output.slice(-2000)}`);
        process.exit(1);
      }
      add(`${label}\ttrivial\t${target.name}`, run);
      // Without inputs: an action stops at its first required input (exit 1), the CLI prints its version.
      const args = target.name === 'cli' ? ['--version'] : [];
      const load = time([bundle, ...args], actionEnv(`${target.name}-load`, {}));
      if (load.status !== (target.name === 'cli' ? 0 : 1) || /unexpectedly/.test(load.output)) {
        console.error(
          `${label} ${target.name} without inputs exited ${load.status}:\n${load.output.slice(-2000)}`,
        );
        process.exit(1);
      }
      add(`${label}\tload\t${target.name}`, load);
    }
}

const floor = median(samples.get('node -e 0'));
const cpuFloor = median(samples.get('node -e 0\tcpu'));
const cell = (key, base) => {
  const value = median(samples.get(key));
  return `${value.toFixed(0)} | ${(value / base).toFixed(1)}`;
};
console.log(
  `median of ${runs} runs each, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end`,
);
console.log(`node -e 0: ${floor.toFixed(0)} ms wall, ${cpuFloor.toFixed(0)} ms CPU`);
console.log(
  '| bundle | build | load ms | × node -e 0 | trivial input ms | × | load CPU ms | × | trivial CPU ms | × |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const target of targets)
  for (const [label] of builds) {
    const key = (kind) => `${label}\t${kind}\t${target.name}`;
    const cells = [
      cell(key('load'), floor),
      cell(key('trivial'), floor),
      cell(`${key('load')}\tcpu`, cpuFloor),
      cell(`${key('trivial')}\tcpu`, cpuFloor),
    ];
    console.log(`| ${target.name} | ${label} | ${cells.join(' | ')} |`);
  }
