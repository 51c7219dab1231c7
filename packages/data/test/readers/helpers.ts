/** Shared helpers of the reader tests: temporary files and draining a reader into arrays. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadOptions, RecordBatch, RecordIssue } from '../../src/readers/index.js';

export interface Drained {
  records: unknown[];
  lines: number[];
  batches: RecordBatch[];
  issues: RecordIssue[];
}

/** Options that collect issues into `issues`. */
export function collectingOptions(issues: RecordIssue[], extra: Partial<ReadOptions> = {}): ReadOptions {
  return { onIssue: (issue) => issues.push(issue), ...extra };
}

export async function drain(
  read: (options: ReadOptions) => AsyncIterable<RecordBatch>,
  extra: Partial<ReadOptions> = {},
): Promise<Drained> {
  const issues: RecordIssue[] = [];
  const batches: RecordBatch[] = [];
  for await (const batch of read(collectingOptions(issues, extra))) batches.push(batch);
  return {
    records: batches.flatMap((b) => b.records),
    lines: batches.flatMap((b) => b.lines),
    batches,
    issues,
  };
}

/** A scratch folder removed by `cleanup`. */
export function scratch(prefix: string): {
  path(name: string): string;
  write(name: string, data: string | Uint8Array): string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), `mlgate-${prefix}-`));
  return {
    path: (name) => join(dir, name),
    write(name, data) {
      const file = join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Rejects with the error thrown while draining. */
export async function errorOf(iterable: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of iterable) {
      // drain
    }
  } catch (error) {
    return error;
  }
  throw new Error('expected the read to fail');
}
