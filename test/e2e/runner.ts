/** Runs a bundled action the way the GitHub runner does: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVAL_REPORT_KIND, validateReport, type EvalReport } from '@mlgate/core';

export const repoRoot = path.resolve(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
);

/**
 * The Node binary that runs the bundles: MLGATE_E2E_NODE (CI sets it to Node 24, the runtime the actions declare),
 * else the one running the tests.
 */
export const actionNode = process.env.MLGATE_E2E_NODE || process.execPath;

/** The bundles under test: MLGATE_DIST_DIR (a build kept apart from the committed one), else dist/. */
export const distDir = process.env.MLGATE_DIST_DIR
  ? path.resolve(process.env.MLGATE_DIST_DIR)
  : path.join(repoRoot, 'dist');

/** The entry file of a bundle: `bundle('eval-gate')`, `bundle('cli')`. */
export const bundle = (name: string): string => path.join(distDir, name, 'index.js');

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands the action printed: ::error file=…,line=…::message */
  annotations: { level: string; file?: string; line?: number; message: string }[];
}

/** A fresh workspace with the given repository files copied in (relative paths kept). */
export function makeWorkspace(files: Record<string, string>): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-e2e-'));
  for (const [target, source] of Object.entries(files))
    cpSync(path.join(repoRoot, source), path.join(workspace, target), { recursive: true });
  return workspace;
}

/** Parses the GITHUB_OUTPUT file: `name<<DELIMITER` … `DELIMITER` blocks written by @actions/core. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      outputs[heredoc[1]] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const [name, ...rest] = lines[i].split('=');
      outputs[name] = rest.join('=');
    }
  }
  return outputs;
}

/** The workflow commands an action printed: `::error file=…,line=…::message` (the message unescaped). */
export function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const annotations: ActionRun['annotations'] = [];
  for (const match of stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)) {
    const properties = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=') as [string, string]),
    );
    annotations.push({
      level: match[1],
      file: properties.file,
      line: properties.line ? Number(properties.line) : undefined,
      message: match[3].replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
    });
  }
  return annotations;
}

export function runAction(
  name: string,
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  /** How long the step may run before it is killed (then exitCode is null). */
  timeoutMs = 120000,
): ActionRun {
  const outputFile = path.join(workspace, '.runner-output');
  const summaryFile = path.join(workspace, '.runner-summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [`INPUT_${key.replace(/ /g, '_').toUpperCase()}`, value]),
  );
  const result = spawnSync(actionNode, [bundle(name)], {
    cwd: workspace,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_REPOSITORY: 'acme/support-bot',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_RUN_ID: '42',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: workspace,
      ...inputEnv,
      ...env,
    },
  });
  return {
    exitCode: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations: parseAnnotations(result.stdout),
  };
}

/** Runs the CLI bundle; `env` adds variables, e.g. the GITHUB_* ones of a `run:` step. */
export function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { exitCode: number | null; stdout: string; stderr: string } {
  const result = spawnSync(actionNode, [bundle('cli'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120000,
    env: { PATH: process.env.PATH, ...env },
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An eval report file read the way mlgate reads one: validated, its 1.3 case table decoded to one object per case. */
export function readEvalReportFile(file: string): EvalReport {
  return validateReport<EvalReport>(JSON.parse(readFileSync(file, 'utf8')), EVAL_REPORT_KIND, file);
}
