export const id = 585;
export const ids = [585];
export const modules = {

/***/ 35585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parquetColumns: () => (/* binding */ parquetColumns),
  readParquet: () => (/* binding */ readParquet)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(78877);
var external_node_v8_default = /*#__PURE__*/__webpack_require__.n(external_node_v8_);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(30714);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 12 modules
var src = __webpack_require__(52144);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/metadata.js + 1 modules
var src_metadata = __webpack_require__(96367);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/read.js + 15 modules
var read = __webpack_require__(53822);
// EXTERNAL MODULE: ./node_modules/hyparquet-compressors/src/index.js + 16 modules
var hyparquet_compressors_src = __webpack_require__(20138);
// EXTERNAL MODULE: ./packages/data/src/readers/open.ts
var readers_open = __webpack_require__(36829);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/snappy.js
var snappy = __webpack_require__(17426);
;// CONCATENATED MODULE: ./packages/data/src/readers/parquet-pages.ts

const FLAT_ENCODINGS = new Set(['PLAIN', 'PLAIN_DICTIONARY', 'RLE_DICTIONARY', 'RLE', 'BIT_PACKED']);
/**
 * Whether every page of a column chunk is one the decoder reads: v1 data pages in PLAIN or dictionary encoding
 * and dictionary pages (writers list encodings per chunk, not per page type, so the headers are checked).
 */
function decodablePages(chunk, optional) {
    let offset = 0;
    while (offset < chunk.length) {
        const header = readPageHeader(chunk, offset);
        if (header.type === DATA_PAGE_V2)
            return false;
        if (header.type === DATA_PAGE) {
            if (header.encoding !== PLAIN &&
                header.encoding !== PLAIN_DICTIONARY &&
                header.encoding !== RLE_DICTIONARY)
                return false;
            if (optional && header.definitionEncoding !== RLE)
                return false;
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
function flatColumnType(element, hasChildren, meta, parsers) {
    if (hasChildren || element.repetition_type === 'REPEATED' || !meta)
        return undefined;
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
            return { physical, optional, convert: (raw) => parsers.jsonFromBytes(raw) };
        const text = converted === 'UTF8' || converted === 'ENUM' || logical?.type === 'STRING' || logical?.type === 'ENUM';
        if (!text && (converted || logical))
            return undefined;
        return { physical, optional, convert: (raw) => parsers.stringFromBytes(raw) };
    }
    return undefined;
}
/**
 * The conversion of an INT32 or INT64 column in the order hyparquet's `convert` checks its annotations; null
 * for none (the raw number), undefined when the annotation is one the incremental decoder leaves to hyparquet.
 */
function integerConvert(element, parsers) {
    const converted = element.converted_type;
    const logical = element.logical_type;
    if (converted === 'DECIMAL') {
        const factor = 10 ** -(element.scale ?? 0);
        return (raw) => Number(raw) * factor;
    }
    if (converted === 'DATE')
        return null; // epoch days, as the reader's parser keeps them
    if (converted === 'TIMESTAMP_MILLIS')
        return (raw) => parsers.timestampFromMilliseconds(BigInt(raw));
    if (converted === 'TIMESTAMP_MICROS')
        return microsToMillis(parsers);
    if (converted === 'UINT_32' || converted === 'UINT_64' || converted === 'JSON')
        return undefined;
    if (logical?.type === 'INTEGER' && !logical.isSigned && logical.bitWidth >= 32)
        return undefined;
    if (logical?.type === 'FLOAT16' || logical?.type === 'UUID')
        return undefined;
    if (logical?.type === 'TIMESTAMP') {
        if (logical.unit === 'MILLIS')
            return (raw) => parsers.timestampFromMilliseconds(BigInt(raw));
        if (logical.unit === 'MICROS')
            return microsToMillis(parsers);
        return (raw) => parsers.timestampFromNanoseconds(BigInt(raw));
    }
    return null;
}
/** Microseconds to floored milliseconds without a BigInt when the value is an exact number. */
function microsToMillis(parsers) {
    return (raw) => {
        if (typeof raw !== 'number')
            return parsers.timestampFromMicroseconds(raw);
        let millis = Math.floor(raw / 1000);
        // The quotient is rounded before the floor: step back where it rounded up across an integer.
        if (millis * 1000 > raw)
            millis--;
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
class FlatColumnDecoder {
    chunk;
    type;
    codec;
    compressors;
    offset = 0;
    dictionary;
    page;
    levelBuffer = new Uint8Array(1024);
    indexBuffer = new Int32Array(1024);
    constructor(chunk, type, codec, compressors) {
        this.chunk = chunk;
        this.type = type;
        this.codec = codec;
        this.compressors = compressors;
    }
    read(out, count) {
        let at = 0;
        while (at < count) {
            if (!this.page || this.page.remaining === 0)
                this.page = this.nextDataPage();
            const page = this.page;
            const take = Math.min(count - at, page.remaining);
            if (page.levels) {
                if (this.levelBuffer.length < take)
                    this.levelBuffer = new Uint8Array(take);
                const levels = this.levelBuffer;
                page.levels.read(levels, 0, take);
                let present = 0;
                for (let i = 0; i < take; i++)
                    present += levels[i];
                if (present === take)
                    this.readValues(page, out, at, take);
                else {
                    // Values of the non-null rows land at the end of the slice, then move to their rows.
                    const first = at + take - present;
                    this.readValues(page, out, first, present);
                    let from = first;
                    for (let i = 0; i < take; i++)
                        out[at + i] = levels[i] ? out[from++] : null;
                }
            }
            else
                this.readValues(page, out, at, take);
            page.remaining -= take;
            at += take;
        }
    }
    readValues(page, out, at, count) {
        if (count === 0)
            return;
        if (page.indices) {
            const dictionary = this.dictionary;
            if (!dictionary)
                throw new Error('a dictionary-encoded page comes before the dictionary page');
            if (this.indexBuffer.length < count)
                this.indexBuffer = new Int32Array(count);
            const indices = this.indexBuffer;
            page.indices.read(indices, 0, count);
            for (let i = 0; i < count; i++) {
                const index = indices[i];
                if (index >= dictionary.length)
                    throw new Error(`dictionary index ${index} is out of range (${dictionary.length} values)`);
                out[at + i] = dictionary[index];
            }
        }
        else
            page.position = readPlain(page, this.type, out, at, count);
    }
    /** Reads page headers up to the next data page, decoding a dictionary page met on the way. */
    nextDataPage() {
        for (;;) {
            if (this.offset >= this.chunk.length)
                throw new Error('the column chunk ends before its last row');
            const header = readPageHeader(this.chunk, this.offset);
            const start = this.offset + header.headerLength;
            const end = start + header.compressedSize;
            if (end > this.chunk.length)
                throw new Error('a page runs past the end of its column chunk');
            this.offset = end;
            const compressed = this.chunk.subarray(start, end);
            if (header.type === DICTIONARY_PAGE) {
                const bytes = this.decompress(compressed, header.uncompressedSize);
                const values = new Array(header.numValues);
                const cursor = new PageCursor(bytes, 0, header.numValues);
                readPlain(cursor, this.type, values, 0, header.numValues);
                this.dictionary = values;
            }
            else if (header.type === DATA_PAGE) {
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
    startValues(cursor, encoding) {
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
    decompress(bytes, size) {
        let page;
        const decompress = this.compressors[this.codec];
        if (this.codec === 'UNCOMPRESSED')
            page = bytes;
        else if (decompress)
            page = decompress(bytes, size);
        else if (this.codec === 'SNAPPY') {
            page = new Uint8Array(size);
            (0,snappy/* snappyUncompress */.t)(bytes, page);
        }
        else
            throw new Error(`unsupported compression codec ${this.codec}`);
        if (page.length !== size)
            throw new Error(`a page decompressed to ${page.length} bytes, its header says ${size}`);
        return page;
    }
}
/** Where reading stands in one decompressed data page. */
class PageCursor {
    bytes;
    position;
    remaining;
    levels;
    indices;
    /** PLAIN booleans: the byte they start at and how many were read. */
    booleansStart = 0;
    booleansRead = 0;
    view;
    constructor(bytes, position, 
    /** Rows (values and nulls) not yet read. */
    remaining) {
        this.bytes = bytes;
        this.position = position;
        this.remaining = remaining;
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
}
/** Reads `count` PLAIN values from the cursor into out[at …]; returns the new byte position. */
function readPlain(page, type, out, at, count) {
    const { bytes, view } = page;
    const convert = type.convert;
    let p = page.position;
    const need = (n) => {
        if (p + n > bytes.length)
            throw new Error('a page ends before its last value');
    };
    switch (type.physical) {
        case 'BOOLEAN': {
            // Bit-packed, least significant bit first, from the page's first value byte.
            const first = page.booleansRead;
            for (let i = 0; i < count; i++) {
                const index = first + i;
                const byte = page.booleansStart + (index >>> 3);
                if (byte >= bytes.length)
                    throw new Error('a page ends before its last value');
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
            for (let i = 0; i < count; i++, p += 4)
                out[at + i] = view.getFloat32(p, true);
            break;
        case 'DOUBLE':
            need(count * 8);
            for (let i = 0; i < count; i++, p += 8)
                out[at + i] = view.getFloat64(p, true);
            break;
        case 'BYTE_ARRAY':
            for (let i = 0; i < count; i++) {
                need(4);
                const length = view.getUint32(p, true);
                p += 4;
                need(length);
                out[at + i] = convert(bytes.subarray(p, p + length));
                p += length;
            }
            break;
    }
    return p;
}
/** An INT64 as a number when it is exact (|v| < 2^53), else as a BigInt. */
function int64At(view, p) {
    const high = view.getInt32(p + 4, true);
    if (high >= -0x200000 && high < 0x200000 && !(high === -0x200000 && view.getUint32(p, true) === 0))
        return high * 0x100000000 + view.getUint32(p, true);
    return view.getBigInt64(p, true);
}
function readUint32(bytes, p) {
    if (p + 4 > bytes.length)
        throw new Error('a page ends inside its definition levels');
    return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}
/**
 * The RLE / bit-packing hybrid of Parquet (levels, dictionary indices, RLE booleans), decoded forward in slices:
 * it keeps its place inside a run between calls.
 */
class RleBitPackedDecoder {
    bytes;
    position;
    end;
    width;
    rleLeft = 0;
    rleValue = 0;
    packedLeft = 0;
    /** Bit position of the next bit-packed value in `bytes`. */
    bit = 0;
    mask;
    constructor(bytes, position, end, width) {
        this.bytes = bytes;
        this.position = position;
        this.end = end;
        this.width = width;
        if (width > 32)
            throw new Error(`bit width ${width} is over 32`);
        this.mask = width === 32 ? 0xffffffff : (1 << width) - 1;
    }
    read(out, at, count) {
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
            }
            else if (this.packedLeft > 0) {
                const take = Math.min(count, this.packedLeft);
                let bit = this.bit;
                for (let i = 0; i < take; i++, bit += width) {
                    const byte = bit >>> 3;
                    const shift = bit & 7;
                    // Reads past the array give undefined, which the bit operations treat as 0 (padding of the last run).
                    let value = (bytes[byte] | (bytes[byte + 1] << 8) | (bytes[byte + 2] << 16) | (bytes[byte + 3] << 24)) >>>
                        shift;
                    if (shift + width > 32)
                        value |= bytes[byte + 4] << (32 - shift);
                    out[at + i] = (value & mask) >>> 0;
                }
                this.bit = bit;
                this.packedLeft -= take;
                at += take;
                count -= take;
            }
            else
                this.nextRun();
        }
    }
    nextRun() {
        if (this.position >= this.end)
            throw new Error('RLE/bit-packed data ends before its last value');
        const header = this.varint();
        if (header & 1) {
            const groups = header >>> 1;
            this.packedLeft = groups * 8;
            this.bit = this.position * 8;
            this.position += groups * this.width;
        }
        else {
            this.rleLeft = header >>> 1;
            let value = 0;
            const bytes = (this.width + 7) >>> 3;
            for (let i = 0; i < bytes; i++)
                value |= this.bytes[this.position++] << (8 * i);
            this.rleValue = value >>> 0;
        }
    }
    varint() {
        let result = 0;
        let shift = 0;
        for (;;) {
            const byte = this.bytes[this.position++];
            result |= (byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return result >>> 0;
            shift += 7;
            if (shift > 28)
                throw new Error('a run header is too long');
        }
    }
}
/** A page header (parquet.thrift PageHeader) in the Thrift compact protocol, starting at `offset`. */
function readPageHeader(bytes, offset) {
    const reader = new ThriftReader(bytes, offset);
    const fields = reader.struct();
    const int = (map, id, fallback) => {
        const value = map?.get(id);
        if (typeof value === 'number')
            return value;
        if (fallback !== undefined)
            return fallback;
        throw new Error(`a page header lacks field ${id}`);
    };
    const struct = (id) => fields.get(id);
    const type = int(fields, 1);
    const header = {
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
    }
    else if (type === DICTIONARY_PAGE) {
        header.numValues = int(struct(7), 1);
    }
    return header;
}
/** Thrift compact protocol, enough to read page headers: structs as maps of field id to value. */
class ThriftReader {
    bytes;
    position;
    constructor(bytes, position) {
        this.bytes = bytes;
        this.position = position;
    }
    struct() {
        const fields = new Map();
        let id = 0;
        for (;;) {
            const byte = this.byte();
            const type = byte & 0x0f;
            if (type === 0)
                return fields;
            const delta = byte >> 4;
            id = delta ? id + delta : this.zigzag();
            fields.set(id, this.value(type));
        }
    }
    value(type) {
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
                if (size === 15)
                    size = this.varint();
                const element = head & 0x0f;
                for (let i = 0; i < size; i++)
                    this.value(element === 1 || element === 2 ? 3 : element);
                return undefined;
            }
            case 12:
                return this.struct();
            default:
                throw new Error(`a page header has an unknown Thrift type ${type}`);
        }
    }
    byte() {
        if (this.position >= this.bytes.length)
            throw new Error('a page header runs past the end of its column chunk');
        return this.bytes[this.position++];
    }
    /** Unsigned LEB128; exact up to 2^53 (larger i64 fields are only statistics, which are skipped). */
    varint() {
        let result = 0;
        let scale = 1;
        for (;;) {
            const byte = this.byte();
            result += (byte & 0x7f) * scale;
            if (!(byte & 0x80))
                return result;
            scale *= 128;
            if (scale > 2 ** 63)
                throw new Error('a page header has a malformed number');
        }
    }
    zigzag() {
        const value = this.varint();
        return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    }
}

// EXTERNAL MODULE: ./packages/data/src/readers/types.ts
var types = __webpack_require__(19148);
;// CONCATENATED MODULE: ./packages/data/src/readers/parquet.ts
/**
 * Parquet reader: rows are read one window of a row group at a time, never the whole file, and handed on as
 * plain objects (or, for the validator, as one array per column) with JSON-like values: INT64 → number (or an
 * exact decimal string beyond ±2^53), DATE → epoch days, TIMESTAMP → epoch milliseconds (UTC, floored),
 * DECIMAL → number. Flat columns are decoded by parquet-pages.ts a slice at a time; the others by hyparquet.
 */









/** Cells decoded per window: rows per window = this ÷ columns, between 1,000 and 100,000 rows. */
const CELLS_PER_WINDOW = 2_000_000;
const MAX_WINDOW_ROWS = 100_000;
const MIN_WINDOW_ROWS = 1_000;
const FLAT_WINDOW_ROWS = 8_192;
/**
 * Records of a Parquet file, in file order; `lines` are 1-based row numbers, `rowGroup` 0-based.
 *
 * Rows are read one window at a time (8,192 rows when every column is flat, else at most 100,000; fewer for
 * wide tables), column by column. A flat
 * column is decoded from its page a window's slice at a time, so memory is bounded by a window and one page's
 * bytes per column; a column hyparquet decodes keeps its decoded page for the following windows when a writer
 * put a row group's column in one page.
 */
async function* readParquet(file, options) {
    const { signal } = options;
    signal?.throwIfAborted();
    const source = await openParquetFile(file);
    try {
        const metadata = await readFooter(file, source.buffer);
        const schema = (0,src_metadata/* parquetSchema */.YR)(metadata).children;
        let groupStart = 0;
        let garbage = 0;
        for (const [rowGroup, group] of metadata.row_groups.entries()) {
            const groupEnd = groupStart + Number(group.num_rows);
            checkRowGroupInFile(file, metadata, rowGroup, groupStart, source.buffer.byteLength);
            const columns = schema.map((column) => columnReader(column, group.columns, options.decoder));
            const windowRows = Math.max(1, options.windowRows ?? defaultWindowRows(columns));
            for (let from = groupStart; from < groupEnd; from += windowRows) {
                signal?.throwIfAborted();
                const to = Math.min(from + windowRows, groupEnd);
                const window = await readWindow(file, source.buffer, metadata, columns, { rowGroup, from, to }, signal);
                for (const issue of unreadableIssues(file, rowGroup, window))
                    options.onIssue(issue);
                for (const batch of windowBatches(window, rowGroup, options)) {
                    yield batch;
                    signal?.throwIfAborted();
                }
            }
            groupStart = groupEnd;
            garbage += groupBytes(group.columns);
            if (garbage > GARBAGE_BEFORE_COLLECTING || columns.some((column) => column.usesHyparquet)) {
                collectGarbage();
                garbage = 0;
            }
        }
    }
    finally {
        await source.close();
    }
}
/**
 * Page bytes (compressed and decompressed) read since the last full collection after which the next row group
 * ends with one. They are garbage once their rows are profiled, but V8 counts them lazily: without this, peak
 * memory grows by several row groups of them.
 */
const GARBAGE_BEFORE_COLLECTING = 64 * 1024 * 1024;
function groupBytes(chunks) {
    let bytes = 0;
    for (const chunk of chunks)
        bytes +=
            Number(chunk.meta_data?.total_compressed_size ?? 0) +
                Number(chunk.meta_data?.total_uncompressed_size ?? 0);
    return bytes;
}
/**
 * Rows per window: few when every column is decoded in slices, so a window's values die young (in V8's young
 * generation) instead of piling up in the old one; else enough that hyparquet, which rereads a column chunk
 * for each window, does not do so too often.
 */
function defaultWindowRows(columns) {
    const flat = columns.every((column) => column instanceof FlatColumn);
    return Math.min(flat ? FLAT_WINDOW_ROWS : MAX_WINDOW_ROWS, Math.max(MIN_WINDOW_ROWS, Math.floor(CELLS_PER_WINDOW / Math.max(1, columns.length))));
}
async function readWindow(file, buffer, metadata, columns, { rowGroup, from, to }, signal) {
    const values = [];
    const unreadable = new Map();
    try {
        for (const column of columns) {
            values.push(await column.read(buffer, metadata, from, to, (row) => {
                const fields = unreadable.get(row);
                if (fields)
                    fields.push(column.name);
                else
                    unreadable.set(row, [column.name]);
            }));
        }
    }
    catch (error) {
        signal?.throwIfAborted();
        throw new src/* InputDataError */.$s(`cannot read row group ${rowGroup} (rows ${from + 1}–${to}; row groups count from 0): ${(0,readers_open/* errorText */.kc)(error)}: ` +
            'the file is corrupt or truncated', { file, line: from + 1 });
    }
    return { from, to, names: columns.map((column) => column.name), values, unreadable };
}
/**
 * Rows with invalid UTF-8, reported once per row and left out of the batches, like a CSV or JSONL row with
 * invalid UTF-8: the consumer counts a reported row as read but not profiled, so yielding it too would count
 * it twice.
 */
function unreadableIssues(file, rowGroup, window) {
    return [...window.unreadable]
        .sort((a, b) => a[0] - b[0])
        .map(([row, fields]) => ({
        file,
        line: row + 1,
        rowGroup,
        field: fields[0],
        message: fields.length === 1
            ? 'invalid UTF-8 in a string value'
            : `invalid UTF-8 in a string value (also in ${fields
                .slice(1)
                .map((name) => `"${name}"`)
                .join(', ')})`,
    }));
}
/** A window's readable rows as batches: objects of `batchSize` rows, or the whole window as columns. */
function* windowBatches(window, rowGroup, options) {
    const { from, to, names, values, unreadable } = window;
    const kept = [];
    for (let k = 0; k < to - from; k++)
        if (!unreadable.has(from + k))
            kept.push(k);
    const lines = kept.map((k) => from + k + 1);
    if (options.shape === 'columns') {
        if (kept.length < to - from)
            for (const column of values)
                compact(column, kept);
        if (lines.length > 0)
            yield { records: [], lines, rowGroup, columns: { names, values } };
        return;
    }
    const batchSize = Math.max(1, options.batchSize ?? types/* DEFAULT_BATCH_SIZE */.j);
    for (let start = 0; start < kept.length; start += batchSize) {
        const end = Math.min(start + batchSize, kept.length);
        const records = [];
        for (let i = start; i < end; i++) {
            const record = {};
            for (let c = 0; c < names.length; c++)
                record[names[c]] = values[c][kept[i]];
            records.push(record);
        }
        yield { records, lines: lines.slice(start, end), rowGroup };
    }
}
/** Keeps values[kept[0]], values[kept[1]], … at the front of `values`, in order. */
function compact(values, kept) {
    for (let i = 0; i < kept.length; i++)
        values[i] = values[kept[i]];
    values.length = kept.length;
}
/** The incremental decoder for a flat column of a supported type and encoding, else hyparquet. */
function columnReader(column, chunks, decoder) {
    const { element } = column;
    const isText = isAnnotatedText(element);
    const meta = chunks.find((chunk) => chunk.meta_data?.path_in_schema[0] === element.name)?.meta_data;
    const type = decoder === 'hyparquet'
        ? undefined
        : flatColumnType(element, column.children.length > 0, meta, VALUE_PARSERS);
    if (type && meta)
        return new FlatColumn(element.name, isText, meta, type);
    return new HyparquetColumn(element.name, isText);
}
/**
 * A flat column decoded from its column chunk a window at a time: one decompressed page at most is held. A
 * chunk with pages the decoder does not read (data page v2, DELTA or BYTE_STREAM_SPLIT encodings) goes to
 * hyparquet instead.
 */
class FlatColumn {
    name;
    isText;
    meta;
    type;
    decoder;
    values = [];
    get usesHyparquet() {
        return this.decoder instanceof HyparquetColumn;
    }
    constructor(name, isText, meta, type) {
        this.name = name;
        this.isText = isText;
        this.meta = meta;
        this.type = type;
    }
    async read(file, metadata, from, to, onInvalidUtf8) {
        const decoder = (this.decoder ??= await this.open(file));
        if (decoder instanceof HyparquetColumn)
            return decoder.read(file, metadata, from, to, onInvalidUtf8);
        const { values } = this;
        try {
            values.length = to - from;
            decoder.read(values, to - from);
        }
        catch (error) {
            throw new Error(`column "${this.name}": ${(0,readers_open/* errorText */.kc)(error)}`);
        }
        if (this.type.physical === 'BYTE_ARRAY') {
            for (let k = 0; k < values.length; k++) {
                const value = values[k];
                if (value instanceof InvalidUtf8Text) {
                    if (this.isText)
                        onInvalidUtf8(from + k);
                    values[k] = value.text;
                }
            }
        }
        return values;
    }
    async open(file) {
        const start = Number(this.meta.dictionary_page_offset ?? this.meta.data_page_offset);
        const bytes = new Uint8Array(await file.slice(start, start + Number(this.meta.total_compressed_size)));
        let decodable;
        try {
            decodable = decodablePages(bytes, this.type.optional);
        }
        catch (error) {
            throw new Error(`column "${this.name}": ${(0,readers_open/* errorText */.kc)(error)}`);
        }
        return decodable
            ? new FlatColumnDecoder(bytes, this.type, this.meta.codec, hyparquet_compressors_src/* compressors */.Vm)
            : new HyparquetColumn(this.name, this.isText);
    }
}
/** A column hyparquet decodes, as far as the windows read so far need (and its page reached). */
class HyparquetColumn {
    name;
    isText;
    runs = [];
    usesHyparquet = true;
    constructor(name, 
    /** Annotated as text (STRING, UTF8, ENUM): invalid UTF-8 in it is reported. */
    isText) {
        this.name = name;
        this.isText = isText;
    }
    async read(file, metadata, from, to, onInvalidUtf8) {
        try {
            await this.load(file, metadata, from, to);
        }
        catch (error) {
            throw new Error(`column "${this.name}": ${(0,readers_open/* errorText */.kc)(error)}`);
        }
        return this.plainValues(from, to, onInvalidUtf8);
    }
    /** Make rows [from, to) available, decoding only what earlier windows did not already decode. */
    async load(file, metadata, from, to) {
        this.runs = this.runs.filter((run) => run.end > from);
        let decodedTo = this.runs.length > 0 ? this.runs[this.runs.length - 1].end : from;
        if (decodedTo >= to)
            return;
        const runs = [];
        await (0,read/* parquetRead */.bA)({
            file,
            metadata,
            columns: [this.name],
            rowStart: decodedTo,
            rowEnd: to,
            compressors: hyparquet_compressors_src/* compressors */.Vm,
            parsers: VALUE_PARSERS,
            onChunk: (chunk) => runs.push({ start: chunk.rowStart, end: chunk.rowEnd, values: withoutBigInts(chunk.columnData) }),
        });
        runs.sort((a, b) => a.start - b.start);
        for (const run of runs) {
            if (run.end <= decodedTo)
                continue;
            if (run.start > decodedTo)
                break;
            this.runs.push(run);
            decodedTo = run.end;
        }
        if (decodedTo < to)
            throw new Error(`decoded to row ${decodedTo} only, the footer says ${to}`);
    }
    /** Rows [from, to) as plain JSON-like values. */
    plainValues(from, to, onInvalidUtf8) {
        const { runs } = this;
        const values = new Array(to - from);
        let index = 0;
        let run = runs[0];
        for (let r = from; r < to; r++) {
            while (run.end <= r)
                run = runs[++index];
            let value = run.values[r - run.start];
            if (typeof value === 'bigint')
                value = int64Value(value);
            else if (typeof value === 'object' && value !== null) {
                let invalid = false;
                value = plainValue(value, () => (invalid = true));
                if (invalid && this.isText)
                    onInvalidUtf8(r);
            }
            values[r - from] = value;
        }
        return values;
    }
}
/** The top-level columns from the footer schema (no data is read). */
async function parquetColumns(file) {
    const source = await openParquetFile(file);
    try {
        const metadata = await readFooter(file, source.buffer);
        return (0,src_metadata/* parquetSchema */.YR)(metadata).children.map(describeColumn);
    }
    finally {
        await source.close();
    }
}
/** An AsyncBuffer over one open file handle, closed by `close`. */
async function openParquetFile(file) {
    const size = await (0,readers_open/* checkDataFile */.Dz)(file);
    let handle;
    try {
        handle = await (0,promises_.open)(file, 'r');
    }
    catch (error) {
        throw (0,readers_open/* fileError */.zS)(file, error);
    }
    const buffer = {
        byteLength: size,
        async slice(start, end = size) {
            const bytes = new Uint8Array(Math.max(0, Math.min(end, size) - start));
            let done = 0;
            while (done < bytes.length) {
                const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
                if (bytesRead === 0)
                    break; // the file shrank while being read
                done += bytesRead;
            }
            return done === bytes.length ? bytes.buffer : bytes.buffer.slice(0, done);
        },
    };
    return { buffer, close: () => handle.close() };
}
async function readFooter(file, buffer) {
    try {
        return await (0,src_metadata/* parquetMetadataAsync */.Ei)(buffer, { parsers: VALUE_PARSERS });
    }
    catch (error) {
        throw new src/* InputDataError */.$s(`cannot read the Parquet footer: the file is truncated or not a Parquet file (${(0,readers_open/* errorText */.kc)(error)})`, { file });
    }
}
/** A footer that points past the end of the file means the file was cut short (or its footer is corrupt). */
function checkRowGroupInFile(file, metadata, rowGroup, groupStart, size) {
    for (const chunk of metadata.row_groups[rowGroup].columns) {
        const meta = chunk.meta_data;
        if (!meta)
            continue;
        const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
        const end = start + Number(meta.total_compressed_size);
        if (end > size) {
            throw new src/* InputDataError */.$s(`row group ${rowGroup} (from row ${groupStart + 1}; row groups count from 0): column "${meta.path_in_schema.join('.')}" ` +
                `ends at byte ${end} but the file has ${size} bytes: the file is truncated or corrupt`, { file, line: groupStart + 1 });
        }
    }
}
/** A string column value whose bytes are not UTF-8: its row is reported and left out of the records. */
class InvalidUtf8Text {
    text;
    constructor(text) {
        this.text = text;
    }
}
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
/** hyparquet's value parsers, set to the engine's representations (epoch days, epoch ms as numbers). */
const VALUE_PARSERS = {
    dateFromDays: (days) => days,
    timestampFromMilliseconds: (millis) => Number(millis),
    timestampFromMicroseconds: (micros) => floorDivide(micros, 1000n),
    timestampFromNanoseconds: (nanos) => floorDivide(nanos, 1000000n),
    stringFromBytes(bytes) {
        if (!bytes)
            return bytes;
        try {
            return strictUtf8.decode(bytes);
        }
        catch {
            return new InvalidUtf8Text(lenientUtf8.decode(bytes));
        }
    },
    // JSON columns are parsed for nested checks; text that is not JSON stays a string for the engine to report.
    jsonFromBytes(bytes) {
        if (!bytes)
            return bytes;
        const text = lenientUtf8.decode(bytes);
        try {
            return JSON.parse(text);
        }
        catch {
            return text;
        }
    },
};
/** Floor division (toward −∞, so instants before 1970 round down like the later ones). */
function floorDivide(value, divisor) {
    if (typeof value === 'number')
        return Math.floor(value / Number(divisor));
    const quotient = value / divisor;
    return Number(value % divisor < 0n ? quotient - 1n : quotient);
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** INT64 values as numbers right after decoding: a BigInt costs about three times the memory of a number. */
function withoutBigInts(values) {
    if (values instanceof BigInt64Array || values instanceof BigUint64Array)
        return Array.from(values, int64Value);
    if (Array.isArray(values)) {
        for (let i = 0; i < values.length; i++) {
            const value = values[i];
            if (typeof value === 'bigint')
                values[i] = int64Value(value);
        }
    }
    return values;
}
/** An INT64 as a number when exact, else as its exact decimal text (as a CSV would hold it). */
function int64Value(value) {
    return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
}
function plainValue(value, onInvalidUtf8) {
    if (typeof value === 'bigint')
        return int64Value(value);
    if (typeof value !== 'object' || value === null)
        return value;
    if (value instanceof InvalidUtf8Text) {
        onInvalidUtf8();
        return value.text;
    }
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
            value[i] = plainValue(value[i], onInvalidUtf8);
        return value;
    }
    if (ArrayBuffer.isView(value)) {
        // Typed arrays of BigInt64 (lists of INT64) become plain arrays of numbers.
        if (value instanceof BigInt64Array || value instanceof BigUint64Array)
            return Array.from(value, int64Value);
        return value;
    }
    const object = value;
    for (const key in object)
        object[key] = plainValue(object[key], onInvalidUtf8);
    return object;
}
function isAnnotatedText(element) {
    const logical = element.logical_type?.type;
    return (element.converted_type === 'UTF8' ||
        element.converted_type === 'ENUM' ||
        logical === 'STRING' ||
        logical === 'ENUM');
}
/** The contract type a column's values are read as, and its Parquet type in words. */
function describeColumn(column) {
    const element = column.element;
    const nullable = element.repetition_type !== 'REQUIRED';
    const logical = element.logical_type;
    const converted = element.converted_type;
    const annotation = logical ? logical.type : converted;
    const physical = column.children.length > 0 || element.type === undefined ? 'group' : element.type;
    const parquetType = annotation ? `${physical} (${annotation})` : physical;
    return { name: element.name, type: contractType(element, physical), parquetType, nullable };
}
function contractType(element, physical) {
    if (physical === 'group')
        return 'any';
    const logical = element.logical_type?.type;
    const converted = element.converted_type;
    if (logical === 'DATE' || converted === 'DATE')
        return 'date';
    if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS')
        return 'datetime';
    if (physical === 'INT96')
        return 'datetime';
    if (logical === 'DECIMAL' || converted === 'DECIMAL')
        return 'number';
    if (logical === 'TIME' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS')
        return 'any';
    if (logical === 'JSON' || converted === 'JSON' || logical === 'BSON' || converted === 'BSON')
        return 'any';
    if (logical === 'INTERVAL' || converted === 'INTERVAL')
        return 'any';
    if (logical === 'UUID' ||
        logical === 'STRING' ||
        logical === 'ENUM' ||
        converted === 'UTF8' ||
        converted === 'ENUM')
        return 'string';
    if (logical === 'FLOAT16')
        return 'number';
    switch (physical) {
        case 'BOOLEAN':
            return 'boolean';
        case 'INT32':
        case 'INT64':
            return 'integer';
        case 'FLOAT':
        case 'DOUBLE':
            return 'number';
        case 'BYTE_ARRAY':
            return 'string'; // read as text, like writers that omit the STRING annotation mean it
        default:
            return 'any';
    }
}
let gc;
/**
 * A full garbage collection between row groups. A row group's decoded pages are garbage once its rows are
 * profiled, but V8 grows the heap rather than collect them early: without this, peak memory follows the
 * largest row group several times over. The action cannot start Node with --expose-gc, so it turns the flag
 * on at run time and takes `gc` from a fresh context (V8 exposes it there once the flag is set).
 */
function collectGarbage() {
    if (!gc) {
        external_node_v8_default().setFlagsFromString('--expose-gc');
        gc = (0,external_node_vm_.runInNewContext)('gc');
    }
    gc();
}


/***/ })

};
