/** Canonical JSONL: one results object per line, streamed. */
import { canonicalToRawCase, noCases } from './fields.js';
import type { ImporterOutput } from './fields.js';
import { forEachLine, isBlank, parseJsonLine } from './read.js';
import type { RawCase } from '../types.js';

export async function importJsonl(file: string, displayName: string): Promise<ImporterOutput> {
  const cases: RawCase[] = [];
  await forEachLine(file, displayName, (line, lineNumber) => {
    if (isBlank(line)) return;
    const value = parseJsonLine(line, displayName, lineNumber);
    cases.push(canonicalToRawCase(value, { file: displayName, line: lineNumber }));
  });
  if (cases.length === 0) noCases(displayName, 'it has no JSON lines');
  return { cases, skipped: 0, warnings: [] };
}
