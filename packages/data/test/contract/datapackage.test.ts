import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '@mlgate/core';
import { loadContract, parseContract } from '../../src/contract/index.js';
import { fixtures } from './helpers.js';

const real = path.join(fixtures, 'real', 'frictionless');
const co2 = path.join(real, 'co2-ppm.datapackage.json');

async function errorOf(promise: Promise<unknown>): Promise<ConfigurationError> {
  try {
    await promise;
  } catch (error) {
    return error as ConfigurationError;
  }
  throw new Error('expected an error');
}

describe('Data Packages as contracts', () => {
  it('uses the schema of the resource whose path is the data file (paths relative to the package)', async () => {
    const contract = await loadContract(co2, 'datapackage.json', {
      dataFiles: [path.join(real, 'data', 'co2-annmean-mlo.csv')],
    });
    expect(contract.fields.map((field) => [field.name, field.type])).toEqual([
      ['Year', 'year'],
      ['Mean', 'number'],
      ['Uncertainty', 'number'],
    ]);
  });

  it('uses the named resource; the YAML package of country codes has 56 fields', async () => {
    const contract = await loadContract(path.join(real, 'country-codes.datapackage.yml'), 'datapackage.yml', {
      name: 'country-codes',
      dataFiles: [],
    });
    expect(contract.fields).toHaveLength(56);
    expect(contract.fields.find((field) => field.name === 'ISO3166-1-Alpha-2')?.constraints).toMatchObject({
      unique: true,
    });
  });

  it('no matching resource, no name, several matches: errors that list the resources', async () => {
    const none = await errorOf(
      loadContract(co2, 'datapackage.json', { dataFiles: ['/elsewhere/x.csv'], workspace: '/' }),
    );
    expect(none).toBeInstanceOf(ConfigurationError);
    expect(none.message).toMatch(/no resource of the Data Package has the path elsewhere\/x\.csv/);
    const names = (JSON.parse(readFileSync(co2, 'utf8')) as { resources: { name: string }[] }).resources.map(
      (resource) => resource.name,
    );
    for (const name of names) expect(none.message).toContain(`${name} (data/${name}.csv)`);
    expect(none.location?.line).toBe(26); // "resources": [

    const unnamed = await errorOf(loadContract(co2, 'datapackage.json', { dataFiles: [] }));
    expect(unnamed.message).toMatch(/describes several tables: name one with the resource input/);

    const text = JSON.stringify({
      resources: [
        { name: 'a', path: 'x.csv', schema: { fields: [{ name: 'id' }] } },
        { name: 'b', path: ['y.csv', 'x.csv'], schema: { fields: [{ name: 'id' }] } },
      ],
    });
    const twice = await errorOf(parseContract(text, 'pkg.json', '/data', { dataFiles: ['/data/x.csv'] }));
    expect(twice.message).toMatch(/several resources of the Data Package match \(a, b\)/);
    // A multipart resource: both parts given, one resource.
    const both = await parseContract(text, 'pkg.json', '/data', {
      dataFiles: ['/data/y.csv', '/data/x.csv'],
    }).catch((error: Error) => error);
    expect((both as Error).message).toMatch(/several resources/);
    const parts = await parseContract(text, 'pkg.json', '/data', { name: 'b', dataFiles: ['/data/y.csv'] });
    expect(parts.fields.map((field) => field.name)).toEqual(['id']);
  });

  it('a mistake in a resource schema names the package line and the key path', async () => {
    const text = [
      'name: demo',
      'resources:',
      '  - name: t',
      '    path: t.csv',
      '    schema:',
      '      fields:',
      '        - name: age',
      '          type: integer',
      '          constraints: { minimum: 5, maximum: 1 }',
    ].join('\n');
    const error = await errorOf(parseContract(text, 'datapackage.yml', '/d', { dataFiles: ['/d/t.csv'] }));
    expect(error.message).toMatch(
      /^resources\[0\]\.schema\.fields\[0\]\.constraints\.minimum: .*minimum 5 is above maximum 1/,
    );
    expect(error.location?.line).toBe(9);
    const schemaError = await errorOf(
      parseContract(text.replace('type: integer', 'type: 7'), 'datapackage.yml', '/d', {
        dataFiles: ['/d/t.csv'],
      }),
    );
    expect(schemaError.location?.line).toBe(8);
    expect(schemaError.location?.field).toMatch(/^resources\[0\]\.schema\.fields\[0\]\.type/);
  });
});
