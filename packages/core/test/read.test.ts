import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { InputDataError } from '../src/errors.js';
import { baselineCopy } from '../src/reports/case-table.js';
import { EVAL_REPORT_KIND, type EvalReport } from '../src/reports/eval-report.js';
import { parseJson, readEvalReport } from '../src/reports/read.js';
import { writeReportFile } from '../src/reports/write.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mlgate-read-report-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function minimalReport(): EvalReport {
  return {
    kind: EVAL_REPORT_KIND,
    schemaVersion: '1.0',
    generatedAt: '2026-01-01T00:00:00.000Z',
    tool: { name: 'mlgate', version: '0.1.0' },
    context: { commit: 'abc123' },
    task: 'binary',
    sources: [{ file: 'eval/results.jsonl', format: 'jsonl', rows: 2, skipped: 0 }],
    counts: { rows: 2, cases: 2, repeatedCases: 0, flakyCases: 0, erroredCases: 0 },
    metrics: { accuracy: { value: 0.5, ci: [null, null], higherIsBetter: true } },
    bootstrap: { resamples: 1000, seed: 1, level: 0.95 },
    gates: [],
    outcome: 'pass',
    passed: true,
    summary: 'pass: no gates',
    cases: [
      { id: 'a', repeats: 1, flaky: false, expected: 'yes', predicted: 'yes' },
      { id: 'b', repeats: 1, flaky: false, expected: 'no', predicted: 'yes' },
    ],
  };
}

let counter = 0;
function fileWith(text: string): string {
  const file = path.join(directory, `report-${counter++}.json`);
  writeFileSync(file, text);
  return file;
}

async function inputError(action: Promise<unknown>): Promise<InputDataError> {
  let caught: unknown;
  await action.catch((error: unknown) => (caught = error));
  expect(caught).toBeInstanceOf(InputDataError);
  return caught as InputDataError;
}

describe('readEvalReport', () => {
  it('reads back a report as written', async () => {
    const file = path.join(directory, 'nested', 'eval-report.json');
    await writeReportFile(file, minimalReport());
    expect(await readEvalReport(file)).toEqual(minimalReport());
  });

  it('accepts a later minor version and a byte-order mark', async () => {
    const report = { ...minimalReport(), schemaVersion: '1.7' };
    expect((await readEvalReport(fileWith(`\uFEFF${JSON.stringify(report)}`))).schemaVersion).toBe('1.7');
  });

  it('rejects another kind of report, naming the kind', async () => {
    const error = await inputError(
      readEvalReport(
        fileWith(JSON.stringify({ ...minimalReport(), kind: 'mlgate/data-report' })),
        'base.json',
      ),
    );
    expect(error.message).toBe('not an mlgate/eval-report report (kind: mlgate/data-report)');
    expect(error.location).toEqual({ file: 'base.json', field: 'kind' });
  });

  it('rejects JSON that is no mlgate report at all', async () => {
    const error = await inputError(readEvalReport(fileWith('[{"id": 1}]'), 'results.json'));
    expect(error.message).toMatch(/kind: missing/);
  });

  it('rejects a major version it cannot read, saying which it reads', async () => {
    const error = await inputError(
      readEvalReport(fileWith(JSON.stringify({ ...minimalReport(), schemaVersion: '2.0' })), 'base.json'),
    );
    expect(error.location).toEqual({ file: 'base.json', field: 'schemaVersion' });
    expect(error.message).toMatch(/schemaVersion/);
    expect(error.message).toContain('reads version 1.x; the file has 2.0');
  });

  it('names the field of a schema violation', async () => {
    const report = minimalReport() as unknown as { counts: { rows: number } };
    report.counts.rows = -1;
    const error = await inputError(readEvalReport(fileWith(JSON.stringify(report)), 'base.json'));
    expect(error.location).toEqual({ file: 'base.json', field: 'counts.rows' });
  });

  it('names the line of a syntax error V8 gives a position for', async () => {
    const text = JSON.stringify(minimalReport(), null, 2).split('\n');
    const line = text.findIndex((entry) => entry.includes('"outcome"'));
    text[line] = text[line].replace(/,$/, ''); // missing comma
    const error = await inputError(readEvalReport(fileWith(text.join('\n')), 'base.json'));
    expect(error.message).toMatch(/^invalid JSON: /);
    expect(error.location).toEqual({ file: 'base.json', line: line + 2 });
  });

  it('names the line of an unexpected token', async () => {
    const text = JSON.stringify(minimalReport(), null, 2).split('\n');
    const line = text.findIndex((entry) => entry.includes('"outcome"'));
    text[line] = '  "outcome": pass,'; // unquoted
    const error = await inputError(readEvalReport(fileWith(text.join('\n')), 'base.json'));
    expect(error.location).toEqual({ file: 'base.json', line: line + 1 });
  });

  it('names the line of a merge-conflict marker', async () => {
    const text = JSON.stringify(minimalReport(), null, 2).split('\n');
    text.splice(3, 0, '<<<<<<< HEAD');
    const error = await inputError(readEvalReport(fileWith(text.join('\n')), 'base.json'));
    expect(error.location).toEqual({ file: 'base.json', line: 4 });
  });

  it('names the last line of a truncated file', async () => {
    const text = JSON.stringify(minimalReport(), null, 2);
    const cut = text.slice(0, text.indexOf('"summary"') + 5); // ends inside a string
    const error = await inputError(readEvalReport(fileWith(cut), 'base.json'));
    expect(error.location).toEqual({ file: 'base.json', line: cut.split('\n').length });
  });

  it('says a missing report is missing', async () => {
    const error = await inputError(readEvalReport(path.join(directory, 'nope.json'), 'base.json'));
    expect(error.message).toBe('report not found');
    expect(error.location).toEqual({ file: 'base.json' });
  });
});

describe('the case table (eval report 1.3)', () => {
  const cases: EvalReport['cases'] = [
    { id: 'a', score: 1, expected: 'yes', predicted: 'yes', source: { file: 'eval/one.jsonl', line: 1 } },
    {
      id: 'b',
      expected: 'no',
      predicted: 'yes',
      probability: 0.7,
      source: { file: 'eval/one.jsonl', line: 2 },
    },
    { id: 'c', repeats: 3, flaky: true, tags: { lang: 'en' }, source: { file: 'eval/two.jsonl', line: 9 } },
  ];

  it('writes column names and file names once, a row per case, and reads back the same cases', async () => {
    const file = path.join(directory, 'table.json');
    await writeReportFile(file, { ...minimalReport(), cases });
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.caseColumns).toEqual([
      'id',
      'repeats',
      'flaky',
      'score',
      'expected',
      'predicted',
      'probability',
      'tags',
      'file',
      'line',
    ]);
    expect(written.caseFiles).toEqual(['eval/one.jsonl', 'eval/two.jsonl']);
    expect(written.cases).toEqual([
      ['a', null, null, 1, 'yes', 'yes', null, null, 0, 1],
      ['b', null, null, null, 'no', 'yes', 0.7, null, 0, 2],
      ['c', 3, true, null, null, null, null, { lang: 'en' }, 1, 9],
    ]);
    expect((await readEvalReport(file)).cases).toEqual(cases);
  });

  it('reads a gzip-compressed report (a stored baseline)', async () => {
    const file = path.join(directory, 'table.json.gz');
    await writeReportFile(file, { ...minimalReport(), cases }, 'baseline', { gzip: true });
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await readEvalReport(file)).cases).toEqual(cases);
  });

  it('names the case and field of a bad value in a row, and a file index out of range', async () => {
    const table = {
      ...minimalReport(),
      caseColumns: ['id', 'probability', 'file', 'line'],
      caseFiles: ['a.jsonl'],
    };
    let error = await inputError(
      readEvalReport(
        fileWith(
          JSON.stringify({
            ...table,
            cases: [
              ['a', 0.5],
              ['b', 'high'],
            ],
          }),
        ),
        'base.json',
      ),
    );
    expect(error.location).toEqual({ file: 'base.json', field: 'cases[1].probability' });
    error = await inputError(
      readEvalReport(fileWith(JSON.stringify({ ...table, cases: [['a', 0.5, 3, 1]] })), 'base.json'),
    );
    expect(error.message).toContain('cases[0]: file 3 is not an index into caseFiles (1 files)');
    error = await inputError(
      readEvalReport(
        fileWith(JSON.stringify({ ...table, caseColumns: ['id', 'colour'], cases: [] })),
        'base.json',
      ),
    );
    expect(error.location?.field).toBe('caseColumns[1]');
  });

  it('cuts case texts for a stored baseline, except the texts exact match and token F1 compare', () => {
    const long = (char: string) => char.repeat(1500);
    const copy = baselineCopy({
      ...minimalReport(),
      cases: [
        { id: 'judged', input: long('i'), output: long('o'), pass: true },
        { id: 'answered', input: long('i'), output: long('o'), expected: long('e') },
        { id: 'labelled', output: long('o'), expected: long('e'), predicted: 'x' },
      ],
    });
    const cut = (char: string) => `${char.repeat(1000)}… [500 more characters]`;
    expect(copy.cases).toEqual([
      { id: 'judged', input: cut('i'), output: cut('o'), pass: true },
      { id: 'answered', input: cut('i'), output: long('o'), expected: long('e') },
      { id: 'labelled', output: cut('o'), expected: long('e'), predicted: 'x' },
    ]);
  });
});

describe('parseJson', () => {
  it('parses valid JSON, with or without a byte-order mark', () => {
    expect(parseJson('{"a": [1]}', 'x.json')).toEqual({ a: [1] });
    expect(parseJson('\uFEFF[true]', 'x.json')).toEqual([true]);
  });

  it.each([
    ['{"a": x}', 1],
    ['{"a": 1,\n"b": [tru]}', 2],
    ['{"a":\n\n  nul}', 3],
    ['\uFEFF{\n"a": 1,\n"b": yes\n}', 3],
    ['[1, 2]\nx', 2],
  ])('names the line of the error in %j', (text, line) => {
    let caught: unknown;
    try {
      parseJson(text, 'x.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputDataError);
    expect((caught as InputDataError).location).toEqual({ file: 'x.json', line });
  });
});
