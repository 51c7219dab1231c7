/** Writing a report to disk: parent folders created, stable formatting, large case lists streamed. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPathPolicy } from '../path-policy.js';
import { encodeCases } from './case-table.js';
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
  const { cases, ...rest } = asWritten(report) as { cases?: unknown[] };
  const target = createWriteStream(file);
  const out = options.gzip ? createGzip() : target;
  if (options.gzip) out.pipe(target);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const head = JSON.stringify(rest, null, 2);
  if (!Array.isArray(cases)) {
    await write(`${head}\n`);
  } else {
    // `{ … }` → `{ …,\n  "cases": [\n    {…},\n    {…}\n  ]\n}`
    const opening = Object.keys(rest).length > 0 ? `${head.slice(0, -2)},` : '{';
    await write(`${opening}\n  "cases": [`);
    for (let i = 0; i < cases.length; i++)
      await write(`${i === 0 ? '' : ','}\n    ${JSON.stringify(cases[i])}`);
    await write(`${cases.length > 0 ? '\n  ' : ''}]\n}\n`);
  }
  out.end();
  await once(target, 'finish');
}

/** The report as it is written: an eval report's cases as a table (1.3: column names once, a row per case). */
function asWritten(report: object): object {
  const { kind, cases } = report as { kind?: string; cases?: CaseRecord[] };
  if (kind !== EVAL_REPORT_KIND || !Array.isArray(cases)) return report;
  const table = encodeCases(cases);
  return { ...report, caseFiles: table.caseFiles, caseColumns: table.caseColumns, cases: table.rows };
}

/** Writes a rendered report (JUnit XML, Markdown) under the same path policy, creating parent folders. */
export async function writeTextFile(file: string, text: string, input: string): Promise<void> {
  checkPathPolicy(file, input);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
