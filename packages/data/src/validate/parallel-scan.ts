/**
 * Large CSV/TSV files are scanned by several threads. The main thread reads the file, cuts it into pieces
 * at row starts (csv-pieces.ts), reads the header and the first rows itself, and hands the other pieces
 * to scan threads in turn (piece k to thread k mod n, so a run is reproducible). Each thread validates and
 * profiles its pieces with the same contract; at the end of the file the main thread adds their shares
 * (scan-share.ts) to its dataset. Checks for repeated values (unique, primaryKey, duplicateRows) need every
 * value in one set: the threads log each value's hash and line, and the main thread adds the logs to its
 * sets piece by piece in file order, finding a repeat's row again only for the few kept as samples.
 *
 * Scan threads start from their own small bundle, dist/<name>/scan-thread/index.js (src/scan-thread.ts),
 * which a bundle's entry registers with `registerScanWorker(import.meta.url)`. Without it (the library
 * used on its own, tests of the sources) files are scanned on one thread. Threads get the contract as
 * data, so they need neither the contract loader nor the action's code.
 *
 * Tuning (environment): MLGATE_SCAN_THREADS (default: the cores available, at most 4; below 2 turns
 * threads off) and MLGATE_SCAN_MIN_BYTES (smallest file scanned with threads, default 64 MiB).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { InputDataError } from '@mlgate/core/errors';
import { CsvPieceSplitter, type CsvPiece } from '../readers/csv-pieces.js';
import { CsvScanner, type CsvOptions, type CsvRow } from '../readers/csv.js';
import { errorText } from '../readers/open.js';
import { DatasetValidator, type CsvFileSink, type LoggedRepeats } from './dataset.js';
import { buildRules, type ContractData, type DatasetRules } from './rules.js';
import { addShares, takeShare, type ScanShare } from './scan-share.js';
import { RepeatLog } from './unique.js';

/** Marks a worker started as a scan thread (workerData key). */
const SCAN_THREAD = 'mlgateScanThread';
/** The workerData key of the thread's piece slots (a SharedArrayBuffer of PIECES_IN_FLIGHT × SLOT_BYTES). */
const SCAN_SLOTS = 'mlgateScanSlots';
/**
 * Pieces in flight per thread (each a 2 MiB slot of shared memory): enough to keep it busy while the main thread reads
 * on, and while the main thread waits for a core on a busy machine. On the users' file under a load of 9 on 2 cores,
 * the two threads waited 1.0–3.5 s in all for pieces with 3 in flight, 1.2–1.9 s with 8.
 */
const PIECES_IN_FLIGHT = 8;
const DEFAULT_MIN_BYTES = 64 * 1024 * 1024;
const MAX_THREADS = 4;
/**
 * A scan thread's young generation, MB (V8's default is 3 × 16 MB semi-spaces per isolate): a thread makes little
 * garbage (text is read from the bytes), and each isolate's unused nursery is resident memory. On the users'-shape
 * benchmark with two threads, 12 MB took the peak RSS from about 335 to about 265 MB at the same CPU time.
 */
const SCAN_THREAD_YOUNG_MB = 12;
/**
 * Pieces are about one read chunk (1 MiB) plus the row cut off before it. Each thread shares memory with the main
 * thread for its pieces in flight, a slot of this size each: the main thread copies a piece into a free slot and
 * posts only where it is. Buffers moved between threads would be new external memory to V8 at every move, and
 * the main thread would run a full collection every few hundred pieces to account for them.
 */
const SLOT_BYTES = 2 * 1024 * 1024;

/** Where the scan-thread bundle sits, relative to the bundle that starts it (see scripts/bundle.mjs). */
const SCAN_THREAD_BUNDLE = 'scan-thread/index.js';

let entry: URL | undefined;

/** Called by a bundle's entry with its own URL: scan threads start from the scan-thread bundle beside it. */
export function registerScanWorker(bundleUrl: string | URL): void {
  const url = new URL(SCAN_THREAD_BUNDLE, bundleUrl);
  entry = url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** What a scan thread needs to rebuild the main thread's checks. */
export interface ScanSetup {
  /** The main thread's contract as plain data; none when validating without a contract. */
  contract?: ContractData;
  histogramEdges: [string, number[]][];
}

/** How many scan threads a file of this size gets (0: scan it on the main thread). */
export function scanThreadsFor(
  bytes: number,
  dataset: DatasetValidator,
  setup: ScanSetup | undefined,
): number {
  if (!entry || !setup) return 0;
  if (dataset.rules && !setup.contract) return 0;
  const minBytes = envInteger('MLGATE_SCAN_MIN_BYTES') ?? DEFAULT_MIN_BYTES;
  if (bytes < minBytes) return 0;
  const threads = envInteger('MLGATE_SCAN_THREADS') ?? Math.min(availableParallelism(), MAX_THREADS);
  return threads >= 2 ? Math.min(threads, 16) : 0;
}

function envInteger(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** What the pool needs of a scan thread (worker threads here; tests also run them in-process). */
export interface PieceScanner {
  startFile(file: string, names: string[], delimiter: CsvOptions['delimiter']): void;
  /** Scans a piece; resolves with its rows and the values it logged for the repeat checks. */
  scan(piece: CsvPiece): Promise<PieceScanned>;
  /** Waits for the file's pieces and returns what was found in them. */
  finish(): Promise<ScanShare>;
  close(): Promise<void>;
}

export interface PieceScanned {
  rows: number;
  repeats?: LoggedRepeats;
}

/** Scan threads for one dataset; closed when the dataset has streamed. */
export class ScanPool {
  private turn = 0;
  /** Rows the threads have scanned in the current file (for progress). */
  rowsScanned = 0;

  constructor(private readonly threads: PieceScanner[]) {}

  static start(count: number, setup: ScanSetup): ScanPool {
    if (!entry) throw new Error('no scan thread entry registered');
    const url = entry;
    const pool: ScanPool = new ScanPool(
      Array.from({ length: count }, () => new ScanThread(url, setup, (rows) => (pool.rowsScanned += rows))),
    );
    return pool;
  }

  /**
   * Scans one file: the main thread reads the header and the rows of the pieces before it, the threads
   * the rest. `sink` is the main thread's sink of this file; the threads' shares are added to `dataset`.
   */
  async scanFile(
    chunks: AsyncIterable<Buffer>,
    options: CsvOptions,
    file: string,
    dataset: DatasetValidator,
    sink: CsvFileSink,
  ): Promise<void> {
    let names: string[] | undefined;
    const ownScanner = new CsvScanner(options, {
      header: (header, line) => {
        names = header;
        sink.header(header, line);
      },
      row: (row) => sink.row(row),
      flush: () => sink.flush(),
      malformed: (line, message) => sink.malformed(line, message),
    });
    const splitter = new CsvPieceSplitter(options);
    // A piece's memory is written again by the next chunk: kept as a copy while a repeat may need its rows.
    const kept = dataset.checksRepeats ? new KeptPieces() : undefined;
    let started = false;
    // Pieces sent and not yet settled, in file order: their repeat logs must reach the sets in that order.
    const inFlight: { piece: CsvPiece; scanned: Promise<PieceScanned> }[] = [];
    const settle = async () => {
      const { piece, scanned } = inFlight.shift()!;
      const { repeats } = await scanned;
      if (repeats)
        sink.addLoggedRepeats(repeats, (line, text) => textOfRow(piece, line, names!.length, options, text));
      kept?.release(piece);
    };
    const handle = async (piece: CsvPiece) => {
      if (!names) return ownScanner.push(piece.bytes);
      if (!started) {
        started = true;
        this.rowsScanned = 0;
        for (const thread of this.threads) thread.startFile(file, names, options.delimiter);
      }
      while (inFlight.length >= this.threads.length * PIECES_IN_FLIGHT) await settle();
      const scanned = this.threads[this.turn++ % this.threads.length].scan(piece);
      scanned.catch(() => undefined); // settled in order below; a failure surfaces there
      inFlight.push({ piece: kept ? kept.keep(piece) : piece, scanned });
    };
    for await (const chunk of chunks) {
      const piece = splitter.push(chunk);
      if (piece) await handle(piece);
    }
    const last = splitter.end();
    if (last) await handle(last);
    while (inFlight.length > 0) await settle();
    if (!started) return ownScanner.end();
    const shares = await Promise.all(this.threads.map((thread) => thread.finish()));
    addShares(dataset, sink, shares);
    this.rowsScanned = 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}

/**
 * Copies of the pieces in flight, for the repeat checks to find a row again in its piece once its thread is done.
 * Their memory is used again for later pieces: memory new to V8 at every piece would make the main thread run a
 * full collection every few dozen pieces.
 */
class KeptPieces {
  private readonly spare: Buffer[] = [];

  keep(piece: CsvPiece): CsvPiece {
    const length = piece.bytes.length;
    let memory = this.spare.pop();
    if (!memory || memory.length < length) memory = Buffer.allocUnsafeSlow(Math.max(length, SLOT_BYTES));
    piece.bytes.copy(memory);
    return { bytes: memory.subarray(0, length), line: piece.line };
  }

  /** The piece's rows are no longer needed: its memory serves a later piece (unless it is that of a long row). */
  release(piece: CsvPiece): void {
    const memory = Buffer.from(piece.bytes.buffer, piece.bytes.byteOffset);
    if (memory.length <= SLOT_BYTES) this.spare.push(memory);
  }
}

type ToThread =
  | { type: 'file'; file: string; names: string[]; delimiter: CsvOptions['delimiter'] }
  /** A piece in the thread's slot `slot` (its first `length` bytes), or in memory of its own (`bytes`). */
  | { type: 'piece'; slot: number; length: number; line: number }
  | { type: 'piece'; bytes: Uint8Array; line: number }
  | { type: 'finish' };
type FromThread =
  | { type: 'scanned'; rows: number; repeats?: LoggedRepeats }
  | { type: 'share'; share: ScanShare }
  | { type: 'failed'; message: string; file?: string; line?: number; input: boolean };

interface Reply {
  resolve(message: FromThread): void;
  reject(error: Error): void;
}

/** One worker and its queue: replies come in the order of the messages that ask for one. */
class ScanThread implements PieceScanner {
  private readonly worker: Worker;
  private readonly replies: Reply[] = [];
  private failure: Error | undefined;
  private closing = false;
  /** The piece slots shared with the thread, and those free (a slot is taken until its piece is scanned). */
  private readonly slots: Buffer[];
  private readonly freeSlots: number[];

  constructor(url: URL, setup: ScanSetup, onRows: (rows: number) => void) {
    const memory = new SharedArrayBuffer(PIECES_IN_FLIGHT * SLOT_BYTES);
    this.slots = Array.from({ length: PIECES_IN_FLIGHT }, (_, slot) => slotBytes(memory, slot));
    this.freeSlots = this.slots.map((_, slot) => slot).reverse();
    this.worker = new Worker(url, {
      workerData: { [SCAN_THREAD]: setup, [SCAN_SLOTS]: memory },
      resourceLimits: { maxYoungGenerationSizeMb: SCAN_THREAD_YOUNG_MB },
    });
    this.worker.on('message', (message: FromThread) => {
      if (message.type === 'failed') return this.fail(threadError(message));
      if (message.type === 'scanned') onRows(message.rows);
      this.replies.shift()?.resolve(message);
    });
    this.worker.on('error', (error) => this.fail(new Error(`a scan thread failed: ${errorText(error)}`)));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`a scan thread stopped (exit code ${code})`));
    });
  }

  startFile(file: string, names: string[], delimiter: CsvOptions['delimiter']): void {
    this.post({ type: 'file', file, names, delimiter });
  }

  private post(message: ToThread, transfer: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage(message, transfer);
  }

  private ask(message: ToThread, transfer: ArrayBuffer[] = []): Promise<FromThread> {
    const reply = new Promise<FromThread>((resolve, reject) => this.replies.push({ resolve, reject }));
    this.post(message, transfer);
    return reply;
  }

  async scan(piece: CsvPiece): Promise<PieceScanned> {
    // Copied before this returns: the caller's memory is written again by the next chunk.
    const length = piece.bytes.length;
    const slot = length <= SLOT_BYTES ? this.freeSlots.pop() : undefined;
    if (slot === undefined) {
      // A piece longer than a slot (very long rows): a copy in memory of its own, moved to the thread.
      const bytes = new Uint8Array(length);
      bytes.set(piece.bytes);
      return (await this.ask({ type: 'piece', bytes, line: piece.line }, [bytes.buffer])) as PieceScanned;
    }
    piece.bytes.copy(this.slots[slot]);
    try {
      return (await this.ask({ type: 'piece', slot, length, line: piece.line })) as PieceScanned;
    } finally {
      this.freeSlots.push(slot);
    }
  }

  async finish(): Promise<ScanShare> {
    const reply = await this.ask({ type: 'finish' });
    return (reply as Extract<FromThread, { type: 'share' }>).share;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const reply of this.replies.splice(0)) reply.reject(this.failure);
  }
}

function threadError(message: Extract<FromThread, { type: 'failed' }>): Error {
  if (message.input && message.file)
    return new InputDataError(message.message, { file: message.file, line: message.line });
  return new Error(`a scan thread failed: ${message.message}`);
}

/** In a scan thread, serves it and returns true; anywhere else returns false. */
export function serveScanWorker(): boolean {
  const setup = (workerData as Record<string, ScanSetup> | undefined)?.[SCAN_THREAD];
  if (isMainThread || !setup || !parentPort) return false;
  const port = parentPort;
  const memory = (workerData as Record<string, SharedArrayBuffer>)[SCAN_SLOTS];
  const slots = Array.from({ length: PIECES_IN_FLIGHT }, (_, slot) => slotBytes(memory, slot));
  const rules = setup.contract ? buildRules(setup.contract) : undefined;
  const edges = new Map(setup.histogramEdges);
  let file: FileScan | undefined;
  let failed = false;

  const handle = (message: ToThread): FromThread | undefined => {
    if (message.type === 'file') {
      file = new FileScan(rules, edges, message.file, message.names, message.delimiter);
      return undefined;
    }
    if (!file) throw new Error(`"${message.type}" before any file`);
    if (message.type === 'piece') {
      const bytes =
        'slot' in message
          ? slots[message.slot].subarray(0, message.length)
          : Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.length);
      return { type: 'scanned', ...file.scan(bytes, message.line) };
    }
    const share = file.share();
    file = undefined;
    return { type: 'share', share };
  };

  port.on('message', (message: ToThread) => {
    if (failed) return;
    try {
      const reply = handle(message);
      if (reply) port.postMessage(reply, reply.type === 'scanned' ? transferables(reply.repeats) : []);
    } catch (error) {
      failed = true;
      port.postMessage({
        type: 'failed',
        message: errorText(error),
        input: error instanceof InputDataError,
        file: file?.file,
        line: (error as { line?: number }).line,
      } satisfies FromThread);
    }
  });
  return true;
}

/** A scan thread's work on one file: its pieces, checked and profiled by a dataset of its own. */
export class FileScan {
  private readonly dataset: DatasetValidator;
  private readonly sink: CsvFileSink;
  private readonly scanner: CsvScanner;

  constructor(
    rules: DatasetRules | undefined,
    histogramEdges: Map<string, number[]>,
    readonly file: string,
    private readonly names: string[],
    delimiter: CsvOptions['delimiter'],
  ) {
    this.dataset = new DatasetValidator(rules, histogramEdges, () => new RepeatLog());
    this.sink = this.dataset.csvSink(file);
    this.sink.useHeader(names);
    this.scanner = new CsvScanner({ delimiter }, this.sink);
  }

  /** Scans a piece; returns its rows and what it logged for the repeat checks. */
  scan(bytes: Buffer, line: number): PieceScanned {
    const before = this.dataset.rows;
    this.scanner.scanPiece(bytes, line, this.names.length);
    const repeats = this.dataset.takeRepeats();
    const logged = repeats.rows || repeats.keys || repeats.unique.length > 0;
    return { rows: this.dataset.rows - before, ...(logged ? { repeats } : {}) };
  }

  share(): ScanShare {
    return takeShare(this.dataset, this.sink);
  }
}

/** Slot `slot` of a thread's piece memory. */
function slotBytes(memory: SharedArrayBuffer, slot: number): Buffer {
  return Buffer.from(memory, slot * SLOT_BYTES, SLOT_BYTES);
}

/** The buffers of a repeat log, moved to the main thread rather than copied. */
function transferables(repeats: LoggedRepeats | undefined): ArrayBuffer[] {
  if (!repeats) return [];
  const arrays = [repeats.rows, repeats.keys, ...repeats.unique.map(([, entries]) => entries)];
  return arrays.filter((array) => array !== undefined).map((array) => array.buffer as ArrayBuffer);
}

/** What `text` makes of the row on `line` of a piece, scanned again (only for repeats kept as samples). */
function textOfRow(
  piece: CsvPiece,
  line: number,
  fields: number,
  options: CsvOptions,
  text: (row: CsvRow) => string,
): string {
  let found = '';
  const scanner = new CsvScanner(options, {
    header: () => undefined,
    malformed: () => undefined,
    row: (row) => {
      if (row.line === line) found = text(row);
    },
  });
  scanner.scanPiece(piece.bytes, piece.line, fields);
  return found;
}
