/**
 * Decodes a flat Parquet column chunk (a top-level primitive column) a slice of rows at a time: page headers,
 * definition levels and PLAIN or dictionary values are read incrementally from the decompressed page, so a
 * row group written as one 1M-value page per column never becomes 1M JavaScript values at once. Columns of
 * other shapes (nested, exotic types or encodings) are left to hyparquet (see `flatColumnDecoder`).
 */
import type { ColumnMetaData, Compressors, SchemaElement } from 'hyparquet';
import { snappyUncompress } from 'hyparquet';

/** A decoded value in the reader's representation, before text is checked for UTF-8. */
type Convert = (raw: number | bigint | Uint8Array | boolean) => unknown;

/** How a column's values are turned from bytes into values, as hyparquet's `convert` would with our parsers. */
export interface FlatColumnType {
  physical: 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY';
  optional: boolean;
  convert?: Convert;
}

/** The value parsers of the Parquet reader, shared with hyparquet so both paths give the same values. */
export interface ValueParsers {
  timestampFromMilliseconds(millis: bigint): unknown;
  timestampFromMicroseconds(micros: bigint): unknown;
  timestampFromNanoseconds(nanos: bigint): unknown;
  stringFromBytes(bytes: Uint8Array | undefined): unknown;
  jsonFromBytes(bytes: Uint8Array | undefined): unknown;
}

const FLAT_ENCODINGS = new Set(['PLAIN', 'PLAIN_DICTIONARY', 'RLE_DICTIONARY', 'RLE', 'BIT_PACKED']);

/**
 * Whether every page of a column chunk is one the decoder reads: v1 data pages in PLAIN or dictionary encoding
 * and dictionary pages (writers list encodings per chunk, not per page type, so the headers are checked).
 */
export function decodablePages(chunk: Uint8Array, optional: boolean): boolean {
  let offset = 0;
  while (offset < chunk.length) {
    const header = readPageHeader(chunk, offset);
    if (header.type === DATA_PAGE_V2) return false;
    if (header.type === DATA_PAGE) {
      if (
        header.encoding !== PLAIN &&
        header.encoding !== PLAIN_DICTIONARY &&
        header.encoding !== RLE_DICTIONARY
      )
        return false;
      if (optional && header.definitionEncoding !== RLE) return false;
    }
    offset += header.headerLength + header.compressedSize;
  }
  return true;
}

/**
 * The incremental decoder's view of a column, or undefined when hyparquet must decode it: nested or repeated
 * columns, INT96, fixed-length byte arrays, unsigned 32/64-bit, FLOAT16, UUID, BSON, INTERVAL, geometry,
 * and encodings other than PLAIN and dictionary (DELTA_*, BYTE_STREAM_SPLIT).
 */
export function flatColumnType(
  element: SchemaElement,
  hasChildren: boolean,
  meta: ColumnMetaData | undefined,
  parsers: ValueParsers,
): FlatColumnType | undefined {
  if (hasChildren || element.repetition_type === 'REPEATED' || !meta) return undefined;
  if (meta.path_in_schema.length !== 1 || !meta.encodings.every((e) => FLAT_ENCODINGS.has(e)))
    return undefined;
  const physical = element.type;
  const optional = element.repetition_type !== 'REQUIRED';
  const converted = element.converted_type;
  const logical = element.logical_type;
  if (physical === 'BOOLEAN' || physical === 'FLOAT' || physical === 'DOUBLE') {
    return converted || logical ? undefined : { physical, optional };
  }
  if (physical === 'INT32' || physical === 'INT64') {
    const convert = integerConvert(element, parsers);
    return convert === undefined ? undefined : { physical, optional, convert: convert ?? undefined };
  }
  if (physical === 'BYTE_ARRAY') {
    if (converted === 'JSON')
      return { physical, optional, convert: (raw) => parsers.jsonFromBytes(raw as Uint8Array) };
    const text =
      converted === 'UTF8' || converted === 'ENUM' || logical?.type === 'STRING' || logical?.type === 'ENUM';
    if (!text && (converted || logical)) return undefined;
    return { physical, optional, convert: (raw) => parsers.stringFromBytes(raw as Uint8Array) };
  }
  return undefined;
}

/**
 * The conversion of an INT32 or INT64 column in the order hyparquet's `convert` checks its annotations; null
 * for none (the raw number), undefined when the annotation is one the incremental decoder leaves to hyparquet.
 */
function integerConvert(element: SchemaElement, parsers: ValueParsers): Convert | null | undefined {
  const converted = element.converted_type;
  const logical = element.logical_type;
  if (converted === 'DECIMAL') {
    const factor = 10 ** -(element.scale ?? 0);
    return (raw) => Number(raw) * factor;
  }
  if (converted === 'DATE') return null; // epoch days, as the reader's parser keeps them
  if (converted === 'TIMESTAMP_MILLIS')
    return (raw) => parsers.timestampFromMilliseconds(BigInt(raw as number));
  if (converted === 'TIMESTAMP_MICROS') return microsToMillis(parsers);
  if (converted === 'UINT_32' || converted === 'UINT_64' || converted === 'JSON') return undefined;
  if (logical?.type === 'INTEGER' && !logical.isSigned && logical.bitWidth >= 32) return undefined;
  if (logical?.type === 'FLOAT16' || logical?.type === 'UUID') return undefined;
  if (logical?.type === 'TIMESTAMP') {
    if (logical.unit === 'MILLIS') return (raw) => parsers.timestampFromMilliseconds(BigInt(raw as number));
    if (logical.unit === 'MICROS') return microsToMillis(parsers);
    return (raw) => parsers.timestampFromNanoseconds(BigInt(raw as number));
  }
  return null;
}

/** Microseconds to floored milliseconds without a BigInt when the value is an exact number. */
function microsToMillis(parsers: ValueParsers): Convert {
  return (raw) => {
    if (typeof raw !== 'number') return parsers.timestampFromMicroseconds(raw as bigint);
    let millis = Math.floor(raw / 1000);
    // The quotient is rounded before the floor: step back where it rounded up across an integer.
    if (millis * 1000 > raw) millis--;
    return millis;
  };
}

/** Parquet page types (parquet.thrift PageType). */
const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;
const DATA_PAGE_V2 = 3;
/** Parquet encodings (parquet.thrift Encoding) that the decoder reads. */
const PLAIN = 0;
const PLAIN_DICTIONARY = 2;
const RLE = 3;
const RLE_DICTIONARY = 8;

/**
 * One column chunk of one row group, read forward in slices. `read` fills `out[0 .. count)` with the next
 * `count` values (null for a null), decoding only the page bytes those values occupy.
 */
export class FlatColumnDecoder {
  private offset = 0;
  private dictionary: unknown[] | undefined;
  private page: PageCursor | undefined;
  private levelBuffer = new Uint8Array(1024);
  private indexBuffer = new Int32Array(1024);

  constructor(
    private readonly chunk: Uint8Array,
    private readonly type: FlatColumnType,
    private readonly codec: string,
    private readonly compressors: Compressors,
  ) {}

  read(out: unknown[], count: number): void {
    let at = 0;
    while (at < count) {
      if (!this.page || this.page.remaining === 0) this.page = this.nextDataPage();
      const page = this.page;
      const take = Math.min(count - at, page.remaining);
      if (page.levels) {
        if (this.levelBuffer.length < take) this.levelBuffer = new Uint8Array(take);
        const levels = this.levelBuffer;
        page.levels.read(levels, 0, take);
        let present = 0;
        for (let i = 0; i < take; i++) present += levels[i];
        if (present === take) this.readValues(page, out, at, take);
        else {
          // Values of the non-null rows land at the end of the slice, then move to their rows.
          const first = at + take - present;
          this.readValues(page, out, first, present);
          let from = first;
          for (let i = 0; i < take; i++) out[at + i] = levels[i] ? out[from++] : null;
        }
      } else this.readValues(page, out, at, take);
      page.remaining -= take;
      at += take;
    }
  }

  private readValues(page: PageCursor, out: unknown[], at: number, count: number): void {
    if (count === 0) return;
    if (page.indices) {
      const dictionary = this.dictionary;
      if (!dictionary) throw new Error('a dictionary-encoded page comes before the dictionary page');
      if (this.indexBuffer.length < count) this.indexBuffer = new Int32Array(count);
      const indices = this.indexBuffer;
      page.indices.read(indices, 0, count);
      for (let i = 0; i < count; i++) {
        const index = indices[i];
        if (index >= dictionary.length)
          throw new Error(`dictionary index ${index} is out of range (${dictionary.length} values)`);
        out[at + i] = dictionary[index];
      }
    } else page.position = readPlain(page, this.type, out, at, count);
  }

  /** Reads page headers up to the next data page, decoding a dictionary page met on the way. */
  private nextDataPage(): PageCursor {
    for (;;) {
      if (this.offset >= this.chunk.length) throw new Error('the column chunk ends before its last row');
      const header = readPageHeader(this.chunk, this.offset);
      const start = this.offset + header.headerLength;
      const end = start + header.compressedSize;
      if (end > this.chunk.length) throw new Error('a page runs past the end of its column chunk');
      this.offset = end;
      const compressed = this.chunk.subarray(start, end);
      if (header.type === DICTIONARY_PAGE) {
        const bytes = this.decompress(compressed, header.uncompressedSize);
        const values = new Array<unknown>(header.numValues);
        const cursor = new PageCursor(bytes, 0, header.numValues);
        readPlain(cursor, this.type, values, 0, header.numValues);
        this.dictionary = values;
      } else if (header.type === DATA_PAGE) {
        const bytes = this.decompress(compressed, header.uncompressedSize);
        const cursor = new PageCursor(bytes, 0, header.numValues);
        if (this.type.optional) {
          const length = readUint32(bytes, 0);
          cursor.levels = new RleBitPackedDecoder(bytes, 4, 4 + length, 1);
          cursor.position = 4 + length;
        }
        return this.startValues(cursor, header.encoding);
      }
      // Index pages and unknown page types carry no rows.
    }
  }

  private startValues(cursor: PageCursor, encoding: number): PageCursor {
    const { bytes } = cursor;
    if (encoding === PLAIN) {
      cursor.booleansStart = cursor.position;
      return cursor;
    }
    if (encoding === PLAIN_DICTIONARY || encoding === RLE_DICTIONARY) {
      const width = bytes[cursor.position];
      cursor.indices = new RleBitPackedDecoder(bytes, cursor.position + 1, bytes.length, width);
      return cursor;
    }
    throw new Error(`unsupported encoding ${encoding} in a data page`);
  }

  private decompress(bytes: Uint8Array, size: number): Uint8Array {
    let page: Uint8Array;
    const decompress = this.compressors[this.codec as keyof Compressors];
    if (this.codec === 'UNCOMPRESSED') page = bytes;
    else if (decompress) page = decompress(bytes, size);
    else if (this.codec === 'SNAPPY') {
      page = new Uint8Array(size);
      snappyUncompress(bytes, page);
    } else throw new Error(`unsupported compression codec ${this.codec}`);
    if (page.length !== size)
      throw new Error(`a page decompressed to ${page.length} bytes, its header says ${size}`);
    return page;
  }
}

/** Where reading stands in one decompressed data page. */
class PageCursor {
  levels: RleBitPackedDecoder | undefined;
  indices: RleBitPackedDecoder | undefined;
  /** PLAIN booleans: the byte they start at and how many were read. */
  booleansStart = 0;
  booleansRead = 0;
  readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    public position: number,
    /** Rows (values and nulls) not yet read. */
    public remaining: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/** Reads `count` PLAIN values from the cursor into out[at …]; returns the new byte position. */
function readPlain(
  page: PageCursor,
  type: FlatColumnType,
  out: unknown[],
  at: number,
  count: number,
): number {
  const { bytes, view } = page;
  const convert = type.convert;
  let p = page.position;
  const need = (n: number) => {
    if (p + n > bytes.length) throw new Error('a page ends before its last value');
  };
  switch (type.physical) {
    case 'BOOLEAN': {
      // Bit-packed, least significant bit first, from the page's first value byte.
      const first = page.booleansRead;
      for (let i = 0; i < count; i++) {
        const index = first + i;
        const byte = page.booleansStart + (index >>> 3);
        if (byte >= bytes.length) throw new Error('a page ends before its last value');
        out[at + i] = ((bytes[byte] >>> (index & 7)) & 1) === 1;
      }
      page.booleansRead += count;
      break;
    }
    case 'INT32':
      need(count * 4);
      for (let i = 0; i < count; i++, p += 4) {
        const raw = view.getInt32(p, true);
        out[at + i] = convert ? convert(raw) : raw;
      }
      break;
    case 'INT64':
      need(count * 8);
      for (let i = 0; i < count; i++, p += 8) {
        const raw = int64At(view, p);
        out[at + i] = convert ? convert(raw) : typeof raw === 'number' ? raw : raw.toString();
      }
      break;
    case 'FLOAT':
      need(count * 4);
      for (let i = 0; i < count; i++, p += 4) out[at + i] = view.getFloat32(p, true);
      break;
    case 'DOUBLE':
      need(count * 8);
      for (let i = 0; i < count; i++, p += 8) out[at + i] = view.getFloat64(p, true);
      break;
    case 'BYTE_ARRAY':
      for (let i = 0; i < count; i++) {
        need(4);
        const length = view.getUint32(p, true);
        p += 4;
        need(length);
        out[at + i] = convert!(bytes.subarray(p, p + length));
        p += length;
      }
      break;
  }
  return p;
}

/** An INT64 as a number when it is exact (|v| < 2^53), else as a BigInt. */
function int64At(view: DataView, p: number): number | bigint {
  const high = view.getInt32(p + 4, true);
  if (high >= -0x200000 && high < 0x200000 && !(high === -0x200000 && view.getUint32(p, true) === 0))
    return high * 0x100000000 + view.getUint32(p, true);
  return view.getBigInt64(p, true);
}

function readUint32(bytes: Uint8Array, p: number): number {
  if (p + 4 > bytes.length) throw new Error('a page ends inside its definition levels');
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}

/**
 * The RLE / bit-packing hybrid of Parquet (levels, dictionary indices, RLE booleans), decoded forward in slices:
 * it keeps its place inside a run between calls.
 */
export class RleBitPackedDecoder {
  private rleLeft = 0;
  private rleValue = 0;
  private packedLeft = 0;
  /** Bit position of the next bit-packed value in `bytes`. */
  private bit = 0;
  private readonly mask: number;

  constructor(
    private readonly bytes: Uint8Array,
    private position: number,
    private readonly end: number,
    private readonly width: number,
  ) {
    if (width > 32) throw new Error(`bit width ${width} is over 32`);
    this.mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  }

  read(out: Int32Array | Uint8Array, at: number, count: number): void {
    const { bytes, width, mask } = this;
    while (count > 0) {
      if (this.width === 0) {
        out.fill(0, at, at + count);
        return;
      }
      if (this.rleLeft > 0) {
        const take = Math.min(count, this.rleLeft);
        out.fill(this.rleValue, at, at + take);
        this.rleLeft -= take;
        at += take;
        count -= take;
      } else if (this.packedLeft > 0) {
        const take = Math.min(count, this.packedLeft);
        let bit = this.bit;
        for (let i = 0; i < take; i++, bit += width) {
          const byte = bit >>> 3;
          const shift = bit & 7;
          // Reads past the array give undefined, which the bit operations treat as 0 (padding of the last run).
          let value =
            (bytes[byte] | (bytes[byte + 1] << 8) | (bytes[byte + 2] << 16) | (bytes[byte + 3] << 24)) >>>
            shift;
          if (shift + width > 32) value |= bytes[byte + 4] << (32 - shift);
          out[at + i] = (value & mask) >>> 0;
        }
        this.bit = bit;
        this.packedLeft -= take;
        at += take;
        count -= take;
      } else this.nextRun();
    }
  }

  private nextRun(): void {
    if (this.position >= this.end) throw new Error('RLE/bit-packed data ends before its last value');
    const header = this.varint();
    if (header & 1) {
      const groups = header >>> 1;
      this.packedLeft = groups * 8;
      this.bit = this.position * 8;
      this.position += groups * this.width;
    } else {
      this.rleLeft = header >>> 1;
      let value = 0;
      const bytes = (this.width + 7) >>> 3;
      for (let i = 0; i < bytes; i++) value |= this.bytes[this.position++] << (8 * i);
      this.rleValue = value >>> 0;
    }
  }

  private varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.position++];
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result >>> 0;
      shift += 7;
      if (shift > 28) throw new Error('a run header is too long');
    }
  }
}

interface PageHeader {
  type: number;
  uncompressedSize: number;
  compressedSize: number;
  /** Values in the page (rows, for a flat column), nulls included. */
  numValues: number;
  encoding: number;
  definitionEncoding: number;
  headerLength: number;
}

/** A page header (parquet.thrift PageHeader) in the Thrift compact protocol, starting at `offset`. */
export function readPageHeader(bytes: Uint8Array, offset: number): PageHeader {
  const reader = new ThriftReader(bytes, offset);
  const fields = reader.struct();
  const int = (map: Map<number, unknown> | undefined, id: number, fallback?: number): number => {
    const value = map?.get(id);
    if (typeof value === 'number') return value;
    if (fallback !== undefined) return fallback;
    throw new Error(`a page header lacks field ${id}`);
  };
  const struct = (id: number) => fields.get(id) as Map<number, unknown> | undefined;
  const type = int(fields, 1);
  const header: PageHeader = {
    type,
    uncompressedSize: int(fields, 2),
    compressedSize: int(fields, 3),
    numValues: 0,
    encoding: PLAIN,
    definitionEncoding: RLE,
    headerLength: reader.position - offset,
  };
  if (header.uncompressedSize < 0 || header.compressedSize < 0)
    throw new Error('a page header has a negative size');
  if (type === DATA_PAGE) {
    const data = struct(5);
    header.numValues = int(data, 1);
    header.encoding = int(data, 2);
    header.definitionEncoding = int(data, 3);
  } else if (type === DICTIONARY_PAGE) {
    header.numValues = int(struct(7), 1);
  }
  return header;
}

/** Thrift compact protocol, enough to read page headers: structs as maps of field id to value. */
class ThriftReader {
  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
  ) {}

  struct(): Map<number, unknown> {
    const fields = new Map<number, unknown>();
    let id = 0;
    for (;;) {
      const byte = this.byte();
      const type = byte & 0x0f;
      if (type === 0) return fields;
      const delta = byte >> 4;
      id = delta ? id + delta : this.zigzag();
      fields.set(id, this.value(type));
    }
  }

  private value(type: number): unknown {
    switch (type) {
      case 1:
        return true;
      case 2:
        return false;
      case 3:
        return this.byte();
      case 4:
      case 5:
      case 6:
        return this.zigzag();
      case 7:
        this.position += 8;
        return undefined;
      case 8: {
        const length = this.varint();
        this.position += length;
        return undefined;
      }
      case 9:
      case 10: {
        const head = this.byte();
        let size = head >> 4;
        if (size === 15) size = this.varint();
        const element = head & 0x0f;
        for (let i = 0; i < size; i++) this.value(element === 1 || element === 2 ? 3 : element);
        return undefined;
      }
      case 12:
        return this.struct();
      default:
        throw new Error(`a page header has an unknown Thrift type ${type}`);
    }
  }

  private byte(): number {
    if (this.position >= this.bytes.length)
      throw new Error('a page header runs past the end of its column chunk');
    return this.bytes[this.position++];
  }

  /** Unsigned LEB128; exact up to 2^53 (larger i64 fields are only statistics, which are skipped). */
  private varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if (!(byte & 0x80)) return result;
      scale *= 128;
      if (scale > 2 ** 63) throw new Error('a page header has a malformed number');
    }
  }

  private zigzag(): number {
    const value = this.varint();
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
}
