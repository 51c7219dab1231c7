import { describe, expect, it } from '@jest/globals';
import { CaseColumns } from '../../src/case-columns.js';
import { mergeCases, mergeColumns, type EvalCase } from '../../src/cases.js';
import { lazyList } from '../../src/lazy-list.js';
import type { RawCase } from '../../src/types.js';

const EVAL_CASE_FIELDS: (keyof EvalCase)[] = [
  'id',
  'repeats',
  'flaky',
  'expected',
  'predicted',
  'probability',
  'scores',
  'passRate',
  'allPassed',
  'tags',
  'latencyMs',
  'tokensInput',
  'tokensOutput',
  'costUsd',
  'hasCost',
  'input',
  'output',
  'error',
  'reasons',
  'source',
];

/** A case's members as a plain object (a view's members are getters). */
const plain = (item: EvalCase) => Object.fromEntries(EVAL_CASE_FIELDS.map((key) => [key, item[key]]));

/** A JSON.parse'd object, as importers keep it: "__proto__" is then a member, not the prototype. */
const parsed = <T>(text: string) => JSON.parse(text) as T;

const rows: RawCase[] = [
  { id: 'a', source: { file: 'one.jsonl', line: 1 }, expected: '1', predicted: '0', probability: 0.25 },
  { id: 'b', source: { file: 'one.jsonl', line: 2 } },
  {
    id: 'c',
    source: { file: 'two.jsonl', line: 7 },
    expected: 'billing',
    predicted: 'other',
    probability: parsed('{"billing":0.5,"__proto__":0.25,"10":0.25}'),
    scores: { faithfulness: 0.75, relevance: -0 },
    pass: false,
    tags: { domain: 'billing' },
    latencyMs: 12.5,
    tokens: { input: 3 },
    costUsd: 0,
    input: 'question',
    output: 'answer',
    error: 'timeout',
    reasons: { faithfulness: 'made up' },
  },
  { id: 'd', source: { file: 'one.jsonl', line: 3 }, expected: 2.5, predicted: -1e300, pass: true },
  { id: 'e', source: { file: 'two.jsonl', line: 8 }, expected: 'x'.repeat(300), predicted: 'billing' },
  {
    id: 'f',
    source: { file: 'two.jsonl', line: 9 },
    probability: { billing: 0.1, other: 0.9 },
    scores: { relevance: 1 },
  },
  { id: 'a', source: { file: 'one.jsonl', line: 4 }, expected: '1', predicted: '1', probability: 0.75 },
];
const moreRows: RawCase[] = [
  // Token counts as importers make them: the usual ones go to number columns, others are kept as they are.
  { id: 'g', source: { file: 'one.jsonl', line: 5 }, tokens: { input: 1025, output: 200 } },
  { id: 'h', source: { file: 'one.jsonl', line: 6 }, tokens: { output: 7 } },
  { id: 'i', source: { file: 'one.jsonl', line: 7 }, tokens: {} },
  { id: 'j', source: { file: 'one.jsonl', line: 8 }, tokens: { output: 2, input: 1 } },
  { id: 'k', source: { file: 'one.jsonl', line: 9 }, tokens: { input: -0, output: 0 } },
  // Score names that a separator would join alike: two layouts, not one.
  { id: 'l', source: { file: 'one.jsonl', line: 10 }, scores: { 'a\u0000b': 1 } },
  { id: 'm', source: { file: 'one.jsonl', line: 11 }, scores: { a: 2, b: 3 } },
];

function columnsOf(items: RawCase[]): CaseColumns {
  const store = new CaseColumns();
  for (const item of items) store.push(item);
  return store;
}

describe('CaseColumns', () => {
  it('gives every row back exactly: members, their order, numbers, long texts, a "__proto__" class', () => {
    const store = columnsOf([...rows, ...moreRows]);
    expect(store.length).toBe(rows.length + moreRows.length);
    [...rows, ...moreRows].forEach((row, index) => {
      const back = store.get(index);
      expect(back).toStrictEqual(row);
      expect(Object.keys(back)).toEqual(Object.keys(row).sort(byCanonical));
      for (const member of ['tokens', 'scores'] as const)
        if (row[member]) expect(Object.keys(back[member]!)).toEqual(Object.keys(row[member]));
      if (typeof row.probability === 'object')
        expect(Object.keys(back.probability!)).toEqual(Object.keys(row.probability));
    });
    expect(Object.getPrototypeOf(store.get(2).probability)).toBe(Object.prototype);
    expect(Object.is(store.get(2).scores!.relevance, -0)).toBe(true);
  });

  it('makes the cases mergeCases makes (views for unrepeated ids, merged objects for repeats)', () => {
    const fromColumns = mergeColumns(columnsOf([...rows, ...moreRows])).map(plain);
    const fromRows = mergeCases([...rows, ...moreRows]).map(plain);
    expect(fromColumns).toEqual(fromRows);
    // An errored case has no prediction; the repeated id "a" is one case of two repeats.
    expect(fromColumns.find((item) => item.id === 'c')?.predicted).toBeUndefined();
    expect(fromColumns.find((item) => item.id === 'a')).toMatchObject({ repeats: 2, probability: 0.5 });
  });

  it('keeps every source: one file on consecutive lines (no per-row arrays), then gaps, other files, back', () => {
    const sources = [
      ...Array.from({ length: 3000 }, (_, i) => ({ file: 'one.jsonl', line: 5 + i })),
      { file: 'one.jsonl', line: 3100 },
      ...Array.from({ length: 1500 }, (_, i) => ({ file: 'two.jsonl', line: 1 + i })),
      { file: 'one.jsonl', line: 1 },
      { file: 'three.jsonl', line: 2 ** 31 - 1 },
    ];
    for (const count of [1, 3000, 3001, sources.length]) {
      const items = sources.slice(0, count).map((source, i) => ({ id: `r${i % 700}`, source }));
      const store = columnsOf(items);
      expect(Array.from({ length: count }, (_, row) => store.source(row))).toEqual(
        items.map((item) => item.source),
      );
      expect(mergeColumns(store).map(plain)).toEqual(mergeCases(items).map(plain));
      // The hashes are handed over once; asked again, they are made again.
      expect(mergeColumns(store).map(plain)).toEqual(mergeCases(items).map(plain));
    }
  });

  it('gives every id back: non-ASCII, a lone surrogate, empty, 100,000 characters', () => {
    const ids = [
      'a',
      'é',
      '\ud800',
      '',
      'x'.repeat(100_000),
      '😀',
      'plain',
      '\u007f\u0080',
      ' ',
      'a\u0000b',
      '\u00ff'.repeat(60_000),
      '\u0100',
    ];
    const items = Array.from({ length: 5000 }, (_, i) => ({
      id: i < ids.length ? ids[i] : `case-${i}`,
      source: { file: 'f.jsonl', line: i + 1 },
    }));
    const store = columnsOf(items);
    expect(Array.from({ length: items.length }, (_, row) => store.id(row))).toEqual(
      items.map((item) => item.id),
    );
    expect([...store.idsFrom(4998)]).toEqual(items.slice(4998));
  });

  it('gives the same rows whatever number of rows a reader expects (none, too few, exact, too many)', () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({
      ...[...rows, ...moreRows][i % (rows.length + moreRows.length)],
      id: `row-${i}`,
      source: { file: 'f.jsonl', line: i + 1 },
    }));
    const reference = columnsOf(items);
    for (const expected of [1, 1024, 3000, 50_000]) {
      const store = new CaseColumns();
      store.expect(expected);
      items.forEach((item, i) => {
        if (i === 1500) store.expect(expected * 2); // estimates change as a reader goes
        store.push(item);
      });
      expect(Array.from({ length: store.length }, (_, row) => store.get(row))).toStrictEqual(
        Array.from({ length: reference.length }, (_, row) => reference.get(row)),
      );
    }
  });

  it('lists ids and sources from a row on (the shard check of several files)', () => {
    expect([...columnsOf(rows).idsFrom(5)]).toEqual([
      { id: 'f', source: { file: 'two.jsonl', line: 9 } },
      { id: 'a', source: { file: 'one.jsonl', line: 4 } },
    ]);
  });
});

const CANONICAL = ['id', 'source', 'expected', 'predicted', 'probability', 'scores', 'pass', 'tags'];
const byCanonical = (a: string, b: string) => rank(a) - rank(b);
const rank = (key: string) => {
  const known = CANONICAL.indexOf(key);
  return known >= 0
    ? known
    : CANONICAL.length +
        ['latencyMs', 'tokens', 'costUsd', 'input', 'output', 'error', 'reasons'].indexOf(key);
};

describe('lazyList', () => {
  const made: number[] = [];
  const list = lazyList(3, (index) => {
    made.push(index);
    return { index, square: index * index };
  });
  const array = [0, 1, 2].map((index) => ({ index, square: index * index }));

  it('is an array to every reader, its elements made when read', () => {
    expect(made).toEqual([]);
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBe(3);
    expect(list[2]).toEqual({ index: 2, square: 4 });
    expect(list[3]).toBeUndefined();
    expect(JSON.stringify(list)).toBe(JSON.stringify(array));
    expect(JSON.stringify({ cases: list }, null, 2)).toBe(JSON.stringify({ cases: array }, null, 2));
    expect([...list]).toEqual(array);
    expect(list.map((item) => item.square)).toEqual([0, 1, 4]);
    expect(list.filter((item) => item.index > 0)).toEqual(array.slice(1));
    expect(Object.keys(list)).toEqual(['0', '1', '2']);
    expect(1 in list).toBe(true);
    expect(list).toEqual(array);
  });

  it('refuses writes', () => {
    expect(() => {
      list[0] = { index: 9, square: 81 };
    }).toThrow(TypeError);
    expect(() => list.push({ index: 3, square: 9 })).toThrow(TypeError);
  });
});
