import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { importResultsFile } from '../../src/importers/index.js';
import { expectInputError, RESULTS } from './helpers.js';

const fixture = (name: string): string => `${RESULTS}/${name}`;

describe('jsonl', () => {
  it('reads every canonical field', async () => {
    const result = await importResultsFile(fixture('valid.jsonl'), 'jsonl');
    expect(result.format).toBe('jsonl');
    expect(result.file).toBe(fixture('valid.jsonl'));
    expect(result.skipped).toBe(0);
    // extra_field is read past, with one warning naming it and its first line.
    expect(result.warnings).toEqual([
      expect.stringMatching(/ignored unknown field "extra_field" \(line 1\)/),
    ]);
    expect(result.cases).toHaveLength(4);
    expect(result.cases[0]).toEqual({
      id: 'q1',
      expected: 'billing',
      predicted: 'billing',
      probability: { billing: 0.8, tech: 0.2 },
      scores: { faithfulness: 0.9, relevance: 1 },
      pass: true,
      tags: { domain: 'billing', difficulty: '2', synthetic: 'false' },
      latencyMs: 812.5,
      tokens: { input: 120, output: 33 },
      costUsd: 0.00042,
      input: 'Why was I charged twice?',
      output: 'You were charged twice because...',
      source: { file: fixture('valid.jsonl'), line: 1 },
    });
  });

  it('keeps numbers as numbers, turns ids into text and booleans into "true"/"false"', async () => {
    const { cases } = await importResultsFile(fixture('valid.jsonl'), 'jsonl');
    expect(cases[1]).toEqual({
      id: '2',
      expected: 3.5,
      predicted: 3.25,
      pass: false,
      source: { file: fixture('valid.jsonl'), line: 2 },
    });
    // Line 3 is blank: the next case is on line 4.
    expect(cases[2].source.line).toBe(4);
    expect(cases[2].expected).toBe('true');
    expect(cases[2].predicted).toBe('false');
    expect(cases[2].probability).toBe(0.35);
    expect(cases[2].output).toBe('{"answer":"no","confidence":0.35}');
    expect(cases[2].error).toBe('grader timed out');
    // A repeat of q3; a null score is no score.
    expect(cases[3].id).toBe('q3');
    expect(cases[3].scores).toBeUndefined();
    expect(cases[3].error).toBe('provider returned 429');
  });

  it('handles a BOM, CRLF line ends, blank lines and a last line without a newline', async () => {
    const { cases } = await importResultsFile(fixture('valid-crlf-bom.jsonl'), 'jsonl', 'results/crlf.jsonl');
    expect(cases.map((c) => [c.id, c.source.line])).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 4],
    ]);
    expect(cases[1].latencyMs).toBe(10);
    expect(cases[2].expected).toBe(1);
    expect(cases[0].source.file).toBe('results/crlf.jsonl');
  });

  it('names the line of malformed JSON', async () => {
    await expectInputError(
      () => importResultsFile(fixture('bad-json-line.jsonl'), 'jsonl', 'bad.jsonl'),
      { file: 'bad.jsonl', line: 3 },
      /^Line 3 is not valid JSON/,
    );
  });

  it.each([
    [
      'bad-probability.jsonl',
      3,
      'probability',
      'probability must be a number between 0 and 1 or an object of class → probability; got "abc"',
    ],
    [
      'bad-probability-range.jsonl',
      2,
      'probability.cat',
      'probability.cat must be a number between 0 and 1; got 1.2',
    ],
    ['bad-scores.jsonl', 2, 'scores.relevance', 'scores.relevance must be a finite number; got "high"'],
    ['bad-pass.jsonl', 3, 'pass', 'pass must be true or false; got "yes"'],
    [
      'bad-tags.jsonl',
      2,
      'tags.domain',
      'tags.domain must be a string, number or boolean; got ["billing","tech"]',
    ],
    [
      'bad-latency.jsonl',
      2,
      'latency_ms',
      'latency_ms must be a non-negative number (milliseconds); got "fast"',
    ],
    [
      'bad-tokens.jsonl',
      2,
      'tokens.output',
      'tokens.output must be a non-negative integer (a token count); got -2',
    ],
    ['bad-cost.jsonl', 2, 'cost_usd', 'cost_usd must be a non-negative number (US dollars); got "$0.01"'],
    ['bad-expected.jsonl', 2, 'expected', 'expected must be a string, number or boolean; got {"label":"a"}'],
    ['missing-id.jsonl', 2, 'id', 'id is required (a string or a number)'],
  ])('%s: line %d, field %s', async (name, line, field, message) => {
    const error = await expectInputError(() => importResultsFile(fixture(name), 'jsonl'), {
      file: fixture(name),
      line,
      field,
    });
    expect(error.message).toBe(message);
  });

  it('rejects a line that is not an object', async () => {
    await expectInputError(
      () => importResultsFile(fixture('not-an-object.jsonl'), 'jsonl'),
      { line: 2 },
      /must be a JSON object .*got an array/,
    );
  });

  it('rejects empty and blank files', async () => {
    await expectInputError(
      () => importResultsFile(fixture('empty.jsonl'), 'jsonl'),
      { file: fixture('empty.jsonl') },
      /empty/,
    );
    await expectInputError(() => importResultsFile(fixture('blank-lines.jsonl'), 'jsonl'), {}, /empty/);
  });

  it('reports a missing file as an input error', async () => {
    await expectInputError(
      () => importResultsFile(fixture('does-not-exist.jsonl'), 'jsonl', 'missing.jsonl'),
      { file: 'missing.jsonl' },
      /file not found/,
    );
  });
});

describe('json', () => {
  it('reads an array, with the line where each element starts', async () => {
    const { cases, format } = await importResultsFile(fixture('valid.json'), 'json');
    expect(format).toBe('json');
    expect(cases.map((c) => [c.id, c.source.line])).toEqual([
      ['q1', 2],
      ['q2', 3],
      ['3', 10],
    ]);
    expect(cases[1].probability).toEqual({ cat: 0.6, dog: 0.4 });
    expect(cases[1].tags).toEqual({ split: 'test' });
    expect(cases[2]).toMatchObject({ expected: 1.5, predicted: 2, scores: { mae: 0.5 } });
  });

  it('reads {"results": [...]} and {"cases": [...]}', async () => {
    const results = await importResultsFile(fixture('valid-results-object.json'), 'json');
    expect(results.cases.map((c) => [c.id, c.pass, c.scores?.quality, c.source.line])).toEqual([
      ['r1', true, 0.75, 4],
      ['r2', false, 0.25, 5],
    ]);
    expect(results.cases[1].error).toBe('timeout');
    const cases = await importResultsFile(fixture('valid-cases-object.json'), 'json');
    expect(cases.cases.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('names the element line and field of a wrong type', async () => {
    await expectInputError(
      () => importResultsFile(fixture('bad-element.json'), 'json'),
      { line: 3, field: 'scores.relevance' },
      /scores.relevance must be a finite number; got "very"/,
    );
  });

  it('names the line of a syntax error', async () => {
    await expectInputError(
      () => importResultsFile(fixture('invalid-syntax.json'), 'json'),
      { line: 3 },
      /not valid JSON/,
    );
  });

  it('rejects an empty array and other shapes', async () => {
    await expectInputError(() => importResultsFile(fixture('empty-array.json'), 'json'), {}, /empty/);
    await expectInputError(
      () => importResultsFile(fixture('wrong-shape.json'), 'json'),
      { line: 1 },
      /array of cases or an object with a "results" or "cases" array; got an object with keys run, metrics/,
    );
  });
});

describe('csv', () => {
  it('reads nested columns, typed cells and multi-line values', async () => {
    const result = await importResultsFile(fixture('valid.csv'), 'csv');
    expect(result.format).toBe('csv');
    expect(result.cases).toHaveLength(4);
    expect(result.cases[0]).toEqual({
      id: 'm1',
      expected: 'spam',
      predicted: 'spam',
      probability: { spam: 0.9, ham: 0.1 },
      scores: { relevance: 0.8 },
      pass: true,
      tags: { domain: 'email', lang: 'en' },
      latencyMs: 120,
      tokens: { input: 50, output: 3 },
      costUsd: 0.0001,
      input: 'Win a prize, now!',
      output: 'spam',
      source: { file: fixture('valid.csv'), line: 2 },
    });
    expect(result.cases[1]).toMatchObject({
      id: 'm2',
      pass: false,
      input: "Hallo,\nwie geht's?",
      latencyMs: 95.5,
    });
    // m2 spans lines 3-4, line 5 is blank.
    expect(result.cases.map((c) => c.source.line)).toEqual([2, 3, 6, 7]);
    expect(result.cases[2]).toEqual({
      id: 'm3',
      expected: 7,
      predicted: 7.5,
      pass: true,
      tags: { domain: 'sms', lang: 'en' },
      error: 'provider said "rate limited"',
      source: { file: fixture('valid.csv'), line: 6 },
    });
    expect(result.cases[3]).toMatchObject({ pass: false, scores: { relevance: 0.1 }, latencyMs: 0 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/ignored column "notes"/);
  });

  it('reads TSV', async () => {
    const { cases } = await importResultsFile(fixture('valid.tsv'), 'csv');
    expect(cases).toEqual([
      {
        id: '1',
        expected: 'yes',
        predicted: 'no',
        scores: { bleu: 0.25 },
        pass: true,
        source: { file: fixture('valid.tsv'), line: 2 },
      },
      {
        id: '2',
        expected: 'quoted',
        predicted: 'no',
        scores: { bleu: 0.5 },
        pass: false,
        source: { file: fixture('valid.tsv'), line: 3 },
      },
    ]);
  });

  it.each([
    [
      'bad-number.csv',
      3,
      'latency_ms',
      /^latency_ms must be a non-negative number \(milliseconds\); got "12ms"$/,
    ],
    ['bad-score.csv', 3, 'scores.relevance', /^scores.relevance must be a finite number; got "high"$/],
    ['bad-pass.csv', 3, 'pass', /^pass must be one of true\/false, 1\/0, yes\/no; got "maybe"$/],
    ['missing-id-column.csv', 1, 'id', /no "id" column \(columns: case, expected, predicted\)/],
    ['missing-id-value.csv', 3, 'id', /^id is required/],
  ])('%s: line %d, field %s', async (name, line, field, message) => {
    await expectInputError(
      () => importResultsFile(fixture(name), 'csv'),
      { file: fixture(name), line, field },
      message,
    );
  });

  it('rejects a row with too many values', async () => {
    await expectInputError(
      () => importResultsFile(fixture('ragged.csv'), 'csv'),
      { line: 3 },
      /row has 4 values but the header has 3 columns/,
    );
  });

  it('rejects empty and header-only files', async () => {
    await expectInputError(
      () => importResultsFile(fixture('empty.csv'), 'csv'),
      {},
      /empty: it has no header row/,
    );
    await expectInputError(() => importResultsFile(fixture('header-only.csv'), 'csv'), {}, /no data rows/);
  });
});

describe('unknown fields', () => {
  it('JSONL, JSON and CSV warn once per file with "did you mean" for the names other tools use', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlgate-unknown-'));
    const jsonl = path.join(dir, 'results.jsonl');
    writeFileSync(
      jsonl,
      [
        '{"id": "a", "pass": true, "score": 0.9, "latency": 120}',
        '{"id": "b", "pass": false, "label": "x", "scroes": {"f": 1}}',
        '{"id": "c", "pass": true, "score": 0.5, "run": 7}',
      ].join('\n'),
    );
    const fromJsonl = await importResultsFile(jsonl, 'auto');
    expect(fromJsonl.warnings).toHaveLength(1);
    expect(fromJsonl.warnings[0]).toContain(
      '"score" (line 1; did you mean "scores"?), "latency" (line 1; did you mean "latency_ms"?), ' +
        '"label" (line 2; did you mean "expected"?), "scroes" (line 2; did you mean "scores"?), "run" (line 3)',
    );
    const json = path.join(dir, 'results.json');
    writeFileSync(
      json,
      '[\n  {"id": "a", "pass": true},\n  {"id": "b", "pass": true, "prediction": "x"}\n]\n',
    );
    expect((await importResultsFile(json, 'auto')).warnings).toEqual([
      expect.stringContaining('"prediction" (line 3; did you mean "predicted"?)'),
    ]);
    const csv = path.join(dir, 'results.csv');
    writeFileSync(csv, 'id,pass,y_pred\na,true,1\n');
    expect((await importResultsFile(csv, 'auto')).warnings).toEqual([
      expect.stringContaining('"y_pred" (did you mean "predicted"?)'),
    ]);
  });
});
