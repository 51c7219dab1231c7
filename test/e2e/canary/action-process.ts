/**
 * Runs a bundled action as a child process without blocking the test: routers, model servers and the load
 * generator in the test process keep working while it runs, and the test can signal it like the runner does.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { actionNode, bundle, parseAnnotations, parseOutputFile } from '../runner.js';
import type { ActionRun } from '../runner.js';

export interface FinishedAction extends ActionRun {
  /** The signal that ended the process, if any. */
  signal: NodeJS.Signals | null;
  /** When the process exited (epoch ms). */
  endedAt: number;
  /** What the step saved with core.saveState (GITHUB_STATE): the runner hands it to the post step as STATE_*. */
  savedState: Record<string, string>;
}

/** The environment the runner gives a post step for the state its main step saved. */
export function postStepEnv(savedState: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(savedState).map(([key, value]) => [`STATE_${key}`, value]));
}

export interface RunningAction {
  pid: number;
  /** Everything the action printed so far. */
  stdout(): string;
  /** Sends a signal to the action process (the runner cancels with SIGINT, then SIGTERM). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the action has exited, with the signal that ended it if any. */
  done: Promise<FinishedAction>;
}

export interface StartActionOptions {
  /** Extra environment (RUNNER_*, STATE_* for a post step …). */
  env?: Record<string, string>;
  /** Kill the action with SIGKILL after this many milliseconds (default 120 s). */
  timeoutMs?: number;
}

export function startAction(
  name: string,
  workspace: string,
  inputs: Record<string, string>,
  options: StartActionOptions = {},
): RunningAction {
  const outputFile = path.join(workspace, '.runner-output');
  const summaryFile = path.join(workspace, '.runner-summary.md');
  const stateFile = path.join(workspace, '.runner-state');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(stateFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [`INPUT_${key.replace(/ /g, '_').toUpperCase()}`, value]),
  );
  const child = spawn(actionNode, [bundle(name)], {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_STATE: stateFile,
      GITHUB_REPOSITORY: 'acme/support-bot',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_RUN_ID: '42',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: workspace,
      ...inputEnv,
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const done = new Promise<FinishedAction>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve({
        exitCode: code,
        signal,
        endedAt: Date.now(),
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        savedState: parseOutputFile(readFileSync(stateFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
        annotations: parseAnnotations(stdout),
      });
    });
  });
  if (child.pid === undefined) throw new Error(`could not start dist/${name}/index.js`);
  return {
    pid: child.pid,
    stdout: () => stdout,
    signal: (signal) => child.kill(signal),
    done,
  };
}
