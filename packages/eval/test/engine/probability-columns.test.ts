/**
 * A case read from the columns hands its per-class probabilities over without building the object
 * (EvalCase.probabilitiesInto); the metric suite must read the same numbers either way.
 */
import { describe, expect, it } from '@jest/globals';
import { CaseColumns } from '../../src/case-columns.js';
import { mergeCases, mergeColumns } from '../../src/cases.js';
import { MetricSuite } from '../../src/suite.js';
import type { RawCase } from '../../src/types.js';

/** A JSON.parse'd object, as importers keep it: "__proto__" is then a member, not the prototype. */
const parsed = (text: string) => JSON.parse(text) as Record<string, number>;

const labels = ['__proto__', 'billing', 'constructor', 'other'];

/** Rows with per-class objects in several key orders, missing classes, hostile class names and a bare number. */
function rowsOf(count: number): RawCase[] {
  const rows: RawCase[] = [];
  let state = 7;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const shapes = [
    (a: number, b: number) => ({ billing: a, other: b }),
    (a: number, b: number) => ({ other: b, billing: a }),
    (a: number, b: number) => parsed(`{"__proto__":${a / 2},"billing":${a / 2},"other":${b}}`),
    (a: number, b: number) => ({ constructor: a, other: b, extra: 0.5 }),
    (a: number) => ({ billing: a }),
  ];
  for (let i = 0; i < count; i++) {
    const a = Math.round(next() * 100) / 100;
    rows.push({
      id: `case-${i}`,
      source: { file: 'results.jsonl', line: i + 1 },
      expected: labels[i % labels.length],
      predicted: labels[(i * 7) % labels.length],
      probability: shapes[i % shapes.length](a, 1 - a),
    });
  }
  return rows;
}

describe('EvalCase.probabilitiesInto', () => {
  it('writes what probability[label] reads, and the given value for a class the object lacks', () => {
    const rows = rowsOf(40);
    const store = new CaseColumns();
    for (const row of rows) store.push(row);
    const cases = mergeColumns(store);
    const absent = Float64Array.from(labels, () => -1);
    const out = labels.map(() => new Float64Array(rows.length));
    cases.forEach((item, i) => {
      expect(item.probabilitiesInto?.(labels, out, i, absent)).toBe(true);
      const object = item.probability as Record<string, number>;
      labels.forEach((label, j) => expect(out[j][i]).toBe(Object.hasOwn(object, label) ? object[label] : -1));
    });
  });

  it('answers false for a bare number or no probability', () => {
    const store = new CaseColumns();
    store.push({ id: 'a', source: { file: 'r.jsonl', line: 1 }, probability: 0.25 });
    store.push({ id: 'b', source: { file: 'r.jsonl', line: 2 } });
    const out = [new Float64Array(2)];
    for (const [i, item] of mergeColumns(store).entries())
      expect(item.probabilitiesInto?.(['x'], out, i, [0])).toBe(false);
  });

  it('gives the metric suite the same values as the cases built as objects', () => {
    // A class the row's object lacks reads 0, also when it is named like an Object.prototype member.
    for (const names of [labels, ['billing', 'other', 'spare']]) {
      const rows = rowsOf(3000).map((row, i) => ({
        ...row,
        expected: names[i % names.length],
        predicted: names[(i * 7) % names.length],
      }));
      const store = new CaseColumns();
      for (const row of rows) store.push(row);
      const spec = { task: 'multiclass' as const, labels: [...names].sort() };
      const fromColumns = new MetricSuite(mergeColumns(store), spec).compute();
      const fromObjects = new MetricSuite(mergeCases(rows), spec).compute();
      expect(Object.keys(fromColumns)).toEqual(Object.keys(fromObjects));
      for (const name of ['roc_auc', 'log_loss', 'ece'])
        expect(Number.isFinite(fromColumns[name])).toBe(true);
      for (const name of Object.keys(fromObjects))
        expect([name, fromColumns[name]]).toEqual([name, fromObjects[name]]);
    }
  });

  it('reads classes named like Object.prototype members as any other name (renaming them changes no metric)', () => {
    // Names that sort as the hostile ones do, so that ties between classes break alike.
    const plain = ['a_proto', 'billing', 'c_constructor', 'other'];
    const rename = (text: string) => plain[labels.indexOf(text)];
    const hostile = rowsOf(2000);
    const renamed = hostile.map((row) => ({
      ...row,
      expected: rename(row.expected as string),
      predicted: rename(row.predicted as string),
      probability: Object.fromEntries(
        Object.entries(row.probability as Record<string, number>).map(([key, value]) => [
          labels.includes(key) ? rename(key) : key,
          value,
        ]),
      ),
    }));
    const metrics = (rows: RawCase[], names: string[]) => {
      const store = new CaseColumns();
      for (const row of rows) store.push(row);
      return new MetricSuite(mergeColumns(store), {
        task: 'multiclass',
        labels: [...names].sort(),
      }).compute();
    };
    const a = metrics(hostile, labels);
    const b = metrics(renamed, plain);
    for (const name of ['accuracy', 'roc_auc', 'log_loss', 'ece', 'f1_macro']) {
      expect(Number.isFinite(a[name])).toBe(true);
      expect([name, a[name]]).toEqual([name, b[name]]);
    }
  });
});
