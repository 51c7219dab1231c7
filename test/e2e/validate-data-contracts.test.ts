/**
 * End to end through the bundles: contracts a team does not write by hand — one inferred by `mlgate validate-data
 * --infer` (dist/cli) from half of a real table, checked on the other half (dist/validate-data), and Frictionless
 * Data Packages used as contracts as they are published. Expected bounds are computed here from the CSVs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeWorkspace, runAction, runCli, type ActionRun } from './runner.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

interface Check {
  check: string;
  column?: string;
  status: string;
  failingRows?: number;
}
const failed = (run: ActionRun) =>
  (readJson(run.outputs.report).checks as Check[])
    .filter((check) => check.status === 'fail')
    .map((check) => `${check.column ?? ''}:${check.check}`)
    .sort();

/** A seeded shuffle (LCG + Fisher–Yates): the same halves on every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('validate-data --infer generalises (dist/cli, then dist/validate-data)', () => {
  let workspace: string;
  let header: string[];
  let train: string[][];
  let held: string[][];
  let headerLine: string;
  let heldLines: string[];

  beforeAll(() => {
    workspace = makeWorkspace({ 'breast-cancer.csv': 'test/fixtures/data/breast-cancer.csv' });
    const [first, ...lines] = readFileSync(path.join(workspace, 'breast-cancer.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    headerLine = first;
    header = first.split(',');
    const order = shuffled(lines, 15);
    const trainLines = order.slice(0, 285);
    heldLines = order.slice(285);
    train = trainLines.map((line) => line.split(','));
    held = heldLines.map((line) => line.split(','));
    writeFileSync(path.join(workspace, 'train.csv'), `${[headerLine, ...trainLines].join('\n')}\n`);
    writeFileSync(path.join(workspace, 'held.csv'), `${[headerLine, ...heldLines].join('\n')}\n`);
    const inferred = runCli(['validate-data', '--infer', 'train.csv'], workspace);
    expect(inferred.exitCode).toBe(0);
    writeFileSync(path.join(workspace, 'contract.yml'), inferred.stdout);
  });

  it('writes widened ranges, whole-number bounds and enums, and says how in the header', () => {
    const yaml = readFileSync(path.join(workspace, 'contract.yml'), 'utf8');
    expect(yaml).toMatch(/^# mlgate data contract inferred by `mlgate validate-data --infer`/);
    expect(yaml).toMatch(/# - minimum\/maximum: the observed range widened on each side by 50% of it/);
    expect(yaml).toMatch(
      /# - enum: string and integer columns with at most 20 distinct values, each seen at least 5 times/,
    );
    // mean_area: every value positive, so the range widens by √(max/min) on each side, to 3 significant digits.
    const column = header.indexOf('mean_area');
    const values = train.map((row) => Number(row[column]));
    const [min, max] = [Math.min(...values), Math.max(...values)];
    const factor = Math.sqrt(max / min);
    const digits3 = (x: number, round: (x: number) => number) => {
      const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2);
      return Number((round(x / step) * step).toPrecision(12));
    };
    const block = yaml.slice(yaml.indexOf('- name: "mean_area"'), yaml.indexOf('- name: "mean_smoothness"'));
    expect(block).toContain(`minimum: ${digits3(min / factor, Math.floor)} # observed ${min}`);
    expect(block).toContain(`maximum: ${digits3(max * factor, Math.ceil)} # observed ${max}`);
    // The class: 0 and 1, each seen far more than 5 times — an enum of integers, no range.
    const target = yaml.slice(yaml.indexOf('- name: "target"'));
    expect(target).toMatch(/type: integer\n {4}constraints:\n {6}enum: \[0, 1\]\n/);
    // No missing value in 285 rows: at most 4·√(2·(1/287)(286/287)/285) missing in the next batch, not `required`.
    const bound = Math.ceil(4 * Math.sqrt((2 * (1 / 287) * (286 / 287)) / 285) * 10_000) / 10_000;
    expect(target).toContain(`maxNullFraction: ${bound} # observed 0`);
  });

  it('the held-out half of the same table passes the contract inferred from the other half', () => {
    const run = runAction('validate-data', workspace, {
      data: 'held.csv',
      contract: 'contract.yml',
      'report-path': 'held.json',
    });
    expect(failed(run)).toEqual([]);
    expect([run.exitCode, run.outputs.outcome, run.outputs.rows]).toEqual([0, 'pass', String(held.length)]);
  });

  it('a clearly shifted batch still fails: areas in other units, a third class', () => {
    const area = header.indexOf('mean_area');
    const target = header.indexOf('target');
    const shifted = held.map((row, i) =>
      row.map((cell, c) => (c === area ? String(Number(cell) * 100) : c === target && i < 10 ? '2' : cell)),
    );
    writeFileSync(
      path.join(workspace, 'shifted.csv'),
      `${[headerLine, ...shifted.map((row) => row.join(','))].join('\n')}\n`,
    );
    const run = runAction('validate-data', workspace, {
      data: 'shifted.csv',
      contract: 'contract.yml',
      'report-path': 'shifted.json',
    });
    expect(run.exitCode).toBe(1);
    expect(failed(run)).toEqual(['mean_area:maximum', 'target:enum']);
    const enumCheck = (readJson(run.outputs.report).checks as Check[]).find(
      (check) => check.check === 'enum',
    );
    expect(enumCheck?.failingRows).toBe(10);
  });
});

describe('a Frictionless Data Package as the contract (dist/validate-data/index.js)', () => {
  let workspace: string;
  const real = 'test/fixtures/real/frictionless';
  /** Data rows of a CSV file whose records are one per line. */
  const dataLines = (file: string) =>
    readFileSync(path.join(workspace, file), 'utf8').trimEnd().split('\n').slice(1);

  beforeAll(() => {
    // The packages as published: the descriptor at the root, the CSVs under data/ as their resource paths say.
    workspace = makeWorkspace({
      'datapackage.json': `${real}/co2-ppm.datapackage.json`,
      'data/co2-annmean-mlo.csv': `${real}/co2-annmean-mlo.csv`,
      'data/co2-mm-mlo.csv': `${real}/co2-mm-mlo.csv`,
      'countries/datapackage.yml': `${real}/country-codes.datapackage.yml`,
      'countries/data/country-codes.csv': `${real}/country-codes.csv`,
      'incoming/2026-12.csv': `${real}/co2-annmean-mlo.csv`,
    });
  });

  it('picks the resource whose path is the data file, and its data passes', () => {
    const run = runAction('validate-data', workspace, {
      data: 'data/co2-annmean-mlo.csv',
      contract: 'datapackage.json',
      'report-path': 'annmean.json',
    });
    expect(failed(run)).toEqual([]);
    expect([run.exitCode, run.outputs.rows]).toEqual([
      0,
      String(dataLines('data/co2-annmean-mlo.csv').length),
    ]);
    expect(run.stdout).toMatch(/contract: datapackage\.json \(3 fields\)/);
  });

  it('the YAML package of country codes: 56 fields, unique and length constraints, multi-script values pass', () => {
    const run = runAction('validate-data', workspace, {
      data: 'countries/data/country-codes.csv',
      contract: 'countries/datapackage.yml',
      'report-path': 'countries.json',
    });
    expect(failed(run)).toEqual([]);
    expect([run.exitCode, run.outputs.rows]).toEqual([0, '249']);
    expect(run.stdout).toMatch(/\(56 fields\)/);
  });

  it('the published monthly file does not match its own schema: 7 values in rows under a 6-field header', () => {
    const lines = dataLines('data/co2-mm-mlo.csv');
    const sevenValues = lines.filter((line) => line.split(',').length === 7).length;
    expect(sevenValues).toBe(lines.length);
    const run = runAction('validate-data', workspace, {
      data: 'data/co2-mm-mlo.csv',
      contract: 'datapackage.json',
      'report-path': 'monthly.json',
    });
    expect(run.exitCode).toBe(1);
    const parse = (readJson(run.outputs.report).checks as Check[]).find((check) => check.check === 'parse');
    expect(parse?.failingRows).toBe(sevenValues);
  });

  it('a data file no resource describes: an error listing the resources; resource names one instead', () => {
    const run = runAction('validate-data', workspace, {
      data: 'incoming/2026-12.csv',
      contract: 'datapackage.json',
    });
    expect(run.exitCode).toBe(1);
    const error = run.annotations.find((a) => a.level === 'error')!;
    const descriptor = readFileSync(path.join(workspace, 'datapackage.json'), 'utf8').split('\n');
    expect(error).toMatchObject({
      file: 'datapackage.json',
      line: descriptor.findIndex((l) => l.includes('"resources"')) + 1,
    });
    expect(error.message).toMatch(/no resource of the Data Package has the path incoming\/2026-12\.csv/);
    expect(error.message).toMatch(
      /co2-mm-mlo \(data\/co2-mm-mlo\.csv\), co2-annmean-mlo \(data\/co2-annmean-mlo\.csv\)/,
    );
    expect(error.message).toMatch(/resource input \(--resource NAME\)/);

    const named = runAction('validate-data', workspace, {
      data: 'incoming/2026-12.csv',
      contract: 'datapackage.json',
      resource: 'co2-annmean-mlo',
      'report-path': 'named.json',
    });
    expect([named.exitCode, named.outputs.outcome]).toEqual([0, 'pass']);

    const typo = runAction('validate-data', workspace, {
      data: 'incoming/2026-12.csv',
      contract: 'datapackage.json',
      resource: 'co2-anmean-mlo',
    });
    expect(typo.exitCode).toBe(1);
    expect(typo.annotations[0].message).toMatch(
      /no resource "co2-anmean-mlo" \(did you mean co2-annmean-mlo\?\)/,
    );
  });

  it('two resources with the same path: an error naming both', () => {
    const pkg = JSON.parse(readFileSync(path.join(workspace, 'datapackage.json'), 'utf8'));
    const annual = pkg.resources.find((resource: { name: string }) => resource.name === 'co2-annmean-mlo');
    pkg.resources.push({ ...annual, name: 'co2-annmean-copy' });
    writeFileSync(path.join(workspace, 'twice.datapackage.json'), JSON.stringify(pkg, null, 2));
    const run = runAction('validate-data', workspace, {
      data: 'data/co2-annmean-mlo.csv',
      contract: 'twice.datapackage.json',
    });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0].message).toMatch(
      /several resources of the Data Package match \(co2-annmean-mlo, co2-annmean-copy\)/,
    );
  });

  it('a schema given as a path relative to the package is read from there; a URL is refused', () => {
    const pkg = JSON.parse(readFileSync(path.join(workspace, 'datapackage.json'), 'utf8'));
    const annual = pkg.resources.find((resource: { name: string }) => resource.name === 'co2-annmean-mlo');
    writeFileSync(path.join(workspace, 'data/annmean.schema.json'), JSON.stringify(annual.schema));
    writeFileSync(
      path.join(workspace, 'data/by-path.json'),
      JSON.stringify({
        resources: [{ name: 'annual', path: 'co2-annmean-mlo.csv', schema: 'annmean.schema.json' }],
      }),
    );
    const run = runAction('validate-data', workspace, {
      data: 'data/co2-annmean-mlo.csv',
      contract: 'data/by-path.json',
      'report-path': 'by-path.json',
    });
    expect([run.exitCode, run.outputs.outcome]).toEqual([0, 'pass']);

    writeFileSync(
      path.join(workspace, 'data/by-url.json'),
      JSON.stringify({
        resources: [{ name: 'annual', path: 'co2-annmean-mlo.csv', schema: 'https://example.com/s.json' }],
      }),
    );
    const url = runAction('validate-data', workspace, {
      data: 'data/co2-annmean-mlo.csv',
      contract: 'data/by-url.json',
    });
    expect(url.exitCode).toBe(1);
    expect(url.annotations[0]).toMatchObject({ file: 'data/by-url.json' });
    expect(url.annotations[0].message).toMatch(
      /its schema is a URL \(https:\/\/example\.com\/s\.json\); mlgate reads no URLs/,
    );
  });

  it('a mistake inside a resource schema names the package line and the key path', () => {
    const text = readFileSync(path.join(workspace, 'datapackage.json'), 'utf8');
    // The annual resource's Year field: type year → yaer.
    const at = text.indexOf('"name": "co2-annmean-mlo"');
    const broken = text.slice(0, at) + text.slice(at).replace('"type": "year"', '"type": "yaer"');
    writeFileSync(path.join(workspace, 'broken.datapackage.json'), broken);
    const line = broken.split('\n').findIndex((l) => l.includes('"yaer"')) + 1;
    const run = runAction('validate-data', workspace, {
      data: 'data/co2-annmean-mlo.csv',
      contract: 'broken.datapackage.json',
    });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ file: 'broken.datapackage.json', line });
    expect(run.annotations[0].message).toMatch(/unknown type yaer; did you mean year\?/);
  });
});
