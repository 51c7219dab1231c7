/** The real Frictionless CSVs read the way their own published schemas declare. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseConfigText } from '@mlgate/core';
import {
  INVALID,
  makeConstraintChecker,
  makeMissingTest,
  makeParser,
  parseContract,
  type Contract,
} from '../../src/contract/index.js';
import { fixtures, readCsv } from './helpers.js';

const real = path.join(fixtures, 'real', 'frictionless');

function failures(contract: Contract, rows: string[][]): string[] {
  const found: string[] = [];
  for (const field of contract.fields) {
    const parse = makeParser(field);
    const check = makeConstraintChecker(field);
    const missing = makeMissingTest(field.missingValues);
    rows.forEach((row, index) => {
      const text = row[field.index];
      if (missing(text)) return;
      const value = parse(text);
      const reason = value === INVALID ? `not a ${field.type}` : check(value);
      if (reason) found.push(`line ${index + 2} ${field.name} ${JSON.stringify(text)}: ${reason}`);
    });
  }
  return found;
}

describe('real Frictionless data against its own schema', () => {
  it('country-codes.csv passes its 56-field schema', async () => {
    const pkg = parseConfigText<{ resources: { schema: object }[] }>(
      readFileSync(path.join(real, 'country-codes.datapackage.yml'), 'utf8'),
      {},
      'datapackage.yml',
    ).value;
    const contract = await parseContract(JSON.stringify(pkg.resources[0].schema), 'country-codes.json');
    const [header, ...rows] = readCsv(path.join(real, 'country-codes.csv'));
    expect(header).toEqual(contract.fields.map((field) => field.name));
    expect(failures(contract, rows)).toEqual([]);
    // Namibia's alpha-2 code is the literal "NA": a value, since missingValues is [''].
    const alpha2 = contract.fields.find((field) => field.name === 'ISO3166-1-Alpha-2')!;
    expect(rows.some((row) => row[alpha2.index] === 'NA')).toBe(true);
  });
  it('co2-annmean-mlo.csv passes its schema (year and number, format any)', async () => {
    const pkg = JSON.parse(readFileSync(path.join(real, 'co2-ppm.datapackage.json'), 'utf8')) as {
      resources: { name: string; schema: object }[];
    };
    const schema = pkg.resources.find((resource) => resource.name === 'co2-annmean-mlo')!.schema;
    const contract = await parseContract(JSON.stringify(schema), 'co2.json');
    const [, ...rows] = readCsv(path.join(real, 'co2-annmean-mlo.csv'));
    expect(rows.length).toBeGreaterThan(60);
    expect(failures(contract, rows)).toEqual([]);
  });
  it('co2-mm-mlo.csv: its "Trend" column holds -01 style day counts and its rows carry a 7th value', async () => {
    const pkg = JSON.parse(readFileSync(path.join(real, 'co2-ppm.datapackage.json'), 'utf8')) as {
      resources: { name: string; schema: object }[];
    };
    const schema = pkg.resources.find((resource) => resource.name === 'co2-mm-mlo')!.schema;
    const contract = await parseContract(JSON.stringify(schema), 'co2-mm.json');
    const [header, ...rows] = readCsv(path.join(real, 'co2-mm-mlo.csv'));
    expect(header).toHaveLength(contract.fields.length);
    expect(rows.every((row) => row.length === contract.fields.length + 1)).toBe(true);
    // Date is YYYY-MM with format any: read as the first of the month.
    expect(makeParser(contract.fields[0])(rows[0][0])).not.toBe(INVALID);
  });
});
