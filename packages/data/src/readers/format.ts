/** Which reader a data file needs, from its name (or from the `format` input when the user sets one). */
import { ConfigurationError } from '@mlgate/core';
import type { DataFormat } from './types.js';

const EXTENSIONS: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.parquet': 'parquet',
};

export const DATA_FORMATS: readonly DataFormat[] = ['csv', 'tsv', 'jsonl', 'json', 'parquet'];

export interface FileFormat {
  format: DataFormat;
  /** The file is gzip-compressed (its name ends in .gz). */
  gzip: boolean;
}

/** By extension: .csv .tsv .jsonl .ndjson .json .parquet, each optionally followed by .gz (not Parquet). */
export function detectFormat(file: string): FileFormat {
  const lower = file.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const name = gzip ? lower.slice(0, -3) : lower;
  const dot = name.lastIndexOf('.');
  const format = dot >= 0 ? EXTENSIONS[name.slice(dot)] : undefined;
  if (!format) {
    throw new ConfigurationError(
      `cannot tell the format of "${file}" from its name: expected one of ${Object.keys(EXTENSIONS).join(' ')} ` +
        `(optionally followed by .gz), or set the format input`,
      { file },
    );
  }
  checkGzip(file, format, gzip);
  return { format, gzip };
}

/**
 * The format to read `file` with: detected from the name for `auto`, else the one the user named.
 * gzip still comes from the name, so `format: jsonl` reads both `events.log` and `events.log.gz`.
 */
export function resolveFormat(file: string, format: DataFormat | 'auto'): FileFormat {
  if (format === 'auto') return detectFormat(file);
  if (!DATA_FORMATS.includes(format)) {
    throw new ConfigurationError(
      `unknown data format "${String(format)}": expected auto or ${DATA_FORMATS.join(', ')}`,
    );
  }
  const gzip = file.toLowerCase().endsWith('.gz');
  checkGzip(file, format, gzip);
  return { format, gzip };
}

function checkGzip(file: string, format: DataFormat, gzip: boolean): void {
  if (format === 'parquet' && gzip) {
    // Parquet needs random access to its footer, and compresses its pages itself.
    throw new ConfigurationError(
      `"${file}" is a gzip-compressed Parquet file, which cannot be read: decompress it (Parquet compresses its own pages)`,
      { file },
    );
  }
}
