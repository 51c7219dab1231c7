import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@mlgate/core';
import { detectFormat, resolveFormat } from '../../src/readers/index.js';

describe('detectFormat', () => {
  it.each([
    ['data/train.csv', 'csv', false],
    ['train.TSV', 'tsv', false],
    ['events.jsonl', 'jsonl', false],
    ['events.ndjson.gz', 'jsonl', true],
    ['rows.json', 'json', false],
    ['rows.json.GZ', 'json', true],
    ['part-0001.snappy.parquet', 'parquet', false],
    ['train.csv.gz', 'csv', true],
  ])('%s → %s (gzip %s)', (file, format, gzip) => {
    expect(detectFormat(file)).toEqual({ format, gzip });
  });

  it('names the file and the known extensions when the extension is unknown', () => {
    const error = (() => {
      try {
        detectFormat('data/train.xlsx');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain('data/train.xlsx');
    expect((error as ConfigurationError).message).toContain('.jsonl');
    expect((error as ConfigurationError).location?.file).toBe('data/train.xlsx');
  });

  it('rejects files with no extension and a bare .gz', () => {
    expect(() => detectFormat('README')).toThrow(ConfigurationError);
    expect(() => detectFormat('data.gz')).toThrow(ConfigurationError);
  });

  it('rejects gzip-compressed Parquet', () => {
    expect(() => detectFormat('x.parquet.gz')).toThrow(/gzip-compressed Parquet/);
  });
});

describe('resolveFormat', () => {
  it('uses the named format, with gzip still from the name', () => {
    expect(resolveFormat('events.log', 'jsonl')).toEqual({ format: 'jsonl', gzip: false });
    expect(resolveFormat('events.log.gz', 'jsonl')).toEqual({ format: 'jsonl', gzip: true });
    expect(resolveFormat('a.csv', 'auto')).toEqual({ format: 'csv', gzip: false });
  });

  it('rejects an unknown format name', () => {
    expect(() => resolveFormat('a.csv', 'xlsx' as never)).toThrow(/unknown data format "xlsx"/);
  });
});
