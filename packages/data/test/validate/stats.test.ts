/** Column statistics checks: maxNullFraction and `stats` bounds (mean, std, min, max, quantiles, distinct). */
import { describe, expect, it } from '@jest/globals';
import { checkOf, csv, validate } from './helpers.js';

/** 1..100: mean 50.5, sample std sqrt(100·101/12), p50 = 50 and p99 = 99 (inverted CDF), 100 distinct. */
const oneToHundred = csv(
  'k,x',
  Array.from({ length: 100 }, (_, i) => `r${i},${i + 1}`),
);
const std = Math.sqrt((100 * 101) / 12);

describe('maxNullFraction', () => {
  const data = csv(
    'k,v',
    Array.from({ length: 10 }, (_, i) => `r${i},${i < 2 ? '' : i}`),
  );

  it('fails above the bound, saying the share and the counts', async () => {
    const { report } = await validate(
      { 'd.csv': data },
      'fields:\n  - name: k\n  - name: v\n    type: integer\n    maxNullFraction: 0.1\n',
    );
    const check = checkOf(report, 'maxNullFraction', 'v');
    expect(check.status).toBe('fail');
    expect(check.message).toBe('v: 20% of values are missing (2 of 10); at most 10% allowed');
    expect(check.observed).toBe('0.2');
    expect(check.expected).toBe('≤ 0.1');
  });

  it('passes at the bound', async () => {
    const { report } = await validate(
      { 'd.csv': data },
      'fields:\n  - name: k\n  - name: v\n    type: integer\n    maxNullFraction: 0.2\n',
    );
    expect(checkOf(report, 'maxNullFraction', 'v').status).toBe('pass');
  });

  it('custom missing values count as nulls; invalid values do not', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', ['a,1', 'b,NA', 'c,oops', 'd,4']) },
      "missingValues: ['', 'NA']\nfields:\n  - name: k\n  - name: v\n    type: integer\n    maxNullFraction: 0.25\n",
    );
    const check = checkOf(report, 'maxNullFraction', 'v');
    expect(check.status).toBe('pass');
    expect(check.observed).toBe('0.25');
  });
});

describe('stats bounds', () => {
  const contract = (stats: string, extra = '') =>
    `fields:\n  - name: k\n  - name: x\n    type: integer\n${extra}    stats: { ${stats} }\n`;

  it('mean, min, p50, p99 and distinct within their bounds pass, showing the observed value', async () => {
    const { report } = await validate(
      { 'd.csv': oneToHundred },
      contract('mean: [50, 51], min: [1, null], p50: [50, 50], p99: [99, 99], distinct: [95, 105]'),
    );
    const mean = checkOf(report, 'stats.mean', 'x');
    expect(mean).toMatchObject({
      status: 'pass',
      observed: '50.5',
      expected: '50 – 51',
      message: 'x: mean is 50.5, expected 50 – 51',
    });
    expect(checkOf(report, 'stats.min', 'x')).toMatchObject({ status: 'pass', expected: '≥ 1' });
    expect(checkOf(report, 'stats.p50', 'x')).toMatchObject({ status: 'pass', observed: '50' });
    expect(checkOf(report, 'stats.p99', 'x')).toMatchObject({ status: 'pass', observed: '99' });
    const distinct = checkOf(report, 'stats.distinct', 'x');
    expect(distinct.status).toBe('pass');
    expect(Math.abs(Number(distinct.observed) - 100)).toBeLessThanOrEqual(3);
  });

  it('a failing bound points at the contract file and the line where the field is declared', async () => {
    const { report } = await validate(
      { 'd.csv': oneToHundred },
      contract('std: [30, null], max: [null, 99]'),
    );
    const stdCheck = checkOf(report, 'stats.std', 'x');
    expect(stdCheck).toMatchObject({
      status: 'fail',
      observed: String(Number(std.toPrecision(4))),
      expected: '≥ 30',
      message: `x: std is ${Number(std.toPrecision(4))}, expected ≥ 30`,
      file: 'contract.yml',
      line: 3,
    });
    expect(checkOf(report, 'stats.max', 'x')).toMatchObject({
      status: 'fail',
      observed: '100',
      expected: '≤ 99',
      file: 'contract.yml',
      line: 3,
    });
    expect(report.outcome).toBe('fail');
  });

  it('the contract line is right for a field further down and for a JSON contract', async () => {
    const { report } = await validate(
      { 'd.csv': oneToHundred },
      {
        fields: [
          { name: 'k', type: 'string' },
          { name: 'x', type: 'integer', stats: { mean: [0, 10] } },
        ],
      },
    );
    // Line 1 "{", 2 "fields": [, 3 { k }, …: the second field object opens on line 7.
    expect(checkOf(report, 'stats.mean', 'x')).toMatchObject({
      status: 'fail',
      file: 'contract.json',
      line: 7,
    });
  });

  it('a relative contract path is read from cwd, and named as given', async () => {
    const { report } = await validate(
      { 'd.csv': oneToHundred },
      contract('mean: [0, 10]'),
      {},
      { relativeContract: true },
    );
    expect(checkOf(report, 'stats.mean', 'x')).toMatchObject({ file: 'contract.yml', line: 3 });
  });

  it('quantile bounds with a decimal (p99.5) and the inverted-CDF quantile', async () => {
    const { report } = await validate(
      { 'd.csv': oneToHundred },
      contract('p99.5: [100, 100], p25: [25, 25], p1: [1, 1]'),
    );
    expect(checkOf(report, 'stats.p99.5', 'x').status).toBe('pass');
    expect(checkOf(report, 'stats.p25', 'x').status).toBe('pass');
    expect(checkOf(report, 'stats.p1', 'x').status).toBe('pass');
  });

  it('severity warn turns a failing bound into a warning', async () => {
    const { report } = await validate(
      { 'd.csv': oneToHundred },
      contract('mean: [0, 10]', '    severity: warn\n'),
    );
    expect(checkOf(report, 'stats.mean', 'x')).toMatchObject({ status: 'warn', severity: 'warn' });
    expect(report.outcome).toBe('warn');
    expect(report.passed).toBe(true);
  });

  it('a statistic of a column without numeric values cannot be computed, which fails', async () => {
    const { report } = await validate({ 'd.csv': csv('k,x', ['a,', 'b,oops']) }, contract('mean: [0, 10]'));
    expect(checkOf(report, 'stats.mean', 'x')).toMatchObject({
      status: 'fail',
      observed: 'n/a',
      message: 'x: mean cannot be computed (no numeric values); expected 0 – 10',
    });
  });

  it('statistics ignore invalid and missing values', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,x', ['a,10', 'b,', 'c,oops', 'd,20']) },
      contract('mean: [15, 15], min: [10, 10], max: [20, 20]'),
    );
    expect(checkOf(report, 'stats.mean', 'x').status).toBe('pass');
    expect(checkOf(report, 'stats.min', 'x').status).toBe('pass');
    expect(checkOf(report, 'stats.max', 'x').status).toBe('pass');
  });

  it('distinct on a string column', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k', ['a', 'b', 'a', 'c', 'b']) },
      'fields:\n  - name: k\n    stats: { distinct: [3, 3] }\n',
    );
    expect(checkOf(report, 'stats.distinct', 'k')).toMatchObject({ status: 'pass', observed: '3' });
  });

  it('date bounds are written and reported as dates, not epoch days', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,d', ['a,2023-12-31', 'b,2024-03-01']) },
      "fields:\n  - name: k\n  - name: d\n    type: date\n    stats: { min: ['2024-01-01', null] }\n",
    );
    const check = checkOf(report, 'stats.min', 'd');
    expect(check.status).toBe('fail');
    expect(check.observed).toBe('2023-12-31');
    expect(check.expected).toBe('≥ 2024-01-01');
  });
});
