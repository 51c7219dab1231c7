/**
 * Inspect AI eval logs: the JSON log (`--log-format json`) and the `.eval` ZIP archive (the default since
 * inspect_ai 0.3.46), which holds `header.json` (or `_journal/start.json` while a run is unfinished) and one
 * `samples/<id>_epoch_<n>.json` member per sample and epoch. Archives are read member by member with yauzl,
 * straight from the file into memory (nothing is unpacked to disk).
 *
 * Every sample × epoch becomes one row with the sample's `id`; epochs of one sample are repeats of one case.
 * - scores: one per scorer, converted as Inspect's own `value_to_float` does: "C" 1, "P" 0.5, "I" and "N" 0,
 *   booleans 1/0, "yes"/"true" 1, "no"/"false" 0, numeric text as the number. A dict value gives one dimension per
 *   key (`<scorer>.<key>`), a list one per position.
 * - pass: from the scorers whose value is a verdict (C/I/P/N or a boolean): true when all of them are correct;
 *   none when no scorer gives a verdict (only measurements).
 * - tokens: input and output tokens summed over `model_usage` (all models of the sample).
 * - latency: `total_time` (seconds → ms). input: the sample input (messages joined). output: `output.completion`.
 * - error: the sample's `error.message`.
 * A run that did not end with status "success", or a log with fewer samples than planned, gets a warning that
 * says how many samples it holds of how many planned.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { InputDataError } from '@mlgate/core';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { compact, isObject, kindOf, noCases, setKey, show } from './fields.js';
import type { ImporterOutput, JsonObject } from './fields.js';
import { arrayElementLines, parseJsonDocument, readWholeFile } from './read.js';
import type { RawCase } from '../types.js';

/** Log format versions this importer reads (3 was a short-lived format with shared message pools). */
export const INSPECT_LOG_VERSIONS: readonly number[] = [1, 2, 3];

/** Where a field sits: the file shown to users, and the line (JSON log) or archive member (.eval). */
interface InspectPlace {
  file: string;
  line?: number;
  member?: string;
}

function inspectError(place: InspectPlace, field: string | undefined, message: string): InputDataError {
  const where = place.member ? `archive member ${place.member}: ` : '';
  return new InputDataError(`${where}${message}`, {
    file: place.file,
    ...(place.line !== undefined ? { line: place.line } : {}),
    ...(field ? { field: place.member ? `${place.member}:${field}` : field } : {}),
  });
}

/** True for a parsed Inspect JSON log: `{version, status, eval: {task…}, …}`. */
export function isInspectDocument(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    typeof value.version === 'number' &&
    typeof value.status === 'string' &&
    isObject(value.eval) &&
    ('task' in value.eval || 'task_id' in value.eval)
  );
}

/** Recognises an Inspect JSON log from its first bytes (the writer starts with version, status, eval). */
export function looksLikeInspectHead(head: string): boolean {
  return /^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:\s*"[a-z]+"\s*,\s*"eval"\s*:\s*\{/.test(head);
}

/** A ZIP archive starts with a local file header, "PK\3\4". */
export function looksLikeZip(head: string): boolean {
  return head.startsWith('PK\u0003\u0004');
}

export async function importInspect(file: string, displayName: string): Promise<ImporterOutput> {
  if (file.toLowerCase().endsWith('.eval') || (await startsLikeZip(file)))
    return importEvalArchive(file, displayName);
  const text = await readWholeFile(file, displayName);
  if (text.trim() === '') noCases(displayName, 'the file is blank');
  return inspectFromDocument(parseJsonDocument(text, displayName), text, displayName);
}

async function startsLikeZip(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(4);
    await handle.read(buffer, 0, 4, 0);
    return looksLikeZip(buffer.toString('latin1'));
  } catch {
    return false; // unreadable: readWholeFile reports it
  } finally {
    await handle?.close();
  }
}

/** Converts an already parsed Inspect JSON log (`text` is its source, for line numbers). */
export function inspectFromDocument(document: unknown, text: string, file: string): ImporterOutput {
  const place = { file, line: 1 };
  if (!isInspectDocument(document)) {
    throw inspectError(
      place,
      undefined,
      `Not an Inspect AI log: expected an object with "version", "status" and "eval" (written by \`inspect eval\`); ` +
        `got ${isObject(document) ? `an object with keys ${Object.keys(document).slice(0, 6).join(', ') || '(none)'}` : kindOf(document)}.`,
    );
  }
  checkVersion(document.version, place);
  const samples = document.samples ?? [];
  if (!Array.isArray(samples))
    throw inspectError(place, 'samples', `samples must be an array; got ${kindOf(samples)}`);
  const lines = arrayElementLines(text, ['samples']);
  const rows = samples.map((sample: unknown, index) =>
    inspectSampleToRow(
      sample,
      { file, line: lines.length === samples.length ? lines[index] : 1 },
      `samples[${index}]`,
    ),
  );
  return finish(document, rows, file);
}

function checkVersion(version: unknown, place: InspectPlace): void {
  if (typeof version !== 'number' || !Number.isInteger(version))
    throw inspectError(place, 'version', `version must be the log format number; got ${show(version)}`);
  if (!INSPECT_LOG_VERSIONS.includes(version)) {
    throw inspectError(
      place,
      'version',
      `Inspect log format version ${version} is not supported (this mlgate reads versions ` +
        `${INSPECT_LOG_VERSIONS.join(', ')}). Convert the log with an inspect_ai that mlgate supports ` +
        `(\`inspect log convert --to json\`), or upgrade mlgate.`,
    );
  }
}

/**
 * Reads the archive through yauzl's central directory, member by member. The bytes come through `BlockReader`
 * (4 MiB blocks, so 100k members cost a few dozen reads instead of three small reads each) and each member is
 * inflated with one synchronous call: a zlib stream per member is 5× slower on logs with many samples.
 */
async function importEvalArchive(file: string, displayName: string): Promise<ImporterOutput> {
  let handle: FileHandle;
  let size: number;
  try {
    handle = await open(file, 'r');
    size = (await handle.stat()).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputDataError(
      `Cannot read the Inspect .eval log: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}.`,
      { file: displayName },
    );
  }
  const reader = new BlockReader(handle, size);
  try {
    let zip: ZipFile;
    try {
      zip = await new Promise<ZipFile>((resolve, reject) =>
        yauzl.fromRandomAccessReader(
          reader,
          size,
          { lazyEntries: true, autoClose: false, decodeStrings: true },
          (error, opened) => (error ? reject(error) : resolve(opened)),
        ),
      );
    } catch (error) {
      throw new InputDataError(
        `Cannot read the Inspect .eval log: it is not a readable ZIP archive (${(error as Error).message}).`,
        { file: displayName },
      );
    }
    const rows: RawCase[] = [];
    let header: JsonObject | undefined;
    let start: JsonObject | undefined;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) =>
        reject(
          new InputDataError(`Cannot read the Inspect .eval log: ${error.message}.`, { file: displayName }),
        ),
      );
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        const name = entry.fileName;
        const wanted =
          name === 'header.json' ||
          name === '_journal/start.json' ||
          (name.startsWith('samples/') && name.endsWith('.json'));
        if (!wanted) {
          zip.readEntry();
          return;
        }
        readMember(zip, reader, entry, displayName)
          .then((value) => {
            const place = { file: displayName, member: name };
            if (name === 'header.json') header = memberObject(value, place);
            else if (name === '_journal/start.json') start = memberObject(value, place);
            else rows.push(inspectSampleToRow(value, place, undefined));
            zip.readEntry();
          })
          .catch(reject);
      });
      zip.readEntry();
    });
    const document = header ?? start;
    if (!document) {
      throw new InputDataError(
        'Not an Inspect AI .eval log: the archive has neither header.json nor _journal/start.json.',
        { file: displayName },
      );
    }
    checkVersion(document.version, {
      file: displayName,
      member: header ? 'header.json' : '_journal/start.json',
    });
    // An unfinished run has no header.json: its journal start has no status.
    return finish(header ? document : { ...document, status: 'started' }, rows, displayName);
  } finally {
    await handle.close();
  }
}

const BLOCK_BYTES = 4 * 1024 * 1024;
/** A member larger than this is refused rather than inflated into memory (Inspect samples are kilobytes). */
const MAX_MEMBER_BYTES = 512 * 1024 * 1024;

/**
 * yauzl's random-access reader over an open file, serving reads from the last two 4 MiB blocks read (one for the
 * central directory at the end of the archive, one for the members being read from the front).
 */
class BlockReader extends yauzl.RandomAccessReader {
  private blocks: { start: number; bytes: Buffer }[] = [];

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {
    super();
  }

  /** The bytes [start, end) of the file. */
  async range(start: number, end: number): Promise<Buffer> {
    const cached = this.blocks.find(
      (block) => start >= block.start && end <= block.start + block.bytes.length,
    );
    if (cached) return cached.bytes.subarray(start - cached.start, end - cached.start);
    const length = Math.max(end - start, Math.min(BLOCK_BYTES, this.size - start));
    const bytes = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.handle.read(bytes, 0, length, start);
    if (bytesRead < end - start) throw new Error(`unexpected end of file at byte ${start + bytesRead}`);
    const block = { start, bytes: bytes.subarray(0, bytesRead) };
    this.blocks = [block, ...this.blocks.slice(0, 1)];
    return block.bytes.subarray(0, end - start);
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (error: Error | null) => void,
  ): void {
    this.range(position, position + length).then(
      (bytes) => {
        bytes.copy(buffer, offset);
        callback(null);
      },
      (error: Error) => callback(error),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const stream = new PassThrough();
    this.range(start, end).then(
      (bytes) => stream.end(bytes),
      (error: Error) => stream.destroy(error),
    );
    return stream;
  }
}

function memberObject(value: unknown, place: InspectPlace): JsonObject {
  if (!isObject(value)) throw inspectError(place, undefined, `must be a JSON object; got ${kindOf(value)}`);
  return value;
}

/** One member's bytes, inflated in memory, parsed as JSON. */
async function readMember(zip: ZipFile, reader: BlockReader, entry: Entry, file: string): Promise<unknown> {
  const broken = (reason: string) =>
    new InputDataError(`archive member ${entry.fileName}: ${reason}`, { file });
  if (entry.isEncrypted()) throw broken('it is encrypted');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw broken(`unsupported compression method ${entry.compressionMethod} (Inspect writes deflate)`);
  if (entry.uncompressedSize > MAX_MEMBER_BYTES)
    throw broken(`it is ${entry.uncompressedSize} bytes uncompressed, more than a sample can be`);
  const dataStart = await new Promise<number>((resolve, reject) =>
    zip.readLocalFileHeader(entry, { minimal: true }, (error, header) =>
      error ? reject(broken(error.message)) : resolve(header.fileDataStart),
    ),
  );
  let bytes: Buffer;
  try {
    const stored = await reader.range(dataStart, dataStart + entry.compressedSize);
    bytes =
      entry.compressionMethod === 8
        ? inflateRawSync(stored, { maxOutputLength: Math.max(entry.uncompressedSize, 1) })
        : stored;
  } catch (error) {
    throw broken(`cannot be read (${(error as Error).message})`);
  }
  if (bytes.length !== entry.uncompressedSize)
    throw broken(`it inflates to ${bytes.length} bytes, not the ${entry.uncompressedSize} its header says`);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw broken(`not valid JSON (${(error as Error).message})`);
  }
}

/** Inspect's value_to_float for one value; undefined when Inspect could not convert it either. */
function valueToFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return undefined;
  if (value === 'C') return 1;
  if (value === 'P') return 0.5;
  if (value === 'I' || value === 'N') return 0;
  const lower = value.toLowerCase();
  if (lower === 'yes' || lower === 'true') return 1;
  if (lower === 'no' || lower === 'false') return 0;
  if (/^\d+(?:\.\d*)?$|^\.\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The verdict of a score value (C/I/P/N or a boolean), or undefined when the value is a measurement. */
function verdictOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'C') return true;
  if (value === 'I' || value === 'P' || value === 'N') return false;
  return undefined;
}

function inspectSampleToRow(sample: unknown, place: InspectPlace, path: string | undefined): RawCase {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!isObject(sample))
    throw inspectError(place, path, `each sample must be an object; got ${kindOf(sample)}`);
  const id = sample.id;
  if (!(typeof id === 'string' && id !== '') && !(typeof id === 'number' && Number.isFinite(id)))
    throw inspectError(place, at('id'), `id must be a non-empty string or a number; got ${show(id)}`);
  const rawCase: RawCase = {
    id: String(id),
    source: { file: place.file, line: place.line ?? 1 },
  };
  const { numbers, verdicts, allCorrect } = sampleScores(sample.scores ?? {}, place, at);
  if (Object.keys(numbers).length > 0) rawCase.scores = numbers;
  if (verdicts > 0) rawCase.pass = allCorrect;
  const tokens = sampleTokens(sample.model_usage, place, at);
  if (tokens) rawCase.tokens = tokens;
  const seconds = sample.total_time;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0)
    rawCase.latencyMs = seconds * 1000;
  rawCase.input = inputText(sample.input);
  const output = sample.output;
  if (isObject(output) && typeof output.completion === 'string') rawCase.output = output.completion;
  const error = sample.error;
  if (error !== undefined && error !== null) {
    rawCase.error =
      isObject(error) && typeof error.message === 'string'
        ? error.message
        : typeof error === 'string'
          ? error
          : show(error);
  }
  return compact(rawCase);
}

/**
 * A sample's scores: every scorer's value as a number (dict and list values one per key), and how many were
 * verdicts (C/I/P/N, booleans) with whether all of those were correct.
 */
function sampleScores(
  scores: unknown,
  place: InspectPlace,
  at: (field: string) => string,
): { numbers: Record<string, number>; verdicts: number; allCorrect: boolean } {
  if (!isObject(scores))
    throw inspectError(place, at('scores'), `scores must be an object; got ${kindOf(scores)}`);
  const numbers: Record<string, number> = {};
  let verdicts = 0;
  let allCorrect = true;
  const scorers = Object.keys(scores);
  for (const scorer of scorers) {
    const score = scores[scorer];
    if (!isObject(score))
      throw inspectError(
        place,
        at(`scores.${scorer}`),
        `scores.${scorer} must be an object; got ${kindOf(score)}`,
      );
    const value = score.value;
    if (value === null || value === undefined) continue;
    const verdict = verdictOf(value);
    if (verdict !== undefined) {
      verdicts++;
      allCorrect &&= verdict;
    }
    if (isObject(value) || Array.isArray(value)) {
      const entries = Array.isArray(value)
        ? value.map((entry, index) => [String(index), entry] as const)
        : Object.entries(value);
      for (const [key, entry] of entries) {
        if (entry === null) continue;
        const number = valueToFloat(entry);
        if (number === undefined)
          throw inspectError(
            place,
            at(`scores.${scorer}.value.${key}`),
            `scores.${scorer}.value.${key} must be a number, a boolean or C/I/P/N; got ${show(entry)}`,
          );
        setKey(numbers, `${scorer}.${key}`, number);
      }
      continue;
    }
    const number = valueToFloat(value);
    if (number === undefined)
      throw inspectError(
        place,
        at(`scores.${scorer}.value`),
        `scores.${scorer}.value must be a number, a boolean, numeric text or C/I/P/N; got ${show(value)}`,
      );
    setKey(numbers, scorer, number);
  }
  return { numbers, verdicts, allCorrect };
}

/** Input and output tokens summed over every model a sample used; undefined when none reports a count. */
function sampleTokens(
  usage: unknown,
  place: InspectPlace,
  at: (field: string) => string,
): { input: number; output: number } | undefined {
  if (usage === undefined || usage === null) return undefined;
  if (!isObject(usage))
    throw inspectError(place, at('model_usage'), `model_usage must be an object; got ${kindOf(usage)}`);
  let input = 0;
  let output = 0;
  let counted = false;
  for (const model of Object.keys(usage)) {
    const entry = usage[model];
    if (!isObject(entry)) continue;
    for (const [key, add] of [
      ['input_tokens', (n: number) => (input += n)],
      ['output_tokens', (n: number) => (output += n)],
    ] as const) {
      const count = entry[key];
      if (count === undefined || count === null) continue;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
        throw inspectError(
          place,
          at(`model_usage.${model}.${key}`),
          `model_usage.${model}.${key} must be a non-negative integer (a token count); got ${show(count)}`,
        );
      add(count);
      counted = true;
    }
  }
  return counted ? { input, output } : undefined;
}

/** A sample input is text, or a list of chat messages whose text contents are joined. */
function inputText(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return undefined;
  const parts: string[] = [];
  for (const message of input) {
    if (!isObject(message)) continue;
    if (typeof message.content === 'string') parts.push(message.content);
    else if (Array.isArray(message.content))
      for (const part of message.content)
        if (isObject(part) && typeof part.text === 'string') parts.push(part.text);
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** Checks the run holds something to gate on, and warns about unfinished or trimmed runs. */
function finish(document: JsonObject, rows: RawCase[], file: string): ImporterOutput {
  const results = isObject(document.results) ? document.results : undefined;
  const evalSpec = isObject(document.eval) ? document.eval : {};
  const dataset = isObject(evalSpec.dataset) ? evalSpec.dataset : {};
  const config = isObject(evalSpec.config) ? evalSpec.config : {};
  const epochs = typeof config.epochs === 'number' ? config.epochs : 1;
  const planned =
    typeof results?.total_samples === 'number'
      ? results.total_samples
      : typeof dataset.samples === 'number'
        ? dataset.samples * epochs
        : undefined;
  const status = typeof document.status === 'string' ? document.status : 'unknown';
  const held = `the log holds ${rows.length} sample${rows.length === 1 ? '' : 's'}${planned !== undefined ? ` of ${planned} planned` : ''}`;
  if (rows.length === 0) {
    throw new InputDataError(`The Inspect log has no samples (run status "${status}"): ${held}.`, { file });
  }
  const warnings: string[] = [];
  if (status !== 'success') {
    const reason =
      isObject(document.error) && typeof document.error.message === 'string'
        ? ` (${document.error.message})`
        : '';
    warnings.push(`${file}: the Inspect run ended with status "${status}"${reason}: ${held}.`);
  } else if (planned !== undefined && rows.length < planned) {
    const completed =
      typeof results?.completed_samples === 'number'
        ? `; Inspect completed ${results.completed_samples}`
        : '';
    warnings.push(`${file}: ${held}${completed}.`);
  }
  const errored = rows.filter((row) => row.error !== undefined).length;
  if (errored > 0)
    warnings.push(`${file}: ${errored} sample${errored === 1 ? '' : 's'} errored (kept as errors).`);
  if (rows.every((row) => row.scores === undefined && row.pass === undefined && row.error === undefined)) {
    throw new InputDataError(
      `The Inspect log has no scores: the run was made without a scorer (results.scores is empty), so there is ` +
        `nothing to gate on. Score it first (\`inspect score ${file.split('/').pop() ?? file}\`) and pass the scored log.`,
      { file, field: 'scores' },
    );
  }
  return { cases: rows, skipped: 0, warnings };
}
