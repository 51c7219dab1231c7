/** Canonical JSONL: one results object per line, streamed; a `columns` mapping renames a team's own fields first. */
import { stat } from 'node:fs/promises';
import { InputDataError } from '@mlgate/core';
import { ColumnMapper, mapObject, type ColumnMapping } from './columns.js';
import { canonicalToRawCase, isObject, noCases, UnknownFields } from './fields.js';
import type { ImporterOutput } from './fields.js';
import { isEeeSample } from './eee.js';
import { isOpenAiEvalsRecord } from './openai-evals.js';
import { FlatLineReader } from './flat-line.js';
import { forEachLineBytes, isBlank, parseJsonLine } from './read.js';
import type { RawCase } from '../types.js';
import type { CaseColumns } from '../case-columns.js';

/** The file's size in bytes (0 when it cannot be had: then the reader finds out as it reads). */
async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

export async function importJsonl(
  file: string,
  displayName: string,
  mapping?: ColumnMapping,
  into?: CaseColumns,
): Promise<ImporterOutput> {
  // With `into`, each row goes straight into the columns (and `cases` stays empty): a million row objects are
  // never alive at once.
  const cases: RawCase[] = [];
  const sink: { push(item: RawCase): unknown } = into ?? cases;
  let count = 0;
  const unknown = new UnknownFields();
  const mapper = mapping ? new ColumnMapper(mapping) : undefined;
  const seen = new Set<string>();
  // The flat shape read from the bytes (not with a mapping; the first line always the ordinary way, for the
  // tool check); given up when most lines are not flat, so other files lose almost nothing to it.
  const flat = mapper ? undefined : new FlatLineReader();
  let flatLines = 0;
  let otherLines = 0;
  // The rows expected, from the bytes per row so far and the file's size, so columns grow once to their size.
  const size = into ? await fileSize(file) : 0;
  let bytesRead = 0;
  await forEachLineBytes(file, displayName, (bytes, start, end, lineNumber) => {
    bytesRead += end - start + 1;
    if (into && size > 0 && (lineNumber & 16383) === 1024)
      into.expect(into.length - count + Math.ceil(((count + 1) * size * 1.02) / bytesRead));
    if (flat && count > 0 && otherLines <= 64 + flatLines) {
      if (flat.read(bytes, start, end)) {
        if (into) into.pushLine(flat, displayName, lineNumber, flat.idHash);
        else cases.push(flat.rawCase(displayName, lineNumber));
        count++;
        flatLines++;
        return;
      }
      otherLines++;
    }
    const line = bytes.toString('utf8', start, end);
    if (isBlank(line)) return;
    const parsed = parseJsonLine(line, displayName, lineNumber);
    const tool =
      count > 0
        ? undefined
        : isOpenAiEvalsRecord(parsed)
          ? ['an OpenAI Evals record log (oaieval --record_path)', 'openai-evals']
          : isEeeSample(parsed)
            ? ['an Every Eval Ever samples file', 'every-eval-ever']
            : undefined;
    if (tool) {
      throw new InputDataError(
        `This is ${tool[0]}, not canonical JSONL: set the format to "${tool[1]}" (or "auto").`,
        { file: displayName, line: lineNumber },
      );
    }
    // A line without the id column: name the column the mapping expected, not the canonical "id".
    if (mapper && mapping?.id !== undefined && isObject(parsed) && (parsed[mapping.id] ?? null) === null)
      mapper.checkPresent(
        Object.keys(parsed).filter((key) => parsed[key] !== null),
        {
          file: displayName,
          line: lineNumber,
          lacking: `line ${lineNumber} does not have`,
          listed: 'fields',
        },
      );
    const value = mapper ? mapObject(parsed, mapper, seen) : parsed;
    sink.push(canonicalToRawCase(value, { file: displayName, line: lineNumber }));
    count++;
    unknown.note(value, lineNumber);
  });
  if (count === 0) noCases(displayName, 'it has no JSON lines');
  mapper?.checkPresent([...seen], {
    file: displayName,
    lacking: 'no line of the file has',
    listed: 'fields',
  });
  const warning = unknown.warning(displayName);
  return { cases, ...(into ? { rows: count } : {}), skipped: 0, warnings: warning ? [warning] : [] };
}
