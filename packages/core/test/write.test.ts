/** The report writer streams `cases` but must produce exactly the JSON of the report. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CASE_FIELDS, EVAL_REPORT_KIND, writeReportFile, type CaseRecord } from '../src/index.js';
import { CASE_COLUMNS } from '../src/reports/eval-report.js';

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

describe('writeReportFile: cases that hand over their fields (CASE_FIELDS)', () => {
  // Fields in CASE_COLUMNS order, source last, as eval-gate's lazy case list gives them; the same records as a
  // plain array go through caseLayout + encodeCase + JSON.stringify, so both files must be byte for byte equal.
  const withFields = (records: CaseRecord[]): CaseRecord[] => {
    const list = [...records];
    Object.defineProperty(list, CASE_FIELDS, {
      enumerable: false,
      value: (index: number, visit: (key: keyof CaseRecord, value: unknown) => void) => {
        const item = records[index] as unknown as Record<string, unknown>;
        for (const key of CASE_COLUMNS) if (key !== 'file' && key !== 'line') visit(key, item[key]);
        visit('source', item.source);
      },
    });
    return list;
  };
  const odd = ['say "hi"\n', '\u2028\ud800 lone', 'tab\tback\\slash', '€ 😀', '', '</script>'];
  const numbers = [0, -0, 1, -1.5, 0.1, 1e21, 1e-7, 123456789.123, Number.NaN, Infinity, 2 ** 53 + 2];
  // Object values (scores, tokens, tags) the writer encodes itself when their members are numbers.
  const inherited = Object.create({ inheritedEnumerable: 1 }) as Record<string, number>;
  inherited.own = 0.5;
  const nullPrototype = Object.assign(Object.create(null) as object, { f1: 0.25, '10': -0 });
  const objects: unknown[] = [
    { f1: 0.573 },
    JSON.parse('{"__proto__":0.5,"constructor":1,"10":-0,"2":3,"\\u0000":1e21}'),
    { '"quoted"\n': 1e-7, '\ud800': 2 ** 53 + 2, '😀': -1.5 },
    { f1: Number.NaN },
    { f1: Infinity, f2: 1 },
    { f1: null },
    { f1: 'text' },
    { f1: { nested: 1 } },
    [0.5, 1],
    {},
    { toJSON: () => 'custom' },
    { toJSON: 1, f1: 2 },
    inherited,
    nullPrototype,
    { input: 1025, output: 200 },
    new Date(0),
    new (class Scores {
      f1 = 0.5;
      toJSON() {
        return { written: true };
      }
    })(),
  ];
  const record = (i: number): CaseRecord => {
    const pick = <T>(values: T[], salt: number): T => values[(i * 7 + salt) % values.length];
    const some = (salt: number) => (i * 13 + salt) % 3 === 0;
    const fields: Record<string, unknown> = { id: pick(odd, 0) + String(i) };
    if (some(1)) fields.repeats = 2 + (i % 3);
    if (some(2)) fields.flaky = true;
    if (some(3))
      Object.assign(fields, { pass: i % 2 === 0, passRate: pick([0, 0.5, 1], 1), allPassed: some(9) });
    if (some(4)) fields.score = pick(numbers, 2);
    if (some(5)) fields.expected = pick([...odd, 3, -0], 3);
    if (some(6)) fields.predicted = pick(['a', 'b', 2.5], 4);
    if (some(7)) fields.probability = some(8) ? pick(numbers, 5) : { a: pick(numbers, 6), '"b"': 0.25 };
    if (some(10))
      fields.scores = some(20) ? objects[i % objects.length] : { f1: pick(numbers, 7), [`d${i % 7}`]: i / 7 };
    if (some(11)) fields.tags = some(21) ? objects[(i >> 1) % objects.length] : { lang: pick(odd, 8) };
    if (some(12)) fields.latencyMs = pick(numbers, 9);
    if (some(13)) fields.tokens = some(22) ? objects[(i >> 2) % objects.length] : { input: i, output: 2 * i };
    if (some(14)) fields.costUsd = pick(numbers, 10);
    if (some(15)) fields.input = pick(odd, 11);
    if (some(16)) fields.output = pick(odd, 12);
    if (some(17)) fields.error = pick(odd, 13);
    if (some(18)) fields.reasons = { f1: pick(odd, 14) };
    if (!some(19)) fields.source = { file: pick(['a.jsonl', 'dir/"b".jsonl', 'c.jsonl'], 15), line: i + 1 };
    return fields as unknown as CaseRecord;
  };

  it('writes the same bytes as the records, for every mix of present and absent fields', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mlgate-fields-'));
    const sets: CaseRecord[][] = [
      Array.from({ length: 400 }, (_, i) => record(i)),
      // More distinct member numbers and names than the writer keeps texts of.
      Array.from({ length: 6000 }, (_, i) => ({
        id: `s${i}`,
        scores: { [`d${i % 5000}`]: i / 3, f: i % 9 },
      })),
      [{ id: 'only' }],
      [
        { id: 'a', source: { file: 'one.jsonl', line: 1 } },
        { id: 'b', error: 'x', source: { file: 'one.jsonl', line: 2 } },
      ],
      [
        { id: 'a', probability: 0.5 },
        { id: 'b', tags: { t: 'v' } },
      ],
      [],
    ];
    for (const records of sets) {
      const report = { kind: EVAL_REPORT_KIND, schemaVersion: '1.3', summary: 's' };
      await writeReportFile(path.join(folder, 'plain.json'), { ...report, cases: records });
      await writeReportFile(path.join(folder, 'fields.json'), { ...report, cases: withFields(records) });
      const plain = readFileSync(path.join(folder, 'plain.json'), 'utf8');
      expect(readFileSync(path.join(folder, 'fields.json'), 'utf8')).toBe(plain);
    }
    // The generated mix uses every column (file too: three source files).
    const written = JSON.parse(readFileSync(path.join(folder, 'plain.json'), 'utf8')) as {
      caseColumns?: string[];
    };
    expect(written.caseColumns).toEqual([]); // the last set is empty
    await writeReportFile(path.join(folder, 'all.json'), {
      kind: EVAL_REPORT_KIND,
      cases: withFields(sets[0]),
    });
    const all = JSON.parse(readFileSync(path.join(folder, 'all.json'), 'utf8')) as { caseColumns: string[] };
    expect(all.caseColumns).toEqual([...CASE_COLUMNS]);
  });

  it('writes the same bytes when a case past the first thousand has another column, file or a source', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mlgate-late-'));
    const plain = (i: number): CaseRecord => ({
      id: `c${i}`,
      expected: '1',
      probability: i / 5000,
      source: { file: 'a.jsonl', line: i + 1 },
    });
    const changes: [string, (item: CaseRecord, i: number) => CaseRecord][] = [
      ['none', (item) => item],
      ['tags late', (item, i) => (i === 2500 ? { ...item, tags: { t: 'v' } } : item)],
      ['error on the last', (item, i) => (i === 2999 ? { ...item, error: 'x' } : item)],
      [
        'second file late',
        (item, i) => (i >= 1800 ? { ...item, source: { file: 'b.jsonl', line: i } } : item),
      ],
      ['source from 1500 on', (item, i) => (i < 1500 ? { ...item, source: undefined } : item)],
      ['a column only in the first rows', (item, i) => (i < 10 ? { ...item, costUsd: 1 } : item)],
    ];
    for (const [name, change] of changes) {
      const records = Array.from({ length: 3000 }, (_, i) => change(plain(i), i));
      const report = { kind: EVAL_REPORT_KIND, schemaVersion: '1.3' };
      for (const gzip of [false, true]) {
        const suffix = gzip ? '.json.gz' : '.json';
        await writeReportFile(path.join(folder, `plain${suffix}`), { ...report, cases: records }, 'p', {
          gzip,
        });
        await writeReportFile(
          path.join(folder, `fields${suffix}`),
          { ...report, cases: withFields(records) },
          'p',
          {
            gzip,
          },
        );
        const bytes = (kind: string) => readFileSync(path.join(folder, `${kind}${suffix}`));
        const text = (kind: string) => (gzip ? gunzipSync(bytes(kind)) : bytes(kind)).toString('utf8');
        expect({ name, text: text('fields') }).toEqual({ name, text: text('plain') });
      }
    }
  });
});
