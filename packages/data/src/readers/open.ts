/** Opens a data file as a stream of byte chunks, gunzipping on the way, with readable errors for bad files. */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { InputDataError } from '@mlgate/core/errors';

/** Bytes per read from disk; chunks handed to the readers are between 64 KiB and this. */
const READ_CHUNK_BYTES = 1024 * 1024;
const GUNZIP_CHUNK_BYTES = 256 * 1024;
/** Buffers `readReusedChunks` reads into in turn: a chunk's memory is written again three chunks later. */
const REUSED_BUFFERS = 3;

/** Throws InputDataError for a missing file, a directory or an empty file; returns the size in bytes. */
export async function checkDataFile(file: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputDataError('is a directory, not a data file', { file });
    size = info.size;
  } catch (error) {
    throw fileError(file, error);
  }
  if (size === 0) throw new InputDataError('the file is empty', { file });
  return size;
}

/**
 * The file's bytes in chunks (64 KiB–1 MiB), decompressed when `gzip` (multi-member gzip included).
 * A truncated or corrupt gzip stream raises InputDataError saying how many bytes were decompressed first.
 * Aborting `signal` makes iteration throw `signal.reason`.
 */
export async function* openByteStream(
  file: string,
  gzip: boolean,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  signal?.throwIfAborted();
  await checkDataFile(file);
  const source = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  if (!gzip) {
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        signal?.throwIfAborted();
        yield chunk;
      }
    } catch (error) {
      signal?.throwIfAborted();
      throw fileError(file, error);
    } finally {
      source.destroy();
    }
    return;
  }

  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  let readError: unknown;
  source.on('error', (error) => {
    readError = error;
    gunzip.destroy(error);
  });
  source.pipe(gunzip);
  let decompressed = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      decompressed += chunk.length;
      yield chunk;
    }
  } catch (error) {
    signal?.throwIfAborted();
    if (readError !== undefined) throw fileError(file, readError);
    throw new InputDataError(
      `the gzip data is truncated or corrupt (${errorText(error)}) after ${decompressed} decompressed bytes`,
      { file },
    );
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
  if (decompressed === 0) throw new InputDataError('the file is empty once decompressed', { file });
}

/**
 * An uncompressed file's bytes in 1 MiB chunks read into the same few buffers in turn (`REUSED_BUFFERS`), for a
 * reader that is done with a chunk's bytes (or has copied what it keeps) once it asks for the chunk after next:
 * the CSV scanner. Reading into memory already mapped saves the page faults and collections of a fresh buffer
 * per chunk. The next chunk is read while the caller works on this one, as a read stream reads ahead.
 */
export async function* readReusedChunks(file: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  signal?.throwIfAborted();
  await checkDataFile(file);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileError(file, error);
  }
  const buffers = Array.from({ length: REUSED_BUFFERS }, () => Buffer.allocUnsafeSlow(READ_CHUNK_BYTES));
  const readInto = (buffer: Buffer) => handle.read(buffer, 0, buffer.length, null);
  let ahead = readInto(buffers[0]);
  // A read ahead that fails while the caller has stopped is not an unhandled rejection; awaited, it still throws.
  ahead.catch(() => undefined);
  try {
    for (let turn = 0; ; turn++) {
      let read: number;
      try {
        ({ bytesRead: read } = await ahead);
      } catch (error) {
        signal?.throwIfAborted();
        throw fileError(file, error);
      }
      if (read === 0) return;
      signal?.throwIfAborted();
      const buffer = buffers[turn % REUSED_BUFFERS];
      ahead = readInto(buffers[(turn + 1) % REUSED_BUFFERS]);
      ahead.catch(() => undefined);
      yield read === buffer.length ? buffer : buffer.subarray(0, read);
    }
  } finally {
    await ahead.catch(() => undefined);
    await handle.close();
  }
}

/** A file-system error in the user's words; InputDataErrors pass through. */
export function fileError(file: string, error: unknown): InputDataError {
  if (error instanceof InputDataError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'the file does not exist',
    EISDIR: 'is a directory, not a data file',
    EACCES: 'permission denied: the file cannot be read',
    EPERM: 'permission denied: the file cannot be read',
  };
  const reason = (code && reasons[code]) ?? `cannot read the file (${errorText(error)})`;
  return new InputDataError(reason, { file });
}

/** The message of anything thrown (duck-typed: errors from Node's own realm fail `instanceof Error` under Jest). */
export function errorText(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : String(error);
}
