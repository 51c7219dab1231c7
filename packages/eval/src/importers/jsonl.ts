/** Canonical JSONL: one results object per line, streamed. */
import { InputDataError } from '@mlgate/core';
import { canonicalToRawCase, noCases, UnknownFields } from './fields.js';
import type { ImporterOutput } from './fields.js';
import { isEeeSample } from './eee.js';
import { isOpenAiEvalsRecord } from './openai-evals.js';
import { forEachLine, isBlank, parseJsonLine } from './read.js';
import type { RawCase } from '../types.js';

export async function importJsonl(file: string, displayName: string): Promise<ImporterOutput> {
  const cases: RawCase[] = [];
  const unknown = new UnknownFields();
  await forEachLine(file, displayName, (line, lineNumber) => {
    if (isBlank(line)) return;
    const value = parseJsonLine(line, displayName, lineNumber);
    const tool =
      cases.length > 0
        ? undefined
        : isOpenAiEvalsRecord(value)
          ? ['an OpenAI Evals record log (oaieval --record_path)', 'openai-evals']
          : isEeeSample(value)
            ? ['an Every Eval Ever samples file', 'every-eval-ever']
            : undefined;
    if (tool) {
      throw new InputDataError(
        `This is ${tool[0]}, not canonical JSONL: set the format to "${tool[1]}" (or "auto").`,
        { file: displayName, line: lineNumber },
      );
    }
    cases.push(canonicalToRawCase(value, { file: displayName, line: lineNumber }));
    unknown.note(value, lineNumber);
  });
  if (cases.length === 0) noCases(displayName, 'it has no JSON lines');
  const warning = unknown.warning(displayName);
  return { cases, skipped: 0, warnings: warning ? [warning] : [] };
}
