/** A baseline on disk: the directory a store uploads and restores, with manifest.json, report.json and profile.json. */
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baselineCopy, writeReportFile, type EvalReport } from '@mlgate/core';
import {
  BASELINE_MANIFEST_FILE,
  BASELINE_MANIFEST_KIND,
  BASELINE_PROFILE_FILE,
  BASELINE_EVAL_REPORT_FILE,
  BASELINE_REPORT_FILE,
  type BaselineManifest,
  type RestoredBaseline,
} from './types.js';

/** A fresh directory for a baseline, under RUNNER_TEMP on a runner (cleaned after the job). */
export async function baselineTempDir(label: string): Promise<string> {
  const root = process.env.RUNNER_TEMP || tmpdir();
  await mkdir(root, { recursive: true });
  return mkdtemp(path.join(root, `mlgate-baseline-${label}-`));
}

/**
 * Writes the manifest, the report and (for data) the profile into `directory`; returns the file paths. An eval
 * report is stored as report.json.gz: its case table compressed, case texts cut to what a comment shows.
 */
export async function writeBaselineFiles(
  directory: string,
  manifest: BaselineManifest,
  report: unknown,
  profile?: unknown,
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const files: [string, unknown][] = [
    [BASELINE_MANIFEST_FILE, manifest],
    ...(manifest.content === 'eval' ? [] : ([[BASELINE_REPORT_FILE, report]] as [string, unknown][])),
    ...(profile === undefined ? [] : ([[BASELINE_PROFILE_FILE, profile]] as [string, unknown][])),
  ];
  for (const [name, value] of files)
    await writeFile(path.join(directory, name), `${JSON.stringify(value, null, 2)}\n`);
  if (manifest.content !== 'eval') return files.map(([name]) => path.join(directory, name));
  const stored = path.join(directory, BASELINE_EVAL_REPORT_FILE);
  await writeReportFile(stored, baselineCopy(report as EvalReport), 'baseline', { gzip: true });
  return [
    path.join(directory, BASELINE_MANIFEST_FILE),
    stored,
    ...files.slice(1).map(([name]) => path.join(directory, name)),
  ];
}

/**
 * Reads a restored baseline directory; undefined (and why) when it has no valid manifest or no report, which
 * a store treats like a missing baseline rather than comparing with something unknown.
 */
export async function readBaselineDirectory(
  directory: string,
  storedAs: string,
): Promise<{ baseline?: RestoredBaseline; problem?: string }> {
  let manifest: BaselineManifest;
  try {
    manifest = JSON.parse(
      await readFile(path.join(directory, BASELINE_MANIFEST_FILE), 'utf8'),
    ) as BaselineManifest;
  } catch (error) {
    return { problem: `${storedAs} has no readable ${BASELINE_MANIFEST_FILE} (${(error as Error).message})` };
  }
  if (
    manifest?.kind !== BASELINE_MANIFEST_KIND ||
    typeof manifest.commit !== 'string' ||
    typeof manifest.createdAt !== 'string' ||
    Number.isNaN(Date.parse(manifest.createdAt))
  )
    return { problem: `${storedAs}: ${BASELINE_MANIFEST_FILE} is not an mlgate baseline manifest` };
  const profile = path.join(directory, BASELINE_PROFILE_FILE);
  const exists = (file: string) =>
    access(file).then(
      () => true,
      () => false,
    );
  // Eval baselines saved before eval report 1.3 hold report.json.
  const compressed = path.join(directory, BASELINE_EVAL_REPORT_FILE);
  const report =
    manifest.content === 'eval' && (await exists(compressed))
      ? compressed
      : path.join(directory, BASELINE_REPORT_FILE);
  if (!(await exists(report))) return { problem: `${storedAs} holds no ${BASELINE_REPORT_FILE}` };
  if (manifest.content === 'data' && !(await exists(profile)))
    return { problem: `${storedAs} holds no ${BASELINE_PROFILE_FILE}` };
  return {
    baseline: {
      manifest,
      directory,
      report,
      ...(manifest.content === 'data' ? { profile } : {}),
      storedAs,
    },
  };
}
