/** Temporary directories and independent digests (coreutils), so tests never check our code against itself. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryLogger, type EvalReport } from '@mlgate/core';
import { runEvalGate } from '@mlgate/eval';

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'mlgate-lineage-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes files given as { 'relative/path': content }, creating folders. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** `sha256sum FILE` from coreutils. */
export function coreutilsSha256(file: string): string {
  return execFileSync('sha256sum', ['--', file], { encoding: 'utf8' }).split(' ')[0];
}

/**
 * in-toto's dirHash by the shell recipe of its spec (NUL-separated so unicode and spaces survive; `.git` pruned as
 * mlgate does): `find . -type f | cut -c3- | LC_ALL=C sort | xargs sha256sum | sha256sum`.
 */
export function coreutilsDirHash(dir: string): string {
  return execFileSync(
    'bash',
    [
      '-c',
      "find . -name .git -prune -o -type f -print0 | sed -z 's|^\\./||' | LC_ALL=C sort -z | xargs -0 -r sha256sum -- | sha256sum",
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
  ).split(' ')[0];
}

/** sha256 of a string via coreutils (stdin). */
export function coreutilsSha256Text(text: string): string {
  return execFileSync('sha256sum', [], { input: text, encoding: 'utf8' }).split(' ')[0];
}

/** A real eval report: the support-triage example through eval-gate with its gates file (computed once). */
let evalReportPromise: Promise<EvalReport> | undefined;
export function supportTriageReport(): Promise<EvalReport> {
  const workspace = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../examples/support-triage',
  );
  evalReportPromise ??= runEvalGate(
    {
      results: ['eval/main.jsonl'],
      format: 'auto',
      task: 'auto',
      gates: '.mlgate/gates.yml',
      significance: 0.05,
      workspace,
      context: { repository: 'acme/support', commit: 'c'.repeat(40) },
    },
    new MemoryLogger(),
  );
  return evalReportPromise;
}
