/** The report writer streams `cases` but must produce exactly the JSON of the report. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { writeReportFile } from '../src/index.js';

describe('writeReportFile', () => {
  it('writes JSON equal to the report, with or without cases, creating folders', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mlgate-write-')), 'nested', 'report.json');
    const reports = [
      { kind: 'x', cases: [{ id: 'a' }, { id: 'b', scores: { f: 0.5 }, text: 'line\n"quoted"' }] },
      { kind: 'x', cases: [] },
      { cases: [{ id: 1 }] },
      { kind: 'x', nested: { deep: [1, 2] } },
    ];
    for (const report of reports) {
      await writeReportFile(file, report);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(report);
    }
  });
});
