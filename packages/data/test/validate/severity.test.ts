/** Severity and outcome: a warn field's failures warn (the outcome is warn, not fail); annotations. */
import { describe, expect, it } from '@jest/globals';
import { rowAnnotations } from '../../src/validate/annotations.js';
import { checkOf, csv, validate } from './helpers.js';

const data = csv('k,v', ['a,1', 'b,x', 'c,', 'd,-4', 'e,-4']);

describe('severity: warn', () => {
  const contract = (severity: string) =>
    `fields:\n  - name: k\n  - name: v\n    type: integer\n    severity: ${severity}\n    maxNullFraction: 0\n    constraints: { required: true, unique: true, minimum: 0 }\n`;

  it('every row-level check of the field warns instead of failing; the outcome is warn and passes', async () => {
    const { report } = await validate({ 'd.csv': data }, contract('warn'));
    for (const check of ['type', 'required', 'unique', 'minimum', 'maxNullFraction']) {
      const result = checkOf(report, check, 'v');
      expect([check, result.status, result.severity]).toEqual([check, 'warn', 'warn']);
    }
    expect(report.outcome).toBe('warn');
    expect(report.passed).toBe(true);
    expect(report.summary).toBe('5 rows: 0 failed and 5 warning checks of 8');
  });

  it('severity error (the default) fails them', async () => {
    const { report } = await validate({ 'd.csv': data }, contract('error'));
    expect(checkOf(report, 'type', 'v')).toMatchObject({ status: 'fail', severity: 'error' });
    expect(report.outcome).toBe('fail');
    expect(report.passed).toBe(false);
  });

  it('one failing error check beside warnings makes the outcome fail', async () => {
    const { report } = await validate(
      { 'd.csv': data },
      `${contract('warn')}  - name: w\n`.replace('fields:', 'columns: allow-extra\nfields:'),
    );
    expect(checkOf(report, 'columns').status).toBe('fail');
    expect(report.outcome).toBe('fail');
  });

  it('a clean run passes with a one-line summary', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', ['a,1', 'b,2']) },
      'fields:\n  - name: k\n  - name: v\n    type: integer\n',
    );
    expect(report.outcome).toBe('pass');
    expect(report.summary).toBe('2 rows passed 4 checks');
  });
});

describe('annotations', () => {
  it('one per failing row sample, capped, with the total kept; warnings are warnings', async () => {
    const { report } = await validate(
      { 'd.csv': data },
      'fields:\n  - name: k\n  - name: v\n    type: integer\n    constraints: { minimum: 0 }\n  - name: z\n    severity: warn\n    constraints: { required: true }\n'.replace(
        'fields:',
        'columns: allow-extra\nfields:',
      ),
    );
    const { written, total } = rowAnnotations(report, 2);
    // columns (missing z: one finding) + type (1 row) + minimum (2 rows) + required of z (every one of the 5 rows,
    // shown once on the header line).
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ level: 'error', file: 'd.csv', line: 1, title: 'mlgate: columns' });
    expect(written[1]).toMatchObject({
      level: 'error',
      file: 'd.csv',
      line: 3,
      title: 'mlgate: v type',
      message: 'not a valid integer (value: "x")',
    });
    expect(total).toBe(9);
  });
});
