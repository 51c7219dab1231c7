/**
 * What the workspace itself says about a build: the git tree and uncommitted changes, the Python version, the
 * dependency lock files. Programs run with fixed arguments (never a shell) and a short timeout; absent tools
 * simply leave the field out.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { digestFiles } from './data.js';
import type { CodeInfo, EnvironmentInfo } from './statement.js';

const run = promisify(execFile);

async function output(command: string, args: string[], cwd: string): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      timeout: 10_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return (stdout || stderr).trim();
  } catch {
    return undefined;
  }
}

/** Dependency lock files recorded when present at the workspace root. */
export const LOCKFILES = [
  'requirements.txt',
  'requirements.lock',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'conda-lock.yml',
  'environment.yml',
  'package-lock.json',
  'pnpm-lock.yaml',
  'yarn.lock',
];

/** The commit's tree and whether tracked files changed since checkout (a dirty build is not reproducible). */
export async function gitState(workspace: string): Promise<Pick<CodeInfo, 'tree' | 'dirty'>> {
  const tree = await output('git', ['rev-parse', 'HEAD^{tree}'], workspace);
  if (!tree || !/^[0-9a-f]{40,64}$/.test(tree)) return {};
  const status = await output('git', ['status', '--porcelain', '--untracked-files=no'], workspace);
  return { tree, ...(status === undefined ? {} : { dirty: status.length > 0 }) };
}

/** The commit checked out (HEAD), when the workspace is a git clone. */
export async function gitHead(workspace: string): Promise<string | undefined> {
  const head = await output('git', ['rev-parse', 'HEAD'], workspace);
  return head && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
}

export async function workspaceEnvironment(
  base: EnvironmentInfo,
  workspace: string,
): Promise<EnvironmentInfo> {
  const python = (await output('python3', ['--version'], workspace))?.replace(/^Python\s+/, '');
  const present = LOCKFILES.filter((name) => existsSync(path.join(workspace, name)));
  return {
    ...base,
    ...(python && /^\d+\.\d+/.test(python) ? { python } : {}),
    lockfiles: await digestFiles(present, workspace, 'lockfiles'),
  };
}
