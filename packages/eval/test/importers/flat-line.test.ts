/**
 * The flat-line reader (the JSONL fast path) against JSON.parse + canonicalToRawCase on a generated corpus of
 * ordinary and hostile lines: every line it accepts must give exactly the case the ordinary reader gives, and
 * every line it refuses goes to that reader, so the importer's cases, warnings and located errors are the same.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CaseColumns, hashText } from '../../src/case-columns.js';
import { canonicalToRawCase } from '../../src/importers/fields.js';
import { FlatLineReader } from '../../src/importers/flat-line.js';
import { importJsonl } from '../../src/importers/jsonl.js';
import { forEachLine, isBlank, parseJsonLine } from '../../src/importers/read.js';
import type { RawCase } from '../../src/types.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mlgate-flat-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A seeded generator (mulberry32), so a failure names a reproducible line. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [
  '0',
  '-0',
  '0.0',
  '-0.0',
  '1',
  '0.5',
  '0.47',
  '0.1',
  '0.3',
  '1.0',
  '0.000001',
  '0.9999999999999999',
  '0.12345678901234567',
  '0.1234567890123456789012',
  '1e-7',
  '1E-7',
  '5e-1',
  '0.5e+0',
  '1e0',
  '1e-400',
  '1e400',
  '123456789012345678',
  '9007199254740993',
  '2.5',
  '-1',
  '-0.5',
  '00',
  '01',
  '.5',
  '1.',
  '-',
  '1e',
  '1e+',
  '+1',
  '0x10',
  'NaN',
  'Infinity',
  '-Infinity',
  '1_0',
  '0.30000000000000004',
  '4.35',
  '0.000000000000000000000001',
  '100',
  '1.7976931348623157e308',
  '5e-324',
  '0.1e1',
  '12.5e-3',
];
const TEXTS = [
  '"a"',
  '"0"',
  '"1"',
  '"billing"',
  '"case-000001"',
  '""',
  '" "',
  '"   "',
  '"a b"',
  '"with \\"quote\\""',
  '"\\u0041"',
  '"\\ud800"',
  '"\\udc00x"',
  '"tab\\there"',
  '"\u00e9"',
  '"\u20ac"',
  '"😀"',
  '"\u2028"',
  '"a\\/b"',
  '"\\\\"',
  '"x\ty"',
  '"long-label-longer-than-seven"',
  '"ab\u007fc"',
  'true',
  'false',
  'null',
  '{}',
  '[]',
  '[1]',
  '{"a":1}',
  '"\\u0000"',
];
const KEYS = [
  '"id"',
  '"expected"',
  '"predicted"',
  '"probability"',
  '"pass"',
  '"latency_ms"',
  '"cost_usd"',
  '"\\u0069d"',
  '"scores"',
  '"tags"',
  '"unknown"',
  '"ID"',
  '"id "',
  '"__proto__"',
  '"input"',
  '"error"',
];
const SPACES = ['', ' ', '  ', '\t', '\r', ' \r '];
/** Score dimension names, hostile ones included (escapes, surrogates, prototype members, array indexes). */
const DIMENSIONS = [
  '"faithfulness"',
  '"faithfulness"',
  '"relevance"',
  '"f"',
  '"__proto__"',
  '"constructor"',
  '"toString"',
  '"hasOwnProperty"',
  '"\\u0066aithfulness"', // escapes decoded
  '"a\\"b"',
  '"a\\\\u0000b"',
  '"a\\u0000b"',
  '"\\ud800"', // lone surrogates, escaped
  '"\\udc00\\ud800"',
  '"\ud800"', // a lone surrogate in the text: U+FFFD once encoded
  '"\u00e9t\u00e9"',
  '"😀"',
  '"\\ud83d\\ude00"',
  '"tab\\tkey"',
  '"a\u0000b"', // a raw control character: not JSON
  '"x	y"',
  '""',
  '"0"',
  '"1"',
  '"01"',
  '"4294967295"',
  '"-1"',
  '"1a"',
  '"a b"',
  '"very-long-dimension-name-of-a-grader-that-someone-wrote"',
];
const SCORE_VALUES = [...NUMBERS, 'null', '"0.5"', '"x"', 'true', '{}', '{"a":1}', '[0.5]', '{"a":{"b":1}}'];

/** A `scores`, `tokens`, `error` or `tags` member as LLM evals write them, often hostile. */
function llmMember(next: () => number, space: () => string): string {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
  const kind = next();
  if (kind < 0.4) {
    const count = next() < 0.1 ? Math.floor(next() * 70) : Math.floor(next() * 4);
    const members = Array.from({ length: count }, () => {
      const key = next() < 0.6 ? DIMENSIONS[Math.floor(next() * 3)] : pick(DIMENSIONS);
      const value = next() < 0.85 ? pick(NUMBERS.slice(0, 12)) : pick(SCORE_VALUES);
      return `${space()}${key}${space()}:${space()}${value}${space()}`;
    });
    const value = next() < 0.9 ? `{${members.join(',')}}` : pick(['null', '"0.5"', '0.5', '[]', '{', '{,}']);
    return `"scores":${space()}${value}`;
  }
  if (kind < 0.7) {
    const count = () => (next() < 0.85 ? String(Math.floor(next() * 2000)) : pick(NUMBERS));
    const keys = ['"input"', '"output"', '"total"', '"\u0069nput"', '"Input"', '"input "'];
    const members = Array.from(
      { length: Math.floor(next() * 4) },
      () => `${next() < 0.8 ? pick(keys.slice(0, 2)) : pick(keys)}${space()}:${space()}${count()}`,
    );
    const value = next() < 0.9 ? `{${space()}${members.join(`${space()},`)}}` : pick(TEXTS);
    return `"tokens":${value}`;
  }
  if (kind < 0.9)
    return `"error":${space()}${next() < 0.6 ? '"provider timeout"' : pick([...TEXTS, ...NUMBERS.slice(0, 3)])}`;
  return `"tags":{"split":${pick(TEXTS)}}`;
}

/** One generated line: mostly the flat shape with values drawn from the lists above, sometimes broken. */
function line(next: () => number): string {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
  const space = () => (next() < 0.8 ? '' : pick(SPACES));
  const members: string[] = [];
  if (next() < 0.4) {
    // The LLM line: plain id and labels, then its scores, tokens, error or tags (these drawn as above).
    members.push(`"id":"case-${Math.floor(next() * 50)}"`, `"expected":"${Math.floor(next() * 2)}"`);
    for (let i = Math.floor(next() * 4); i >= 0; i--) members.push(llmMember(next, space));
    return `{${members.join(',')}}`;
  }
  const id = next() < 0.9 ? `"case-${Math.floor(next() * 50)}"` : pick([...TEXTS, ...NUMBERS]);
  if (next() < 0.95) members.push(`"id"${space()}:${space()}${id}`);
  const count = Math.floor(next() * 5);
  for (let i = 0; i < count; i++) {
    const key = next() < 0.8 ? pick(KEYS.slice(1, 7)) : pick(KEYS);
    const value =
      key === '"probability"' || key.startsWith('"latency') || key.startsWith('"cost')
        ? next() < 0.8
          ? pick(NUMBERS)
          : pick(TEXTS)
        : key === '"pass"'
          ? pick(['true', 'false', 'null', 'tru', 'falsey', '1'])
          : next() < 0.7
            ? pick(TEXTS)
            : pick(NUMBERS);
    members.push(`${space()}${key}${space()}:${space()}${value}${space()}`);
  }
  const llm = next() < 0.5 ? Math.floor(next() * 4) : 0;
  for (let i = 0; i < llm; i++) members.push(llmMember(next, space));
  for (let i = members.length - 1; i > 0 && next() < 0.3; i--) {
    const j = Math.floor(next() * (i + 1));
    [members[i], members[j]] = [members[j], members[i]];
  }
  let text = `${space()}{${members.join(',')}}${space()}`;
  const damage = next();
  if (damage < 0.03)
    text = text.slice(0, Math.floor(next() * text.length)); // cut short
  else if (damage < 0.05)
    text = text.replace('}', ',}'); // trailing comma
  else if (damage < 0.06) text += '}';
  else if (damage < 0.07) text = `[${text}]`;
  return text;
}

/** What the ordinary reader makes of one line: the case, nothing (blank), or the error's message and place. */
function ordinary(text: string, number: number): RawCase | string | undefined {
  if (isBlank(text)) return undefined;
  try {
    return canonicalToRawCase(parseJsonLine(text, 'f.jsonl', number), { file: 'f.jsonl', line: number });
  } catch (error) {
    return `error: ${(error as Error).message} ${JSON.stringify(error)}`;
  }
}

describe('FlatLineReader', () => {
  it('accepts only lines whose case is exactly the one JSON.parse and the field checks give', () => {
    const next = random(19);
    const reader = new FlatLineReader();
    let accepted = 0;
    let [withScores, withEscapes, withTokens, withError] = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const text = line(next);
      const bytes = Buffer.from(text, 'utf8');
      if (!reader.read(bytes, 0, bytes.length)) continue;
      accepted++;
      const expected = ordinary(bytes.toString('utf8'), i + 1);
      const got = reader.rawCase('f.jsonl', i + 1);
      // toEqual tells -0 from 0; the JSON text tells key order.
      if (JSON.stringify(got) !== JSON.stringify(expected))
        expect({ text, got: JSON.stringify(got) }).toEqual({ text, got: JSON.stringify(expected) });
      expect(got).toEqual(expected);
      expect(reader.idHash).toBe(hashText(got.id));
      // The lists the columns keep: JSON.parse's keys in its order (array indexes first), each once.
      const list = reader.scoreList;
      const keys = list.keys.slice(0, list.count);
      expect({ text, keys }).toEqual({ text, keys: Object.keys(got.scores ?? {}) });
      expect([...list.values.subarray(0, list.count)]).toEqual(keys.map((key) => got.scores?.[key]));
      if (got.scores) withScores++;
      if (got.scores && /\\u|[^\x20-\x7e]/.test(text)) withEscapes++;
      if (got.tokens) withTokens++;
      if (got.error !== undefined) withError++;
    }
    // The corpus exercises the fast path (each member of LLM lines, escaped score keys) and the refusals both.
    expect(Math.min(withScores, withError)).toBeGreaterThan(800);
    expect(Math.min(withEscapes, withTokens)).toBeGreaterThan(300);
    expect(accepted).toBeGreaterThan(6_000);
    expect(accepted).toBeLessThan(36_000);
  });

  it('reads a line within a larger buffer without looking past its end', () => {
    const reader = new FlatLineReader();
    const bytes = Buffer.from('{"id":"a","probability":0.5}{"id":"b"}\n1.5,"x"');
    expect(reader.read(bytes, 0, 28)).toBe(true);
    expect(reader.rawCase('f', 1)).toEqual({ id: 'a', probability: 0.5, source: { file: 'f', line: 1 } });
    // The line ends inside a number or right after a key: the bytes beyond must not complete it.
    const cut = Buffer.from('{"id":"a","probability":0\n.5}');
    expect(reader.read(cut, 0, cut.indexOf(10))).toBe(false);
    const open = Buffer.from('{"id":"a","probability":\n1}');
    expect(reader.read(open, 0, open.indexOf(10))).toBe(false);
  });
});

/** The importer's cases, warnings and error for a file, and the same computed line by line the ordinary way. */
async function bothWays(file: string) {
  const imported = await importJsonl(file, 'f.jsonl').then(
    (output) => ({ cases: output.cases, warnings: output.warnings }),
    (error: Error) => `error: ${error.message} ${JSON.stringify(error)}`,
  );
  const cases: RawCase[] = [];
  let failure: string | undefined;
  await forEachLine(file, 'f.jsonl', (text, number) => {
    if (failure !== undefined) return;
    const item = ordinary(text, number);
    if (typeof item === 'string') failure = item;
    else if (item) cases.push(item);
  });
  return { imported, reference: failure ?? cases };
}

describe('importJsonl with the flat-line reader', () => {
  it('gives the cases (or the first located error) of JSON.parse line by line, on generated files', async () => {
    const next = random(7);
    let failed = 0;
    for (let f = 0; f < 60; f++) {
      const lines = Array.from({ length: 400 }, () => line(next));
      // Most files must be valid to the end, so the later lines are compared too.
      const valid = f % 3 !== 0;
      const texts = valid ? lines.filter((text, i) => typeof ordinary(text, i + 1) !== 'string') : lines;
      const file = path.join(directory, `gen-${f}.jsonl`);
      writeFileSync(file, `${f % 4 === 0 ? '\uFEFF' : ''}${texts.join(f % 2 === 0 ? '\r\n' : '\n')}`);
      const { imported, reference } = await bothWays(file);
      if (typeof reference === 'string') {
        failed++;
        expect(imported).toBe(reference);
      } else {
        expect(imported).toEqual({ cases: reference, warnings: expect.any(Array) as unknown });
        // Into columns (as eval-gate reads), flat lines go in as fields: the same rows and id hashes.
        const store = new CaseColumns();
        await importJsonl(file, 'f.jsonl', undefined, store);
        const rows = Array.from({ length: store.length }, (_, row) => store.get(row));
        expect(rows).toEqual(reference);
        expect([...store.takeIdHashes()]).toEqual(reference.map((item) => hashText(item.id)));
      }
    }
    expect(failed).toBeGreaterThan(5);
  });

  it('reads hostile bytes as before: bad UTF-8, BOM, CRLF, NUL, a line of 100 MB', async () => {
    const file = path.join(directory, 'hostile.jsonl');
    const parts = [
      Buffer.from('\uFEFF{"id":"a","expected":"0","predicted":"0","probability":0.25}\r\n'),
      Buffer.from('{"id":"b","expected":"1","predicted":"0","probability":0.5}\n'),
      Buffer.from('{"id":"c\xff\xfe","expected":"1"}\n', 'latin1'), // bytes that are not UTF-8
      Buffer.from([...Buffer.from('{"id":"d'), 0xed, 0xa0, 0x80, ...Buffer.from('","expected":"1"}\n')]), // a surrogate as UTF-8
      Buffer.from('{"id":"e","expected":"\\ud83d\\ude00","predicted":"\\ud800"}\n'),
      Buffer.from('{"id":"f","expected":"1","expected":"0"}\n'), // a repeated key: the last one wins
      Buffer.from(`{"id":"g",${' '.repeat(100 * 1024 * 1024)}"expected":"1"}\n`), // 100 MB, spaces
      Buffer.from('\uFEFF{"id":"h"}\n'), // a BOM inside the file is not JSON
    ];
    writeFileSync(file, Buffer.concat(parts.slice(0, -1)));
    const { imported, reference } = await bothWays(file);
    expect(imported).toEqual({ cases: reference, warnings: [] });
    expect((reference as RawCase[]).map((item) => item.id)).toEqual([
      'a',
      'b',
      'c\ufffd\ufffd',
      'd\ufffd\ufffd\ufffd',
      'e',
      'f',
      'g',
    ]);
    writeFileSync(file, Buffer.concat(parts));
    const both = await bothWays(file);
    expect(both.imported).toBe(both.reference);
    expect(both.imported).toMatch(/^error: Line 8 is not valid JSON/);
    expect(readFileSync(file).length).toBeGreaterThan(100 * 1024 * 1024);
  });
});
