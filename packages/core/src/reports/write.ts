/** Writing a report to disk: parent folders created, stable formatting, large case lists streamed. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPathPolicy } from '../path-policy.js';
import { caseLayout, caseRowText, hasCaseFields } from './case-table.js';
import { EVAL_REPORT_KIND, type CaseRecord } from './eval-report.js';

/**
 * Writes the report as indented JSON, except its `cases` array: one compact line per case, written as a
 * stream, so a report of a million cases never exists as one giant string in memory. `input` names the input
 * that chose the path, for the path policy's message; `gzip` compresses the file (a stored baseline).
 */
export async function writeReportFile(
  file: string,
  report: object,
  input = 'report-path',
  options: { gzip?: boolean } = {},
): Promise<void> {
  checkPathPolicy(file, input);
  await mkdir(path.dirname(file), { recursive: true });
  // The case table's columns taken from the first cases, checked on every row as it is written: a later row
  // with another column or file (rare) means writing it all again with the columns of every case. Finding
  // them first was a whole extra pass over a million cases.
  if (await writeOnce(file, asWritten(report, GUESS_FROM), options.gzip)) return;
  if (!(await writeOnce(file, asWritten(report), options.gzip)))
    throw new Error(`${file}: a case did not fit the columns of all cases`);
}

/** Cases whose columns make the first guess at the table's columns. */
const GUESS_FROM = 1000;

/** Writes the report; false (the file left incomplete) when a row does not fit the case table's columns. */
async function writeOnce(file: string, written: Written, gzip = false): Promise<boolean> {
  const { rest, cases } = written;
  const target = createWriteStream(file);
  const out = gzip ? createGzip() : target;
  if (gzip) out.pipe(target);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const head = JSON.stringify(rest, null, 2);
  let complete = true;
  if (!cases) {
    await write(`${head}\n`);
  } else {
    // `{ … }` → `{ …,\n  "cases": [\n    {…},\n    {…}\n  ]\n}`: each case encoded as it is written, in pieces
    // of ~64 KB, so the report never exists as one string nor its million rows as arrays.
    const opening = Object.keys(rest).length > 0 ? `${head.slice(0, -2)},` : '{';
    let piece = `${opening}\n  "cases": [`;
    for (let i = 0; i < cases.length && complete; i++) {
      const row = cases.row(i);
      if (row === undefined) complete = false;
      piece += `${i === 0 ? '' : ','}\n    ${row}`;
      if (piece.length > 65536) {
        await write(piece);
        piece = '';
      }
    }
    if (complete) await write(`${piece}${cases.length > 0 ? '\n  ' : ''}]\n}\n`);
  }
  out.end();
  await once(target, 'finish');
  return complete;
}

/** The cases as written: `length` rows, each's JSON text made by `row(i)` when it is written (undefined: it does not fit the guessed columns). */
interface WrittenCases {
  length: number;
  row(index: number): string | undefined;
}

interface Written {
  rest: Record<string, unknown>;
  cases?: WrittenCases;
}

/**
 * The report as it is written, its cases apart: an eval report's cases as a table (1.3: column names once, a row
 * per case), encoded one at a time; its columns those of the first `guessFrom` cases, or of all.
 */
function asWritten(report: object, guessFrom?: number): Written {
  const { cases, ...rest } = report as { kind?: string; cases?: unknown };
  if (!Array.isArray(cases)) return { rest };
  if (rest.kind !== EVAL_REPORT_KIND)
    return { rest, cases: { length: cases.length, row: (index) => JSON.stringify(cases[index]) } };
  const records = cases as CaseRecord[];
  const layout = caseLayout(records, hasCaseFields(records) ? guessFrom : undefined);
  return {
    rest: { ...rest, caseFiles: layout.caseFiles, caseColumns: layout.caseColumns },
    cases: { length: records.length, row: caseRowText(records, layout) },
  };
}

/** Writes a rendered report (JUnit XML, Markdown) under the same path policy, creating parent folders. */
export async function writeTextFile(file: string, text: string, input: string): Promise<void> {
  checkPathPolicy(file, input);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
