/**
 * Helpers of the engine tests: small data files and a contract in a scratch folder, run through
 * `validateData`, and lookups of one check in the report.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { MemoryLogger, type DataCheckResult, type DataProfile, type DataReport } from '@mlgate/core';
import { validateData, type ValidateDataOptions } from '../../src/validate/run.js';

/** validateData's report, whose files, drift and columns it always fills. */
export type FullReport = DataReport & Required<Pick<DataReport, 'files' | 'drift' | 'columns'>>;

export interface Run {
  report: FullReport;
  profile: DataProfile;
  dir: string;
  logger: MemoryLogger;
}

/**
 * Writes `files` (name → content) and the contract (YAML text, or an object written as JSON) into a fresh
 * folder, validates every data file in it and removes the folder. The contract is `contract.yml` (or
 * `contract.json`), passed by its absolute path unless `relativeContract` (then relative to `workspace`, the
 * folder); file names in the report are relative to the folder. `referenceData` and `referenceProfile` name
 * files of `files`; `*.schema.json` and `*.profile.json` files are not data.
 */
export async function validate(
  files: Record<string, string | Buffer>,
  contract?: string | object,
  options: Partial<ValidateDataOptions> = {},
  how: { relativeContract?: boolean } = {},
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-validate-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    let contractPath: string | undefined;
    if (contract !== undefined) {
      contractPath = join(dir, typeof contract === 'string' ? 'contract.yml' : 'contract.json');
      writeFileSync(
        contractPath,
        typeof contract === 'string' ? contract : `${JSON.stringify(contract, null, 2)}\n`,
      );
    }
    const logger = new MemoryLogger();
    const { report, profile } = await validateData(
      {
        data: Object.keys(files)
          .filter((name) => !isSideFile(name) && !options.referenceData?.includes(name))
          .map((name) => join(dir, name)),
        format: 'auto',
        contract: contractPath && how.relativeContract ? contractPath.slice(dir.length + 1) : contractPath,
        workspace: dir,
        ...options,
        referenceData: options.referenceData?.map((name) => join(dir, name)),
        referenceProfile: options.referenceProfile && join(dir, options.referenceProfile),
      },
      logger,
    );
    const { files: read, drift, columns } = report;
    if (!read || !drift || !columns) throw new Error('validateData left out files, drift or columns');
    return { report: { ...report, files: read, drift, columns }, profile, dir, logger };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Files next to the data that are not data: record schemas and profiles. */
function isSideFile(name: string): boolean {
  return name.endsWith('.schema.json') || name.endsWith('.profile.json');
}

/** The one check of that name (and column); fails the test when there is none or more than one. */
export function checkOf(report: DataReport, check: string, column?: string): DataCheckResult {
  const found = report.checks.filter(
    (c) => c.check === check && (column === undefined || c.column === column),
  );
  if (found.length !== 1)
    throw new Error(
      `expected one "${check}"${column ? ` check of ${column}` : ''}, found ${found.length}: ${JSON.stringify(report.checks.map((c) => [c.check, c.column, c.status]))}`,
    );
  return found[0];
}

/** Whether the report has a check of that name (and column). */
export function hasCheck(report: DataReport, check: string, column?: string): boolean {
  return report.checks.some((c) => c.check === check && (column === undefined || c.column === column));
}

/** A CSV file: the header and the rows, one per line, with a final newline. */
export function csv(header: string, rows: string[]): string {
  return `${[header, ...rows].join('\n')}\n`;
}

/** A JSONL file of these records, one per line. */
export function jsonl(records: unknown[]): string {
  return `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

/** Asserts a check's status, failing-row count and first sample (file, line, value). */
export function expectFailure(
  result: DataCheckResult,
  expected: {
    status: DataCheckResult['status'];
    failingRows: number;
    file: string;
    line: number;
    value?: string;
  },
): void {
  expect(result.status).toBe(expected.status);
  expect(result.failingRows).toBe(expected.failingRows);
  expect(result.file).toBe(expected.file);
  expect(result.line).toBe(expected.line);
  expect(result.samples?.[0]?.file).toBe(expected.file);
  expect(result.samples?.[0]?.line).toBe(expected.line);
  if (expected.value !== undefined) expect(result.samples?.[0]?.value).toBe(expected.value);
}

/** Asserts that a check passed with no failing rows. */
export function expectPass(result: DataCheckResult): void {
  expect(result.status).toBe('pass');
  expect(result.failingRows).toBeUndefined();
  expect(result.samples).toBeUndefined();
}
