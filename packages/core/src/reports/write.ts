/** Writing a report to disk: parent folders created, stable formatting, large case lists streamed. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPathPolicy } from '../path-policy.js';

/**
 * Writes the report as indented JSON, except its `cases` array: one compact line per case, written as a
 * stream, so a report of a million cases never exists as one giant string in memory. `input` names the input
 * that chose the path, for the path policy's message.
 */
export async function writeReportFile(file: string, report: object, input = 'report-path'): Promise<void> {
  checkPathPolicy(file, input);
  await mkdir(path.dirname(file), { recursive: true });
  const { cases, ...rest } = report as { cases?: unknown[] };
  const out = createWriteStream(file);
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
  await once(out, 'finish');
}

/** Writes a rendered report (JUnit XML, Markdown) under the same path policy, creating parent folders. */
export async function writeTextFile(file: string, text: string, input: string): Promise<void> {
  checkPathPolicy(file, input);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
