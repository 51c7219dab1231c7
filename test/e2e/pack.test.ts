/** End to end: the npm package as a user gets it — packed, installed into an empty folder, `npx mlgate` on the example. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionNode, repoRoot } from './runner.js';

/** What the `files` field of package.json lets in (npm adds package.json itself). */
const PUBLISHED = [
  /^dist\/cli\//,
  /^docs\/schemas\/[^/]+\.schema\.json$/,
  /^(README\.md|LICENSE|CHANGELOG\.md|package\.json)$/,
];

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/**
 * npm and npx as a user runs them, kept off the network (`offline`, an empty cache) and away from the outer
 * `npm test`: its npm_* variables (npm_config_local_prefix among them) would point npm back at the repository.
 * The CLI's `#!/usr/bin/env node` finds the Node binary the bundle tests run on (MLGATE_E2E_NODE) first.
 */
function npm(command: 'npm' | 'npx', args: string[], cwd: string, cache: string): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD'),
  );
  env.PATH = [path.dirname(actionNode), path.dirname(process.execPath), process.env.PATH].join(
    path.delimiter,
  );
  Object.assign(env, {
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

describe('the npm package (npm pack of the repository root)', () => {
  let scratch: string;
  let cache: string;
  let project: string;
  let packed: PackResult;

  /** `npx mlgate eval-gate` in the user's project, as in the README. */
  const evalGate = (results: string, reportPath: string, ...extra: string[]) =>
    npm(
      'npx',
      [
        '--no',
        'mlgate',
        'eval-gate',
        '--results',
        results,
        '--gates',
        '.mlgate/gates.yml',
        '--report-path',
        reportPath,
        ...extra,
      ],
      project,
      cache,
    );
  const outcomeOf = (reportPath: string) =>
    (JSON.parse(readFileSync(path.join(project, reportPath), 'utf8')) as { outcome: string }).outcome;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'mlgate-pack-'));
    cache = path.join(scratch, 'npm-cache');
    // Packs dist/cli as it is in the working tree (the committed bundle in CI).
    const pack = npm(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch],
      repoRoot,
      cache,
    );
    if (pack.status !== 0) throw new Error(`npm pack failed (${pack.status}):\n${pack.stderr}`);
    packed = (JSON.parse(pack.stdout) as PackResult[])[0];

    // An empty project of a user's: a package.json of its own, so npm installs here and not in a parent folder.
    project = path.join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'new-team', private: true }));
    const install = npm(
      'npm',
      ['install', '--no-audit', '--no-fund', path.join(scratch, packed.filename)],
      project,
      cache,
    );
    if (install.status !== 0)
      throw new Error(`npm install of the tarball failed (${install.status}):\n${install.stderr}`);

    for (const [target, source] of Object.entries({
      'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl',
      'eval/pr-good.jsonl': 'examples/support-triage/eval/pr-good.jsonl',
      'eval/pr-regressed.jsonl': 'examples/support-triage/eval/pr-regressed.jsonl',
      '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
    }))
      cpSync(path.join(repoRoot, source), path.join(project, target), { recursive: true });
  }, 180_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the CLI bundle, its scan and resample threads, the schemas, README, LICENSE and CHANGELOG, and nothing else', () => {
    const files = packed.files.map((file) => file.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli/index.js',
        'dist/cli/package.json',
        'dist/cli/scan-thread/index.js',
        'dist/cli/scan-thread/package.json',
        'dist/cli/resample-thread/index.js',
        'dist/cli/resample-thread/package.json',
        'docs/schemas/eval-report.schema.json',
        'docs/schemas/gates.schema.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        'package.json',
      ]),
    );
    expect(files.filter((file) => !PUBLISHED.some((allowed) => allowed.test(file)))).toEqual([]);
    // Spelled out, as these are what a careless `files` field lets in.
    for (const excluded of [/^test\//, /^bench\//, /^packages\/[^/]+\/src\//, /^actions\//, /^examples\//])
      expect(files.filter((file) => excluded.test(file))).toEqual([]);
  });

  it('installs into an empty folder without any dependency (the CLI bundle is self-contained)', () => {
    const installed = JSON.parse(
      readFileSync(path.join(project, 'node_modules', 'mlgate', 'package.json'), 'utf8'),
    );
    expect(installed.dependencies ?? {}).toEqual({});
    const modules = readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(modules).toEqual(['mlgate']);
    expect(existsSync(path.join(project, 'node_modules', '.bin', 'mlgate'))).toBe(true);
  });

  it('runs `npx mlgate eval-gate` on the example: the baseline, a good change (exit 0) and a regression (exit 1)', () => {
    const main = evalGate('eval/main.jsonl', 'reports/main.json');
    expect({ status: main.status, stderr: main.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    // No baseline for main itself: its drop gates cannot be decided.
    expect(outcomeOf('reports/main.json')).toBe('inconclusive');

    const good = evalGate('eval/pr-good.jsonl', 'reports/pr-good.json', '--baseline', 'reports/main.json');
    expect({ status: good.status, stderr: good.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(outcomeOf('reports/pr-good.json')).toBe('pass');

    const regressed = evalGate(
      'eval/pr-regressed.jsonl',
      'reports/pr-regressed.json',
      '--baseline',
      'reports/main.json',
    );
    expect(regressed.status).toBe(1);
    expect(outcomeOf('reports/pr-regressed.json')).toBe('fail');
  });
});
