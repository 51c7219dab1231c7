/**
 * Scanning a CSV file with several scan threads gives the serial scan's findings. The threads run here
 * in-process (the pool's PieceScanner interface), their shares passed through structuredClone as
 * postMessage does; the worker transport is tested end to end on the bundle (test/e2e), and here for a
 * thread that dies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { loadContract } from '../../src/contract/index.js';
import type { CsvPiece } from '../../src/readers/csv-pieces.js';
import { scanCsv } from '../../src/readers/csv.js';
import { allChecks } from '../../src/validate/checks.js';
import { DatasetValidator } from '../../src/validate/dataset.js';
import {
  FileScan,
  registerScanWorker,
  ScanPool,
  type PieceScanner,
} from '../../src/validate/parallel-scan.js';
import { streamDataset } from '../../src/validate/stream.js';
import { buildRules, contractData, type ContractData } from '../../src/validate/rules.js';

const dir = mkdtempSync(join(tmpdir(), 'mlgate-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A scan thread without the thread: what the worker does with each message. */
class InProcessScanner implements PieceScanner {
  private file: FileScan | undefined;
  readonly lines: number[] = [];

  constructor(private readonly contract: ContractData | undefined) {}

  startFile(file: string, names: string[], delimiter: ',' | '\t'): void {
    const rules = this.contract && buildRules(structuredClone(this.contract));
    this.file = new FileScan(rules, new Map(), file, names, delimiter);
  }

  async scan(piece: CsvPiece) {
    this.lines.push(piece.line);
    return structuredClone(this.file!.scan(Buffer.from(piece.bytes), piece.line));
  }

  async finish() {
    return structuredClone(this.file!.share());
  }

  async close(): Promise<void> {}
}

const CONTRACT = `
missingValues: ['', 'NA']
fields:
  - name: id
    type: integer
    constraints: { required: true, minimum: 1 }
  - name: score
    type: number
    constraints: { minimum: 0, maximum: 1 }
    mostly: 0.9
  - name: country
    type: string
    constraints: { enum: [US, DE, FR] }
  - name: email
    type: string
    constraints: { pattern: '[a-z]+@[a-z]+\\.com', required: true }
  - name: day
    type: date
`;

/** Rows with defects everywhere, quoted fields with newlines, and malformed rows, on known lines. */
function data(rows: number): Buffer {
  const lines = ['id,score,country,email,day'];
  for (let i = 1; i <= rows; i++) {
    const score = i % 97 === 0 ? '1.5' : i % 89 === 0 ? 'high' : (i % 100) / 100;
    const country = i % 53 === 0 ? 'XX' : ['US', 'DE', 'FR'][i % 3];
    const email = i % 61 === 0 ? '' : i % 41 === 0 ? '"bad,\nemail"' : `user${'abc'[i % 3]}@mail.com`;
    const day = i % 71 === 0 ? '2024-13-01' : `2024-0${1 + (i % 9)}-1${i % 10}`;
    if (i % 211 === 0)
      lines.push(`${i},0.5`); // wrong field count
    else if (i % 307 === 0)
      lines.push(`${i},0.5,US,"unterminated""quote,x`); // garbage after a quote
    else lines.push(`${i},${score},${country},${email},${day}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The bytes in chunks written into the same three buffers in turn, as readReusedChunks reads a file. */
async function* reusedChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  const memory = [0, 1, 2].map(() => Buffer.alloc(size));
  for (let i = 0, turn = 0; i < bytes.length; i += size, turn++) {
    const chunk = bytes.subarray(i, i + size);
    const buffer = memory[turn % memory.length];
    chunk.copy(buffer);
    yield buffer.subarray(0, chunk.length);
  }
}

async function contract(text = CONTRACT): Promise<ContractData> {
  const file = join(dir, 'contract.yml');
  writeFileSync(file, text);
  return contractData(await loadContract(file, 'contract.yml'));
}

async function serial(bytes: Buffer, rules: ContractData): Promise<DatasetValidator> {
  const dataset = new DatasetValidator(buildRules(rules), new Map());
  const sink = dataset.csvSink('d.csv');
  await scanCsv(chunks(bytes, 4096), { delimiter: ',' }, sink);
  sink.done();
  dataset.finish();
  return dataset;
}

async function threaded(
  bytes: Buffer,
  rules: ContractData,
  threads: number,
  chunkSize: number,
  read = chunks,
) {
  const dataset = new DatasetValidator(buildRules(rules), new Map());
  const sink = dataset.csvSink('d.csv');
  const scanners = Array.from({ length: threads }, () => new InProcessScanner(rules));
  await new ScanPool(scanners).scanFile(read(bytes, chunkSize), { delimiter: ',' }, 'd.csv', dataset, sink);
  sink.done();
  dataset.finish();
  return { dataset, scanners };
}

describe('ScanPool', () => {
  it('gives the serial counts, failing rows and samples (file, line, value), pieces taken in turn', async () => {
    const rules = await contract();
    const bytes = data(20_000);
    const expected = await serial(bytes, rules);
    const expectedChecks = allChecks(expected, 0);
    expect(expectedChecks.filter((c) => c.status !== 'pass').length).toBeGreaterThan(4);
    for (const [threads, chunkSize] of [
      [2, 5000],
      [3, 777],
      [4, 65_536],
    ]) {
      const { dataset, scanners } = await threaded(bytes, rules, threads, chunkSize);
      // Every thread had work, and pieces went to them in turn.
      for (const scanner of scanners) expect(scanner.lines.length).toBeGreaterThan(1);
      expect(dataset.rows).toBe(expected.rows);
      expect(dataset.malformed).toEqual(expected.malformed);
      // Quantile-based stats are not declared here: every check equals the serial one.
      expect(allChecks(dataset, 0)).toEqual(expectedChecks);
      for (const column of expected.columns) {
        const got = dataset.columnNamed(column.name)!.profile;
        const want = column.profile;
        expect([got.count, got.nulls, got.invalid, got.moments.count]).toEqual([
          want.count,
          want.nulls,
          want.invalid,
          want.moments.count,
        ]);
        expect([got.moments.min, got.moments.max]).toEqual([want.moments.min, want.moments.max]);
        if (want.moments.count > 0) {
          expect(got.moments.mean).toBeCloseTo(want.moments.mean, 9);
          expect(got.moments.std).toBeCloseTo(want.moments.std, 9);
        }
        // A HyperLogLog union is exact: the same registers as one pass.
        expect(got.distinct.estimate()).toBe(want.distinct.estimate());
        expect(got.top.items(5)).toEqual(want.top.items(5));
      }
    }
  });

  it('copies each piece for its thread before the next chunk is read: chunks in reused memory give the serial results', async () => {
    const rules = await contract();
    const bytes = data(20_000);
    const expected = allChecks(await serial(bytes, rules), 0);
    expect(expected.some((check) => check.status === 'fail')).toBe(true);
    for (const [threads, chunkSize] of [
      [2, 7_001],
      [3, 64 * 1024],
    ]) {
      const { dataset } = await threaded(bytes, rules, threads, chunkSize, reusedChunks);
      expect(dataset.checksRepeats).toBe(false);
      expect(allChecks(dataset, 0)).toEqual(expected);
    }
  });

  it('finds repeats across pieces as one set would: unique, primaryKey and duplicateRows, first lines and values', async () => {
    const rules = await contract(`
duplicateRows: error
primaryKey: [country, day]
fields:
  - name: id
    type: integer
    constraints: { unique: true }
  - name: score
    type: number
  - name: country
    type: string
  - name: email
    type: string
    constraints: { unique: true }
  - name: day
    type: date
`);
    const lines = ['id,score,country,email,day'];
    for (let i = 1; i <= 30_000; i++) {
      // Ids repeat 9,000 rows later (another piece), emails every 4,001 rows, whole rows every 7,919.
      const id = i > 20_000 && i % 50 === 0 ? i - 9_000 : i;
      const email = i % 4_001 === 0 ? '"first@mail.com"' : `u${i}@mail.com`;
      const row =
        i % 7_919 === 0
          ? lines[1]
          : `${id},0.${i % 10},${['US', 'DE'][i % 2]},${email},2024-01-${10 + (i % 19)}`;
      lines.push(row);
    }
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const expected = allChecks(await serial(bytes, rules), 0);
    const repeats = expected.filter((c) => ['unique', 'primaryKey', 'duplicateRows'].includes(c.check));
    expect(repeats.map((c) => [c.column, c.check, c.status])).toEqual([
      [undefined, 'duplicateRows', 'fail'],
      [undefined, 'primaryKey', 'fail'],
      ['id', 'unique', 'fail'],
      ['email', 'unique', 'fail'],
    ]);
    // Row i is on line i + 1; row 7,919 copies row 1, and id 11,050 comes back on row 20,050.
    expect(repeats.find((c) => c.column === 'id')!.samples!.slice(0, 3)).toEqual([
      { file: 'd.csv', line: 7_920, value: '1', message: 'duplicate of line 2' },
      { file: 'd.csv', line: 15_839, value: '1', message: 'duplicate of line 2' },
      { file: 'd.csv', line: 20_051, value: '11050', message: 'duplicate of line 11051' },
    ]);
    for (const [threads, chunkSize, read] of [
      [2, 9_000, chunks],
      [3, 50_000, chunks],
      // The pool keeps a copy of each piece to find a repeated row's text: chunks in reused memory give the same.
      [2, 7_001, reusedChunks],
      [3, 64 * 1024, reusedChunks],
    ] as const) {
      const { dataset } = await threaded(bytes, rules, threads, chunkSize, read);
      expect(dataset.checksRepeats).toBe(true);
      expect(allChecks(dataset, 0)).toEqual(expected);
    }
  });

  it('reads a file that ends before the header is done, or without any row, on the main thread', async () => {
    const rules = await contract();
    for (const text of ['id,score,country,email,day\n', '\n\nid,score,country,email,day']) {
      const { dataset, scanners } = await threaded(Buffer.from(text), rules, 2, 3);
      expect(dataset.rows).toBe(0);
      expect(scanners.every((scanner) => scanner.lines.length === 0)).toBe(true);
    }
  });

  it("posts the contract as data: rules rebuilt from a clone check like the original's", async () => {
    const rules = await contract();
    const clone = structuredClone(rules);
    expect(clone.fields[3].pattern?.regex.source).toContain('@');
    expect(clone.fields.map((f) => f.pattern?.regex.source)).toEqual(
      rules.fields.map((f) => f.pattern?.regex.source),
    );
    const original = buildRules(rules).fields[3];
    const rebuilt = buildRules(clone).fields[3];
    for (const value of ['abc@mail.com', 'nope', 'x@y.org'])
      expect(rebuilt.check(value)).toEqual(original.check(value));
  });

  it('fails the scan with what happened when a scan thread dies', async () => {
    // A scan-thread bundle that exits at once, beside a stand-in bundle: the real Worker transport.
    mkdirSync(join(dir, 'bundle', 'scan-thread'), { recursive: true });
    writeFileSync(join(dir, 'bundle', 'scan-thread', 'index.js'), 'process.exit(3);\n');
    const file = join(dir, 'big.csv');
    writeFileSync(file, data(60_000)); // several 1 MiB pieces
    process.env.MLGATE_SCAN_MIN_BYTES = '0';
    process.env.MLGATE_SCAN_THREADS = '2';
    registerScanWorker(pathToFileURL(join(dir, 'bundle', 'index.js')));
    try {
      const dataset = new DatasetValidator(undefined, new Map());
      const logger = new MemoryLogger();
      await expect(
        streamDataset([file], 'auto', dataset, logger, { workspace: dir, scanSetup: { histogramEdges: [] } }),
      ).rejects.toThrow('a scan thread stopped (exit code 3)');
      expect(logger.lines.map((line) => line.message)).toContain('big.csv: scanning with 2 threads');
    } finally {
      registerScanWorker(pathToFileURL(join(dir, 'no-bundle', 'index.js')));
      delete process.env.MLGATE_SCAN_MIN_BYTES;
      delete process.env.MLGATE_SCAN_THREADS;
    }
  });
});
