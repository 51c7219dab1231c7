/** Writing a report to disk: parent folders created, stable formatting. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeReportFile(file: string, report: object): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}
