import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { dvcDescriptors } from '../src/data.js';
import { isDvcFile, parseDvcText, readDvcFile, type DvcFile } from '../src/dvc.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/real/dvc',
);
const read = (name: string, displayName = name) => readDvcFile(path.join(fixtures, name), displayName);
const entry = (file: DvcFile, stage: string | undefined, kind: 'dep' | 'out', entryPath: string) => {
  const found = file.entries.find((e) => e.stage === stage && e.kind === kind && e.path === entryPath);
  if (!found) throw new Error(`no ${kind} ${entryPath} in ${stage ?? '.dvc'}`);
  return found;
};

describe('real dvc.lock files', () => {
  it('reads a DVC 2 lock (no hash marker): md5-dos2unix entries, list params, a stage without outs', async () => {
    const lock = await read('ab-testing-dvc2.lock', 'dvc.lock');
    expect(lock.kind).toBe('lock');
    expect(lock.schema).toBe('2.0');
    expect(lock.entries).toHaveLength(5);
    expect(new Set(lock.entries.map((e) => e.hashKind))).toEqual(new Set(['md5-dos2unix']));
    expect(new Set(lock.entries.map((e) => e.dvcVersion))).toEqual(new Set([2]));
    expect(entry(lock, 'preparation', 'dep', 'data/AdSmartABdata.csv')).toMatchObject({
      md5: '1ae19300fae64a8d41f40122d8f68a53',
      size: 792302,
      isDirectory: false,
      line: 6,
    });
    expect(entry(lock, 'eda', 'out', 'data/control_and_exposed_percentage.csv')).toMatchObject({
      md5: 'af9343429d54c2f9e894cb4273636023',
      size: 235,
    });
    expect(lock.entries.filter((e) => e.stage === 'preparation' && e.kind === 'out')).toEqual([]);
    const params = lock.params.find((p) => p.stage === 'preparation')!;
    expect(params.file).toBe('params.yaml');
    expect(params.values['preparation.missing_values']).toEqual([
      'n/a',
      'na',
      'undefined',
      '?',
      'NA',
      'undefined',
    ]);
    expect(params.values['preparation.version']).toBe('v1');
  });

  it('reads a DVC 3 lock with directory outputs (.dir md5, nfiles) and params', async () => {
    const lock = await read('emotion-detection-dvc3.lock', 'pipeline/dvc.lock');
    expect(lock.entries).toHaveLength(14);
    expect(new Set(lock.entries.map((e) => e.hashKind))).toEqual(new Set(['md5']));
    expect(new Set(lock.entries.map((e) => e.dvcVersion))).toEqual(new Set([3]));
    const raw = entry(lock, 'data_ingestion', 'out', 'data/raw');
    expect(raw).toMatchObject({
      md5: '9096031b858a2cbb24cca78d3ce8a538.dir',
      size: 827973,
      nfiles: 2,
      isDirectory: true,
      // Paths are relative to the lock file's directory.
      workspacePath: 'pipeline/data/raw',
    });
    expect(entry(lock, 'feature_engineering', 'out', 'data/interim')).toMatchObject({
      md5: 'c63db29c69b11aaea75c2905d59fc738.dir',
      size: 21495532,
      nfiles: 2,
    });
    expect(entry(lock, 'model_building', 'out', 'models/model.pkl')).toMatchObject({
      md5: 'f935b1fd6c0b4cea1a10cf92f9bf40d2',
      size: 119560,
      isDirectory: false,
    });
    expect(entry(lock, 'model_evaluation', 'out', 'reports/metrics.json')).toMatchObject({ size: 145 });
    expect(lock.params.map((p) => [p.stage, p.values])).toEqual([
      ['data_ingestion', { 'data_ingestion.test_size': 0.15 }],
      ['feature_engineering', { 'feature_engineering.max_features': 500 }],
      ['model_building', { 'model_building.learning_rate': 0.1, 'model_building.n_estimators': 100 }],
    ]);
  });

  it('reads a DVC 3 lock with a 438 MB model output and dotted param keys', async () => {
    const lock = await read('mlops-transformers-dvc3.lock');
    expect(entry(lock, 'train_and_evaluate', 'out', 'saved_models/model.bin')).toMatchObject({
      md5: '29850c55ea9a59fe427ba9e3ff6676b1',
      size: 437997638,
      hashKind: 'md5',
      dvcVersion: 3,
    });
    expect(entry(lock, 'split_data', 'out', 'data/processed/train_IMDB_Dataset.csv').size).toBe(52968690);
    expect(lock.params[0].values['ModelTraining.BERT.params.EPOCHS']).toBe(10);
  });

  it('merges an output with the dependency of the next stage into one descriptor', async () => {
    const lock = await read('emotion-detection-dvc3.lock', 'dvc.lock');
    const descriptors = dvcDescriptors(lock);
    const raw = descriptors.filter((d) => d.name === 'data/raw');
    expect(raw).toHaveLength(1);
    expect(raw[0].digest).toEqual({ dvcDirMd5: '9096031b858a2cbb24cca78d3ce8a538' });
    expect((raw[0].annotations!.dvc as { stages: unknown[] }).stages).toEqual([
      { stage: 'data_ingestion', kind: 'out' },
      { stage: 'data_preprocessing', kind: 'dep' },
    ]);
    const model = descriptors.find((d) => d.name === 'models/model.pkl')!;
    expect(model.digest).toEqual({ md5: 'f935b1fd6c0b4cea1a10cf92f9bf40d2' });
  });
});

describe('real .dvc files', () => {
  it('reads a DVC 2 .dvc file as md5-dos2unix, with the path relative to the .dvc file', async () => {
    const file = await read('adsmart-abdata-dvc2.csv.dvc', 'data/AdSmartABdata.csv.dvc');
    expect(file.kind).toBe('dvc');
    expect(file.entries).toEqual([
      {
        path: 'AdSmartABdata.csv',
        workspacePath: 'data/AdSmartABdata.csv',
        kind: 'out',
        md5: '1ae19300fae64a8d41f40122d8f68a53',
        size: 792302,
        isDirectory: false,
        hashKind: 'md5-dos2unix',
        dvcVersion: 2,
        line: 2,
      },
    ]);
    expect(dvcDescriptors(file)[0].digest).toEqual({ 'md5-dos2unix': '1ae19300fae64a8d41f40122d8f68a53' });
  });

  it('reads a DVC 3 .dvc file as md5', async () => {
    const file = await read('imdb-dataset-dvc3.csv.dvc', 'data_given/IMDB_Dataset.csv.dvc');
    expect(file.entries[0]).toMatchObject({
      path: 'IMDB_Dataset.csv',
      workspacePath: 'data_given/IMDB_Dataset.csv',
      md5: '308443a50e5c993e7b8a1cdb95750026',
      size: 66212309,
      hashKind: 'md5',
      dvcVersion: 3,
    });
  });

  it('the DVC 2 .dvc file and the DVC 2 lock of the same repository agree on the data hash', async () => {
    const dvc = await read('adsmart-abdata-dvc2.csv.dvc', 'data/AdSmartABdata.csv.dvc');
    const lock = await read('ab-testing-dvc2.lock', 'dvc.lock');
    expect(entry(lock, 'preparation', 'dep', 'data/AdSmartABdata.csv').md5).toBe(dvc.entries[0].md5);
    expect(entry(lock, 'preparation', 'dep', 'data/AdSmartABdata.csv').workspacePath).toBe(
      dvc.entries[0].workspacePath,
    );
  });
});

describe('broken DVC files', () => {
  it('names the line of a YAML syntax error', async () => {
    const text = (await readFile(path.join(fixtures, 'ab-testing-dvc2.lock'), 'utf8')).replace(
      '      size: 2098\n',
      '      size: [2098\n',
    );
    let error: unknown;
    try {
      parseDvcText(text, 'dvc.lock');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputDataError);
    expect((error as InputDataError).message).toMatch(/invalid YAML/);
    expect((error as InputDataError).location?.file).toBe('dvc.lock');
    expect((error as InputDataError).location?.line).toBeGreaterThanOrEqual(11);
  });

  it('names file, line and field of an entry without md5', async () => {
    const text = (await readFile(path.join(fixtures, 'emotion-detection-dvc3.lock'), 'utf8')).replace(
      '      md5: 79552c20ee7ba2a707bb6d82ceac2f21\n',
      '',
    );
    expect(() => parseDvcText(text, 'dvc.lock')).toThrow(
      expect.objectContaining({
        name: 'InputDataError',
        location: { file: 'dvc.lock', line: 27, field: 'stages.data_preprocessing.deps[1].md5' },
      }),
    );
  });

  it('rejects a value that is not an md5, and a DVC 1 lock', () => {
    expect(() => parseDvcText('outs:\n- md5: not-a-hash\n  path: a.csv\n', 'a.csv.dvc')).toThrow(
      /not an MD5 hash/,
    );
    expect(() => parseDvcText('train:\n  cmd: python train.py\n', 'dvc.lock', 'lock')).toThrow(/DVC 1/);
  });

  it('knows which names are DVC files', () => {
    expect(isDvcFile('dvc.lock')).toBe(true);
    expect(isDvcFile('data/x.csv.dvc')).toBe(true);
    expect(isDvcFile('poetry.lock')).toBe(false);
    expect(isDvcFile('.dvc')).toBe(false);
  });
});
