import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./packages/core/src/errors.ts
/** Errors that mean "the user must fix something", as opposed to bugs in mlgate. */
/**
 * A wrong input or configuration file (gates, contract): fix the workflow or the config. The hint says what was
 * probably meant ("did you mean "min"?"); describeError shows it after the message.
 */
class ConfigurationError extends Error {
    location;
    hint;
    name = 'ConfigurationError';
    constructor(message, location, hint) {
        super(message);
        this.location = location;
        this.hint = hint;
    }
}
/** Data the user handed us (results, datasets, reports) is malformed or inconsistent. */
class errors_InputDataError extends Error {
    location;
    name = 'InputDataError';
    constructor(message, location) {
        super(message);
        this.location = location;
    }
}
/** True for errors whose message is meant for the user as is (no stack trace needed). */
function isUserError(error) {
    return error instanceof ConfigurationError || error instanceof errors_InputDataError;
}
/** "file:line:column (field)" for messages. */
function formatLocation(location) {
    if (!location)
        return '';
    let text = location.file;
    if (location.line !== undefined)
        text += `:${location.line}`;
    if (location.line !== undefined && location.column !== undefined)
        text += `:${location.column}`;
    if (location.field)
        text += ` (field "${location.field}")`;
    return text;
}
/** "unknown field "x"; did you mean "y"?", or "… got "x". Did you mean "y"?" after a full stop. */
function withHint(message, hint) {
    return message.endsWith('.')
        ? `${message} ${hint[0].toUpperCase()}${hint.slice(1)}`
        : `${message}; ${hint}`;
}
/** A one-line, user-facing message for anything thrown, Error or not. */
function describeError(error) {
    if (isUserError(error)) {
        const where = formatLocation(error.location);
        const message = error instanceof ConfigurationError && error.hint ? withHint(error.message, error.hint) : error.message;
        return `${where ? `${where}: ` : ''}${message}`;
    }
    if (error instanceof Error)
        return error.message || error.name;
    try {
        return `Unexpected error: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
    }
    catch {
        return `Unexpected error: ${String(error)}`;
    }
}

;// CONCATENATED MODULE: external "node:buffer"
const external_node_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");
;// CONCATENATED MODULE: ./packages/data/src/readers/csv.ts
/**
 * A byte-level CSV/TSV scanner (RFC 4180 quoting). It hands each row to a sink as field offsets into the
 * chunk's bytes, so numbers and dates are parsed straight from the bytes and strings are only decoded for
 * the columns that need them. csv-parse and papaparse were 5–10× too slow for 100 MB/s (DESIGN.md).
 *
 * Rows may span lines (quoted newlines); a row's line is the line where it starts. Malformed rows are
 * reported to the sink with their line and never dropped silently.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** quoted[i] of a field: plain bytes, quoted without escapes, or quoted with "" escapes to undo. */
const PLAIN = 0;
const QUOTED = 1;
const ESCAPED = 2;
/** The text of one field, with quotes removed and "" unescaped. */
function fieldText(buf, start, end, quoted) {
    const text = buf.toString('utf8', start, end);
    return quoted === ESCAPED ? text.replaceAll('""', '"') : text;
}
/** Scans CSV chunks; returns the number of lines read. */
async function scanCsv(chunks, options, sink) {
    const scanner = new csv_CsvScanner(options, sink);
    for await (const chunk of chunks)
        scanner.push(chunk);
    scanner.end();
    return scanner.lines;
}
class csv_CsvScanner {
    sink;
    lines = 0;
    delimiter;
    maxRowBytes;
    pending;
    headerSeen = false;
    /** Whether the start of the file has been looked at for a byte order mark. */
    bomChecked = false;
    headerCount = 0;
    starts = new Int32Array(64);
    ends = new Int32Array(64);
    quoted = new Uint8Array(64);
    rowView;
    // The row being read (scanRow, scanQuoted): its field count, problem, lines beyond its first, and whether
    // scanQuoted reached its end.
    fieldCount = 0;
    rowProblem;
    rowExtraLines = 0;
    rowEnded = false;
    constructor(options, sink) {
        this.sink = sink;
        this.delimiter = options.delimiter.charCodeAt(0);
        this.maxRowBytes = options.maxRowBytes ?? 64 * 1024 * 1024;
        this.rowView = {
            buf: Buffer.alloc(0),
            starts: this.starts,
            ends: this.ends,
            quoted: this.quoted,
            count: 0,
            line: 0,
        };
    }
    push(chunk) {
        if (this.pending && this.bomChecked)
            chunk = this.finishPendingRow(this.pending, chunk);
        const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
        const consumed = this.scan(buf, false);
        this.pending = consumed < buf.length ? buf.subarray(consumed) : undefined;
        if (this.pending && this.pending.length > this.maxRowBytes)
            throw new csv_RowTooLongError(this.lines + 1, this.maxRowBytes);
    }
    /**
     * The row cut by the last chunk's end, joined with the new chunk up to its first newline (not the whole chunk:
     * copying every chunk behind a few pending bytes would copy the file once more). Returns the rest of the chunk
     * once that row is done; when it goes on past that newline (a quoted newline), the chunk as it was. The pending
     * row's own newlines are all quoted (else it would have ended), so it ends at that newline or later: the scan of
     * the joined bytes emits that one row, or nothing.
     */
    finishPendingRow(pending, chunk) {
        const newline = chunk.indexOf(LF);
        if (newline < 0)
            return chunk;
        const joined = Buffer.concat([pending, chunk.subarray(0, newline + 1)]);
        const consumed = this.scan(joined, false);
        if (consumed < joined.length)
            return chunk;
        this.pending = undefined;
        return chunk.subarray(newline + 1);
    }
    end() {
        if (this.pending)
            this.scan(this.pending, true);
        this.pending = undefined;
    }
    /**
     * Scans one piece of a file cut at row starts (csv-pieces.ts) whose header another scanner has read:
     * `line` is the piece's first line and `headerCount` the header's number of fields.
     */
    scanPiece(piece, line, headerCount) {
        this.bomChecked = true;
        this.headerSeen = true;
        this.headerCount = headerCount;
        this.lines = line - 1;
        this.push(piece);
        this.end();
    }
    /**
     * Emits every complete row of buf and returns the offset of the first byte not consumed (the start of
     * an incomplete last row). At the end of the input, the last row needs no newline.
     */
    scan(buf, atEnd) {
        const consumed = this.scanRows(buf, atEnd);
        this.sink.flush?.();
        return consumed;
    }
    scanRows(buf, atEnd) {
        const n = buf.length;
        // Whole-window UTF-8 check (native, fast); only when it fails are rows checked one by one.
        const lastNewline = atEnd ? n : buf.lastIndexOf(LF);
        const checkRows = lastNewline > 0 && !(0,external_node_buffer_namespaceObject.isUtf8)(buf.subarray(0, lastNewline));
        this.rowView.buf = buf;
        // A UTF-8 byte order mark is not part of the first field (which may then be quoted).
        let rowStart = 0;
        if (!this.bomChecked) {
            if (n < 3 && !atEnd)
                return 0;
            this.bomChecked = true;
            rowStart = csv_bomLength(buf);
        }
        while (rowStart < n) {
            const line = this.lines + 1;
            const rowEnd = this.scanRow(buf, rowStart, atEnd, line);
            if (rowEnd < 0)
                return rowStart;
            const f = this.fieldCount;
            this.lines = line + this.rowExtraLines;
            const blank = f === 1 && this.ends[0] === this.starts[0] && this.quoted[0] === PLAIN;
            if (!blank)
                this.emit(buf, rowStart, rowEnd, f, line, checkRows, this.rowProblem);
            rowStart = rowEnd;
        }
        return rowStart;
    }
    /**
     * Reads the row starting at `from` (on line `line`) into starts/ends/quoted, `fieldCount`, `rowProblem` and
     * `rowExtraLines`; returns the offset after it, or -1 when the row goes on in the next chunk.
     */
    scanRow(buf, from, atEnd, line) {
        const n = buf.length;
        const delimiter = this.delimiter;
        let i = from;
        let f = 0;
        this.rowProblem = undefined;
        this.rowExtraLines = 0;
        for (;;) {
            if (f >= this.starts.length)
                this.grow();
            if (i < n && buf[i] === QUOTE) {
                i = this.scanQuoted(buf, i, f, atEnd, line);
                if (i < 0)
                    return -1;
                f = this.fieldCount;
                if (this.rowEnded)
                    break;
                continue;
            }
            // Plain field: up to the next delimiter or newline.
            const fieldStart = i;
            while (i < n) {
                const c = buf[i];
                if (c === delimiter || c === LF)
                    break;
                i++;
            }
            if (i >= n && !atEnd)
                return -1;
            let end = i;
            if (end > fieldStart && buf[end - 1] === CR && (i >= n || buf[i] === LF))
                end--;
            this.starts[f] = fieldStart;
            this.ends[f] = end;
            this.quoted[f] = PLAIN;
            f++;
            if (i < n && buf[i] === delimiter) {
                i++;
                if (i >= n) {
                    if (!atEnd)
                        return -1;
                    f = this.emptyField(f, i);
                    break;
                }
                continue;
            }
            if (i < n)
                i++; // the newline
            break;
        }
        this.fieldCount = f;
        return i;
    }
    /**
     * Reads the quoted field f starting at i (its opening quote) and what follows its closing quote; returns the
     * offset where the next field starts or the row ends (`rowEnded`), or -1 when the field goes on in the next chunk.
     * Sets `fieldCount` to the fields read so far.
     */
    scanQuoted(buf, i, f, atEnd, line) {
        const n = buf.length;
        const delimiter = this.delimiter;
        this.fieldCount = f;
        this.rowEnded = true;
        // Find the closing quote, skipping "" escapes.
        let j = i + 1;
        let escaped = false;
        let close = -1;
        for (;;) {
            const q = buf.indexOf(QUOTE, j);
            if (q < 0)
                break;
            if (q + 1 < n && buf[q + 1] === QUOTE) {
                escaped = true;
                j = q + 2;
                continue;
            }
            if (q + 1 >= n && !atEnd)
                break; // the next byte, maybe a quote, is in the next chunk
            close = q;
            break;
        }
        if (close < 0) {
            if (!atEnd)
                return -1;
            this.rowProblem = `unterminated quoted field (column ${f + 1}) starting on line ${line + this.rowExtraLines}`;
            this.rowExtraLines += csv_countNewlines(buf, i, n);
            return n;
        }
        this.rowExtraLines += csv_countNewlines(buf, i + 1, close);
        this.starts[f] = i + 1;
        this.ends[f] = close;
        this.quoted[f] = escaped ? ESCAPED : QUOTED;
        this.fieldCount = ++f;
        i = close + 1;
        // After the closing quote: a delimiter, the end of the row, or garbage.
        if (i < n && buf[i] === CR && (i + 1 >= n || buf[i + 1] === LF))
            i++;
        if (i >= n)
            return atEnd ? i : -1;
        const next = buf[i];
        if (next === delimiter) {
            i++;
            if (i >= n && atEnd) {
                this.fieldCount = this.emptyField(f, i);
                return i;
            }
            this.rowEnded = false;
            return i;
        }
        if (next === LF)
            return i + 1;
        this.rowProblem ??= `unexpected character after the closing quote of column ${f}`;
        // Resynchronise at the next delimiter or newline.
        while (i < n && buf[i] !== delimiter && buf[i] !== LF)
            i++;
        if (i < n && buf[i] === delimiter) {
            this.rowEnded = false;
            return i + 1;
        }
        if (i < n)
            return i + 1;
        return atEnd ? i : -1;
    }
    emit(buf, rowStart, rowEnd, count, line, checkRows, problem) {
        if (checkRows && !(0,external_node_buffer_namespaceObject.isUtf8)(buf.subarray(rowStart, rowEnd))) {
            problem = `invalid UTF-8 in column ${firstInvalidField(buf, this.starts, this.ends, count) + 1}`;
        }
        if (!this.headerSeen) {
            if (problem) {
                this.sink.malformed(line, `header: ${problem}`);
                return;
            }
            this.headerSeen = true;
            this.headerCount = count;
            const names = [];
            for (let f = 0; f < count; f++)
                names.push(fieldText(buf, this.starts[f], this.ends[f], this.quoted[f]));
            this.sink.header(names, line);
            return;
        }
        if (problem) {
            this.sink.malformed(line, problem);
            return;
        }
        if (count !== this.headerCount) {
            this.sink.malformed(line, `expected ${this.headerCount} fields as in the header, found ${count}`);
            return;
        }
        const row = this.rowView;
        row.count = count;
        row.line = line;
        this.sink.row(row);
    }
    /** A trailing delimiter at the end of the input: the row ends with an empty field at i. */
    emptyField(f, i) {
        if (f >= this.starts.length)
            this.grow();
        this.starts[f] = i;
        this.ends[f] = i;
        this.quoted[f] = PLAIN;
        return f + 1;
    }
    grow() {
        const size = this.starts.length * 2;
        const starts = new Int32Array(size);
        starts.set(this.starts);
        const ends = new Int32Array(size);
        ends.set(this.ends);
        const quoted = new Uint8Array(size);
        quoted.set(this.quoted);
        this.starts = starts;
        this.ends = ends;
        this.quoted = quoted;
        this.rowView.starts = starts;
        this.rowView.ends = ends;
        this.rowView.quoted = quoted;
    }
}
class csv_RowTooLongError extends Error {
    line;
    constructor(line, limit) {
        super(`a row longer than ${Math.round(limit / 1024 / 1024)} MB starts on line ${line} (is the delimiter right?)`);
        this.line = line;
    }
}
/** 3 when buf starts with a UTF-8 byte order mark, else 0. */
function csv_bomLength(buf) {
    return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}
function csv_countNewlines(buf, from, to) {
    let count = 0;
    let at = buf.indexOf(LF, from);
    while (at >= 0 && at < to) {
        count++;
        at = buf.indexOf(LF, at + 1);
    }
    return count;
}
function firstInvalidField(buf, starts, ends, count) {
    for (let f = 0; f < count; f++)
        if (!(0,external_node_buffer_namespaceObject.isUtf8)(buf.subarray(starts[f], ends[f])))
            return f;
    return 0;
}

;// CONCATENATED MODULE: ./packages/data/src/readers/csv-pieces.ts
/**
 * Cuts a CSV/TSV byte stream into pieces that each begin at the start of a row, so that pieces can be
 * scanned by different threads and give exactly the rows, fields and line numbers of one serial scan.
 *
 * A newline ends a row unless it is inside a quoted field. Whether it is follows the scanner's own rules
 * (csv.ts): a quote opens a field only at the start of a field (after a delimiter or a row's newline), a
 * quote elsewhere in a plain field is an ordinary character, and inside a quoted field "" is an escaped
 * quote. Only quotes and newlines are looked at, through native indexOf, so the walk is far cheaper than
 * the scan it feeds. Each piece carries the line it starts on (lines count every newline, as the scanner's do).
 */

const csv_pieces_LF = 10;
const csv_pieces_QUOTE = 34;
/** The join window's first size: a read chunk (1 MiB) and the row cut off before it. */
const MIN_WINDOW_BYTES = (/* unused pure expression or super */ null && (2 * 1024 * 1024));
class csv_pieces_CsvPieceSplitter {
    /**
     * Bytes after the last cut: the start of a row that has not ended yet. It lies in the last chunk (valid until the
     * next push, as a reader of reused memory promises) or in `window`, and is copied to the window's start by the next
     * push, once the piece handed out before it is done with.
     */
    carry;
    /** Memory where the carry and the next chunk are joined, kept for the next joins (no buffer per chunk). */
    window;
    carryLine = 1;
    /** Where the quote walk stopped in the carry, and whether it stopped inside a quoted field. */
    walked = 0;
    inQuotes = false;
    delimiter;
    maxRowBytes;
    /** No row has been cut yet: the window starts at the start of the file (and maybe a byte order mark). */
    atFileStart = true;
    /** Outside-quote stretches [start, end) of the current window, reused between pushes. */
    stretches = [];
    constructor(options) {
        this.delimiter = options.delimiter.charCodeAt(0);
        this.maxRowBytes = options.maxRowBytes ?? 64 * 1024 * 1024;
    }
    /**
     * The rows of chunk completed so far, as one piece (undefined while no row has ended). The piece's bytes may lie
     * in memory that the next push writes again: a caller that keeps them copies them first.
     */
    push(chunk) {
        const buf = this.carry ? this.join(this.carry, chunk) : chunk;
        const cut = this.lastRowEnd(buf);
        if (cut < 0) {
            this.carry = buf;
            if (buf.length > this.maxRowBytes)
                throw new RowTooLongError(this.carryLine, this.maxRowBytes);
            return undefined;
        }
        const piece = { bytes: buf.subarray(0, cut + 1), line: this.carryLine };
        this.atFileStart = false;
        this.carryLine += countNewlines(buf, 0, cut + 1);
        this.carry = cut + 1 < buf.length ? buf.subarray(cut + 1) : undefined;
        // The walk went past the cut; its state there stays valid in the carry.
        this.walked -= cut + 1;
        return piece;
    }
    /** carry followed by chunk, in the window (grown when they do not fit; the carry may already lie in it). */
    join(carry, chunk) {
        const length = carry.length + chunk.length;
        let window = this.window;
        if (!window || window.length < length) {
            window = Buffer.allocUnsafeSlow(Math.max(length, 2 * (window?.length ?? 0), MIN_WINDOW_BYTES));
            this.window = window;
        }
        // copy moves overlapping bytes correctly (a carry left in the window moves to its start).
        if (carry.buffer !== window.buffer || carry.byteOffset !== window.byteOffset)
            carry.copy(window, 0);
        chunk.copy(window, carry.length);
        return window.subarray(0, length);
    }
    /** Whatever is left at the end of the input (a last row without a newline, an unterminated quote). */
    end() {
        const rest = this.carry;
        this.carry = undefined;
        return rest && { bytes: rest, line: this.carryLine };
    }
    /** Offset of the last newline of buf that ends a row, or -1; continues the quote walk where it stopped. */
    lastRowEnd(buf) {
        const n = buf.length;
        const stretches = this.stretches;
        stretches.length = 0;
        let p = this.walked;
        let inQuotes = this.inQuotes;
        // The first field starts at offset 0 of the window, or after the file's byte order mark.
        const firstField = this.atFileStart ? bomLength(buf) : 0;
        while (p < n) {
            const q = buf.indexOf(csv_pieces_QUOTE, p);
            if (!inQuotes) {
                const end = q < 0 ? n : q;
                if (end > p)
                    stretches.push(p, end);
                if (q < 0) {
                    p = n;
                    break;
                }
                // Row starts are piece starts, so the window's first field starts a row.
                const before = q === firstField ? csv_pieces_LF : buf[q - 1];
                if (before === this.delimiter || before === csv_pieces_LF)
                    inQuotes = true;
                p = q + 1;
                continue;
            }
            if (q < 0) {
                p = n;
                break;
            }
            if (q + 1 >= n) {
                // A quote at the very end: escaped or closing depends on the next chunk's first byte.
                p = q;
                break;
            }
            if (buf[q + 1] === csv_pieces_QUOTE)
                p = q + 2;
            else {
                inQuotes = false;
                p = q + 1;
            }
        }
        this.walked = p;
        this.inQuotes = inQuotes;
        return lastNewlineIn(buf, stretches);
    }
}
/**
 * The last newline inside any of the stretches (start/end pairs in order). Searching from the last stretch
 * backwards, each search resumes below where the previous one stopped, so the whole window is read at most once.
 */
function lastNewlineIn(buf, stretches) {
    let below = Number.MAX_SAFE_INTEGER;
    for (let s = stretches.length - 2; s >= 0; s -= 2) {
        const start = stretches[s];
        const end = Math.min(stretches[s + 1], below);
        if (end <= start)
            continue;
        const at = buf.lastIndexOf(csv_pieces_LF, end - 1);
        if (at >= start)
            return at;
        if (at < 0)
            return -1;
        below = at + 1;
    }
    return -1;
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./packages/data/src/readers/open.ts
/** Opens a data file as a stream of byte chunks, gunzipping on the way, with readable errors for bad files. */




/** Bytes per read from disk; chunks handed to the readers are between 64 KiB and this. */
const READ_CHUNK_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
const GUNZIP_CHUNK_BYTES = (/* unused pure expression or super */ null && (256 * 1024));
/** Buffers `readReusedChunks` reads into in turn: a chunk's memory is written again three chunks later. */
const REUSED_BUFFERS = 3;
/** Throws InputDataError for a missing file, a directory or an empty file; returns the size in bytes. */
async function checkDataFile(file) {
    let size;
    try {
        const info = await stat(file);
        if (info.isDirectory())
            throw new InputDataError('is a directory, not a data file', { file });
        size = info.size;
    }
    catch (error) {
        throw fileError(file, error);
    }
    if (size === 0)
        throw new InputDataError('the file is empty', { file });
    return size;
}
/**
 * The file's bytes in chunks (64 KiB–1 MiB), decompressed when `gzip` (multi-member gzip included).
 * A truncated or corrupt gzip stream raises InputDataError saying how many bytes were decompressed first.
 * Aborting `signal` makes iteration throw `signal.reason`.
 */
async function* openByteStream(file, gzip, signal) {
    signal?.throwIfAborted();
    await checkDataFile(file);
    const source = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    if (!gzip) {
        try {
            for await (const chunk of source) {
                signal?.throwIfAborted();
                yield chunk;
            }
        }
        catch (error) {
            signal?.throwIfAborted();
            throw fileError(file, error);
        }
        finally {
            source.destroy();
        }
        return;
    }
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
    let readError;
    source.on('error', (error) => {
        readError = error;
        gunzip.destroy(error);
    });
    source.pipe(gunzip);
    let decompressed = 0;
    try {
        for await (const chunk of gunzip) {
            signal?.throwIfAborted();
            decompressed += chunk.length;
            yield chunk;
        }
    }
    catch (error) {
        signal?.throwIfAborted();
        if (readError !== undefined)
            throw fileError(file, readError);
        throw new InputDataError(`the gzip data is truncated or corrupt (${open_errorText(error)}) after ${decompressed} decompressed bytes`, { file });
    }
    finally {
        source.unpipe(gunzip);
        source.destroy();
        gunzip.destroy();
    }
    if (decompressed === 0)
        throw new InputDataError('the file is empty once decompressed', { file });
}
/**
 * An uncompressed file's bytes in 1 MiB chunks read into the same few buffers in turn (`REUSED_BUFFERS`), for a
 * reader that is done with a chunk's bytes (or has copied what it keeps) once it asks for the chunk after next:
 * the CSV scanner. Reading into memory already mapped saves the page faults and collections of a fresh buffer
 * per chunk. The next chunk is read while the caller works on this one, as a read stream reads ahead.
 */
async function* readReusedChunks(file, signal) {
    signal?.throwIfAborted();
    await checkDataFile(file);
    let handle;
    try {
        handle = await open(file, 'r');
    }
    catch (error) {
        throw fileError(file, error);
    }
    const buffers = Array.from({ length: REUSED_BUFFERS }, () => Buffer.allocUnsafeSlow(READ_CHUNK_BYTES));
    const readInto = (buffer) => handle.read(buffer, 0, buffer.length, null);
    let ahead = readInto(buffers[0]);
    // A read ahead that fails while the caller has stopped is not an unhandled rejection; awaited, it still throws.
    ahead.catch(() => undefined);
    try {
        for (let turn = 0;; turn++) {
            let read;
            try {
                ({ bytesRead: read } = await ahead);
            }
            catch (error) {
                signal?.throwIfAborted();
                throw fileError(file, error);
            }
            if (read === 0)
                return;
            signal?.throwIfAborted();
            const buffer = buffers[turn % REUSED_BUFFERS];
            ahead = readInto(buffers[(turn + 1) % REUSED_BUFFERS]);
            ahead.catch(() => undefined);
            yield read === buffer.length ? buffer : buffer.subarray(0, read);
        }
    }
    finally {
        await ahead.catch(() => undefined);
        await handle.close();
    }
}
/** A file-system error in the user's words; InputDataErrors pass through. */
function fileError(file, error) {
    if (error instanceof InputDataError)
        return error;
    const code = error?.code;
    const reasons = {
        ENOENT: 'the file does not exist',
        EISDIR: 'is a directory, not a data file',
        EACCES: 'permission denied: the file cannot be read',
        EPERM: 'permission denied: the file cannot be read',
    };
    const reason = (code && reasons[code]) ?? `cannot read the file (${open_errorText(error)})`;
    return new InputDataError(reason, { file });
}
/** The message of anything thrown (duck-typed: errors from Node's own realm fail `instanceof Error` under Jest). */
function open_errorText(error) {
    const message = error?.message;
    return typeof message === 'string' && message !== '' ? message : String(error);
}

;// CONCATENATED MODULE: ./packages/data/src/validate/cell-block.ts
/** Rows per block: a block of a dozen columns stays within the first-level cache. */
const CELL_BLOCK_ROWS = 256;
const EMPTY = Buffer.alloc(0);
class CsvCellBlock {
    fields;
    /** The chunk of every row in the block. */
    buf = EMPTY;
    /** Rows in the block. */
    rows = 0;
    /** Cell r of column f is at f * CELL_BLOCK_ROWS + r. */
    starts;
    ends;
    quoted;
    /** The line of row r. */
    lines = new Float64Array(CELL_BLOCK_ROWS);
    constructor(fields) {
        this.fields = fields;
        this.starts = new Int32Array(fields * CELL_BLOCK_ROWS);
        this.ends = new Int32Array(fields * CELL_BLOCK_ROWS);
        this.quoted = new Uint8Array(fields * CELL_BLOCK_ROWS);
    }
    /** Copies a row in (the caller has read the block out if it was full or held another chunk's rows). */
    add(row) {
        const r = this.rows++;
        const { starts, ends, quoted } = row;
        this.buf = row.buf;
        this.lines[r] = row.line;
        for (let f = 0, at = r; f < this.fields; f++, at += CELL_BLOCK_ROWS) {
            this.starts[at] = starts[f];
            this.ends[at] = ends[f];
            this.quoted[at] = quoted[f];
        }
    }
    /** Forgets the rows and the chunk (read out). */
    clear() {
        this.rows = 0;
        this.buf = EMPTY;
    }
}

;// CONCATENATED MODULE: ./packages/data/src/contract/ascii-dfa.ts
/** Whether buf[start, end) matches; every byte must be below 128 (the caller has checked). */
function matchesAscii(dfa, buf, start, end) {
    const next = dfa.next;
    let state = 0;
    for (let i = start; i < end; i++) {
        state = next[(state << 7) | buf[i]];
        if (state < 0)
            return false;
    }
    return dfa.accepting[state] === 1;
}
/** Whether the DFA accepts the whole value: one step per character. */
function matchesDfa(dfa, value) {
    const { ascii, rangeOffsets, rangeLow, rangeHigh, rangeTo } = dfa;
    let state = 0;
    for (let i = 0; i < value.length; i++) {
        let char = value.charCodeAt(i);
        if (char < 128) {
            state = ascii[(state << 7) | char];
        }
        else {
            if (dfa.unicode && char >= 0xd800 && char <= 0xdbff && i + 1 < value.length) {
                const low = value.charCodeAt(i + 1);
                if (low >= 0xdc00 && low <= 0xdfff) {
                    char = (char - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
                    i++;
                }
            }
            let next = -1;
            for (let r = rangeOffsets[state]; r < rangeOffsets[state + 1]; r++) {
                if (char < rangeLow[r])
                    break;
                if (char <= rangeHigh[r]) {
                    next = rangeTo[r];
                    break;
                }
            }
            state = next;
        }
        if (state < 0)
            return false;
    }
    return dfa.accepting[state] === 1;
}
/** Longest pattern read by position (`fixedPositions`). */
const MAX_FIXED_LENGTH = 256;
/**
 * When every ASCII value the byte table accepts has the same length L and each position allows its own set of bytes
 * whatever came before (ids, codes: the automaton is a chain whose every live step goes to one next state), the
 * table of allowed bytes by position: `allowed[i << 7 | byte]` is 1 when byte may stand at position i, and a value of
 * L ASCII bytes matches exactly when each byte is allowed at its position. The positions can then be checked
 * independently instead of one table load waiting for the last. Otherwise undefined.
 */
function fixedPositions(dfa) {
    const { next, accepting } = dfa;
    const rows = [];
    const visited = new Set();
    for (let state = 0;;) {
        if (visited.has(state) || rows.length > MAX_FIXED_LENGTH)
            return undefined;
        visited.add(state);
        const allowed = new Uint8Array(128);
        let to = -1;
        for (let byte = 0; byte < 128; byte++) {
            const target = next[(state << 7) | byte];
            if (target < 0)
                continue;
            if (to >= 0 && target !== to)
                return undefined;
            to = target;
            allowed[byte] = 1;
        }
        // The end of the chain: an accepting state with no way on (a way on would allow longer values too).
        if (to < 0)
            return accepting[state] === 1 && rows.length > 0 ? joinRows(rows) : undefined;
        if (accepting[state] === 1)
            return undefined;
        rows.push(allowed);
        state = to;
    }
}
function joinRows(rows) {
    const table = new Uint8Array(rows.length * 128);
    rows.forEach((row, i) => table.set(row, i * 128));
    return table;
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/empty.ts
/**
 * Zero-length arrays that sketches start from and replace on first use: a wide file has a sketch of each kind per
 * column, and an empty typed array of its own still costs ~190 bytes. Nothing can be written into them.
 */
const EMPTY_FLOAT64 = Object.freeze(new Float64Array(0));
const EMPTY_UINT32 = Object.freeze(new Uint32Array(0));

;// CONCATENATED MODULE: ./packages/data/src/sketch/json.ts
/** Checks for sketches read back from a profile file: a malformed profile is the user's data, not our bug. */

/** The object itself if `value` is a sketch of this kind and version, else an InputDataError naming what is wrong. */
function expectSketch(value, kind, version) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new errors_InputDataError(`${kind}: expected a JSON object, got ${describe(value)}`);
    const obj = value;
    if (obj.kind !== kind)
        throw new errors_InputDataError(`${kind}: expected kind "${kind}", got ${describe(obj.kind)}`);
    if (obj.version !== version)
        throw new errors_InputDataError(`${kind}: unsupported version ${describe(obj.version)} (this mlgate reads version ${version})`);
    return obj;
}
function expectNumber(obj, key, kind) {
    const value = obj[key];
    if (typeof value !== 'number' || !Number.isFinite(value))
        throw new errors_InputDataError(`${kind}: "${key}" must be a finite number, got ${describe(value)}`);
    return value;
}
/** A non-negative integer (counts, sizes). */
function expectCount(obj, key, kind) {
    const value = expectNumber(obj, key, kind);
    if (!Number.isInteger(value) || value < 0)
        throw new errors_InputDataError(`${kind}: "${key}" must be a non-negative integer, got ${value}`);
    return value;
}
/** A finite number or null (min/max of an empty sketch). */
function expectNumberOrNull(obj, key, kind) {
    return obj[key] === null ? null : expectNumber(obj, key, kind);
}
function expectNumberArray(value, what, kind) {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v)))
        throw new errors_InputDataError(`${kind}: "${what}" must be an array of finite numbers`);
    return value;
}
function describe(value) {
    if (value === undefined)
        return 'nothing';
    const text = JSON.stringify(value);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/moments.ts
/** Count, min, max, mean, variance and sum of a numeric column in one pass, mergeable across shards. */



const KIND = 'moments';
const VERSION = 1;
/** Values summarised per block: 2 KiB, a few microseconds of work per flush. */
const BLOCK = 256;
/** A column's first block, allocated by its first value: the block grows to BLOCK as values come, so a short column costs 64 bytes, not 2 KiB. */
const FIRST_BLOCK = 8;
/**
 * Running moments, merged with Chan, Golub & LeVeque's pairwise formula (mean = (na·ma + nb·mb)/n,
 * M2 = M2a + M2b + d²·na·nb/n with d = mb − ma), so shard moments merge into the moments of the whole column to
 * ~1e-12 relative.
 *
 * Values are summarised in blocks of 256: `add` only stores the value; each full block gets its exact two-pass
 * mean and M2 and is folded in with the same pairwise formula. That is Welford's update applied a block at a time:
 * the per-value Welford step puts a division on the critical path (~11 ns per value), the block form costs ~2 ns
 * and is at least as accurate (Chan et al. 1983). Reading any statistic folds in the partial block first.
 *
 * Contract: `add` takes any number. Finite values are counted; NaN and ±Infinity are not part of the moments but
 * are counted in `nonFinite` (a literal "NaN" or "inf" in a numeric column parses as such a number; nulls never
 * reach this class).
 */
class Moments {
    /** Non-finite values seen (NaN, ±Infinity): not part of the other statistics. */
    nonFinite = 0;
    n = 0;
    minValue = Infinity;
    maxValue = -Infinity;
    meanValue = 0;
    m2Value = 0;
    sumValue = 0;
    block = EMPTY_FLOAT64;
    blockSize = 0;
    /** Adds one value: O(1), allocation-free. */
    add(x) {
        // x − x is 0 for every finite x and NaN for NaN and ±Infinity: one test for both.
        if (x - x !== 0) {
            this.nonFinite++;
            return;
        }
        if (this.blockSize === this.block.length)
            this.blockFull();
        this.block[this.blockSize++] = x;
    }
    /**
     * The block is full (or not yet allocated): grow it while it is smaller than BLOCK (wide files have short columns),
     * else fold it in.
     */
    blockFull() {
        if (this.block.length >= BLOCK)
            return this.flush();
        const grown = new Float64Array(Math.min(BLOCK, Math.max(FIRST_BLOCK, this.block.length * 4)));
        grown.set(this.block);
        this.block = grown;
    }
    /** Number of finite values. */
    get count() {
        return this.n + this.blockSize;
    }
    /** Smallest finite value; +Infinity while there is none. */
    get min() {
        this.flush();
        return this.minValue;
    }
    /** Largest finite value; −Infinity while there is none. */
    get max() {
        this.flush();
        return this.maxValue;
    }
    /** Mean of the finite values; 0 while there is none. */
    get mean() {
        this.flush();
        return this.meanValue;
    }
    /** Sum of squared deviations from the mean. */
    get m2() {
        this.flush();
        return this.m2Value;
    }
    /** Sum of the finite values (plain summation). */
    get sum() {
        this.flush();
        return this.sumValue;
    }
    /** Folds `other` into this (Chan et al.); `other` is unchanged. */
    merge(other) {
        this.flush();
        other.flush();
        this.nonFinite += other.nonFinite;
        this.combine(other.n, other.meanValue, other.m2Value, other.sumValue, other.minValue, other.maxValue);
        return this;
    }
    /** Folds the partial block into the totals. */
    flush() {
        const b = this.blockSize;
        if (b === 0)
            return;
        const block = this.block;
        let sum = 0;
        let min = block[0];
        let max = min;
        for (let i = 0; i < b; i++) {
            const x = block[i];
            sum += x;
            if (x < min)
                min = x;
            if (x > max)
                max = x;
        }
        const mean = sum / b;
        let m2 = 0;
        for (let i = 0; i < b; i++) {
            const d = block[i] - mean;
            m2 += d * d;
        }
        this.blockSize = 0;
        this.combine(b, mean, m2, sum, min, max);
    }
    /** Chan et al.'s pairwise update with a summary of nb values. */
    combine(nb, meanB, m2B, sumB, minB, maxB) {
        if (nb === 0)
            return;
        const na = this.n;
        if (minB < this.minValue)
            this.minValue = minB;
        if (maxB > this.maxValue)
            this.maxValue = maxB;
        this.sumValue += sumB;
        if (na === 0) {
            this.n = nb;
            this.meanValue = meanB;
            this.m2Value = m2B;
            return;
        }
        const n = na + nb;
        const delta = meanB - this.meanValue;
        // Weighted mean rather than ma + d·nb/n: exact when both means are equal, and as accurate otherwise.
        this.meanValue = (na * this.meanValue + nb * meanB) / n;
        this.m2Value += m2B + ((delta * delta * na) / n) * nb;
        this.n = n;
    }
    /** Sample variance (ddof = 1); NaN below two values. */
    get variance() {
        return this.count < 2 ? NaN : this.m2 / (this.count - 1);
    }
    /** Sample standard deviation (ddof = 1, as pandas' `std`); NaN below two values. */
    get std() {
        return Math.sqrt(this.variance);
    }
    toJSON() {
        this.flush();
        const empty = this.n === 0;
        return {
            kind: KIND,
            version: VERSION,
            count: this.n,
            nonFinite: this.nonFinite,
            min: empty ? null : this.minValue,
            max: empty ? null : this.maxValue,
            mean: this.meanValue,
            m2: this.m2Value,
            sum: this.sumValue,
        };
    }
    static fromJSON(value) {
        const obj = expectSketch(value, KIND, VERSION);
        const m = new Moments();
        m.n = expectCount(obj, 'count', KIND);
        m.nonFinite = expectCount(obj, 'nonFinite', KIND);
        m.meanValue = expectNumber(obj, 'mean', KIND);
        m.m2Value = expectNumber(obj, 'm2', KIND);
        m.sumValue = expectNumber(obj, 'sum', KIND);
        const min = expectNumberOrNull(obj, 'min', KIND);
        const max = expectNumberOrNull(obj, 'max', KIND);
        if (m.n > 0) {
            if (min === null || max === null || min > max || m.m2Value < 0)
                throw new errors_InputDataError(`${KIND}: min/max/m2 are inconsistent with count ${m.n}`);
            m.minValue = min;
            m.maxValue = max;
        }
        return m;
    }
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/sort.ts
/**
 * In-place sort of a Float64Array range, for KLL compactions. V8's TypedArray#sort costs ~40 ns per item on random
 * doubles (branch mispredictions in a generic merge sort); this quicksort partitions without data-dependent
 * branches (Lomuto, branch-free, as in Edelkamp & Weiß's BlockQuicksort idea) and costs ~19 ns per item.
 * Many equal keys (integer or constant columns) stay O(n log n) by pdqsort's rule: when the pivot equals a known
 * lower bound of the range, the items equal to it are split off and never looked at again.
 * Values must not be NaN (callers keep NaN out of sketches).
 */
/** Ranges up to this size are finished by insertion sort. */
const INSERTION_SORT_MAX = 16;
/** Sorts a[lo, hi) ascending. */
function sortFloat64(a, lo, hi) {
    sortRange(a, lo, hi, -Infinity);
}
/** Sorts a[lo, hi) knowing that every item is ≥ lower. */
function sortRange(a, lo, hi, lower) {
    while (hi - lo > INSERTION_SORT_MAX) {
        // Median of three: the smallest goes to lo, the largest to mid, the median (the pivot) to hi − 1.
        const mid = (lo + hi) >>> 1;
        let x = a[lo];
        let y = a[mid];
        let z = a[hi - 1];
        let t;
        if (y < x) {
            t = x;
            x = y;
            y = t;
        }
        if (z < y) {
            t = y;
            y = z;
            z = t;
            if (y < x) {
                t = x;
                x = y;
                y = t;
            }
        }
        a[lo] = x;
        a[mid] = z;
        a[hi - 1] = y;
        const pivot = y;
        let i = lo;
        if (pivot === lower) {
            // Every item is ≥ pivot: move the items equal to it to the front and drop them from the range.
            for (let j = lo; j < hi - 1; j++) {
                const v = a[j];
                const equal = +(v <= pivot);
                a[j] = a[i];
                a[i] = v;
                i += equal;
            }
            a[hi - 1] = a[i];
            a[i] = pivot;
            lo = i + 1;
            continue;
        }
        for (let j = lo; j < hi - 1; j++) {
            const v = a[j];
            const less = +(v < pivot);
            a[j] = a[i];
            a[i] = v;
            i += less;
        }
        a[hi - 1] = a[i];
        a[i] = pivot;
        // a[lo, i) < pivot ≤ a[i + 1, hi): recurse into the smaller side, loop on the larger.
        if (i - lo < hi - i - 1) {
            sortRange(a, lo, i, lower);
            lo = i + 1;
            lower = pivot;
        }
        else {
            sortRange(a, i + 1, hi, pivot);
            hi = i;
        }
    }
    for (let i = lo + 1; i < hi; i++) {
        const v = a[i];
        let j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/random.ts
/** The random bits sketches need, from a 32-bit xorshift generator whose whole state is one serialisable number. */
/** The state every sketch starts from, so that the same input in the same order gives the same sketch. */
const DEFAULT_SKETCH_SEED = 0x9e3779b9;
/** One xorshift32 step (Marsaglia 2003, shifts 13/17/5): period 2³² − 1 over non-zero states. */
function nextXorshift32(state) {
    let x = state | 0;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
}
/** A valid generator state from any number (0 is the one fixed point of xorshift, so it is replaced). */
function normaliseSeed(seed) {
    const s = seed >>> 0;
    return s === 0 ? DEFAULT_SKETCH_SEED : s;
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/kll.ts
/** A KLL quantile sketch (Karnin, Lang & Liberty 2016) with lazy compaction, on typed-array buffers. */





const kll_KIND = 'kll';
const kll_VERSION = 1;
/** Default accuracy parameter: rank error ≈ 1.3% at 99% confidence, ~800 retained items (6.4 KB). */
const DEFAULT_KLL_K = 200;
/** Smallest capacity of any level (as in Apache DataSketches): tiny levels would compact too often. */
const MIN_LEVEL_CAPACITY = 8;
/** Capacity shrinks by this factor per level below the top (KLL's c = 2/3). */
const CAPACITY_DECAY = 2 / 3;
/**
 * Levels kept as compactors above the sampler. Once the sketch is deeper, the levels below are replaced by a
 * sampler (KLL §4; Ivkin et al. 2019): of each block of 2^s values one, chosen uniformly, enters level s with
 * weight 2^s. The levels it replaces have the minimum capacity and already act as samplers; updates stop
 * paying for sorts (a counter per value). Measured max rank error on 0.3–5M normal values: 0.6–0.7%, against
 * the 1.33% bound of k = 200 (the tests check the bound on 1M and 3M values, one pass and merged).
 */
const COMPACTOR_LEVELS = 8;
/** 2⁵³ items would make weights inexact; 60 levels are far beyond that. */
const MAX_LEVELS = 60;
/**
 * Mergeable quantiles of a numeric column in O(k) memory. Level h holds items of weight 2^h; when the sketch holds
 * more items than the sum of its level capacities, the lowest level at or over its capacity is compacted (lazy
 * compaction, Ivkin et al. 2019): sorted, then every other item, starting at a random offset, moves up a level.
 * Level capacities are k·(2/3)^depth (at least 8), except level 0 which always holds k, so ~4k items are retained. Until the first compaction every
 * item is kept with weight 1 and all answers are exact (`isExact`).
 *
 * Quantiles use the inverse of the empirical CDF ("inverted_cdf" in numpy): quantile(q) is the smallest retained
 * item whose cumulative weight reaches ⌈q·n⌉; quantile(0) and quantile(1) are the true min and max.
 *
 * Contract: `update` skips NaN and ±Infinity (they have no place in an order statistic; {@link Moments} counts them).
 */
class KllSketch {
    k;
    /** Number of finite values added. */
    n = 0;
    minValue = Infinity;
    maxValue = -Infinity;
    seed;
    /** levels[h][0..sizes[h]) are the items of weight 2^h; level 0 is unsorted, the others sorted ascending. */
    /**
     * Per level, grown as levels are added: plain arrays made with the first level by the constructor, one slot each (a
     * wide file has a sketch per column, most of one level; an array grown from empty would reserve 17).
     */
    levels;
    sizes;
    capacities;
    numLevels = 0;
    /** Alias of levels[0] and its size, kept in fields so that `update` touches nothing else. */
    level0 = EMPTY_FLOAT64;
    size0 = 0;
    retainedItems = 0;
    totalCapacity = 0;
    /** Sum of the weights of the retained items: n minus the values of the sampler's unfinished block. */
    weight = 0;
    /** The sampler: level s (0 = off), values seen of the current block of 2^s, the index kept and its value. */
    samplerLevel = 0;
    samplerSize = 1;
    samplerCount = 0;
    samplerPick = 0;
    samplerItem = 0;
    scratch = EMPTY_FLOAT64;
    view = null;
    viewN = -1;
    constructor(k = DEFAULT_KLL_K, seed = DEFAULT_SKETCH_SEED) {
        if (!Number.isInteger(k) || k < MIN_LEVEL_CAPACITY || k > 65535)
            throw new RangeError(`KllSketch: k must be an integer in [${MIN_LEVEL_CAPACITY}, 65535], got ${k}`);
        this.k = k;
        this.seed = normaliseSeed(seed);
        // Level 0 is allocated by the first update (a column may hold no numbers at all).
        this.levels = [EMPTY_FLOAT64];
        this.sizes = [0];
        this.capacities = [k];
        this.numLevels = 1;
        this.totalCapacity = k;
    }
    /** Adds one value: O(1) amortised, allocation-free (compactions reuse their buffers). */
    update(x) {
        if (x - x !== 0)
            return; // NaN or ±Infinity
        this.n++;
        if (x < this.minValue)
            this.minValue = x;
        if (x > this.maxValue)
            this.maxValue = x;
        if (this.samplerLevel > 0) {
            if (this.samplerCount === this.samplerPick)
                this.samplerItem = x;
            if (++this.samplerCount === this.samplerSize)
                this.insertSampled();
            return;
        }
        // Level 0 grows by doubling up to its capacity: a short column (wide files) holds a few items, not k.
        if (this.size0 === this.level0.length)
            this.growLevel0();
        this.level0[this.size0++] = x;
        this.weight++;
        if (++this.retainedItems > this.totalCapacity) {
            this.compress();
            this.raiseSampler();
        }
    }
    get min() {
        return this.n === 0 ? NaN : this.minValue;
    }
    get max() {
        return this.n === 0 ? NaN : this.maxValue;
    }
    /** True while nothing was compacted: every value is retained and every answer is exact. */
    get isExact() {
        return this.numLevels === 1 && this.samplerLevel === 0;
    }
    /** Number of items held (≤ ~4k). */
    get retained() {
        return this.retainedItems;
    }
    /**
     * The rank error ε such that |rank estimate − true rank| ≤ ε for a single query with 99% confidence, as
     * published for KLL with these capacities (Apache DataSketches: 2.296 / k^0.9723; 0.0133 at k = 200); 0 if exact.
     */
    get normalisedRankError() {
        return this.isExact ? 0 : 2.296 / Math.pow(this.k, 0.9723);
    }
    /** Folds `other` into this; `other` is unchanged. Both must have the same k. */
    merge(other) {
        if (other.k !== this.k)
            throw new errors_InputDataError(`KllSketch.merge: cannot merge sketches with k = ${this.k} and k = ${other.k}`);
        if (other.n === 0)
            return this;
        this.sizes[0] = this.size0;
        while (this.numLevels < Math.max(other.numLevels, other.samplerLevel + 1))
            this.addLevel();
        // Level 0 is unsorted: append. Higher levels are sorted: merge.
        this.ensureLevelLength(0, this.size0 + other.size0);
        this.level0.set(other.level0.subarray(0, other.size0), this.size0);
        this.size0 += other.size0;
        this.sizes[0] = this.size0;
        for (let h = 1; h < other.numLevels; h++) {
            const size = other.sizes[h];
            if (size > 0)
                this.mergeIntoLevel(h, other.levels[h], 0, 1, size);
        }
        this.n += other.n;
        this.weight += other.weight;
        this.retainedItems += other.retainedItems;
        if (other.minValue < this.minValue)
            this.minValue = other.minValue;
        if (other.maxValue > this.maxValue)
            this.maxValue = other.maxValue;
        // The other sampler's unfinished block of c values: its kept value stands for them with probability c / 2^s
        // (unbiased), at weight 2^s.
        if (other.samplerLevel > 0 && other.samplerCount > other.samplerPick) {
            this.seed = nextXorshift32(this.seed);
            if (this.seed / 2 ** 32 < other.samplerCount / other.samplerSize)
                this.insertAt(other.samplerLevel, other.samplerItem);
        }
        this.compress();
        this.raiseSampler();
        return this;
    }
    /** The q-quantile, q in [0, 1] (inverse empirical CDF); NaN when empty. */
    quantile(q) {
        if (!(q >= 0 && q <= 1))
            throw new RangeError(`KllSketch.quantile: q must be in [0, 1], got ${q}`);
        if (this.n === 0)
            return NaN;
        if (q === 0)
            return this.minValue;
        if (this.weight === 0)
            return this.minValue;
        if (q === 1)
            return this.maxValue;
        const { values, cumulativeWeights } = this.sortedView();
        const target = Math.max(1, Math.ceil(q * this.weight));
        // First item whose cumulative weight reaches the target.
        let lo = 0;
        let hi = values.length - 1;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (cumulativeWeights[mid] >= target)
                hi = mid;
            else
                lo = mid + 1;
        }
        return values[lo];
    }
    quantiles(qs) {
        return qs.map((q) => this.quantile(q));
    }
    /** Estimated fraction of values ≤ x; NaN when empty. */
    rank(x) {
        if (this.n === 0)
            return NaN;
        if (this.weight === 0)
            return x >= this.minValue ? 1 : 0;
        const { values, cumulativeWeights } = this.sortedView();
        const count = upperBound(values, x);
        return count === 0 ? 0 : cumulativeWeights[count - 1] / this.weight;
    }
    /**
     * Estimated CDF at increasing split points s1 < … < sm: [rank(s1), …, rank(sm), 1] (m + 1 values, the last being
     * the mass of the whole stream, as in DataSketches' getCDF). Empty sketch: all NaN.
     */
    cdf(splitPoints) {
        for (let i = 0; i < splitPoints.length; i++) {
            if (!Number.isFinite(splitPoints[i]) || (i > 0 && !(splitPoints[i] > splitPoints[i - 1])))
                throw new RangeError('KllSketch.cdf: split points must be finite and strictly increasing');
        }
        const out = splitPoints.map((s) => this.rank(s));
        out.push(this.n === 0 ? NaN : 1);
        return out;
    }
    /** The retained items sorted, with cumulative weights (copies: safe to keep). */
    sortedItems() {
        const view = this.sortedView();
        return { values: view.values.slice(), cumulativeWeights: view.cumulativeWeights.slice() };
    }
    toJSON() {
        this.sizes[0] = this.size0;
        const levels = [];
        for (let h = 0; h < this.numLevels; h++) {
            const items = this.levels[h].slice(0, this.sizes[h]);
            if (h === 0)
                items.sort(); // level 0's order is arbitrary: sort it so equal sketches serialise equally
            levels.push(Array.from(items));
        }
        return {
            kind: kll_KIND,
            version: kll_VERSION,
            k: this.k,
            n: this.n,
            min: this.n === 0 ? null : this.minValue,
            max: this.n === 0 ? null : this.maxValue,
            seed: this.seed,
            levels,
            ...(this.samplerLevel > 0
                ? {
                    sampler: {
                        level: this.samplerLevel,
                        count: this.samplerCount,
                        pick: this.samplerPick,
                        item: this.samplerCount > this.samplerPick ? this.samplerItem : null,
                    },
                }
                : {}),
        };
    }
    static fromJSON(value) {
        const obj = expectSketch(value, kll_KIND, kll_VERSION);
        const k = expectCount(obj, 'k', kll_KIND);
        const n = expectCount(obj, 'n', kll_KIND);
        const seed = expectNumber(obj, 'seed', kll_KIND);
        const min = expectNumberOrNull(obj, 'min', kll_KIND);
        const max = expectNumberOrNull(obj, 'max', kll_KIND);
        if (!Array.isArray(obj.levels) || obj.levels.length === 0 || obj.levels.length > MAX_LEVELS)
            throw new errors_InputDataError(`${kll_KIND}: "levels" must be a non-empty array of at most ${MAX_LEVELS} levels`);
        if (k < MIN_LEVEL_CAPACITY || k > 65535)
            throw new errors_InputDataError(`${kll_KIND}: k = ${k} is out of range`);
        const sketch = new KllSketch(k, seed);
        const levels = obj.levels.map((level, h) => expectNumberArray(level, `levels[${h}]`, kll_KIND));
        while (sketch.numLevels < levels.length)
            sketch.addLevel();
        let weight = 0;
        for (let h = 0; h < levels.length; h++) {
            const items = levels[h];
            for (let i = 1; i < items.length; i++)
                if (h > 0 && items[i] < items[i - 1])
                    throw new errors_InputDataError(`${kll_KIND}: levels[${h}] is not sorted`);
            sketch.ensureLevelLength(h, items.length);
            sketch.levels[h].set(items);
            sketch.sizes[h] = items.length;
            sketch.retainedItems += items.length;
            weight += items.length * 2 ** h;
        }
        sketch.size0 = sketch.sizes[0];
        sketch.weight = weight;
        const sampler = obj.sampler;
        let pending = 0;
        if (sampler !== undefined) {
            const { level, count, pick, item } = (sampler ?? {});
            const valid = Number.isInteger(level) &&
                level > 0 &&
                level < MAX_LEVELS &&
                Number.isInteger(count) &&
                Number.isInteger(pick) &&
                count >= 0 &&
                count < 2 ** level &&
                pick >= 0 &&
                pick < 2 ** level &&
                (item === null
                    ? count <= pick
                    : typeof item === 'number' && count > pick);
            if (!valid)
                throw new errors_InputDataError(`${kll_KIND}: "sampler" must be {level ≥ 1, count and pick < 2^level, item}`);
            while (sketch.numLevels <= level)
                sketch.addLevel();
            sketch.samplerLevel = level;
            sketch.samplerSize = 2 ** level;
            sketch.samplerCount = count;
            sketch.samplerPick = pick;
            sketch.samplerItem = typeof item === 'number' ? item : 0;
            pending = count;
        }
        // Without sampling the weights add up to n exactly; a merge of samplers stands for an unfinished block by
        // one weighted item or none (unbiased), so only the count of an empty sketch is checked strictly.
        if (sampler === undefined ? weight !== n : (weight + pending === 0) !== (n === 0))
            throw new errors_InputDataError(`${kll_KIND}: the levels hold weight ${weight} and the sampler ${pending} values, but n is ${n}`);
        if (n > 0) {
            if (min === null || max === null || min > max)
                throw new errors_InputDataError(`${kll_KIND}: min and max must be numbers with min ≤ max when n > 0`);
            sketch.minValue = min;
            sketch.maxValue = max;
        }
        sketch.n = n;
        sketch.compress();
        return sketch;
    }
    // ------------------------------------------------------------------------------------------ internals
    /** The sampler's block is complete: its kept value enters level s with weight 2^s; a new block starts. */
    insertSampled() {
        this.insertAt(this.samplerLevel, this.samplerItem);
        this.samplerCount = 0;
        if (this.retainedItems > this.totalCapacity)
            this.compress();
        this.raiseSampler();
        this.seed = nextXorshift32(this.seed);
        this.samplerPick = this.seed % this.samplerSize;
    }
    /** Inserts one item of weight 2^h into level h, keeping a sorted level sorted. */
    insertAt(h, x) {
        while (this.numLevels <= h)
            this.addLevel();
        const size = this.sizes[h];
        this.ensureLevelLength(h, size + 1);
        const items = this.levels[h];
        if (h === 0)
            items[size] = x;
        else {
            let at = size;
            while (at > 0 && items[at - 1] > x)
                at--;
            items.copyWithin(at + 1, at, size);
            items[at] = x;
        }
        this.sizes[h] = size + 1;
        if (h === 0)
            this.size0 = size + 1;
        this.retainedItems++;
        this.weight += 2 ** h;
        this.view = null;
    }
    /** Moves the sampler up when the sketch has grown deeper than its compactor levels (only between blocks). */
    raiseSampler() {
        const level = this.numLevels - COMPACTOR_LEVELS;
        if (level <= this.samplerLevel || this.samplerCount !== 0)
            return;
        this.samplerLevel = level;
        this.samplerSize = 2 ** level;
        this.seed = nextXorshift32(this.seed);
        this.samplerPick = this.seed % this.samplerSize;
    }
    addLevel() {
        if (this.numLevels === MAX_LEVELS)
            throw new RangeError('KllSketch: too many levels');
        this.levels.push(new Float64Array(MIN_LEVEL_CAPACITY));
        this.sizes[this.numLevels] = 0;
        this.numLevels++;
        let total = 0;
        for (let h = 0; h < this.numLevels; h++) {
            const depth = this.numLevels - 1 - h;
            // Level 0 keeps capacity k at any depth: with KLL's 8 it would be compacted every few updates once the sketch
            // is deep (each compaction a sort, a merge and a walk over the levels). A larger capacity never loosens the
            // error bound (its items have the smallest weight) and costs k more retained items.
            const capacity = h === 0 ? this.k : Math.max(MIN_LEVEL_CAPACITY, Math.ceil(this.k * Math.pow(CAPACITY_DECAY, depth)));
            this.capacities[h] = capacity;
            total += capacity;
        }
        this.totalCapacity = total;
    }
    /** Doubles level 0 (its live size is size0, not sizes[0]). */
    growLevel0() {
        const grown = new Float64Array(Math.max(MIN_LEVEL_CAPACITY, 2 * this.level0.length));
        grown.set(this.level0.subarray(0, this.size0));
        this.levels[0] = this.level0 = grown;
    }
    ensureLevelLength(h, length) {
        const old = this.levels[h];
        if (old.length >= length)
            return;
        const grown = new Float64Array(Math.max(length, old.length * 2));
        grown.set(old.subarray(0, this.sizes[h]));
        this.levels[h] = grown;
        if (h === 0)
            this.level0 = grown;
    }
    /** Compacts the lowest full level until the sketch fits its capacity again. */
    compress() {
        this.sizes[0] = this.size0;
        while (this.retainedItems > this.totalCapacity) {
            let h = 0;
            while (this.sizes[h] < this.capacities[h])
                h++;
            this.compactLevel(h);
        }
        this.size0 = this.sizes[0];
    }
    /** Halves level h: sorts it, keeps the smallest item if the count is odd, and promotes every other item. */
    compactLevel(h) {
        if (h + 1 === this.numLevels)
            this.addLevel();
        const items = this.levels[h];
        const size = this.sizes[h];
        if (h === 0)
            sortFloat64(items, 0, size);
        const start = size & 1;
        const half = (size - start) >>> 1;
        this.seed = nextXorshift32(this.seed);
        const offset = this.seed >>> 31;
        this.mergeIntoLevel(h + 1, items, start + offset, 2, half);
        this.sizes[h] = start;
        this.retainedItems -= half;
        this.view = null;
    }
    /** Merges `count` sorted items src[from], src[from + stride], … into the sorted level h. */
    mergeIntoLevel(h, src, from, stride, count) {
        const size = this.sizes[h];
        const total = size + count;
        if (this.scratch.length < total)
            this.scratch = new Float64Array(Math.max(total, 2 * this.scratch.length));
        const out = this.scratch;
        const dst = this.levels[h];
        let i = 0;
        let j = 0;
        let o = 0;
        while (i < size && j < count) {
            const a = dst[i];
            const b = src[from + j * stride];
            if (a <= b) {
                out[o++] = a;
                i++;
            }
            else {
                out[o++] = b;
                j++;
            }
        }
        while (i < size)
            out[o++] = dst[i++];
        while (j < count)
            out[o++] = src[from + stride * j++];
        this.ensureLevelLength(h, total);
        this.levels[h].set(out.subarray(0, total));
        this.sizes[h] = total;
    }
    /** All retained items sorted with cumulative weights; rebuilt lazily after updates. */
    sortedView() {
        if (this.view !== null && this.viewN === this.weight)
            return this.view;
        this.sizes[0] = this.size0;
        // Level 0's order carries no information, so sorting it in place changes nothing observable.
        sortFloat64(this.level0, 0, this.size0);
        const total = this.retainedItems;
        let values = new Float64Array(total);
        let weights = new Float64Array(total);
        let nextValues = new Float64Array(total);
        let nextWeights = new Float64Array(total);
        let filled = 0;
        for (let h = 0; h < this.numLevels; h++) {
            const size = this.sizes[h];
            if (size === 0)
                continue;
            const items = this.levels[h];
            const w = 2 ** h;
            let i = 0;
            let j = 0;
            let o = 0;
            while (i < filled && j < size) {
                if (values[i] <= items[j]) {
                    nextValues[o] = values[i];
                    nextWeights[o++] = weights[i++];
                }
                else {
                    nextValues[o] = items[j++];
                    nextWeights[o++] = w;
                }
            }
            while (i < filled) {
                nextValues[o] = values[i];
                nextWeights[o++] = weights[i++];
            }
            while (j < size) {
                nextValues[o] = items[j++];
                nextWeights[o++] = w;
            }
            filled = o;
            [values, nextValues] = [nextValues, values];
            [weights, nextWeights] = [nextWeights, weights];
        }
        let cumulative = 0;
        for (let i = 0; i < filled; i++) {
            cumulative += weights[i];
            weights[i] = cumulative;
        }
        this.view = { values, cumulativeWeights: weights };
        this.viewN = this.weight;
        return this.view;
    }
}
/** Number of items of the sorted array ≤ x. */
function upperBound(sorted, x) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/hyperloglog.ts
/** HyperLogLog distinct-count estimate (Flajolet et al. 2007) over 32-bit hashes, registers in a Uint8Array. */



const hyperloglog_KIND = 'hll';
const hyperloglog_VERSION = 1;
/** 4096 registers: 4 KiB per column, relative standard error 1.04/√4096 ≈ 1.6%. */
const DEFAULT_HLL_PRECISION = 12;
const TWO_POW_32 = 4294967296;
/**
 * A new sketch keeps its non-zero registers as a short list (index and rank packed in one uint32) instead of 2^p
 * bytes, until the list would exceed this many entries or this many hashes were added: a file with 100,000 short
 * columns then holds 100,000 lists of a few entries, not 400 MB of registers, and a long column pays the linear
 * scan of the list for its first few thousand values only.
 */
const SPARSE_ENTRIES = 32;
const SPARSE_ADDS = 4096;
/** 2^−r for every register value r, so that `estimate` does no pow. */
const INVERSE_POWERS = Float64Array.from({ length: 64 }, (_, r) => 2 ** -r);
/**
 * Distinct values of a column from their 32-bit hashes ({@link hashString}, {@link hashNumber}). The top p bits of
 * a hash pick a register, which keeps the largest rank (position of the first 1 bit) seen among the other bits.
 * `estimate` is the raw HLL estimate with the original small-range (linear counting below 2.5·m, when some register
 * is still 0) and large-range (near 2³²) corrections. Merging takes register-wise maxima: exact and associative.
 */
class HyperLogLog {
    p;
    /** The 2^p registers, once allocated (see SPARSE_ENTRIES); null while the sketch is a list. */
    dense = null;
    /** While sparse: (index << 8 | rank) of each non-zero register, in the order first set. */
    sparse = EMPTY_UINT32;
    sparseSize = 0;
    sparseAdds = 0;
    shift;
    /** Bit p−1 set below the shifted-out index: caps the rank at 33 − p without a branch. */
    sentinel;
    constructor(p = DEFAULT_HLL_PRECISION) {
        if (!Number.isInteger(p) || p < 4 || p > 16)
            throw new RangeError(`HyperLogLog: precision p must be an integer in [4, 16], got ${p}`);
        this.p = p;
        this.shift = 32 - p;
        this.sentinel = 1 << (p - 1);
    }
    /** Number of registers m = 2^p. */
    get m() {
        return 1 << this.p;
    }
    /** The 2^p registers (allocated now if the sketch was still a list). */
    get registers() {
        return this.dense ?? this.densify();
    }
    /** The relative standard error of `estimate`, 1.04/√m. */
    get relativeStandardError() {
        return 1.04 / Math.sqrt(this.m);
    }
    /** Adds one uint32 hash: O(1), allocation-free once the registers exist. */
    addHash(hash) {
        const index = hash >>> this.shift;
        const rank = Math.clz32((hash << this.p) | this.sentinel) + 1;
        const registers = this.dense;
        if (registers === null)
            return this.addSparse(index, rank);
        if (rank > registers[index])
            registers[index] = rank;
    }
    addSparse(index, rank) {
        const entries = this.sparse;
        const size = this.sparseSize;
        if (++this.sparseAdds > SPARSE_ADDS) {
            const registers = this.densify();
            if (rank > registers[index])
                registers[index] = rank;
            return;
        }
        for (let i = 0; i < size; i++) {
            const entry = entries[i];
            if (entry >>> 8 === index) {
                if (rank > (entry & 0xff))
                    entries[i] = (index << 8) | rank;
                return;
            }
        }
        if (size === SPARSE_ENTRIES) {
            const registers = this.densify();
            if (rank > registers[index])
                registers[index] = rank;
            return;
        }
        if (size === entries.length) {
            const grown = new Uint32Array(Math.min(Math.max(4, 2 * size), SPARSE_ENTRIES));
            grown.set(entries);
            this.sparse = grown;
        }
        this.sparse[this.sparseSize++] = (index << 8) | rank;
    }
    /** Moves the list into 2^p registers, for good. */
    densify() {
        const registers = new Uint8Array(this.m);
        const entries = this.sparse;
        if (entries)
            for (let i = 0; i < this.sparseSize; i++)
                registers[entries[i] >>> 8] = entries[i] & 0xff;
        this.dense = registers;
        this.sparse = null;
        this.sparseSize = 0;
        return registers;
    }
    /** Folds `other` into this (register-wise max); `other` is unchanged. Both must have the same precision. */
    merge(other) {
        if (other.p !== this.p)
            throw new errors_InputDataError(`HyperLogLog.merge: cannot merge precision ${this.p} with precision ${other.p}`);
        if (other.dense === null) {
            // A list merges entry by entry, keeping this one a list while it fits.
            for (let i = 0; i < other.sparseSize; i++) {
                const entry = other.sparse[i];
                if (this.dense === null)
                    this.addSparse(entry >>> 8, entry & 0xff);
                else if ((entry & 0xff) > this.dense[entry >>> 8])
                    this.dense[entry >>> 8] = entry & 0xff;
            }
            return this;
        }
        const a = this.registers;
        const b = other.dense;
        for (let i = 0; i < a.length; i++)
            if (b[i] > a[i])
                a[i] = b[i];
        return this;
    }
    /** Estimated number of distinct hashes added. */
    estimate() {
        const m = this.m;
        let sum = 0;
        let zeros = 0;
        const registers = this.dense;
        if (registers === null) {
            // The registers not in the list are 0: 2^−0 = 1 each.
            zeros = m - this.sparseSize;
            sum = zeros;
            for (let i = 0; i < this.sparseSize; i++)
                sum += INVERSE_POWERS[this.sparse[i] & 0xff];
        }
        else
            for (let i = 0; i < m; i++) {
                const r = registers[i];
                sum += INVERSE_POWERS[r];
                if (r === 0)
                    zeros++;
            }
        const alpha = 0.7213 / (1 + 1.079 / m);
        const raw = (alpha * m * m) / sum;
        if (raw <= 2.5 * m && zeros > 0)
            return m * Math.log(m / zeros);
        if (raw > TWO_POW_32 / 30)
            return -TWO_POW_32 * Math.log(1 - raw / TWO_POW_32);
        return raw;
    }
    /** The JSON form depends on the registers alone (not on how they were filled): pairs when at most SPARSE_ENTRIES are set. */
    toJSON() {
        const registers = this.dense;
        const pairs = [];
        if (registers === null)
            for (let i = 0; i < this.sparseSize; i++)
                pairs.push([this.sparse[i] >>> 8, this.sparse[i] & 0xff]);
        else
            for (let i = 0; i < registers.length && pairs.length <= SPARSE_ENTRIES; i++)
                if (registers[i] > 0)
                    pairs.push([i, registers[i]]);
        if (registers === null || pairs.length <= SPARSE_ENTRIES) {
            pairs.sort((a, b) => a[0] - b[0]);
            return { kind: hyperloglog_KIND, version: hyperloglog_VERSION, p: this.p, sparse: pairs };
        }
        return {
            kind: hyperloglog_KIND,
            version: hyperloglog_VERSION,
            p: this.p,
            registers: Buffer.from(registers.buffer, registers.byteOffset, registers.length).toString('base64'),
        };
    }
    static fromJSON(value) {
        const obj = expectSketch(value, hyperloglog_KIND, hyperloglog_VERSION);
        const p = expectCount(obj, 'p', hyperloglog_KIND);
        if (p < 4 || p > 16)
            throw new errors_InputDataError(`${hyperloglog_KIND}: precision p = ${p} is out of range [4, 16]`);
        if (obj.sparse !== undefined && obj.registers === undefined)
            return HyperLogLog.fromPairs(p, obj.sparse);
        if (typeof obj.registers !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(obj.registers))
            throw new errors_InputDataError(`${hyperloglog_KIND}: "registers" must be a base64 string`);
        const bytes = Buffer.from(obj.registers, 'base64');
        const sketch = new HyperLogLog(p);
        if (bytes.length !== sketch.m)
            throw new errors_InputDataError(`${hyperloglog_KIND}: expected ${sketch.m} registers for p = ${p}, got ${bytes.length}`);
        const maxRank = 33 - p;
        let nonZero = 0;
        for (let i = 0; i < bytes.length; i++) {
            if (bytes[i] > maxRank)
                throw new errors_InputDataError(`${hyperloglog_KIND}: register ${i} holds ${bytes[i]} > ${maxRank}`);
            if (bytes[i] > 0)
                nonZero++;
        }
        // A short column's registers are read back as a list (a reference profile of a wide file stays small).
        if (nonZero <= SPARSE_ENTRIES) {
            for (let i = 0; i < bytes.length; i++)
                if (bytes[i] > 0)
                    sketch.addSparse(i, bytes[i]);
            sketch.sparseAdds = 0;
        }
        else
            sketch.registers.set(bytes);
        return sketch;
    }
    /** The `sparse` JSON form: [index, rank] pairs, each index once. */
    static fromPairs(p, pairs) {
        const sketch = new HyperLogLog(p);
        const m = sketch.m;
        const maxRank = 33 - p;
        if (!Array.isArray(pairs))
            throw new errors_InputDataError(`${hyperloglog_KIND}: "sparse" must be an array of [index, rank] pairs`);
        const seen = new Set();
        for (const pair of pairs) {
            const [index, rank] = Array.isArray(pair) ? pair : [];
            if (!Array.isArray(pair) ||
                pair.length !== 2 ||
                !Number.isInteger(index) ||
                !Number.isInteger(rank) ||
                index < 0 ||
                index >= m ||
                rank < 1 ||
                rank > maxRank ||
                seen.has(index))
                throw new errors_InputDataError(`${hyperloglog_KIND}: each "sparse" pair must be [index < ${m}, 1 ≤ rank ≤ ${maxRank}], each index once; got ${JSON.stringify(pair)}`);
            seen.add(index);
            sketch.addSparse(index, rank);
        }
        sketch.sparseAdds = 0;
        return sketch;
    }
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/hash.ts
/**
 * 32-bit hashes of cell values for distinct counting: MurmurHash3 x86_32 (Appleby), straight from the JS values so
 * that no bytes are encoded per call.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
/** Seed of every mlgate hash: profiles from different runs must hash the same value to the same number. */
const HASH_SEED = 0;
const { imul } = Math;
/**
 * MurmurHash3_x86_32 of the string's UTF-16LE bytes (two code units per 32-bit block), seed 0: equal to
 * `mmh3.hash(s.encode('utf-16-le'), 0, signed=False)`. Lone surrogates are hashed as they are; no TextEncoder.
 */
function hashString(s) {
    const length = s.length;
    let h = HASH_SEED;
    let i = 0;
    for (; i + 1 < length; i += 2) {
        h = mixBlock(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    }
    if (i < length)
        h = mixTail(h, s.charCodeAt(i));
    return finalMix(h ^ (length * 2));
}
/**
 * hashString of the text these bytes spell, straight from the bytes when they are all ASCII (then each byte is
 * one UTF-16 code unit, so the blocks are the same); NaN when a byte is not ASCII (decode and use hashString).
 * Saves making a string for text columns that need only their distinct count.
 */
function hashAsciiBytes(buf, start, end) {
    let h = HASH_SEED;
    let i = start;
    for (; i + 1 < end; i += 2) {
        const a = buf[i];
        const b = buf[i + 1];
        if ((a | b) > 0x7f)
            return NaN;
        h = mixBlock(h, a | (b << 16));
    }
    if (i < end) {
        if (buf[i] > 0x7f)
            return NaN;
        h = mixTail(h, buf[i]);
    }
    return finalMix(h ^ ((end - start) * 2));
}
/**
 * hashAsciiBytes of buf[start, end) while a byte automaton (`next[state << 7 | byte]`, -1 for dead, state 0 the
 * start) reads the same bytes in the same pass: the hash when every byte is ASCII and the automaton ends in an
 * accepting state, else -1. One pass over a pattern-checked id instead of two; the two dependency chains (the
 * hash's multiplies, the automaton's table loads) overlap.
 */
function hashAsciiAccepted(buf, start, end, next, accepting) {
    let h = HASH_SEED;
    let state = 0;
    let i = start;
    for (; i + 1 < end; i += 2) {
        const a = buf[i];
        const b = buf[i + 1];
        if ((a | b) > 0x7f)
            return -1;
        state = next[(state << 7) | a];
        if (state < 0)
            return -1;
        state = next[(state << 7) | b];
        if (state < 0)
            return -1;
        h = mixBlock(h, a | (b << 16));
    }
    if (i < end) {
        const a = buf[i];
        if (a > 0x7f)
            return -1;
        state = next[(state << 7) | a];
        if (state < 0)
            return -1;
        h = mixTail(h, a);
    }
    if (accepting[state] !== 1)
        return -1;
    return finalMix(h ^ ((end - start) * 2));
}
/**
 * hashAsciiAccepted for a pattern read by position (`fixedPositions`: `allowed[i << 7 | byte]`, its length the
 * table's length ÷ 128): each byte is checked on its own, with no chain of automaton states to wait for, so only
 * the hash's multiplies are in series. The same answer as hashAsciiAccepted with that pattern's automaton.
 */
function hashAsciiAt(buf, start, end, allowed) {
    if ((end - start) << 7 !== allowed.length)
        return -1;
    let h = HASH_SEED;
    let ok = 1;
    let i = start;
    let at = 0;
    for (; i + 1 < end; i += 2, at += 256) {
        const a = buf[i];
        const b = buf[i + 1];
        if ((a | b) > 0x7f)
            return -1;
        ok &= allowed[at | a] & allowed[(at + 128) | b];
        h = mixBlock(h, a | (b << 16));
    }
    if (i < end) {
        const a = buf[i];
        if (a > 0x7f)
            return -1;
        ok &= allowed[at | a];
        h = mixTail(h, a);
    }
    return ok === 1 ? finalMix(h ^ ((end - start) * 2)) : -1;
}
/** The length in characters (code points) of the text last hashed by {@link hashUtf8Bytes}. */
const utf8Hashed = { length: 0 };
/**
 * hashString of the text that valid UTF-8 bytes spell, straight from the bytes: each code point becomes its UTF-16
 * code units (two, a surrogate pair, above U+FFFF) and units are paired into blocks as hashString pairs them. With
 * `escaped`, the bytes are a CSV field whose quotes are doubled (`""`), hashed as the unescaped text. Sets
 * `utf8Hashed.length` to the text's length in code points, as Table Schema's minLength/maxLength count it.
 * The bytes must be valid UTF-8 (the CSV scanner has checked them); invalid bytes hash as garbage, never throw.
 */
function hashUtf8Bytes(buf, start, end, escaped) {
    let h = HASH_SEED;
    let i = start;
    if (!escaped) {
        // Plain ASCII, two bytes a block, mixed inline: most text. The rest goes on below from the first other byte.
        for (; i + 1 < end; i += 2) {
            const a = buf[i];
            const b = buf[i + 1];
            if ((a | b) > 0x7f)
                break;
            let k = imul(a | (b << 16), C1);
            k = (k << 15) | (k >>> 17);
            k = imul(k, C2);
            h ^= k;
            h = (h << 13) | (h >>> 19);
            h = (imul(h, 5) + 0xe6546b64) | 0;
        }
        if (i === end || (i + 1 === end && buf[i] < 0x80)) {
            if (i < end)
                h = mixTail(h, buf[i]);
            utf8Hashed.length = end - start;
            return finalMix(h ^ ((end - start) * 2));
        }
    }
    return hashUtf8From(buf, i, end, escaped, h, i - start);
}
/** hashUtf8Bytes from offset i on, `done` ASCII characters (an even number) already mixed into h. */
function hashUtf8From(buf, from, end, escaped, seed, done) {
    let h = seed;
    let units = done;
    let chars = done;
    let i = from;
    // A code unit waiting for the second half of its block, or -1.
    let pending = -1;
    while (i < end) {
        const b = buf[i];
        let code;
        if (b < 0x80) {
            // Two ASCII bytes make a whole block when no unit waits: the common case, kept tight.
            if (pending < 0 && i + 1 < end) {
                const c = buf[i + 1];
                if (c < 0x80 && !(escaped && (b === hash_QUOTE || c === hash_QUOTE))) {
                    h = mixBlock(h, b | (c << 16));
                    i += 2;
                    units += 2;
                    chars += 2;
                    continue;
                }
            }
            code = b;
            i += escaped && b === hash_QUOTE ? 2 : 1;
        }
        else if (b < 0xe0) {
            code = ((b & 0x1f) << 6) | (buf[i + 1] & 0x3f);
            i += 2;
        }
        else if (b < 0xf0) {
            code = ((b & 0x0f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f);
            i += 3;
        }
        else {
            code =
                ((b & 0x07) << 18) | ((buf[i + 1] & 0x3f) << 12) | ((buf[i + 2] & 0x3f) << 6) | (buf[i + 3] & 0x3f);
            i += 4;
        }
        chars++;
        if (code >= 0x10000) {
            // A surrogate pair: the high unit, then the low one below.
            const high = 0xd800 | ((code - 0x10000) >> 10);
            if (pending < 0)
                pending = high;
            else {
                h = mixBlock(h, pending | (high << 16));
                pending = -1;
            }
            units++;
            code = 0xdc00 | ((code - 0x10000) & 0x3ff);
        }
        if (pending < 0)
            pending = code;
        else {
            h = mixBlock(h, pending | (code << 16));
            pending = -1;
        }
        units++;
    }
    if (pending >= 0)
        h = mixTail(h, pending);
    utf8Hashed.length = chars;
    return finalMix(h ^ (units * 2));
}
const hash_QUOTE = 34;
// One shared 8-byte scratch: hashNumber reads a double's bits without allocating.
const float64 = new Float64Array(1);
const words = new Uint32Array(float64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;
/**
 * MurmurHash3_x86_32 of the number's IEEE-754 float64 little-endian bytes, seed 0 (Python:
 * `mmh3.hash(struct.pack('<d', x), 0, signed=False)`). −0 hashes as 0 and every NaN as the canonical quiet NaN, so
 * values that compare equal (and all NaNs) hash equally. Integers parsed as numbers hash by their double value.
 */
function hashNumber(x) {
    float64[0] = x === 0 ? 0 : x === x ? x : NaN;
    let h = HASH_SEED;
    h = mixBlock(h, words[LOW]);
    h = mixBlock(h, words[HIGH]);
    return finalMix(h ^ 8);
}
function mixBlock(h, block) {
    let k = imul(block, C1);
    k = (k << 15) | (k >>> 17);
    k = imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    return (imul(h, 5) + 0xe6546b64) | 0;
}
/** The last, partial block: mixed in without the rotation and add of a full one. */
function mixTail(h, block) {
    let k = imul(block, C1);
    k = (k << 15) | (k >>> 17);
    k = imul(k, C2);
    return h ^ k;
}
/** Murmur3's fmix32 avalanche. */
function finalMix(h) {
    h ^= h >>> 16;
    h = imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/topk.ts
/** Frequent values of a column by Misra-Gries counting, mergeable (Agarwal et al. 2012). */



const topk_KIND = 'topk';
const topk_VERSION = 1;
/** Default number of values guaranteed to be tracked. */
const DEFAULT_TOPK_CAPACITY = 64;
/** Epochs of all sketches, so that a hint taken from one sketch is never valid in another. */
let nextEpoch = 0;
/**
 * Misra-Gries frequent items. The table holds up to 2·capacity counters; when a new value would make it hold more,
 * the (capacity + 1)-th largest count is subtracted from every counter and those left ≤ 0 are dropped, so at most
 * `capacity` survive (amortised O(1) per add: one O(capacity log capacity) pruning per ≥ capacity new values).
 *
 * Guarantees: every estimated count c satisfies true − `decremented` ≤ c ≤ true, a value missing from the table
 * occurred at most `decremented` times, and `decremented` ≤ total / (capacity + 1). While nothing was ever
 * subtracted (`isExact`), the counts are exact and the items are the column's complete distribution.
 *
 * A column whose values are near unique (ids, free text) only churns the table: every value is new, so every value is
 * appended and pruned again. The profile then calls `stop()`: the table is dropped, later values are only counted in
 * `total`, and the sketch says so (`stopped`, `stoppedAfter`). A stopped sketch merged with any other is stopped.
 */
/** Never written: `append` replaces it with a table's own map first (clearing it is a no-op). */
const NO_SLOTS = new Map();
class TopK {
    capacity;
    /** Number of values added (including those no longer tracked). */
    total = 0;
    /** Sum of the thresholds subtracted by prunings. */
    decremented = 0;
    /** Value → slot; the shared empty map until the first value is tracked (a wide file has a table per column). */
    slots = NO_SLOTS;
    values = [];
    counts;
    size = 0;
    scratch;
    /** Values counted before tracking stopped; undefined while it tracks. */
    stoppedCount;
    /** Changes whenever slots move (prune, clear), and differs between sketches: other epochs' hints are stale. */
    epoch = nextEpoch++;
    constructor(capacity = DEFAULT_TOPK_CAPACITY) {
        if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1 << 20)
            throw new RangeError(`TopK: capacity must be an integer in [1, 2^20], got ${capacity}`);
        this.capacity = capacity;
        // Both grow with the values tracked (append, prune): a column with few values costs bytes, not 2·capacity slots.
        this.counts = EMPTY_FLOAT64;
        this.scratch = EMPTY_FLOAT64;
    }
    /** True while no count was ever decremented: counts are exact and the table holds every value seen. */
    get isExact() {
        return this.decremented === 0;
    }
    /** Number of values currently tracked. */
    get tracked() {
        return this.size;
    }
    /** True once tracking stopped (the column is near unique): no items, `total` still counts. */
    get stopped() {
        return this.stoppedCount !== undefined;
    }
    /** Values counted before tracking stopped (undefined while it tracks). */
    get stoppedAfter() {
        return this.stoppedCount;
    }
    /**
     * Stops tracking: drops the table; later values only add to `total`. Once stopped, nothing is ever tracked again,
     * so the sketch cannot report a value that became frequent afterwards. The counts so far are subtracted into
     * `decremented` (every value is now untracked), which keeps the Misra-Gries bounds true.
     */
    stop() {
        if (this.stoppedCount !== undefined)
            return;
        this.stoppedCount = this.total;
        this.clear();
    }
    /** Counts a value without tracking it (the caller knows the sketch is stopped). */
    skip() {
        this.total++;
    }
    add(value) {
        this.total++;
        if (this.stoppedCount !== undefined)
            return;
        const slot = this.slots.get(value);
        if (slot !== undefined) {
            this.counts[slot]++;
            return;
        }
        this.append(value, 1);
        if (this.size > 2 * this.capacity)
            this.prune();
    }
    /** add(value) for a caller that remembers where the value sits (`hint`, updated here): same result, no lookup. */
    addHinted(value, hint) {
        if (hint.topEpoch === this.epoch) {
            this.total++;
            this.counts[hint.topSlot]++;
            return;
        }
        this.add(value);
        const slot = this.stoppedCount === undefined ? this.slots.get(value) : undefined;
        hint.topSlot = slot ?? -1;
        hint.topEpoch = slot === undefined ? -1 : this.epoch;
    }
    /** The estimated count of `value` (0 if not tracked). */
    count(value) {
        const slot = this.slots.get(value);
        return slot === undefined ? 0 : this.counts[slot];
    }
    /** Folds `other` into this: counters are summed, then pruned once if the table holds more than 2·capacity. */
    merge(other) {
        if (this.stopped || other.stopped) {
            this.stoppedCount = (this.stoppedCount ?? this.total) + (other.stoppedCount ?? other.total);
            this.total += other.total;
            this.decremented = this.total;
            this.clear();
            return this;
        }
        this.total += other.total;
        this.decremented += other.decremented;
        for (let i = 0; i < other.size; i++) {
            const value = other.values[i];
            const slot = this.slots.get(value);
            if (slot !== undefined)
                this.counts[slot] += other.counts[i];
            else
                this.append(value, other.counts[i]);
        }
        if (this.size > 2 * this.capacity)
            this.prune();
        return this;
    }
    /** Tracked values by count descending, then value (UTF-16 code-unit order); at most `limit` of them. */
    items(limit = this.capacity) {
        const out = [];
        for (let i = 0; i < this.size; i++)
            out.push({ value: this.values[i], count: this.counts[i] });
        out.sort(compareItems);
        return out.length > limit ? out.slice(0, Math.max(0, limit)) : out;
    }
    toJSON() {
        return {
            kind: topk_KIND,
            version: topk_VERSION,
            capacity: this.capacity,
            total: this.total,
            decremented: this.decremented,
            items: this.items(this.size),
            ...(this.stoppedCount !== undefined ? { stoppedAfter: this.stoppedCount } : {}),
        };
    }
    static fromJSON(value) {
        const obj = expectSketch(value, topk_KIND, topk_VERSION);
        const capacity = expectCount(obj, 'capacity', topk_KIND);
        if (capacity < 1 || capacity > 1 << 20)
            throw new errors_InputDataError(`${topk_KIND}: capacity ${capacity} is out of range`);
        const sketch = new TopK(capacity);
        sketch.total = expectCount(obj, 'total', topk_KIND);
        sketch.decremented = expectCount(obj, 'decremented', topk_KIND);
        if (!Array.isArray(obj.items) || obj.items.length > 2 * capacity)
            throw new errors_InputDataError(`${topk_KIND}: "items" must be an array of at most ${2 * capacity} items`);
        let sum = 0;
        for (const item of obj.items) {
            const { value: v, count: c } = (item ?? {});
            if (typeof v !== 'string' || typeof c !== 'number' || !Number.isInteger(c) || c <= 0)
                throw new errors_InputDataError(`${topk_KIND}: each item must be {value: string, count: positive integer}`);
            if (sketch.slots.has(v))
                throw new errors_InputDataError(`${topk_KIND}: value ${JSON.stringify(v)} appears twice`);
            sketch.append(v, c);
            sum += c;
        }
        if (sum > sketch.total)
            throw new errors_InputDataError(`${topk_KIND}: item counts add up to more than total`);
        if (obj.stoppedAfter !== undefined) {
            const after = expectCount(obj, 'stoppedAfter', topk_KIND);
            if (after > sketch.total || sketch.size > 0)
                throw new errors_InputDataError(`${topk_KIND}: a stopped sketch has no items and stoppedAfter ≤ total`);
            sketch.stoppedCount = after;
        }
        return sketch;
    }
    /** Drops every counter: all values so far count as decremented (untracked). */
    clear() {
        this.epoch = nextEpoch++;
        this.decremented = this.total;
        this.slots.clear();
        this.values = [];
        this.size = 0;
    }
    append(value, count) {
        if (this.size === this.counts.length) {
            // Doubling, but to no more than a full table (2·capacity + 1) until a merge needs more.
            const grown = new Float64Array(Math.max(this.size + 1, Math.min(Math.max(8, 2 * this.size), 2 * this.capacity + 1)));
            grown.set(this.counts);
            this.counts = grown;
        }
        if (this.slots === NO_SLOTS)
            this.slots = new Map();
        const slot = this.size++;
        this.values[slot] = value;
        this.counts[slot] = count;
        this.slots.set(value, slot);
    }
    /** Subtracts the (capacity + 1)-th largest count from every counter and drops those left ≤ 0. */
    prune() {
        const size = this.size;
        if (this.scratch.length < size)
            this.scratch = new Float64Array(this.counts.length);
        const sorted = this.scratch.subarray(0, size);
        sorted.set(this.counts.subarray(0, size));
        sorted.sort();
        const threshold = sorted[size - 1 - this.capacity];
        this.decremented += threshold;
        this.epoch = nextEpoch++;
        this.slots.clear();
        let kept = 0;
        for (let i = 0; i < size; i++) {
            const count = this.counts[i] - threshold;
            if (count > 0) {
                const value = this.values[i];
                this.values[kept] = value;
                this.counts[kept] = count;
                this.slots.set(value, kept);
                kept++;
            }
        }
        this.values.length = kept; // release the dropped strings
        this.size = kept;
    }
}
function compareItems(a, b) {
    if (a.count !== b.count)
        return b.count - a.count;
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/histogram.ts
/** Counts over bin edges frozen from a reference profile, so that reference and current bins line up for PSI. */


const histogram_KIND = 'histogram';
const histogram_VERSION = 1;
/** Up to this many edges, `add` counts edges instead of binary searching. */
const LINEAR_SEARCH_MAX = 16;
/**
 * A histogram over fixed edges e1 < … < ek with bins (−∞, e1], (e1, e2], …, (ek, +∞): k + 1 counts. With no edges
 * (a reference without values) there is one bin holding everything.
 *
 * Contract: `add` skips NaN and ±Infinity, like {@link KllSketch}, so that the counts add up to the sketch's n.
 */
class FrozenHistogram {
    edges;
    counts;
    constructor(edges) {
        for (let i = 0; i < edges.length; i++) {
            if (!Number.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1])))
                throw new RangeError('FrozenHistogram: edges must be finite and strictly increasing');
        }
        this.edges = Float64Array.from(edges);
        this.counts = new Float64Array(edges.length + 1);
    }
    /** Adds one value: O(log k), allocation-free. */
    add(x) {
        if (x - x !== 0)
            return;
        const edges = this.edges;
        const k = edges.length;
        if (k <= LINEAR_SEARCH_MAX) {
            // Counting the edges below x has no data-dependent branch: on random data it beats a binary search, whose
            // every step is a coin-flip branch misprediction (33 ns vs ~6 ns for 9 edges).
            let bin = 0;
            for (let i = 0; i < k; i++)
                bin += +(edges[i] < x);
            this.counts[bin]++;
            return;
        }
        let lo = 0;
        let hi = k;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (edges[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        this.counts[lo]++;
    }
    /** Number of values counted. */
    get total() {
        let sum = 0;
        for (let i = 0; i < this.counts.length; i++)
            sum += this.counts[i];
        return sum;
    }
    /** Adds `other`'s counts to this; both must have exactly the same edges (bins of the same reference). */
    merge(other) {
        if (!sameEdges(this.edges, other.edges))
            throw new errors_InputDataError(`FrozenHistogram.merge: the histograms have different bin edges ([${Array.from(this.edges).join(', ')}] vs ` +
                `[${Array.from(other.edges).join(', ')}]); profiles must be built against the same reference to merge`);
        for (let i = 0; i < this.counts.length; i++)
            this.counts[i] += other.counts[i];
        return this;
    }
    toJSON() {
        return { kind: histogram_KIND, version: histogram_VERSION, edges: Array.from(this.edges), counts: Array.from(this.counts) };
    }
    static fromJSON(value) {
        const obj = expectSketch(value, histogram_KIND, histogram_VERSION);
        const edges = expectNumberArray(obj.edges, 'edges', histogram_KIND);
        const counts = expectNumberArray(obj.counts, 'counts', histogram_KIND);
        if (counts.length !== edges.length + 1)
            throw new errors_InputDataError(`${histogram_KIND}: expected ${edges.length + 1} counts for ${edges.length} edges`);
        if (!counts.every((c) => Number.isInteger(c) && c >= 0))
            throw new errors_InputDataError(`${histogram_KIND}: counts must be non-negative integers`);
        let histogram;
        try {
            histogram = new FrozenHistogram(edges);
        }
        catch {
            throw new errors_InputDataError(`${histogram_KIND}: edges must be strictly increasing`);
        }
        histogram.counts.set(counts);
        return histogram;
    }
}
function sameEdges(a, b) {
    if (a.length !== b.length)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i])
            return false;
    return true;
}
/**
 * Interior edges of `bins` equal-mass bins from a sketch: the quantiles at 1/bins, …, (bins−1)/bins (inverse
 * empirical CDF), with repeats dropped — a constant column gives one edge, an empty sketch none. With these edges
 * and right-closed bins, each bin of the reference holds ~1/bins of its values (ties permitting).
 */
function quantileEdges(sketch, bins = 10) {
    if (!Number.isInteger(bins) || bins < 1)
        throw new RangeError(`quantileEdges: bins must be a positive integer`);
    const edges = [];
    if (sketch.n === 0)
        return edges;
    for (let i = 1; i < bins; i++) {
        const edge = sketch.quantile(i / bins);
        if (edges.length === 0 || edge > edges[edges.length - 1])
            edges.push(edge);
    }
    return edges;
}

;// CONCATENATED MODULE: ./packages/data/src/sketch/index.ts
/** Mergeable one-pass sketches of a column: moments, quantiles (KLL), distinct count (HLL), frequent values, histogram. */








;// CONCATENATED MODULE: ./packages/data/src/readers/bytes.ts
/**
 * Typed values straight from CSV bytes, without making a string: the fast path for the common formats
 * (plain decimal numbers, ISO dates and datetimes). Anything else returns NaN and the caller falls back
 * to the contract's full Table Schema parser on the decoded text.
 */
const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
// Exact powers of ten: a ≤ 2^53 integer times or divided by one of these is correctly rounded (Clinger).
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/**
 * Set by parseDecimal: whether the last number parsed had neither a decimal point nor an exponent.
 * (A property, not an exported `let`: bundlers turn live bindings into a getter call per read.)
 */
const lastDecimal = { integer: false };
/**
 * A plain decimal number ([+-]digits[.digits][e[+-]digits]) from bytes, correctly rounded; NaN for any
 * other text (including an empty range), so callers fall back to the general parser.
 */
function parseDecimal(buf, start, end) {
    let i = start;
    if (i >= end)
        return NaN;
    let negative = false;
    let c = buf[i];
    if (c === MINUS || c === PLUS) {
        negative = c === MINUS;
        if (++i >= end)
            return NaN;
    }
    let mantissa = 0;
    let digits = 0;
    let significant = 0;
    let scale = 0;
    let integer = true;
    for (; i < end; i++) {
        c = buf[i];
        if (c < ZERO || c > NINE)
            break;
        digits++;
        if (significant > 0 || c !== ZERO)
            significant++;
        mantissa = mantissa * 10 + (c - ZERO);
    }
    if (i < end && buf[i] === DOT) {
        integer = false;
        for (i++; i < end; i++) {
            c = buf[i];
            if (c < ZERO || c > NINE)
                break;
            digits++;
            if (significant > 0 || c !== ZERO)
                significant++;
            mantissa = mantissa * 10 + (c - ZERO);
            scale--;
        }
    }
    if (digits === 0)
        return NaN;
    if (i < end) {
        c = buf[i];
        if (c !== 101 && c !== 69)
            return NaN; // e E
        integer = false;
        if (++i >= end)
            return NaN;
        let expNegative = false;
        c = buf[i];
        if (c === MINUS || c === PLUS) {
            expNegative = c === MINUS;
            if (++i >= end)
                return NaN;
        }
        let exponent = 0;
        const expStart = i;
        for (; i < end; i++) {
            c = buf[i];
            if (c < ZERO || c > NINE)
                return NaN;
            exponent = exponent * 10 + (c - ZERO);
            if (exponent > 9999)
                exponent = 9999;
        }
        if (i === expStart)
            return NaN;
        scale += expNegative ? -exponent : exponent;
    }
    lastDecimal.integer = integer;
    let value;
    if (significant <= 15 && scale >= -22 && scale <= 22) {
        value = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    }
    else {
        // Too many digits for the exact fast path: let V8's correctly rounded parser do it.
        value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
        return value;
    }
    return negative ? -value : value;
}
function twoDigits(buf, at) {
    const a = buf[at] - ZERO;
    const b = buf[at + 1] - ZERO;
    if (a < 0 || a > 9 || b < 0 || b > 9)
        return -1;
    return a * 10 + b;
}
function fourDigits(buf, at) {
    const high = twoDigits(buf, at);
    const low = twoDigits(buf, at + 2);
    return high < 0 || low < 0 ? -1 : high * 100 + low;
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validDay(year, month, day) {
    if (month < 1 || month > 12 || day < 1)
        return false;
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}
/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year, month, day) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}
/** An ISO date YYYY-MM-DD as days since the epoch; NaN for anything else. */
function bytes_parseIsoDate(buf, start, end) {
    if (end - start !== 10 || buf[start + 4] !== MINUS || buf[start + 7] !== MINUS)
        return NaN;
    const year = fourDigits(buf, start);
    const month = twoDigits(buf, start + 5);
    const day = twoDigits(buf, start + 8);
    if (year < 0 || !validDay(year, month, day))
        return NaN;
    return daysFromCivil(year, month, day);
}
/**
 * An ISO 8601 datetime YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM] (a space for T too) as epoch milliseconds;
 * NaN for anything else. Without a zone the time is read as UTC, as Table Schema's default format says.
 */
function bytes_parseIsoDatetime(buf, start, end) {
    if (end - start < 19)
        return NaN;
    const days = bytes_parseIsoDate(buf, start, start + 10);
    const t = buf[start + 10];
    if (Number.isNaN(days) || (t !== 84 && t !== 32) || buf[start + 13] !== 58 || buf[start + 16] !== 58)
        return NaN;
    const hour = twoDigits(buf, start + 11);
    const minute = twoDigits(buf, start + 14);
    const second = twoDigits(buf, start + 17);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
        return NaN;
    let i = start + 19;
    let millis = 0;
    if (i < end && buf[i] === DOT) {
        let scale = 100;
        for (i++; i < end; i++) {
            const c = buf[i];
            if (c < ZERO || c > NINE)
                break;
            millis += (c - ZERO) * scale;
            scale /= 10;
        }
        millis = Math.floor(millis);
    }
    let offsetMinutes = 0;
    if (i < end) {
        const c = buf[i];
        if (c === 90 && i + 1 === end)
            i++;
        else if ((c === PLUS || c === MINUS) && end - i === 6 && buf[i + 3] === 58) {
            const oh = twoDigits(buf, i + 1);
            const om = twoDigits(buf, i + 4);
            if (oh < 0 || oh > 23 || om < 0 || om > 59)
                return NaN;
            offsetMinutes = (c === MINUS ? -1 : 1) * (oh * 60 + om);
            i = end;
        }
        else
            return NaN;
    }
    if (i !== end)
        return NaN;
    return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

;// CONCATENATED MODULE: ./packages/core/src/reports/header.ts
/** The fields every mlgate report starts with: what it is, which version of its schema, who wrote it and when. */
/** Schema properties of the report header; `kind` is the report's own constant. */
function reportHeaderProperties(kind) {
    return {
        kind: { const: kind },
        // Readers accept any minor of their major: new minors only add optional fields.
        schemaVersion: { type: 'string', pattern: '^1\\.[0-9]+$' },
        generatedAt: { type: 'string' },
        tool: {
            type: 'object',
            required: ['name', 'version'],
            properties: { name: { const: 'mlgate' }, version: { type: 'string' } },
        },
    };
}
/** The data files a profile or data report was computed from, with their row counts. */
const dataFilesSchema = {
    type: 'array',
    items: {
        type: 'object',
        required: ['path', 'format', 'rows'],
        properties: {
            path: { type: 'string' },
            format: { type: 'string' },
            rows: { type: 'integer', minimum: 0 },
        },
    },
};

;// CONCATENATED MODULE: ./packages/core/src/reports/data-profile.ts
/**
 * The data profile: what validate-data writes with `profile-path` and reads as `reference-profile`.
 * Every column keeps mergeable sketches, so profiles of shards merge into the profile of the dataset.
 */

const DATA_PROFILE_KIND = 'mlgate/data-profile';
const DATA_PROFILE_VERSION = '1.0';
/** What a non-null value looks like, for --infer and for columns no contract declares. */
const VALUE_CLASSES = ['integer', 'number', 'boolean', 'date', 'datetime', 'string'];
const dataProfileSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://mlgate.dev/schemas/data-profile.schema.json',
    title: 'mlgate data profile',
    type: 'object',
    required: ['kind', 'schemaVersion', 'generatedAt', 'tool', 'dataset', 'rows', 'files', 'columns'],
    properties: {
        ...reportHeaderProperties(DATA_PROFILE_KIND),
        context: { type: 'object' },
        dataset: { type: 'string' },
        rows: { type: 'integer', minimum: 0 },
        files: dataFilesSchema,
        columns: {
            type: 'array',
            items: {
                type: 'object',
                required: [
                    'name',
                    'type',
                    'kind',
                    'count',
                    'nulls',
                    'invalid',
                    'nonFinite',
                    'classes',
                    'summary',
                    'moments',
                    'quantiles',
                    'distinct',
                    'top',
                    'lengths',
                ],
                properties: {
                    name: { type: 'string' },
                    type: { type: 'string' },
                    kind: { enum: ['numeric', 'categorical'] },
                    count: { type: 'integer', minimum: 0 },
                    nulls: { type: 'integer', minimum: 0 },
                    invalid: { type: 'integer', minimum: 0 },
                    nonFinite: { type: 'integer', minimum: 0 },
                    classes: { type: 'object', additionalProperties: { type: 'number' } },
                    summary: { type: 'object' },
                    moments: { type: 'object' },
                    quantiles: { type: 'object' },
                    distinct: { type: 'object' },
                    top: { type: 'object' },
                    lengths: { type: 'object' },
                    histogram: {
                        type: 'object',
                        required: ['edges', 'counts'],
                        properties: {
                            edges: { type: 'array', items: { type: 'number' } },
                            counts: { type: 'array', items: { type: 'number' } },
                        },
                    },
                    calendar: {
                        type: 'object',
                        required: ['dayOfWeek'],
                        properties: {
                            hourOfDay: { type: 'array', items: { type: 'number' }, minItems: 24, maxItems: 24 },
                            dayOfWeek: { type: 'array', items: { type: 'number' }, minItems: 7, maxItems: 7 },
                        },
                    },
                },
            },
        },
    },
};

;// CONCATENATED MODULE: ./packages/data/src/profile/column.ts
/**
 * The profile of one column: counts, moments, a quantile sketch, a distinct-count sketch, frequent
 * values and (when a reference fixed the bins) a histogram. Every part merges, so shard profiles merge
 * into the profile of the whole dataset.
 */


/**
 * Frequent-value tracking stops on a column that is evidently near unique (ids, free text), where Misra-Gries only
 * churns: at 2^16 tracked values, and again at every doubling, it stops when (1) the table is no longer exact
 * (more distinct values than it holds), (2) the distinct-count sketch estimates at least 90 % of the values
 * distinct, and (3) the most frequent value's estimated share is below 1 %: what drift calls near unique
 * (validate/drift.ts, HIGH_CARDINALITY_SHARE), so drift leaves the column out exactly as it did when tracking ran
 * to the end. The profile says so (`topValuesStopped`: values counted before it stopped).
 */
const NEAR_UNIQUE_FIRST_CHECK = 1 << 16;
const NEAR_UNIQUE_DISTINCT_SHARE = 0.9;
const NEAR_UNIQUE_TOP_SHARE = 0.01;
class column_ColumnProfile {
    name;
    type;
    count = 0;
    nulls = 0;
    /** Non-null values that do not parse as the declared type. */
    invalid = 0;
    /** Non-finite numbers (NaN, ±INF) seen: counted, kept out of the moments and sketches. */
    nonFinite = 0;
    /** Non-null values by what they look like (for --infer and auto-typed columns). */
    classes = new Float64Array(VALUE_CLASSES.length);
    moments = new Moments();
    quantiles = new KllSketch();
    distinct = new HyperLogLog();
    top = new TopK();
    lengths = new Moments();
    histogram;
    /** Date/datetime columns: counts by UTC hour of day (24, datetimes) then day of week (7, Monday first). */
    calendar;
    /** The tracked-value count at which the near-unique test runs next. */
    nextUniqueCheck = NEAR_UNIQUE_FIRST_CHECK;
    constructor(name, 
    /** The declared Table Schema type, or "auto" when no contract declares the column. */
    type, histogramEdges) {
        this.name = name;
        this.type = type;
        if (histogramEdges)
            this.histogram = new FrozenHistogram(histogramEdges);
        if (type === 'date' || type === 'datetime')
            this.calendar = new Float64Array(HOURS + DAYS);
    }
    /** Numeric columns get drift by PSI/Wasserstein, the rest by Jensen-Shannon over frequent values. */
    get kind() {
        if (this.type === 'auto')
            return this.moments.count > 0 && this.moments.count >= this.top.total ? 'numeric' : 'categorical';
        return NUMERIC_TYPES.has(this.type) ? 'numeric' : 'categorical';
    }
    addNumber(value) {
        if (!Number.isFinite(value)) {
            this.nonFinite++;
            return;
        }
        this.moments.add(value);
        this.quantiles.update(value);
        this.distinct.addHash(hashNumber(value));
        if (this.histogram)
            this.histogram.add(value);
        if (this.calendar)
            this.addCalendar(value);
    }
    /** Dates are epoch days, datetimes epoch milliseconds (UTC); 1970-01-01 was a Thursday (Monday = 0). */
    addCalendar(value) {
        const calendar = this.calendar;
        const days = this.type === 'date' ? value : Math.floor(value / DAY_MS);
        if (this.type === 'datetime')
            calendar[Math.floor((value - days * DAY_MS) / HOUR_MS)]++;
        calendar[HOURS + ((((days + 3) % DAYS) + DAYS) % DAYS)]++;
    }
    /** The calendar part's counts: 24 hours or 7 days; undefined when the column keeps none. */
    calendarCounts(part) {
        if (!this.calendar)
            return undefined;
        if (part === 'dayOfWeek')
            return this.calendar.subarray(HOURS);
        return this.type === 'datetime' ? this.calendar.subarray(0, HOURS) : undefined;
    }
    addText(value) {
        this.addHashedText(value, hashString(value), codePointLength(value));
    }
    /** addText with the value's hashString and length already known (cached by the caller, with its TopK hint). */
    addHashedText(value, hash, length, hint) {
        const top = this.top;
        if (hint)
            top.addHinted(value, hint);
        else
            top.add(value);
        this.distinct.addHash(hash);
        this.lengths.add(length);
        if (top.total >= this.nextUniqueCheck)
            this.checkNearUnique();
    }
    /** addHashedText of a text the caller keeps (`known`): the same result with less work. */
    addKnownText(value, known, trackFrequent) {
        const top = this.top;
        if (!known.distinctAdded) {
            this.distinct.addHash(known.hash);
            known.distinctAdded = true;
        }
        this.lengths.add(known.length);
        if (!trackFrequent) {
            if (top.stopped)
                top.skip();
            return;
        }
        top.addHinted(value, known);
        if (top.total >= this.nextUniqueCheck)
            this.checkNearUnique();
    }
    /**
     * A text value's distinct count and length only: columns that do not track frequent values, or whose tracking
     * stopped (then the value is still counted in the frequent-value sketch's total).
     */
    addTextStats(hash, length) {
        this.distinct.addHash(hash);
        this.lengths.add(length);
        if (this.top.stopped)
            this.top.skip();
    }
    /** Whether frequent-value tracking has stopped on this column (it is near unique): its texts need no string. */
    get topStopped() {
        return this.top.stopped;
    }
    /** Stops frequent-value tracking when the column is evidently near unique (NEAR_UNIQUE_FIRST_CHECK). */
    checkNearUnique() {
        const top = this.top;
        this.nextUniqueCheck = 2 * top.total;
        if (top.isExact || top.stopped)
            return;
        const values = top.total + this.moments.count;
        if (this.distinct.estimate() < NEAR_UNIQUE_DISTINCT_SHARE * values)
            return;
        const first = top.items(1)[0];
        if (first && first.count >= NEAR_UNIQUE_TOP_SHARE * top.total)
            return;
        top.stop();
        this.nextUniqueCheck = Infinity;
    }
    /** Rows in which this column was absent (another shard's rows): nulls. */
    addMissing(rows) {
        this.count += rows;
        this.nulls += rows;
    }
    merge(other) {
        this.count += other.count;
        this.nulls += other.nulls;
        this.invalid += other.invalid;
        this.nonFinite += other.nonFinite;
        for (let i = 0; i < this.classes.length; i++)
            this.classes[i] += other.classes[i];
        this.moments.merge(other.moments);
        this.quantiles.merge(other.quantiles);
        this.distinct.merge(other.distinct);
        this.top.merge(other.top);
        this.lengths.merge(other.lengths);
        if (this.calendar && other.calendar)
            for (let i = 0; i < this.calendar.length; i++)
                this.calendar[i] += other.calendar[i];
        else
            this.calendar = undefined;
        if (this.histogram && other.histogram && column_sameEdges(this.histogram.edges, other.histogram.edges))
            this.histogram.merge(other.histogram);
        else
            this.histogram = undefined;
    }
    toJSON() {
        const classes = {};
        VALUE_CLASSES.forEach((name, i) => {
            if (this.classes[i] > 0)
                classes[name] = this.classes[i];
        });
        const json = {
            name: this.name,
            type: this.type,
            kind: this.kind,
            count: this.count,
            nulls: this.nulls,
            invalid: this.invalid,
            nonFinite: this.nonFinite,
            classes,
            summary: this.summary(),
            moments: this.moments.toJSON(),
            quantiles: this.quantiles.toJSON(),
            distinct: this.distinct.toJSON(),
            top: this.top.toJSON(),
            lengths: this.lengths.toJSON(),
        };
        if (this.histogram)
            json.histogram = { edges: [...this.histogram.edges], counts: [...this.histogram.counts] };
        if (this.calendar)
            json.calendar = {
                ...(this.type === 'datetime' ? { hourOfDay: [...this.calendar.subarray(0, HOURS)] } : {}),
                dayOfWeek: [...this.calendar.subarray(HOURS)],
            };
        return json;
    }
    static fromJSON(json) {
        const column = new column_ColumnProfile(json.name, json.type, json.histogram?.edges);
        column.count = json.count;
        column.nulls = json.nulls;
        column.invalid = json.invalid;
        column.nonFinite = json.nonFinite;
        VALUE_CLASSES.forEach((name, i) => (column.classes[i] = json.classes[name] ?? 0));
        column.moments = Moments.fromJSON(json.moments);
        column.quantiles = KllSketch.fromJSON(json.quantiles);
        column.distinct = HyperLogLog.fromJSON(json.distinct);
        column.top = TopK.fromJSON(json.top);
        column.lengths = Moments.fromJSON(json.lengths);
        if (json.histogram && column.histogram)
            column.histogram.counts.set(json.histogram.counts);
        if (column.calendar) {
            // A profile written before calendar counts existed has none: comparing its zeros would be wrong.
            if (!json.calendar)
                column.calendar = undefined;
            else {
                if (json.calendar.hourOfDay)
                    column.calendar.set(json.calendar.hourOfDay);
                column.calendar.set(json.calendar.dayOfWeek, HOURS);
            }
        }
        return column;
    }
    /** The statistics a reader wants to see, and what `stats` bounds are checked against. */
    summary() {
        const m = this.moments;
        const numeric = m.count > 0;
        const quantile = (q) => (numeric ? this.quantiles.quantile(q) : undefined);
        return {
            nullFraction: this.count > 0 ? this.nulls / this.count : 0,
            distinct: Math.round(this.distinct.estimate()),
            ...(numeric
                ? {
                    min: m.min,
                    max: m.max,
                    mean: m.mean,
                    std: m.count > 1 ? m.std : 0,
                    p01: quantile(0.01),
                    p05: quantile(0.05),
                    p25: quantile(0.25),
                    p50: quantile(0.5),
                    p75: quantile(0.75),
                    p95: quantile(0.95),
                    p99: quantile(0.99),
                }
                : {}),
            ...(this.lengths.count > 0 ? { minLength: this.lengths.min, maxLength: this.lengths.max } : {}),
            ...(this.top.total > 0 && !this.top.stopped
                ? { topValues: this.top.items(10), topValuesExact: this.top.isExact }
                : {}),
            ...(this.top.stopped ? { topValuesStopped: this.top.stoppedAfter } : {}),
        };
    }
}
const HOURS = 24;
const DAYS = 7;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const NUMERIC_TYPES = new Set(['number', 'integer', 'year', 'date', 'datetime']);
function column_sameEdges(a, b) {
    if (a.length !== b.length)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i])
            return false;
    return true;
}
/** Length in characters (code points), as Table Schema's minLength/maxLength count it. */
function codePointLength(text) {
    let length = text.length;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        // A surrogate pair is one character.
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff) {
                length--;
                i++;
            }
        }
    }
    return length;
}

;// CONCATENATED MODULE: ./packages/data/src/validate/classify.ts
/** What a non-numeric text value looks like, for columns no contract declares (and for --infer). */

const classIndex = Object.fromEntries(VALUE_CLASSES.map((name, i) => [name, i]));
const BOOLEAN = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE']);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATETIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
/** The class index of a text value that did not parse as a number. */
function classifyValue(text) {
    if (BOOLEAN.has(text))
        return classIndex.boolean;
    const first = text.charCodeAt(0);
    if (first >= 48 && first <= 57) {
        if (text.length === 10 && DATE.test(text))
            return classIndex.date;
        if (text.length >= 19 && DATETIME.test(text))
            return classIndex.datetime;
    }
    return classIndex.string;
}

;// CONCATENATED MODULE: ./packages/data/src/validate/failures.ts
/** Failing rows kept per check in the report; the count is always exact. */
const failures_SAMPLES_PER_CHECK = 20;
const MAX_VALUE_LENGTH = 200;
class failures_FailureLog {
    count = 0;
    samples = [];
    /** Whether another failing row would be kept as a sample (else only counted). */
    get wantsSample() {
        return this.samples.length < failures_SAMPLES_PER_CHECK;
    }
    add(file, line, value, message, rows = 1) {
        this.count += rows;
        if (this.samples.length >= failures_SAMPLES_PER_CHECK)
            return;
        const sample = { file, line };
        if (value !== undefined)
            sample.value = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
        if (message)
            sample.message = message;
        this.samples.push(sample);
    }
}
/** Failure logs by check name, created on first failure (the map too: most columns of a wide file never fail). */
class FailureLogs {
    logs;
    get byCheck() {
        return (this.logs ??= new Map());
    }
    /** `rows` failing rows at once (a whole file lacking the column) share one sample. */
    add(check, file, line, value, message, rows = 1) {
        let log = this.logs?.get(check);
        if (!log) {
            log = new failures_FailureLog();
            this.byCheck.set(check, log);
        }
        log.add(file, line, value, message, rows);
    }
    /** The log of a check, if any row failed it. */
    log(check) {
        return this.logs?.get(check);
    }
    wantsSample(check) {
        return this.log(check)?.wantsSample ?? true;
    }
    count(check) {
        return this.log(check)?.count ?? 0;
    }
}

;// CONCATENATED MODULE: ./packages/data/src/validate/unique.ts
/**
 * Exact duplicate detection for `unique`, `primaryKey` and `duplicateRows`: a set of 64-bit hashes
 * (two independent 32-bit halves) with the line of each first occurrence. Its memory grows with the
 * number of distinct values (12-byte slots, at most ¾ full: 16–32 bytes each, briefly 1.5× that while the table
 * doubles): the one place the user asks for it by declaring uniqueness.
 * A false duplicate needs a 64-bit collision: about 3e-6 for 11M rows.
 */
const unique_EMPTY = 0;
class HashSet64 {
    high;
    low;
    lines;
    used = 0;
    constructor(capacity = 1 << 16) {
        this.high = new Uint32Array(capacity);
        this.low = new Uint32Array(capacity);
        this.lines = new Uint32Array(capacity);
    }
    get size() {
        return this.used;
    }
    /** Adds a hash; returns 0 when new, else the line where it was first seen. */
    add(high, low, line) {
        // 0/0 marks an empty slot: move a real 0/0 hash out of the way.
        if (high === unique_EMPTY && low === unique_EMPTY)
            low = 1;
        if ((this.used + 1) * 4 > this.high.length * 3)
            this.grow();
        const mask = this.high.length - 1;
        let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
        for (;;) {
            const h = this.high[slot];
            const l = this.low[slot];
            if (h === unique_EMPTY && l === unique_EMPTY) {
                this.high[slot] = high;
                this.low[slot] = low;
                this.lines[slot] = line;
                this.used++;
                return 0;
            }
            if (h === high && l === low)
                return this.lines[slot] || 1;
            slot = (slot + 1) & mask;
        }
    }
    grow() {
        const { high, low, lines } = this;
        this.high = new Uint32Array(high.length * 2);
        this.low = new Uint32Array(high.length * 2);
        this.lines = new Uint32Array(high.length * 2);
        this.used = 0;
        for (let i = 0; i < high.length; i++)
            if (high[i] !== unique_EMPTY || low[i] !== unique_EMPTY)
                this.add(high[i], low[i], lines[i]);
    }
}
/**
 * A scan thread's record of the values it was asked to check for repeats (hash and line), in order. The
 * main thread adds them to its one set in the order of the file, so a repeat names its first line as in
 * a one-thread scan.
 */
class RepeatLog {
    entries = new Uint32Array(3 * 1024);
    used = 0;
    add(high, low, line) {
        if (this.used + 3 > this.entries.length) {
            const grown = new Uint32Array(this.entries.length * 2);
            grown.set(this.entries);
            this.entries = grown;
        }
        this.entries[this.used++] = high;
        this.entries[this.used++] = low;
        this.entries[this.used++] = line;
        return 0;
    }
    /** The entries since the last take (high, low, line triples), and an empty log. */
    take() {
        const taken = this.entries.slice(0, this.used);
        this.used = 0;
        return taken;
    }
}
/**
 * Adds a scan thread's logged entries to the set, in their order; `repeated(line, first)` for each value
 * seen before.
 */
function addLogged(set, entries, repeated) {
    for (let i = 0; i < entries.length; i += 3) {
        const line = entries[i + 2];
        const first = set.add(entries[i], entries[i + 1], line);
        if (first)
            repeated(line, first);
    }
}
/**
 * Two 32-bit hashes of a string in one pass (FNV-style mixing with two seeds and a final avalanche), and
 * of a number by its float64 bits. Equal values always give equal pairs; `hashPair` holds the last result
 * (a property, not exported `let`s: bundlers turn live bindings into a getter call per read).
 */
const hashPair = { high: 0, low: 0 };
function hashText(text) {
    let h1 = 0x2f6b3a71;
    let h2 = 0x6c8e9cf5;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
        h2 ^= h2 >>> 15;
    }
    hashPair.high = fmix(h1 ^ text.length) >>> 0;
    hashPair.low = fmix(h2 ^ text.length) >>> 0;
}
/** The pair of a byte range (CSV fields: hashed as they are written, without decoding). */
function hashBytesPair(buf, start, end) {
    let h1 = 0x2f6b3a71;
    let h2 = 0x6c8e9cf5;
    for (let i = start; i < end; i++) {
        const c = buf[i];
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
        h2 ^= h2 >>> 15;
    }
    hashPair.high = fmix(h1 ^ (end - start)) >>> 0;
    hashPair.low = fmix(h2 ^ (end - start)) >>> 0;
}
const numberView = new DataView(new ArrayBuffer(8));
function hashNumberPair(value) {
    numberView.setFloat64(0, value === 0 ? 0 : value);
    const a = numberView.getUint32(0);
    const b = numberView.getUint32(4);
    hashPair.high = fmix(Math.imul(a, 0xcc9e2d51) ^ b) >>> 0;
    hashPair.low = fmix(Math.imul(b, 0x1b873593) ^ a ^ 0x5bd1e995) >>> 0;
}
/** Combines the current pair into an accumulator (for tuples: primary keys, whole rows). */
class TupleHash {
    high = 0x12345678;
    low = 0x9abcdef0;
    reset() {
        this.high = 0x12345678;
        this.low = 0x9abcdef0;
    }
    mix() {
        this.high = fmix(Math.imul(this.high, 31) ^ hashPair.high) >>> 0;
        this.low = fmix(Math.imul(this.low ^ 0x27d4eb2d, 37) ^ hashPair.low) >>> 0;
    }
}
function fmix(h) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h;
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/options.ts
/** Returned instead of a value when the text does not parse as the field's type. */
const options_INVALID = Symbol('invalid');
const options_defaultTrueValues = (/* unused pure expression or super */ null && (['true', 'True', 'TRUE', '1']));
const options_defaultFalseValues = (/* unused pure expression or super */ null && (['false', 'False', 'FALSE', '0']));
/** Frictionless defaults for the lexical options of a field of this type. */
function parserOptions(type, overrides = {}) {
    return {
        type,
        format: 'default',
        trueValues: options_defaultTrueValues,
        falseValues: options_defaultFalseValues,
        decimalChar: '.',
        groupChar: '',
        bareNumber: true,
        ...overrides,
    };
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/chars.ts
/** Character codes and digit helpers shared by the value parsers. */
// A module binding: in sandboxes such as Jest's, every global lookup of `Math` costs a property interceptor.
const floor = Math.floor;
// Character codes (plain constants: enum member access would cost a property load per character).
const chars_CHAR_PLUS = 43;
const chars_CHAR_MINUS = 45;
const chars_CHAR_DOT = 46;
const CHAR_ZERO = 48;
const CHAR_NINE = 57;
const CHAR_COLON = 58;
const CHAR_E = 69;
const CHAR_T = 84;
const CHAR_Z = 90;
const CHAR_LOWER_E = 101;
const CHAR_LOWER_T = 116;
const CHAR_LOWER_Z = 122;
const CHAR_SPACE = 32;
const CHAR_SLASH = 47;
function chars_isDigit(code) {
    return code >= CHAR_ZERO && code <= CHAR_NINE;
}
function digitsAt(text, start, count) {
    let value = 0;
    for (let i = start; i < start + count; i++) {
        const code = text.charCodeAt(i);
        if (!chars_isDigit(code))
            return -1;
        value = value * 10 + (code - CHAR_ZERO);
    }
    return value;
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/dates.ts
/** ISO dates and datetimes (and the `any` formats) → epoch days and epoch milliseconds, UTC. */


/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
function dates_daysFromCivil(year, month, day) {
    const y = month <= 2 ? year - 1 : year;
    const era = floor(y / 400);
    const yearOfEra = y - era * 400;
    const dayOfYear = floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const dayOfEra = yearOfEra * 365 + floor(yearOfEra / 4) - floor(yearOfEra / 100) + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}
function daysInMonth(year, month) {
    if (month === 2)
        return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
/** "YYYY-MM-DD" (or YYYY/MM/DD with separator '/') starting at `start` → epoch days, or -1e9 if invalid. */
const noDate = -1e9;
function isoDateAt(text, start, separator) {
    const year = digitsAt(text, start, 4);
    const month = digitsAt(text, start + 5, 2);
    const day = digitsAt(text, start + 8, 2);
    if (year < 0 ||
        month < 1 ||
        month > 12 ||
        day < 1 ||
        text.charCodeAt(start + 4) !== separator ||
        text.charCodeAt(start + 7) !== separator ||
        day > daysInMonth(year, month)) {
        return noDate;
    }
    return dates_daysFromCivil(year, month, day);
}
/** ISO date, YYYY-MM-DD → epoch days. */
function dates_parseIsoDate(text) {
    if (text.length !== 10)
        return options_INVALID;
    const days = isoDateAt(text, 0, chars_CHAR_MINUS);
    return days === noDate ? options_INVALID : days;
}
const msPerDay = 86_400_000;
/**
 * ISO 8601 datetime → epoch ms: YYYY-MM-DDThh:mm[:ss[.fff…]][Z|±hh:mm|±hhmm|±hh]. A space may stand for the
 * T; without an offset the time is read as UTC.
 */
function dates_parseIsoDatetime(text) {
    const length = text.length;
    if (length < 16)
        return options_INVALID;
    const days = isoDateAt(text, 0, chars_CHAR_MINUS);
    const separator = text.charCodeAt(10);
    if (days === noDate || (separator !== CHAR_T && separator !== CHAR_LOWER_T && separator !== CHAR_SPACE)) {
        return options_INVALID;
    }
    const time = timeAt(text, 11);
    return time === options_INVALID ? options_INVALID : days * msPerDay + time;
}
/** hh:mm[:ss[.fff]][offset] from `start` to the end → milliseconds since midnight UTC (may be < 0 or ≥ 1 day). */
function timeAt(text, start) {
    const length = text.length;
    const hour = digitsAt(text, start, 2);
    const minute = digitsAt(text, start + 3, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || text.charCodeAt(start + 2) !== CHAR_COLON) {
        return options_INVALID;
    }
    let ms = (hour * 60 + minute) * 60_000;
    let i = start + 5;
    if (text.charCodeAt(i) === CHAR_COLON) {
        const second = digitsAt(text, i + 1, 2);
        if (second < 0 || second > 59)
            return options_INVALID;
        ms += second * 1000;
        i += 3;
        if (text.charCodeAt(i) === chars_CHAR_DOT) {
            i++;
            let scale = 100;
            const fractionStart = i;
            while (i < length && chars_isDigit(text.charCodeAt(i))) {
                ms += (text.charCodeAt(i) - CHAR_ZERO) * scale;
                scale /= 10;
                i++;
            }
            if (i === fractionStart)
                return options_INVALID;
            ms = floor(ms);
        }
    }
    if (i === length)
        return ms;
    const code = text.charCodeAt(i);
    if ((code === CHAR_Z || code === CHAR_LOWER_Z) && i + 1 === length)
        return ms;
    if (code !== chars_CHAR_PLUS && code !== chars_CHAR_MINUS)
        return options_INVALID;
    const offsetHours = digitsAt(text, i + 1, 2);
    let offsetMinutes = 0;
    const rest = length - i - 3;
    if (rest === 3 && text.charCodeAt(i + 3) === CHAR_COLON)
        offsetMinutes = digitsAt(text, i + 4, 2);
    else if (rest === 2)
        offsetMinutes = digitsAt(text, i + 3, 2);
    else if (rest !== 0)
        return options_INVALID;
    if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59)
        return options_INVALID;
    const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
    return code === chars_CHAR_PLUS ? ms - offset : ms + offset;
}
/**
 * Date format `any`: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY-MM (the first of the month) or an ISO datetime
 * (its UTC day).
 */
function parseAnyDate(text) {
    const length = text.length;
    if (length === 10) {
        const slash = text.charCodeAt(4) === CHAR_SLASH;
        const days = isoDateAt(text, 0, slash ? CHAR_SLASH : chars_CHAR_MINUS);
        return days === noDate ? options_INVALID : days;
    }
    if (length === 8) {
        const year = digitsAt(text, 0, 4);
        const month = digitsAt(text, 4, 2);
        const day = digitsAt(text, 6, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
            return options_INVALID;
        return dates_daysFromCivil(year, month, day);
    }
    if (length === 7) {
        const year = digitsAt(text, 0, 4);
        const month = digitsAt(text, 5, 2);
        if (year < 0 || month < 1 || month > 12 || text.charCodeAt(4) !== chars_CHAR_MINUS)
            return options_INVALID;
        return dates_daysFromCivil(year, month, 1);
    }
    const ms = dates_parseIsoDatetime(text);
    return ms === options_INVALID ? options_INVALID : floor(ms / msPerDay);
}
/** Datetime format `any`: an ISO datetime, an ISO date (midnight UTC), or the same with '/' in the date. */
function parseAnyDatetime(text) {
    if (text.length === 10) {
        const days = parseAnyDate(text);
        return days === options_INVALID ? options_INVALID : days * msPerDay;
    }
    if (text.charCodeAt(4) === CHAR_SLASH && text.length >= 16) {
        const days = isoDateAt(text, 0, CHAR_SLASH);
        const separator = text.charCodeAt(10);
        if (days === noDate || (separator !== CHAR_T && separator !== CHAR_SPACE))
            return options_INVALID;
        const time = timeAt(text, 11);
        return time === options_INVALID ? options_INVALID : days * msPerDay + time;
    }
    return dates_parseIsoDatetime(text);
}
/** Frictionless year: exactly four digits. */
function parseYear(text) {
    if (text.length !== 4)
        return options_INVALID;
    const year = digitsAt(text, 0, 4);
    return year < 0 ? options_INVALID : year;
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/numbers.ts
/** Frictionless number and integer parsing, with decimalChar, groupChar and bareNumber. */


/** Exact powers of ten for the fast path of `parseNumber`. */
const powersOfTen = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
/**
 * Frictionless number: [+-]digits[.digits][e[+-]digits], or NaN, INF, -INF. Up to 15 digits without an
 * exponent, the value is computed while scanning: mantissa / 10^k is correctly rounded when both are exact
 * doubles (Clinger's fast path), so it equals Number(text) at a third of the cost.
 */
function numbers_parseNumber(text) {
    const length = text.length;
    let i = 0;
    let code = text.charCodeAt(0);
    const negative = code === chars_CHAR_MINUS;
    if (negative || code === chars_CHAR_PLUS)
        code = text.charCodeAt(++i);
    let digits = 0;
    let mantissa = 0;
    while (chars_isDigit(code)) {
        mantissa = mantissa * 10 + (code - CHAR_ZERO);
        digits++;
        code = text.charCodeAt(++i);
    }
    let fractionDigits = 0;
    if (code === chars_CHAR_DOT) {
        code = text.charCodeAt(++i);
        while (chars_isDigit(code)) {
            mantissa = mantissa * 10 + (code - CHAR_ZERO);
            fractionDigits++;
            code = text.charCodeAt(++i);
        }
        digits += fractionDigits;
    }
    if (digits === 0) {
        if (text === 'NaN')
            return NaN;
        if (text === 'INF')
            return Infinity;
        if (text === '-INF')
            return -Infinity;
        return options_INVALID;
    }
    if (i === length) {
        if (digits > 15)
            return +text;
        const value = mantissa / powersOfTen[fractionDigits];
        return negative ? -value : value;
    }
    if (code !== CHAR_LOWER_E && code !== CHAR_E)
        return options_INVALID;
    code = text.charCodeAt(++i);
    if (code === chars_CHAR_PLUS || code === chars_CHAR_MINUS)
        code = text.charCodeAt(++i);
    let exponentDigits = 0;
    while (chars_isDigit(code)) {
        exponentDigits++;
        code = text.charCodeAt(++i);
    }
    return exponentDigits > 0 && i === length ? +text : options_INVALID;
}
/** Frictionless integer: [+-]digits. Integers beyond 2^53 keep the nearest double. */
function numbers_parseInteger(text) {
    const length = text.length;
    let i = 0;
    let negative = false;
    let code = text.charCodeAt(0);
    if (code === chars_CHAR_PLUS || code === chars_CHAR_MINUS) {
        negative = code === chars_CHAR_MINUS;
        i = 1;
    }
    if (i === length)
        return options_INVALID;
    if (length - i > 15) {
        for (let j = i; j < length; j++)
            if (!chars_isDigit(text.charCodeAt(j)))
                return options_INVALID;
        return +text;
    }
    let value = 0;
    for (; i < length; i++) {
        code = text.charCodeAt(i);
        if (!chars_isDigit(code))
            return options_INVALID;
        value = value * 10 + (code - CHAR_ZERO);
    }
    return negative ? -value : value;
}
/** decimalChar, groupChar and bareNumber: false turn the text into a default-format number first. */
function normaliseNumberText(field) {
    const { decimalChar, groupChar, bareNumber } = field;
    if (decimalChar === '.' && groupChar === '' && bareNumber)
        return null;
    return (text) => {
        let value = text;
        if (!bareNumber)
            value = stripNonNumeric(value, decimalChar);
        if (groupChar !== '')
            value = value.split(groupChar).join('');
        if (decimalChar !== '.') {
            // With another decimalChar a '.' is no decimal point: "1.5" is invalid, not 1.5.
            if (value.includes('.'))
                return '';
            value = value.split(decimalChar).join('.');
        }
        return value;
    };
}
/** "€ 95" → "95", "95%" → "95", "$-5" → "-5": drop leading text before the sign or digits, trailing after the digits. */
function stripNonNumeric(text, decimalChar) {
    let start = 0;
    while (start < text.length) {
        const code = text.charCodeAt(start);
        if (chars_isDigit(code) || code === chars_CHAR_PLUS || code === chars_CHAR_MINUS || text.startsWith(decimalChar, start))
            break;
        start++;
    }
    let end = text.length;
    while (end > start && !chars_isDigit(text.charCodeAt(end - 1)))
        end--;
    return text.slice(start, end);
}
function numberParser(field) {
    const normalise = normaliseNumberText(field);
    return normalise ? (text) => numbers_parseNumber(normalise(text)) : numbers_parseNumber;
}
function integerParser(field) {
    const normalise = normaliseNumberText({ ...field, decimalChar: '.' });
    return normalise ? (text) => numbers_parseInteger(normalise(text)) : numbers_parseInteger;
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/strings.ts
/** String formats: email, uri, uuid and binary (base64). */


const strings_stringFormats = new Set(['default', 'email', 'uri', 'uuid', 'binary']);
function stringParser(format) {
    switch (format) {
        case 'email':
            return (text) => (isEmail(text) ? text : options_INVALID);
        case 'uri':
            return (text) => (isUri(text) ? text : options_INVALID);
        case 'uuid':
            return (text) => (isUuid(text) ? text : options_INVALID);
        case 'binary':
            return (text) => (isBase64(text) ? text : options_INVALID);
        default:
            return (text) => text;
    }
}
/** A deliberately simple address check: one @, text on both sides, a dot inside the domain, no whitespace. */
function isEmail(text) {
    const at = text.indexOf('@');
    if (at <= 0 || at !== text.lastIndexOf('@'))
        return false;
    const dot = text.indexOf('.', at + 2);
    if (dot < 0 || text.endsWith('.'))
        return false;
    for (let i = 0; i < text.length; i++)
        if (text.charCodeAt(i) <= CHAR_SPACE)
            return false;
    return true;
}
/** RFC 3986 scheme ":" followed by at least one non-space character. */
function isUri(text) {
    const colon = text.indexOf(':');
    if (colon < 1 || colon === text.length - 1)
        return false;
    for (let i = 0; i < colon; i++) {
        const code = text.charCodeAt(i) | 0x20;
        const letter = code >= 97 && code <= 122;
        if (!letter && (i === 0 || !(chars_isDigit(text.charCodeAt(i)) || '+-.'.includes(text[i]))))
            return false;
    }
    for (let i = colon + 1; i < text.length; i++)
        if (text.charCodeAt(i) <= CHAR_SPACE)
            return false;
    return true;
}
/** 8-4-4-4-12 hexadecimal digits, any version. */
function isUuid(text) {
    if (text.length !== 36)
        return false;
    for (let i = 0; i < 36; i++) {
        const code = text.charCodeAt(i);
        if (i === 8 || i === 13 || i === 18 || i === 23) {
            if (code !== chars_CHAR_MINUS)
                return false;
        }
        else if (!(chars_isDigit(code) || ((code | 0x20) >= 97 && (code | 0x20) <= 102))) {
            return false;
        }
    }
    return true;
}
function isBase64(text) {
    if (text.length % 4 !== 0)
        return false;
    let end = text.length;
    if (text.endsWith('=='))
        end -= 2;
    else if (text.endsWith('='))
        end -= 1;
    for (let i = 0; i < end; i++) {
        const code = text.charCodeAt(i);
        const lower = code | 0x20;
        if (!(chars_isDigit(code) || (lower >= 97 && lower <= 122) || code === chars_CHAR_PLUS || code === CHAR_SLASH)) {
            return false;
        }
    }
    return true;
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/strptime.ts
/** Python-style strptime patterns ("%d/%m/%Y"): compiled once per field, run on every cell. */



const monthNames = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
];
/** The strptime directives mlgate reads, with the digit counts Python's strptime accepts. */
const numberDirectives = {
    Y: { min: 4, max: 4 },
    y: { min: 2, max: 2 },
    m: { min: 1, max: 2 },
    d: { min: 1, max: 2 },
    H: { min: 1, max: 2 },
    M: { min: 1, max: 2 },
    S: { min: 1, max: 2 },
    f: { min: 1, max: 6 },
};
/** "%d/%m/%Y" → parts, or a sentence saying what is wrong. A legacy "fmt:" prefix is accepted. */
function strptime_compileStrptime(format) {
    const source = format.startsWith('fmt:') ? format.slice(4) : format;
    const parts = [];
    let literal = '';
    for (let i = 0; i < source.length; i++) {
        const char = source[i];
        if (char !== '%') {
            literal += char;
            continue;
        }
        const directive = source[++i];
        if (directive === '%') {
            literal += '%';
            continue;
        }
        if (literal)
            parts.push({ kind: 'literal', text: literal });
        literal = '';
        if (directive in numberDirectives) {
            parts.push({ kind: 'number', unit: directive, ...numberDirectives[directive] });
        }
        else if (directive === 'b' || directive === 'B') {
            parts.push({ kind: 'month-name', full: directive === 'B' });
        }
        else if (directive === 'z') {
            parts.push({ kind: 'offset' });
        }
        else {
            return directive === undefined
                ? `format "${format}" ends with a lone %`
                : `format "${format}" uses %${directive}; mlgate reads %Y %y %m %d %H %M %S %f %b %B %z and %%`;
        }
    }
    if (literal)
        parts.push({ kind: 'literal', text: literal });
    if (!parts.some((part) => part.kind === 'number' && (part.unit === 'Y' || part.unit === 'y'))) {
        return `format "${format}" has no year (%Y or %y)`;
    }
    return parts;
}
/** Runs a compiled pattern on the whole text → epoch ms (UTC unless %z), or INVALID. */
function runStrptime(parts, text) {
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let ms = 0;
    let offsetMs = 0;
    let i = 0;
    for (const part of parts) {
        if (part.kind === 'literal') {
            if (!text.startsWith(part.text, i))
                return options_INVALID;
            i += part.text.length;
        }
        else if (part.kind === 'number') {
            let value = 0;
            let count = 0;
            while (count < part.max && chars_isDigit(text.charCodeAt(i))) {
                value = value * 10 + (text.charCodeAt(i) - CHAR_ZERO);
                i++;
                count++;
            }
            if (count < part.min)
                return options_INVALID;
            switch (part.unit) {
                case 'Y':
                    year = value;
                    break;
                case 'y':
                    year = value < 69 ? 2000 + value : 1900 + value; // POSIX: 69–99 → 1969–1999
                    break;
                case 'm':
                    month = value;
                    break;
                case 'd':
                    day = value;
                    break;
                case 'H':
                    hour = value;
                    break;
                case 'M':
                    minute = value;
                    break;
                case 'S':
                    second = value;
                    break;
                case 'f':
                    ms = floor(value / 10 ** (count - 3));
                    break;
            }
        }
        else if (part.kind === 'month-name') {
            const found = monthAt(text, i, part.full);
            if (found === null)
                return options_INVALID;
            month = found.month;
            i += found.length;
        }
        else {
            const code = text.charCodeAt(i);
            if (code === CHAR_Z) {
                i++;
                continue;
            }
            if (code !== chars_CHAR_PLUS && code !== chars_CHAR_MINUS)
                return options_INVALID;
            const hours = digitsAt(text, i + 1, 2);
            const colon = text.charCodeAt(i + 3) === CHAR_COLON ? 1 : 0;
            const minutes = digitsAt(text, i + 3 + colon, 2);
            if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59)
                return options_INVALID;
            offsetMs = (code === chars_CHAR_PLUS ? 1 : -1) * (hours * 60 + minutes) * 60_000;
            i += 5 + colon;
        }
    }
    if (i !== text.length)
        return options_INVALID;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return options_INVALID;
    if (hour > 23 || minute > 59 || second > 59)
        return options_INVALID;
    return (dates_daysFromCivil(year, month, day) * msPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offsetMs);
}
function monthAt(text, start, full) {
    for (let m = 0; m < 12; m++) {
        const name = full ? monthNames[m] : monthNames[m].slice(0, 3);
        if (text.length - start >= name.length && text.slice(start, start + name.length).toLowerCase() === name) {
            return { month: m + 1, length: name.length };
        }
    }
    return null;
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/parser.ts






/** Builds the parser for one field. Throws only for a format `formatProblem` would have reported. */
function makeParser(field) {
    switch (field.type) {
        case 'number':
            return numberParser(field);
        case 'integer':
            return integerParser(field);
        case 'boolean':
            return booleanParser(field);
        case 'year':
            return parseYear;
        case 'date':
            return dateParser(field.format);
        case 'datetime':
            return datetimeParser(field.format);
        case 'string':
            return stringParser(field.format);
        case 'any':
            return (text) => text;
    }
}
/** Why a format is not usable for a type (unknown format, bad strptime pattern), or null. */
function formatProblem(type, format) {
    if (format === 'default' || format === 'any')
        return null;
    if (type === 'string') {
        return stringFormats.has(format)
            ? null
            : `unknown string format "${format}" (use default, email, uri, uuid or binary)`;
    }
    if (type === 'date' || type === 'datetime') {
        const compiled = compileStrptime(format);
        return typeof compiled === 'string' ? compiled : null;
    }
    return `type ${type} has no format "${format}" (only "default")`;
}
/** True when `text` is one of the texts that mean "no value". */
function isMissing(text, missingValues) {
    return missingValues.includes(text);
}
/** A faster `isMissing` for one field (the default `['']` is a length test). */
function makeMissingTest(missingValues) {
    if (missingValues.length === 0)
        return () => false;
    if (missingValues.length === 1 && missingValues[0] === '')
        return (text) => text.length === 0;
    if (missingValues.length === 1) {
        const only = missingValues[0];
        return (text) => text === only;
    }
    const set = new Set(missingValues);
    return (text) => set.has(text);
}
function booleanParser(field) {
    const values = new Map();
    for (const text of field.falseValues)
        values.set(text, false);
    for (const text of field.trueValues)
        values.set(text, true);
    return (text) => values.get(text) ?? options_INVALID;
}
function dateParser(format) {
    if (format === 'default')
        return dates_parseIsoDate;
    if (format === 'any')
        return parseAnyDate;
    const pattern = strptime_compileStrptime(format);
    if (typeof pattern === 'string')
        throw new Error(pattern);
    return (text) => {
        const ms = runStrptime(pattern, text);
        return ms === options_INVALID ? options_INVALID : floor(ms / msPerDay);
    };
}
function datetimeParser(format) {
    if (format === 'default')
        return dates_parseIsoDatetime;
    if (format === 'any')
        return parseAnyDatetime;
    const pattern = strptime_compileStrptime(format);
    if (typeof pattern === 'string')
        throw new Error(pattern);
    return (text) => runStrptime(pattern, text);
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/json.ts
/** Coercion of values read from JSON, JSONL and Parquet to a field's type. */




/**
 * Coerces a value read from JSON/JSONL/Parquet. The JavaScript type decides first: a number field takes
 * numbers (and Parquet's bigints), a boolean field booleans, a string field strings. A string where a
 * number or boolean is expected is INVALID — quoted numbers are the type drift a contract must catch.
 * Dates and datetimes have no JSON type, so strings are parsed with the field's format; Date objects (from
 * Parquet) are taken as they are. Missing values (null, undefined) are the caller's to count first.
 */
function makeJsonCoercer(field) {
    const parseText = makeParser(field);
    switch (field.type) {
        case 'number':
            return (value) => typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : options_INVALID;
        case 'integer':
            return (value) => typeof value === 'number'
                ? Number.isInteger(value)
                    ? value
                    : options_INVALID
                : typeof value === 'bigint'
                    ? Number(value)
                    : options_INVALID;
        case 'year':
            return (value) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 9999
                ? value
                : typeof value === 'string'
                    ? parseText(value)
                    : options_INVALID;
        case 'boolean':
            return (value) => (typeof value === 'boolean' ? value : options_INVALID);
        case 'date':
            return (value) => typeof value === 'string'
                ? parseText(value)
                : value instanceof Date && !Number.isNaN(value.getTime())
                    ? floor(value.getTime() / msPerDay)
                    : options_INVALID;
        case 'datetime':
            return (value) => typeof value === 'string'
                ? parseText(value)
                : value instanceof Date && !Number.isNaN(value.getTime())
                    ? value.getTime()
                    : options_INVALID;
        case 'string':
            return (value) => (typeof value === 'string' ? parseText(value) : options_INVALID);
        case 'any':
            return (value) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
                ? value
                : typeof value === 'bigint'
                    ? Number(value)
                    : value instanceof Date
                        ? value.toISOString()
                        : JSON.stringify(value);
    }
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/classify.ts
/** The most specific type a text parses as, for `--infer`. */




/**
 * The most specific default-format type a text parses as, for `--infer`. "1"/"0" are integers (a column of
 * 0/1 stays numeric); only true/false spellings are booleans.
 */
function classifyText(text) {
    const first = text.charCodeAt(0);
    if (isDigit(first) || first === CHAR_MINUS || first === CHAR_PLUS || first === CHAR_DOT) {
        if (parseInteger(text) !== INVALID)
            return 'integer';
        if (text.length === 10 && parseIsoDate(text) !== INVALID)
            return 'date';
        if (text.length >= 16 && parseIsoDatetime(text) !== INVALID)
            return 'datetime';
        if (parseNumber(text) !== INVALID)
            return 'number';
        return 'string';
    }
    if (text === 'NaN' || text === 'INF')
        return 'number';
    if (defaultTrueValues.includes(text) || defaultFalseValues.includes(text))
        return 'boolean';
    return 'string';
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/display.ts

/** A parsed value as the user wrote it: dates and datetimes back to ISO text. */
function displayValue(type, value) {
    if (typeof value === 'number' && (type === 'date' || type === 'datetime')) {
        const date = new Date(type === 'date' ? value * msPerDay : value);
        // Beyond JavaScript's date range (±273,790 years) there is no calendar text: show the number.
        if (!Number.isNaN(date.getTime()))
            return type === 'date' ? date.toISOString().slice(0, 10) : date.toISOString();
    }
    return String(value);
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values/constraints.ts


/**
 * Checks a parsed, non-missing value against the field's constraints: null when it passes, else a short
 * reason. `required` (missing values) and `unique` (needs every value) are the validation engine's.
 */
function makeConstraintChecker(field) {
    const c = field.constraints;
    const show = (value) => displayValue(field.type, value);
    const minimum = c.minimum ?? -Infinity;
    const maximum = c.maximum ?? Infinity;
    const exclusiveMinimum = c.exclusiveMinimum ?? -Infinity;
    const exclusiveMaximum = c.exclusiveMaximum ?? Infinity;
    const hasRange = c.minimum !== undefined ||
        c.maximum !== undefined ||
        c.exclusiveMinimum !== undefined ||
        c.exclusiveMaximum !== undefined;
    const belowMinimum = c.minimum === undefined ? '' : `below minimum ${show(c.minimum)}`;
    const aboveMaximum = c.maximum === undefined ? '' : `above maximum ${show(c.maximum)}`;
    const notAboveExclusive = c.exclusiveMinimum === undefined ? '' : `not above exclusiveMinimum ${show(c.exclusiveMinimum)}`;
    const notBelowExclusive = c.exclusiveMaximum === undefined ? '' : `not below exclusiveMaximum ${show(c.exclusiveMaximum)}`;
    const allowed = c.enum === undefined ? null : new Set(c.enum);
    const pattern = field.pattern;
    const minLength = c.minLength ?? 0;
    const maxLength = c.maxLength ?? Infinity;
    return (value) => {
        if (typeof value === 'number') {
            // NaN compares false, so it passes ranges as in Frictionless implementations (the profile counts it).
            if (hasRange) {
                if (value < minimum)
                    return belowMinimum;
                if (value > maximum)
                    return aboveMaximum;
                if (value <= exclusiveMinimum)
                    return notAboveExclusive;
                if (value >= exclusiveMaximum)
                    return notBelowExclusive;
            }
        }
        else if (typeof value === 'string') {
            // UTF-16 length bounds the code-point count from above: count code points only near the limits.
            if (value.length > maxLength || value.length < minLength * 2) {
                const length = codePoints(value);
                if (length > maxLength)
                    return `length ${length} > maxLength ${maxLength}`;
                if (length < minLength)
                    return `length ${length} < minLength ${minLength}`;
            }
            if (pattern !== undefined && !matchesDfa(pattern.matcher, value))
                return 'does not match pattern';
        }
        if (allowed !== null && !allowed.has(value))
            return 'not in enum';
        return null;
    };
}
function codePoints(text) {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        // A high surrogate followed by a low one is one character.
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff)
                i++;
        }
        count++;
    }
    return count;
}

;// CONCATENATED MODULE: ./packages/data/src/contract/values.ts
/**
 * Frictionless Table Schema value parsing (https://specs.frictionlessdata.io/table-schema/#types-and-formats),
 * built once per field and run on every cell: no exceptions, no regular expressions, no allocation on the
 * default formats beyond the returned value.
 *
 * Parsed values: number/integer/year → number; boolean → boolean; date → epoch days (UTC);
 * datetime → epoch milliseconds (UTC; a value without an offset is read as UTC); string/any → the text.
 */










;// CONCATENATED MODULE: ./packages/data/src/validate/rules.ts
/**
 * What the streaming engine needs of a contract, compiled once before the data streams: per field a
 * parser, a constraint checker and the fast path for its bytes; per dataset the layout and row rules.
 */
// From the modules themselves, not the contract index: scan threads build rules without the contract loader.



/** The constraint each of makeConstraintChecker's reasons is about. */
const REASON_CONSTRAINTS = [
    ['below minimum', 'minimum'],
    ['above maximum', 'maximum'],
    ['NaN is outside', 'minimum'],
    ['not above exclusiveMinimum', 'exclusiveMinimum'],
    ['not below exclusiveMaximum', 'exclusiveMaximum'],
    ['does not match pattern', 'pattern'],
    ['not in enum', 'enum'],
];
function constraintOf(reason) {
    if (reason.includes('maxLength'))
        return 'maxLength';
    if (reason.includes('minLength'))
        return 'minLength';
    return REASON_CONSTRAINTS.find(([prefix]) => reason.startsWith(prefix))?.[1] ?? 'constraints';
}
const ROW_CONSTRAINTS = [
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
    'pattern',
    'enum',
];
const TYPE_LABELS = {
    integer: 'integer',
    number: 'number',
    boolean: 'boolean',
    date: 'date',
    datetime: 'datetime',
    year: 'year',
    string: 'string',
    any: 'value',
};
function fieldRules(field) {
    const declared = ROW_CONSTRAINTS.filter((name) => field.constraints[name] !== undefined);
    const fastPath = fastPathOf(field);
    const format = field.format !== 'default' ? ` (format ${field.format})` : '';
    return {
        name: field.name,
        type: field.type,
        typeLabel: `${TYPE_LABELS[field.type] ?? field.type}${format}`,
        fastPath,
        booleanBytes: [
            ...field.trueValues.map((text) => ({ bytes: Buffer.from(text), value: true })),
            ...field.falseValues.map((text) => ({ bytes: Buffer.from(text), value: false })),
        ],
        emptyIsMissing: field.missingValues.includes(''),
        isMissing: makeMissingTest(field.missingValues),
        parse: makeParser(field),
        coerce: makeJsonCoercer(field),
        check: makeVerdictChecker(field, declared),
        constraintNames: declared,
        required: field.constraints.required,
        unique: field.constraints.unique,
        trackFrequent: field.drift !== false,
        numericBounds: fastPath !== 'none' && field.constraints.enum === undefined
            ? {
                min: field.constraints.minimum ?? -Infinity,
                max: field.constraints.maximum ?? Infinity,
                exclusiveMin: field.constraints.exclusiveMinimum ?? -Infinity,
                exclusiveMax: field.constraints.exclusiveMaximum ?? Infinity,
            }
            : undefined,
        lightText: lightTextOf(field),
        enumTexts: field.type === 'string' && field.constraints.enum !== undefined
            ? field.constraints.enum.filter((value) => typeof value === 'string')
            : undefined,
        spec: {
            name: field.name,
            mostly: field.mostly,
            maxNullFraction: field.maxNullFraction,
            stats: field.stats,
            drift: field.drift,
            severity: field.severity,
            constraints: field.constraints,
            file: field.file,
            line: field.line,
        },
    };
}
/**
 * A value's verdicts: undefined when it passes; else one verdict per constraint it breaks (each constraint's own
 * checker runs only when the combined one fails: a value may break several).
 */
function makeVerdictChecker(field, declared) {
    const checker = makeConstraintChecker(field);
    const singles = declared.map((name) => makeConstraintChecker({
        type: field.type,
        constraints: {
            required: false,
            unique: false,
            [name]: field.constraints[name],
        },
        pattern: name === 'pattern' ? field.pattern : undefined,
    }));
    // One verdict object per distinct reason: failing values allocate only the list.
    const verdicts = new Map();
    const verdict = (reason) => {
        let known = verdicts.get(reason);
        if (!known) {
            known = { constraint: constraintOf(reason), message: reason };
            verdicts.set(reason, known);
        }
        return known;
    };
    return (value) => {
        const reason = checker(value);
        if (reason === null)
            return undefined;
        if (singles.length <= 1)
            return [verdict(reason)];
        const failed = [];
        for (const single of singles) {
            const one = single(value);
            if (one !== null)
                failed.push(verdict(one));
        }
        return failed.length ? failed : [verdict(reason)];
    };
}
/** How a CSV cell of this field is read straight from its bytes (numbers, dates and booleans in default formats). */
function fastPathOf(field) {
    const defaultNumber = field.decimalChar === '.' && field.groupChar === '' && field.bareNumber;
    if (field.type === 'number' && defaultNumber)
        return 'number';
    if (field.type === 'integer' && defaultNumber)
        return 'integer';
    if (field.type === 'date' && field.format === 'default')
        return 'date';
    if (field.type === 'datetime' && field.format === 'default')
        return 'datetime';
    if (field.type === 'boolean')
        return 'boolean';
    return 'none';
}
/** Plain strings checked only for lengths and pattern: measured and matched from the bytes. */
function lightTextOf(field) {
    if (field.type !== 'string' ||
        field.format !== 'default' ||
        field.constraints.unique ||
        field.constraints.enum !== undefined ||
        !field.missingValues.every((missing) => missing === ''))
        return undefined;
    return {
        minLength: field.constraints.minLength ?? 0,
        maxLength: field.constraints.maxLength ?? Infinity,
        pattern: field.pattern?.ascii,
        positions: field.pattern?.ascii ? fixedPositions(field.pattern.ascii) : undefined,
        hasPattern: field.constraints.pattern !== undefined,
    };
}
/** The contract without its functions, to post to a scan thread (record schemas apply to JSON, not CSV). */
function contractData(contract) {
    const { lineOf: _lineOf, recordSchema: _recordSchema, ...data } = contract;
    return data;
}
function buildRules(contract) {
    const recordSchema = contract.recordSchema;
    return {
        fields: contract.fields.map(fieldRules),
        columns: contract.columns,
        duplicateRows: contract.duplicateRows,
        primaryKey: contract.primaryKey,
        rowCount: contract.rowCount.min !== undefined || contract.rowCount.max !== undefined
            ? contract.rowCount
            : undefined,
        freshness: contract.freshness && {
            column: contract.freshness.column,
            maxAgeMs: contract.freshness.maxAgeMs,
            maxAgeText: contract.freshness.maxAge,
            severity: contract.freshness.severity,
        },
        recordSchema: recordSchema && ((record) => recordSchema.check(record) ?? undefined),
        drift: contract.drift,
        contractFile: contract.file,
    };
}

;// CONCATENATED MODULE: ./packages/data/src/validate/text-cache.ts
/**
 * A per-column cache of the text values seen most: from a field's bytes straight to its decoded string
 * and to everything computed from it (parsed value, constraint verdict, hash), without decoding again.
 * Categorical columns repeat a few values millions of times; this keeps them off the allocator and the
 * garbage collector. A column whose values rarely repeat turns its cache off after a trial period.
 */
const MAX_ENTRIES = 4096;
const MAX_BYTES = 64;
/** Lookups before judging the hit rate, and the rate below which the cache turns itself off. */
const TRIAL = 50_000;
const MIN_HIT_RATE = 0.5;
/** Slots of the first table, made on the first `add` (it doubles while more than half full, up to 2 × MAX_ENTRIES). */
const FIRST_SLOTS = 16;
/** The table of a cache that holds nothing yet: shared, never written (a wide file's columns allocate none). */
const NO_HASHES = new Int32Array(0);
const text_cache_NO_SLOTS = [];
/**
 * An open-addressing table keyed by a hash of the bytes (linear probing): a lookup allocates nothing, where a Map
 * keyed by a 32-bit hash boxes every key outside the small-integer range.
 */
class TextCache {
    hashes = NO_HASHES;
    slots = text_cache_NO_SLOTS;
    size = 0;
    lookups = 0;
    hits = 0;
    /** The hash and the empty slot of the last lookup that missed, for `add`. */
    lastHash = 0;
    lastSlot = -1;
    enabled = true;
    /** The cached entry for these bytes, or undefined (then call `add` with the decoded text). */
    get(buf, start, end) {
        const length = end - start;
        this.lastSlot = -1;
        if (length > MAX_BYTES)
            return undefined;
        this.lookups++;
        if (this.lookups === TRIAL && this.hits < TRIAL * MIN_HIT_RATE) {
            this.enabled = false;
            this.hashes = NO_HASHES;
            this.slots = text_cache_NO_SLOTS;
            this.size = 0;
            return undefined;
        }
        let hash = length;
        for (let i = start; i < end; i++)
            hash = Math.imul(hash ^ buf[i], 0x01000193);
        const slots = this.slots;
        const hashes = this.hashes;
        this.lastHash = hash;
        if (slots.length === 0) {
            this.lastSlot = 0;
            return undefined;
        }
        const mask = slots.length - 1;
        for (let slot = hash & mask;; slot = (slot + 1) & mask) {
            const entry = slots[slot];
            if (entry === undefined) {
                this.lastSlot = slot;
                return undefined;
            }
            if (hashes[slot] === hash && sameBytes(entry.bytes, buf, start, length)) {
                this.hits++;
                return entry;
            }
        }
    }
    /** Remembers a value just looked up with `get` (same bytes), while there is room. */
    add(buf, start, end, value) {
        if (!this.enabled || this.lastSlot < 0 || this.size >= MAX_ENTRIES)
            return;
        // A copy: a view (Buffer#slice) would keep the whole chunk alive, and a scan thread hands its chunks back.
        const entry = { ...value, bytes: Uint8Array.prototype.slice.call(buf, start, end) };
        if (2 * (this.size + 1) > this.slots.length) {
            this.grow();
            this.insert(this.lastHash, entry);
        }
        else
            this.place(this.lastSlot, this.lastHash, entry);
        this.lastSlot = -1;
    }
    grow() {
        const { hashes, slots } = this;
        const size = Math.max(FIRST_SLOTS, slots.length * 2);
        this.hashes = new Int32Array(size);
        this.slots = new Array(size).fill(undefined);
        this.size = 0;
        for (let slot = 0; slot < slots.length; slot++) {
            const entry = slots[slot];
            if (entry !== undefined)
                this.insert(hashes[slot], entry);
        }
    }
    insert(hash, entry) {
        const mask = this.slots.length - 1;
        let slot = hash & mask;
        while (this.slots[slot] !== undefined)
            slot = (slot + 1) & mask;
        this.place(slot, hash, entry);
    }
    place(slot, hash, entry) {
        this.hashes[slot] = hash;
        this.slots[slot] = entry;
        this.size++;
    }
}
function sameBytes(bytes, buf, start, length) {
    if (bytes.length !== length)
        return false;
    for (let i = 0; i < length; i++)
        if (bytes[i] !== buf[start + i])
            return false;
    return true;
}
/**
 * A small fixed set of texts (the allowed values of an enum), found from a cell's bytes by its length and three of
 * its bytes, then compared byte for byte: no hash over every byte, no string. Cells not in the set go the usual
 * way (TextCache).
 */
class FixedTexts {
    entries;
    slots;
    mask;
    constructor(entries) {
        this.entries = entries;
        let size = 8;
        while (size < 4 * entries.length)
            size *= 2;
        this.slots = new Array(size).fill(undefined);
        this.mask = size - 1;
        for (const entry of entries) {
            const bytes = entry.bytes;
            let slot = this.slotOf(bytes, 0, bytes.length);
            while (this.slots[slot] !== undefined)
                slot = (slot + 1) & this.mask;
            this.slots[slot] = entry;
        }
    }
    /** The entry whose bytes are buf[start, end), if any. */
    find(buf, start, end) {
        const length = end - start;
        const slots = this.slots;
        for (let slot = this.slotOf(buf, start, end);; slot = (slot + 1) & this.mask) {
            const entry = slots[slot];
            if (entry === undefined || sameBytes(entry.bytes, buf, start, length))
                return entry;
        }
    }
    slotOf(buf, start, end) {
        const length = end - start;
        const key = length === 0
            ? 0
            : (length << 24) ^ (buf[start] << 16) ^ (buf[start + (length >> 1)] << 8) ^ buf[end - 1];
        return (Math.imul(key, 0x9e3779b1) >>> 16) & this.mask;
    }
}

;// CONCATENATED MODULE: ./packages/data/src/validate/column.ts
/**
 * One column while the data streams: parses each value as the contract's type (from CSV bytes or from a
 * JSON/Parquet value), checks its constraints, records failures with file and line, and profiles it.
 */











/** A cached text that is one of the field's missing values. */
const MISSING = Symbol('missing');
class ColumnValidator {
    name;
    rules;
    profile;
    failures = new FailureLogs();
    /** Rows that reached this column (rows where a JSON record lacks the key are added as nulls at the end). */
    seen = 0;
    /** Rows where the column was present at all (a CSV header names it, or a record has the key). */
    present = 0;
    /** The name is also a property of every object ("constructor", "toString"): records are read by own keys. */
    inheritedName;
    unique;
    /** The character length of the cached text being added (set just before addChecked). */
    textLength = 0;
    cache = new TextCache();
    scratch = {
        text: '',
        parsed: undefined,
        failed: undefined,
        valueClass: 0,
        hash: 0,
        length: 0,
        topSlot: -1,
        topEpoch: -1,
        distinctAdded: false,
    };
    /** The cache entry of the text being added (set just before addChecked), whose TopK hint it keeps. */
    textHint;
    /** Booleans read from the bytes, known by their hash (made only for such columns: wide files). */
    knownTrue;
    knownFalse;
    /** An enum's allowed values that pass every check, found from the bytes (made only for such columns). */
    enumTexts;
    constructor(name, rules, histogramEdges, 
    /** The set of `unique` values: a scan thread logs them for the main thread's set instead. */
    newSet = () => new HashSet64()) {
        this.name = name;
        this.rules = rules;
        this.profile = new column_ColumnProfile(name, rules?.type ?? 'auto', histogramEdges);
        this.inheritedName = name in Object.prototype;
        if (rules?.unique)
            this.unique = newSet();
        if (rules?.fastPath === 'boolean') {
            this.knownTrue = known(HASH_TRUE, 4);
            this.knownFalse = known(HASH_FALSE, 5);
        }
        if (rules?.enumTexts && rules.enumTexts.length <= MAX_FIXED_TEXTS)
            this.enumTexts = fixedTexts(rules);
    }
    /** A scan thread's logged `unique` values since the last take. */
    takeRepeats() {
        return this.unique instanceof RepeatLog ? this.unique.take() : undefined;
    }
    /**
     * Values a scan thread logged for `unique`, added in file order as this column's own values are;
     * `shown(line)` is the failing value's text, asked only for the rows kept as samples.
     */
    addLoggedRepeats(entries, file, shown) {
        addLogged(this.unique, entries, (line, first) => {
            const value = this.failures.wantsSample('unique') ? shown(line) : undefined;
            this.failures.add('unique', file, line, value, `duplicate of line ${first}`);
        });
    }
    /**
     * The reader of this column's CSV cells, block by block, specialised once for its rules so that no cell asks again
     * what the column is: bounded numbers, dates and datetimes parsed and checked from the bytes, booleans matched
     * from the bytes, text to the text path. Whatever a reader does not settle (an empty cell that is not missing, a
     * value not in the default format) goes to `addBytes`, which decides every cell the same way. Each kind of reader
     * is a function of its own, whose loop over the block's cells calls the same code for every cell.
     */
    csvBlockReader() {
        const rules = this.rules;
        if (!rules || this.unique || !rules.emptyIsMissing)
            return this.generalBlockReader();
        switch (rules.fastPath) {
            case 'number':
            case 'integer':
            case 'date':
            case 'datetime':
                return rules.numericBounds
                    ? this.numericBlockReader(rules, rules.numericBounds)
                    : this.generalBlockReader();
            case 'boolean':
                return this.booleanBlockReader(rules);
            case 'none':
                if (this.enumTexts)
                    return this.enumBlockReader(rules, this.enumTexts);
                return (block, f, file) => {
                    const { buf, starts, ends, quoted, lines } = block;
                    const from = f * CELL_BLOCK_ROWS;
                    for (let r = 0, i = from; r < block.rows; r++, i++) {
                        const start = starts[i];
                        const end = ends[i];
                        if (start === end && quoted[i] === PLAIN)
                            this.addNull(file, lines[r]);
                        else
                            this.addText(buf, start, end, quoted[i], file, lines[r]);
                    }
                };
        }
    }
    /**
     * Text with an enum: a cell whose bytes spell one of the allowed values (which pass every check) goes straight to
     * the profile; any other to `addText`, which decides every cell the same way.
     */
    enumBlockReader(rules, texts) {
        const profile = this.profile;
        const trackFrequent = rules.trackFrequent;
        return (block, f, file) => {
            const { buf, starts, ends, quoted, lines } = block;
            const from = f * CELL_BLOCK_ROWS;
            for (let r = 0, i = from; r < block.rows; r++, i++) {
                const start = starts[i];
                const end = ends[i];
                const q = quoted[i];
                if (start === end && q === PLAIN) {
                    this.addNull(file, lines[r]);
                    continue;
                }
                const entry = q === ESCAPED ? undefined : texts.find(buf, start, end);
                if (entry === undefined)
                    this.addText(buf, start, end, q, file, lines[r]);
                else
                    profile.addKnownText(entry.text, entry, trackFrequent);
            }
        };
    }
    /** Every cell to `addBytes`. */
    generalBlockReader() {
        return (block, f, file) => {
            const { buf, starts, ends, quoted, lines } = block;
            const from = f * CELL_BLOCK_ROWS;
            for (let r = 0, i = from; r < block.rows; r++, i++)
                this.addBytes(buf, starts[i], ends[i], quoted[i], file, lines[r]);
        };
    }
    /** Numbers, dates and datetimes in their default format whose only value constraints are bounds. */
    numericBlockReader(rules, bounds) {
        const profile = this.profile;
        const { min, max, exclusiveMin, exclusiveMax } = bounds;
        const integer = rules.fastPath === 'integer';
        const parse = rules.fastPath === 'date'
            ? bytes_parseIsoDate
            : rules.fastPath === 'datetime'
                ? bytes_parseIsoDatetime
                : parseDecimal;
        return (block, f, file) => {
            const { buf, starts, ends, quoted, lines } = block;
            const from = f * CELL_BLOCK_ROWS;
            for (let r = 0, i = from; r < block.rows; r++, i++) {
                const start = starts[i];
                const end = ends[i];
                if (start === end && quoted[i] === PLAIN) {
                    this.addNull(file, lines[r]);
                    continue;
                }
                const x = parse(buf, start, end);
                if (x !== x || (integer && !lastDecimal.integer)) {
                    this.addBytes(buf, start, end, quoted[i], file, lines[r]);
                    continue;
                }
                if (x < min || x > max || x <= exclusiveMin || x >= exclusiveMax) {
                    const failed = rules.check(x);
                    if (failed)
                        this.addFailures(failed, file, lines[r], fieldText(buf, start, end, quoted[i]));
                }
                profile.addNumber(x);
            }
        };
    }
    /** Booleans written as one of the field's true or false values, matched from the bytes. */
    booleanBlockReader(rules) {
        const profile = this.profile;
        const entries = rules.booleanBytes;
        const checked = rules.constraintNames.length > 0;
        const trackFrequent = rules.trackFrequent;
        // Boolean columns keep their true and false texts (the constructor makes them for fastPath 'boolean').
        const knownTrue = this.knownTrue;
        const knownFalse = this.knownFalse;
        return (block, f, file) => {
            const { buf, starts, ends, quoted, lines } = block;
            const from = f * CELL_BLOCK_ROWS;
            for (let r = 0, i = from; r < block.rows; r++, i++) {
                const start = starts[i];
                const end = ends[i];
                const match = start === end ? undefined : matchBytes(entries, buf, start, end);
                if (match === undefined) {
                    this.addBytes(buf, start, end, quoted[i], file, lines[r]);
                    continue;
                }
                const value = match.value;
                const failed = checked ? rules.check(value) : undefined;
                if (failed)
                    this.addFailures(failed, file, lines[r], fieldText(buf, start, end, quoted[i]));
                profile.addKnownText(value ? 'true' : 'false', value ? knownTrue : knownFalse, trackFrequent);
            }
        };
    }
    /** A CSV cell, as byte offsets into buf. */
    addBytes(buf, start, end, quoted, file, line) {
        // seen, present and the profile's count are added per file (`addRows`): every CSV row has every column.
        const profile = this.profile;
        const rules = this.rules;
        if (start === end && quoted === PLAIN && (!rules || rules.emptyIsMissing))
            return this.addNull(file, line);
        if (!rules) {
            const x = parseDecimal(buf, start, end);
            if (!Number.isNaN(x)) {
                profile.classes[lastDecimal.integer ? 0 : 1]++;
                profile.addNumber(x);
                return;
            }
            const cached = this.cachedText(buf, start, end, quoted);
            profile.classes[cached.valueClass]++;
            if (cached === this.scratch)
                profile.addHashedText(cached.text, cached.hash, cached.length);
            else
                profile.addKnownText(cached.text, cached, true);
            return;
        }
        // Numbers, dates and datetimes in their default formats straight from the bytes, kept unboxed.
        let x = NaN;
        switch (rules.fastPath) {
            case 'number':
                x = parseDecimal(buf, start, end);
                break;
            case 'integer':
                x = parseDecimal(buf, start, end);
                if (!lastDecimal.integer)
                    x = NaN;
                break;
            case 'date':
                x = bytes_parseIsoDate(buf, start, end);
                break;
            case 'datetime':
                x = bytes_parseIsoDatetime(buf, start, end);
                break;
            case 'boolean': {
                const match = matchBytes(rules.booleanBytes, buf, start, end);
                if (match === undefined)
                    return this.addText(buf, start, end, quoted, file, line);
                const value = match.value;
                const failed = rules.constraintNames.length > 0 ? rules.check(value) : undefined;
                if (failed)
                    this.addFailures(failed, file, line, fieldText(buf, start, end, quoted));
                profile.addKnownText(value ? 'true' : 'false', (value ? this.knownTrue : this.knownFalse), rules.trackFrequent);
                return;
            }
            case 'none':
                return this.addText(buf, start, end, quoted, file, line);
        }
        const bounds = rules.numericBounds;
        if (x === x && bounds !== undefined) {
            if (x < bounds.min || x > bounds.max || x <= bounds.exclusiveMin || x >= bounds.exclusiveMax) {
                const failed = rules.check(x);
                if (failed)
                    this.addFailures(failed, file, line, fieldText(buf, start, end, quoted));
            }
            profile.addNumber(x);
            if (this.unique) {
                hashNumberPair(x);
                this.checkUnique(file, line, undefined, buf, start, end, quoted, undefined);
            }
            return;
        }
        if (x === x) {
            this.addChecked(x, rules.check(x), undefined, undefined, file, line, buf, start, end, quoted);
            return;
        }
        // Not the default format (or not a plain number): the full Table Schema parser decides.
        const text = fieldText(buf, start, end, quoted);
        if (rules.isMissing(text))
            return this.addNull(file, line);
        const value = rules.parse(text);
        this.addChecked(value, value === options_INVALID ? undefined : rules.check(value), text, undefined, file, line);
    }
    /** Text-typed values (strings, booleans not written as declared, custom formats): parsed and checked once per distinct value. */
    addText(buf, start, end, quoted, file, line) {
        const rules = this.rules;
        const light = rules.lightText;
        if (light && (!rules.trackFrequent || this.profile.topStopped) && start < end) {
            this.addLightText(buf, start, end, quoted, light, file, line);
            return;
        }
        // Text-typed values (strings, booleans, custom formats): parsed and checked once per distinct value.
        const cached = this.cachedText(buf, start, end, quoted);
        if (cached.parsed === MISSING)
            return this.addNull(file, line);
        // A cached string that passed its checks (enums, categories): straight to the profile.
        if (cached !== this.scratch &&
            cached.failed === undefined &&
            typeof cached.parsed === 'string' &&
            this.unique === undefined)
            return this.profile.addKnownText(cached.parsed, cached, rules.trackFrequent);
        this.textLength = cached.length;
        // The scratch entry holds a different text each time: no hint.
        this.textHint = cached === this.scratch ? undefined : cached;
        return this.addChecked(cached.parsed, cached.failed, cached.text, cached.hash, file, line);
    }
    /**
     * Text checked only for its lengths and pattern, with no frequent values to count: hashed and measured from the
     * bytes (any UTF-8, quotes undone), matched by the pattern's DFA when ASCII; decoded only to word a failure, or
     * when the pattern has no DFA or the value is not plain ASCII. The caller skipped empty fields (`""` is missing).
     */
    addLightText(buf, start, end, quoted, limits, file, line) {
        const dfa = limits.pattern;
        if (dfa !== undefined &&
            quoted !== ESCAPED &&
            end - start >= limits.minLength &&
            end - start <= limits.maxLength) {
            // An ASCII value that matches: hashed and matched in one pass, its length its byte count.
            const positions = limits.positions;
            const hash = positions !== undefined
                ? hashAsciiAt(buf, start, end, positions)
                : hashAsciiAccepted(buf, start, end, dfa.next, dfa.accepting);
            if (hash >= 0)
                return this.profile.addTextStats(hash, end - start);
        }
        const hash = hashUtf8Bytes(buf, start, end, quoted === ESCAPED);
        const length = utf8Hashed.length;
        const ascii = length === end - start && quoted !== ESCAPED;
        if (length < limits.minLength ||
            length > limits.maxLength ||
            (limits.hasPattern &&
                !(ascii && limits.pattern !== undefined && matchesAscii(limits.pattern, buf, start, end)))) {
            const text = fieldText(buf, start, end, quoted);
            const failed = this.rules.check(text);
            if (failed)
                this.addFailures(failed, file, line, text);
        }
        this.profile.addTextStats(hash, length);
    }
    /** The decoded text of a field and what the column makes of it, from the cache when it repeats. */
    cachedText(buf, start, end, quoted) {
        const cache = this.cache;
        const cacheable = cache.enabled && quoted !== ESCAPED;
        if (cacheable) {
            const hit = cache.get(buf, start, end);
            if (hit)
                return hit;
        }
        const text = fieldText(buf, start, end, quoted);
        const rules = this.rules;
        let parsed = text;
        let failed;
        if (rules) {
            if (rules.isMissing(text))
                parsed = MISSING;
            else {
                parsed = rules.parse(text);
                if (parsed !== options_INVALID)
                    failed = rules.check(parsed);
            }
        }
        // Values that do not repeat (the cache is off) reuse one scratch entry instead of allocating.
        const entry = cacheable ? {} : this.scratch;
        entry.text = text;
        entry.parsed = parsed;
        entry.failed = failed;
        entry.valueClass = rules ? 0 : classifyValue(text);
        entry.hash = hashString(typeof parsed === 'boolean' ? String(parsed) : text);
        // As many UTF-8 bytes as UTF-16 units means plain ASCII: one character each.
        entry.length = end - start === text.length && quoted !== ESCAPED ? text.length : codePointLength(text);
        entry.topSlot = -1;
        entry.topEpoch = -1;
        entry.distinctAdded = false;
        if (cacheable)
            cache.add(buf, start, end, entry);
        return entry;
    }
    /** A value from a JSON or Parquet record; undefined and null are missing. */
    addValue(raw, file, line) {
        this.seen++;
        if (raw !== undefined)
            this.present++;
        const profile = this.profile;
        profile.count++;
        if (raw === null || raw === undefined)
            return this.addNull(file, line);
        const rules = this.rules;
        if (!rules) {
            if (typeof raw === 'number') {
                profile.classes[Number.isInteger(raw) ? 0 : 1]++;
                profile.addNumber(raw);
                return;
            }
            if (typeof raw === 'boolean') {
                profile.classes[classIndex.boolean]++;
                profile.addText(raw ? 'true' : 'false');
                return;
            }
            return this.addAutoText(typeof raw === 'string' ? raw : JSON.stringify(raw));
        }
        if (typeof raw === 'number' && this.addBoundedNumber(raw, rules, file, line))
            return;
        if (typeof raw === 'string' && rules.isMissing(raw))
            return this.addNull(file, line);
        this.addRecordValue(rules.coerce(raw), raw, file, line);
    }
    /**
     * A JSON/Parquet number of a number or integer field whose only value constraints are bounds: checked inline
     * on the number (the full checker runs only to word a failure), as CSV cells are; false when it is not such a
     * value (NaN, a fraction for an integer field, another type), and the general path decides.
     */
    addBoundedNumber(x, rules, file, line) {
        const bounds = rules.numericBounds;
        if (bounds === undefined || x !== x)
            return false;
        if (rules.type !== 'number' && (rules.type !== 'integer' || !Number.isInteger(x)))
            return false;
        if (x < bounds.min || x > bounds.max || x <= bounds.exclusiveMin || x >= bounds.exclusiveMax) {
            const failed = rules.check(x);
            if (failed)
                this.addFailures(failed, file, line, shownText(undefined, 0, 0, 0, x));
        }
        this.profile.addNumber(x);
        if (this.unique) {
            hashNumberPair(x);
            this.checkUnique(file, line, undefined, undefined, 0, 0, 0, x);
        }
        return true;
    }
    /** A JSON/Parquet value as the field's type (or INVALID), checked and profiled; `raw` is shown on failure. */
    addRecordValue(value, raw, file, line) {
        const failed = value === options_INVALID ? undefined : this.rules.check(value);
        this.addChecked(value, failed, undefined, undefined, file, line, undefined, 0, 0, 0, raw);
    }
    /**
     * A value of a typed temporal source column (Parquet DATE as epoch days, TIMESTAMP as epoch ms), converted
     * to what the declared field holds; a declared non-temporal field reads it as a JSON value.
     */
    addTemporal(raw, kind, file, line) {
        const type = this.rules?.type;
        if (typeof raw !== 'number' || (type !== 'date' && type !== 'datetime'))
            return this.addValue(raw, file, line);
        this.seen++;
        this.present++;
        this.profile.count++;
        const value = type === kind ? raw : type === 'date' ? Math.floor(raw / 86_400_000) : raw * 86_400_000;
        this.addRecordValue(value, raw, file, line);
    }
    /** Sets hashPair to the key hash of a CSV cell: numbers and dates by value, other text by its bytes. */
    keyHash(buf, start, end, quoted) {
        const fastPath = this.rules?.fastPath;
        const x = fastPath === 'number' || fastPath === 'integer'
            ? parseDecimal(buf, start, end)
            : fastPath === 'date'
                ? bytes_parseIsoDate(buf, start, end)
                : fastPath === 'datetime'
                    ? bytes_parseIsoDatetime(buf, start, end)
                    : NaN;
        if (x === x)
            hashNumberPair(x);
        else
            hashText(fieldText(buf, start, end, quoted));
    }
    /** A CSV file's rows reached this column (each had a value for it, possibly empty). */
    addRows(rows) {
        this.seen += rows;
        this.present += rows;
        this.profile.count += rows;
    }
    /** Rows where the column was absent (JSON records without the key) count as nulls. */
    addMissingRows(count) {
        this.profile.count += count;
        this.profile.nulls += count;
    }
    addNull(file, line) {
        this.profile.nulls++;
        if (this.rules?.required)
            this.failures.add('required', file, line, undefined, 'missing value');
    }
    addAutoText(text) {
        const profile = this.profile;
        profile.classes[classifyValue(text)]++;
        profile.addText(text);
    }
    /**
     * A parsed value (or INVALID) with its constraint verdict: counted, profiled, checked for uniqueness.
     * The text shown for failures is made only when one happens.
     */
    addChecked(value, failed, text, hash, file, line, buf, start = 0, end = 0, quoted = 0, raw) {
        const rules = this.rules;
        const profile = this.profile;
        if (value === options_INVALID) {
            profile.invalid++;
            const shown = text ?? shownText(buf, start, end, quoted, raw);
            this.failures.add('type', file, line, shown, `not a valid ${rules.typeLabel}`);
            return;
        }
        if (failed !== undefined)
            this.addFailures(failed, file, line, text ?? shownText(buf, start, end, quoted, raw));
        if (typeof value === 'number') {
            profile.addNumber(value);
            if (this.unique) {
                hashNumberPair(value);
                this.checkUnique(file, line, text, buf, start, end, quoted, raw);
            }
            return;
        }
        const label = typeof value === 'string'
            ? value
            : typeof value === 'boolean'
                ? String(value)
                : (text ?? shownText(buf, start, end, quoted, raw));
        // The length of a cached text is known; other texts are measured here.
        const length = hash === undefined ? codePointLength(label) : this.textLength;
        if (rules.trackFrequent)
            profile.addHashedText(label, hash ?? hashString(label), length, hash === undefined ? undefined : this.textHint);
        else
            profile.addTextStats(hash ?? hashString(label), length);
        if (this.unique) {
            hashText(label);
            this.checkUnique(file, line, text, buf, start, end, quoted, raw);
        }
    }
    addFailures(failed, file, line, shown) {
        for (const verdict of failed)
            this.failures.add(verdict.constraint, file, line, shown, verdict.message);
    }
    checkUnique(file, line, text, buf, start, end, quoted, raw) {
        const first = this.unique.add(hashPair.high, hashPair.low, line);
        if (first)
            this.failures.add('unique', file, line, text ?? shownText(buf, start, end, quoted, raw), `duplicate of line ${first}`);
    }
}
/** A value as text for a failure sample: the CSV field, or the JSON value as written. */
function shownText(buf, start, end, quoted, raw) {
    if (buf)
        return fieldText(buf, start, end, quoted);
    return typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
}
const HASH_TRUE = hashString('true');
const HASH_FALSE = hashString('false');
/** Enums longer than this are left to the text cache. */
const MAX_FIXED_TEXTS = 256;
/**
 * The allowed values of a string enum that a cell's bytes can stand for as they are: not a missing value, parsed as
 * themselves, passing every check; each with what `cachedText` would compute for it.
 */
function fixedTexts(rules) {
    const entries = [];
    for (const text of new Set(rules.enumTexts)) {
        const bytes = Buffer.from(text);
        // A text that does not round-trip through UTF-8 (a lone surrogate) cannot be a cell's bytes.
        if (bytes.toString() !== text || rules.isMissing(text) || rules.parse(text) !== text)
            continue;
        if (rules.check(text) !== undefined)
            continue;
        entries.push({ text, bytes, ...known(hashString(text), codePointLength(text)) });
    }
    return new FixedTexts(entries);
}
/** A text known by its hash and length, not yet counted anywhere. */
function known(hash, length) {
    return { hash, length, topSlot: -1, topEpoch: -1, distinctAdded: false };
}
/** The entry whose bytes equal buf[start, end), if any. */
function matchBytes(entries, buf, start, end) {
    const length = end - start;
    outer: for (const entry of entries) {
        const bytes = entry.bytes;
        if (bytes.length !== length)
            continue;
        for (let i = 0; i < length; i++)
            if (bytes[i] !== buf[start + i])
                continue outer;
        return entry;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/data/src/validate/dataset.ts





class DatasetValidator {
    rules;
    histogramEdges;
    newSet;
    rows = 0;
    columns = [];
    byName = new Map();
    /** Rows that could not be read as fields or records (wrong field count, bad quote, not JSON, bad UTF-8). */
    malformed = new failures_FailureLog();
    layout = [];
    duplicateRows = new failures_FailureLog();
    primaryKeyFailures = new failures_FailureLog();
    recordSchemaFailures = new failures_FailureLog();
    files = [];
    rowSet;
    keySet;
    tuple = new TupleHash();
    extraReported = new Set();
    constructor(rules, histogramEdges, 
    /** The sets of the repeat checks: a scan thread logs the values for the main thread's sets instead. */
    newSet = () => new HashSet64()) {
        this.rules = rules;
        this.histogramEdges = histogramEdges;
        this.newSet = newSet;
        for (const field of rules?.fields ?? [])
            this.column(field.name, field);
        if (rules && rules.duplicateRows !== 'allow')
            this.rowSet = newSet();
        if (rules?.primaryKey.length)
            this.keySet = newSet();
    }
    /**
     * Whether a check needs every value in one set (duplicateRows, primaryKey, unique): scan threads then log values
     * whose rows the main thread may have to find again in their pieces.
     */
    get checksRepeats() {
        return (this.rowSet !== undefined ||
            this.keySet !== undefined ||
            (this.rules?.fields.some((field) => field.unique) ?? false));
    }
    /** A scan thread's logged values for the repeat checks since the last take. */
    takeRepeats() {
        return {
            rows: this.rowSet instanceof RepeatLog ? this.rowSet.take() : undefined,
            keys: this.keySet instanceof RepeatLog ? this.keySet.take() : undefined,
            unique: this.columns.flatMap((column) => {
                const entries = column.takeRepeats();
                return entries ? [[column.name, entries]] : [];
            }),
        };
    }
    column(name, rules) {
        let column = this.byName.get(name);
        if (!column) {
            column = new ColumnValidator(name, rules, this.histogramEdges.get(name), this.newSet);
            this.columns.push(column);
            this.byName.set(name, column);
        }
        return column;
    }
    /**
     * Hands the columns over and forgets them, so that the caller can drop each one once its results are built (a
     * wide file's validators need not live beside its profile and report).
     */
    takeColumns() {
        this.byName.clear();
        return this.columns.splice(0);
    }
    /** The column of a name (a header key such as "x (column 3)" for a repeated name). */
    columnNamed(name) {
        return this.byName.get(name);
    }
    /** Rows that reached the columns: malformed rows are counted in `rows` and reported, never profiled. */
    get readableRows() {
        return this.rows - this.malformed.count;
    }
    /** Finishes the counts: columns a record or file lacked count those rows as nulls. */
    finish() {
        const rows = this.readableRows;
        for (const column of this.columns) {
            const absent = rows - column.seen;
            if (absent > 0) {
                column.addMissingRows(absent);
                column.seen = rows;
            }
        }
    }
    /** A sink for the CSV scanner of one file. */
    csvSink(file) {
        let validators = [];
        let readers = [];
        let block = new CsvCellBlock(0);
        /** The columns read the block's cells, each in its own loop. */
        const flush = () => {
            if (block.rows === 0)
                return;
            for (let f = 0; f < readers.length; f++)
                readers[f](block, f, file);
            block.clear();
        };
        let headerLine = 1;
        let keyIndexes = [];
        const rowText = (row) => row.buf.toString('utf8', row.starts[0], row.ends[row.count - 1]);
        const keyText = (row) => keyIndexes
            .map((f) => (f >= 0 ? fieldText(row.buf, row.starts[f], row.ends[f], row.quoted[f]) : ''))
            .join(', ');
        const sink = {
            rows: 0,
            header: (names, line) => {
                headerLine = line;
                this.checkHeader(names, file, line);
                sink.useHeader(names);
            },
            useHeader: (names) => {
                validators = this.headerColumns(names);
                readers = validators.map((validator) => validator.csvBlockReader());
                block = new CsvCellBlock(names.length);
                keyIndexes = (this.rules?.primaryKey ?? []).map((key) => names.indexOf(key));
            },
            row: (row) => {
                sink.rows++;
                this.rows++;
                if (block.rows === CELL_BLOCK_ROWS || (block.rows > 0 && block.buf !== row.buf))
                    flush();
                block.add(row);
                if (this.rowSet)
                    this.checkCsvDuplicateRow(row, file, rowText);
                if (this.keySet)
                    this.checkCsvPrimaryKey(row, file, validators, keyIndexes, keyText);
            },
            flush,
            malformed: (line, message) => {
                this.rows++;
                this.malformed.add(file, line, undefined, message);
            },
            addLoggedRepeats: (logged, rowAt) => this.addCsvLoggedRepeats(logged, rowAt, file, validators, rowText, keyText),
            /** Every row of the file reached every column of its header. */
            done: () => {
                flush();
                this.csvFileDone(file, headerLine, validators, sink.rows);
            },
        };
        return sink;
    }
    checkCsvDuplicateRow(row, file, rowText) {
        const { buf, starts, ends, count } = row;
        this.tuple.reset();
        for (let f = 0; f < count; f++) {
            hashBytesPair(buf, starts[f], ends[f]);
            this.tuple.mix();
        }
        this.checkDuplicateRow(file, row.line, () => rowText(row));
    }
    checkCsvPrimaryKey(row, file, validators, keyIndexes, keyText) {
        const { buf, starts, ends, quoted } = row;
        this.tuple.reset();
        for (const f of keyIndexes) {
            // Keys compare as typed values: 1, 01 and +1 are the same integer key.
            if (f >= 0)
                validators[f].keyHash(buf, starts[f], ends[f], quoted[f]);
            else
                hashBytesPair(buf, 0, 0);
            this.tuple.mix();
        }
        this.checkPrimaryKey(file, row.line, () => keyText(row));
    }
    /** A scan thread's logged repeats of one CSV file (CsvFileSink.addLoggedRepeats). */
    addCsvLoggedRepeats(logged, rowAt, file, validators, rowText, keyText) {
        if (logged.rows)
            addLogged(this.rowSet, logged.rows, (line, first) => this.duplicateRow(file, line, first, () => rowAt(line, rowText)));
        if (logged.keys)
            addLogged(this.keySet, logged.keys, (line, first) => this.repeatedKey(file, line, first, () => rowAt(line, keyText)));
        for (const [name, entries] of logged.unique) {
            const f = validators.findIndex((validator) => validator.name === name);
            if (f < 0 || entries.length === 0)
                continue;
            validators[f].addLoggedRepeats(entries, file, (line) => rowAt(line, (row) => fieldText(row.buf, row.starts[f], row.ends[f], row.quoted[f])));
        }
    }
    /** A CSV file ended: its rows reached every column of its header. */
    csvFileDone(file, headerLine, validators, rows) {
        for (const validator of validators)
            validator.addRows(rows);
        // A required column the file lacks: every row of the file is missing it, shown on the header line.
        for (const column of this.columns) {
            if (column.rules?.required && rows > 0 && !validators.includes(column))
                column.failures.add('required', file, headerLine, undefined, 'the file has no such column', rows);
        }
    }
    /** Reports a file header's layout problems. */
    checkHeader(names, file, line) {
        const seen = new Set();
        for (const name of names) {
            if (seen.has(name))
                this.layout.push({ file, line, message: `column "${name}" appears twice in the header` });
            seen.add(name);
        }
        const rules = this.rules;
        if (rules) {
            const declared = rules.fields.map((field) => field.name);
            const missing = declared.filter((name) => !seen.has(name));
            const extra = names.filter((name) => !rules.fields.some((field) => field.name === name));
            if (missing.length)
                this.layout.push({ file, line, message: `missing column(s): ${missing.join(', ')}` });
            if (extra.length && rules.columns !== 'allow-extra')
                this.layout.push({ file, line, message: `unexpected column(s): ${extra.join(', ')}` });
            if (rules.columns === 'strict' &&
                !missing.length &&
                !extra.length &&
                names.join('\n') !== declared.join('\n'))
                this.layout.push({
                    file,
                    line,
                    message: `columns are not in the contract's order: found ${names.join(', ')}; expected ${declared.join(', ')}`,
                });
        }
    }
    /** Column validators for a file's header, in header order. */
    headerColumns(names) {
        // A repeated name gets a column of its own, so no value is counted twice.
        const used = new Set();
        return names.map((name, i) => {
            const key = used.has(name) ? `${name} (column ${i + 1})` : name;
            used.add(name);
            return this.column(key);
        });
    }
    /** One batch of JSON/Parquet records. */
    addRecords(records, lines, file, temporal) {
        const declared = this.rules ? this.columns.slice(0, this.rules.fields.length) : [];
        const strictKeys = this.rules !== undefined && this.rules.columns !== 'allow-extra';
        const validateRecord = this.rules?.recordSchema;
        for (let r = 0; r < records.length; r++) {
            const record = records[r];
            const line = lines[r];
            this.rows++;
            if (record === null || typeof record !== 'object' || Array.isArray(record)) {
                this.malformed.add(file, line, shortJson(record), `a record must be a JSON object, found ${dataset_describe(record)}`);
                continue;
            }
            const object = record;
            if (validateRecord) {
                const problem = validateRecord(object);
                if (problem)
                    this.recordSchemaFailures.add(file, line, undefined, problem);
            }
            for (const column of declared) {
                // Only the record's own keys: a field named "constructor" must not read Object's.
                const raw = column.inheritedName
                    ? Object.hasOwn(object, column.name)
                        ? object[column.name]
                        : undefined
                    : object[column.name];
                const kind = temporal?.get(column.name);
                if (kind)
                    column.addTemporal(raw, kind, file, line);
                else
                    column.addValue(raw, file, line);
            }
            for (const key in object) {
                let column = this.byName.get(key);
                if (column && column.rules)
                    continue;
                if (!column) {
                    column = this.column(key);
                    // Earlier rows lacked the key: they count as nulls.
                    column.addMissingRows(this.readableRows - 1);
                    column.seen = this.readableRows - 1;
                    if (strictKeys && !this.extraReported.has(key)) {
                        this.extraReported.add(key);
                        this.layout.push({ file, line, message: `unexpected field "${key}" (first seen here)` });
                    }
                }
                column.addValue(object[key], file, line);
            }
            if (this.rowSet) {
                const canonical = canonicalJson(object);
                hashText(canonical);
                this.tuple.reset();
                this.tuple.mix();
                this.checkDuplicateRow(file, line, () => canonical);
            }
            if (this.keySet) {
                this.tuple.reset();
                for (const key of this.rules.primaryKey) {
                    hashText(keyText(object[key]));
                    this.tuple.mix();
                }
                this.checkPrimaryKey(file, line, () => this.rules.primaryKey.map((key) => keyText(object[key])).join(', '));
            }
        }
    }
    /**
     * Parquet rows as columns (every row has every column of the batch): the same counts, checks and profiles as
     * `addRecords` on the equivalent objects, column by column without an object per row. Row-level checks
     * (duplicate rows, primary key, a record schema) need the rows, so with those the objects are built.
     */
    addColumns(batch, lines, file, temporal) {
        if (this.rowSet || this.keySet || this.rules?.recordSchema) {
            return this.addRecords(recordsOf(batch, lines.length), lines, file, temporal);
        }
        const before = this.readableRows;
        this.rows += lines.length;
        const given = new Set(batch.names);
        for (const column of this.rules ? this.columns.slice(0, this.rules.fields.length) : []) {
            if (!given.has(column.name))
                for (const line of lines)
                    column.addValue(undefined, file, line);
        }
        // In the order a for…in over the equivalent objects meets the keys, so new columns come in the same order.
        for (const c of keyOrder(batch.names)) {
            const name = batch.names[c];
            const values = batch.values[c];
            let column = this.byName.get(name);
            if (!column) {
                column = this.column(name);
                // Earlier rows lacked the key: they count as nulls.
                column.addMissingRows(before);
                column.seen = before;
                if (this.rules !== undefined &&
                    this.rules.columns !== 'allow-extra' &&
                    !this.extraReported.has(name)) {
                    this.extraReported.add(name);
                    this.layout.push({ file, line: lines[0], message: `unexpected field "${name}" (first seen here)` });
                }
            }
            const kind = column.rules ? temporal?.get(name) : undefined;
            if (kind)
                for (let r = 0; r < lines.length; r++)
                    column.addTemporal(values[r], kind, file, lines[r]);
            else
                for (let r = 0; r < lines.length; r++)
                    column.addValue(values[r], file, lines[r]);
        }
    }
    /** A reader's issue (bad JSON line, invalid UTF-8): the row is counted and reported, never profiled. */
    addMalformed(file, line, message) {
        this.rows++;
        this.malformed.add(file, line, undefined, message);
    }
    /** Declared columns that never appeared in any record of a JSON/Parquet file. */
    checkRecordColumns(file, presentBefore) {
        if (!this.rules)
            return;
        const missing = this.rules.fields
            .map((field) => this.byName.get(field.name))
            .filter((column) => column.present === (presentBefore.get(column.name) ?? 0))
            .map((column) => column.name);
        if (missing.length)
            this.layout.push({ file, line: 1, message: `missing column(s): ${missing.join(', ')}` });
    }
    presentCounts() {
        return new Map(this.columns.map((column) => [column.name, column.present]));
    }
    checkDuplicateRow(file, line, shown) {
        const first = this.rowSet.add(this.tuple.high, this.tuple.low, line);
        if (first)
            this.duplicateRow(file, line, first, shown);
    }
    checkPrimaryKey(file, line, shown) {
        const first = this.keySet.add(this.tuple.high, this.tuple.low, line);
        if (first)
            this.repeatedKey(file, line, first, shown);
    }
    duplicateRow(file, line, first, shown) {
        const log = this.duplicateRows;
        log.add(file, line, log.wantsSample ? shown() : undefined, `duplicate of line ${first}`);
    }
    repeatedKey(file, line, first, shown) {
        const log = this.primaryKeyFailures;
        log.add(file, line, log.wantsSample ? shown() : undefined, `primary key repeats line ${first}`);
    }
}
function keyText(value) {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
function dataset_describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return `a ${typeof value}`;
}
function shortJson(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
/** JSON with object keys sorted, so records equal as data hash equal whatever their key order. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const keys = Object.keys(value).sort();
        return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
/** The rows of a column batch as objects. */
function recordsOf(batch, count) {
    const records = [];
    for (let r = 0; r < count; r++) {
        const record = {};
        for (let c = 0; c < batch.names.length; c++)
            record[batch.names[c]] = batch.values[c][r];
        records.push(record);
    }
    return records;
}
/**
 * Column indexes in the order for…in enumerates an object's keys: array-index keys ("0", "7", …) first in
 * ascending order, then the others in insertion order; a repeated name counts once, at its last value.
 */
function keyOrder(names) {
    const last = new Map();
    names.forEach((name, c) => last.set(name, c));
    const isIndex = (name) => /^(0|[1-9]\d*)$/.test(name) && Number(name) < 2 ** 32 - 1;
    const indexes = [...last.keys()].filter(isIndex).sort((a, b) => Number(a) - Number(b));
    const others = [...last.keys()].filter((name) => !isIndex(name));
    return [...indexes, ...others].map((name) => last.get(name));
}

;// CONCATENATED MODULE: ./packages/data/src/validate/scan-share.ts


/** A scan thread's findings in one file (its dataset and sink saw only that file's pieces). */
function takeShare(dataset, sink) {
    const logJson = (log) => ({ count: log.count, samples: log.samples });
    return {
        rows: dataset.rows,
        columnRows: sink.rows,
        malformed: logJson(dataset.malformed),
        columns: dataset.columns.map((column) => ({
            name: column.name,
            profile: column.profile.toJSON(),
            failures: [...column.failures.byCheck].map(([check, log]) => [check, logJson(log)]),
        })),
    };
}
/**
 * Adds the shares of one file's pieces to the main thread's dataset, before `sink.done()`. The main
 * thread read the file's first rows itself, so its samples come first; the shares' samples are ordered
 * by line among themselves and keep each log's first SAMPLES_PER_CHECK, as a serial scan would.
 */
function scan_share_addShares(dataset, sink, shares) {
    const added = new Map();
    const addLog = (log, share) => {
        log.count += share.count;
        const samples = added.get(log) ?? [];
        samples.push(...share.samples);
        added.set(log, samples);
    };
    for (const share of shares) {
        dataset.rows += share.rows;
        sink.rows += share.columnRows;
        addLog(dataset.malformed, share.malformed);
        for (const { name, profile, failures } of share.columns) {
            const column = dataset.columnNamed(name);
            // Both threads built their columns from the same contract and header.
            if (!column)
                throw new Error(`a scan thread returned an unknown column "${name}"`);
            column.profile.merge(ColumnProfile.fromJSON(profile));
            for (const [check, log] of failures) {
                let target = column.failures.byCheck.get(check);
                if (!target)
                    column.failures.byCheck.set(check, (target = new FailureLog()));
                addLog(target, log);
            }
        }
    }
    for (const [log, samples] of added) {
        samples.sort((a, b) => a.line - b.line);
        log.samples.push(...samples.slice(0, Math.max(SAMPLES_PER_CHECK - log.samples.length, 0)));
    }
}

;// CONCATENATED MODULE: ./packages/data/src/validate/parallel-scan.ts
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
const DEFAULT_MIN_BYTES = (/* unused pure expression or super */ null && (64 * 1024 * 1024));
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
let entry;
/** Called by a bundle's entry with its own URL: scan threads start from the scan-thread bundle beside it. */
function registerScanWorker(bundleUrl) {
    const url = new URL(SCAN_THREAD_BUNDLE, bundleUrl);
    entry = url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}
/** How many scan threads a file of this size gets (0: scan it on the main thread). */
function scanThreadsFor(bytes, dataset, setup) {
    if (!entry || !setup)
        return 0;
    if (dataset.rules && !setup.contract)
        return 0;
    const minBytes = envInteger('MLGATE_SCAN_MIN_BYTES') ?? DEFAULT_MIN_BYTES;
    if (bytes < minBytes)
        return 0;
    const threads = envInteger('MLGATE_SCAN_THREADS') ?? Math.min(availableParallelism(), MAX_THREADS);
    return threads >= 2 ? Math.min(threads, 16) : 0;
}
function envInteger(name) {
    const text = process.env[name];
    if (text === undefined || text.trim() === '')
        return undefined;
    const value = Number(text);
    return Number.isInteger(value) && value >= 0 ? value : undefined;
}
/** Scan threads for one dataset; closed when the dataset has streamed. */
class ScanPool {
    threads;
    turn = 0;
    /** Rows the threads have scanned in the current file (for progress). */
    rowsScanned = 0;
    constructor(threads) {
        this.threads = threads;
    }
    static start(count, setup) {
        if (!entry)
            throw new Error('no scan thread entry registered');
        const url = entry;
        const pool = new ScanPool(Array.from({ length: count }, () => new ScanThread(url, setup, (rows) => (pool.rowsScanned += rows))));
        return pool;
    }
    /**
     * Scans one file: the main thread reads the header and the rows of the pieces before it, the threads
     * the rest. `sink` is the main thread's sink of this file; the threads' shares are added to `dataset`.
     */
    async scanFile(chunks, options, file, dataset, sink) {
        let names;
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
        const inFlight = [];
        const settle = async () => {
            const { piece, scanned } = inFlight.shift();
            const { repeats } = await scanned;
            if (repeats)
                sink.addLoggedRepeats(repeats, (line, text) => textOfRow(piece, line, names.length, options, text));
            kept?.release(piece);
        };
        const handle = async (piece) => {
            if (!names)
                return ownScanner.push(piece.bytes);
            if (!started) {
                started = true;
                this.rowsScanned = 0;
                for (const thread of this.threads)
                    thread.startFile(file, names, options.delimiter);
            }
            while (inFlight.length >= this.threads.length * PIECES_IN_FLIGHT)
                await settle();
            const scanned = this.threads[this.turn++ % this.threads.length].scan(piece);
            scanned.catch(() => undefined); // settled in order below; a failure surfaces there
            inFlight.push({ piece: kept ? kept.keep(piece) : piece, scanned });
        };
        for await (const chunk of chunks) {
            const piece = splitter.push(chunk);
            if (piece)
                await handle(piece);
        }
        const last = splitter.end();
        if (last)
            await handle(last);
        while (inFlight.length > 0)
            await settle();
        if (!started)
            return ownScanner.end();
        const shares = await Promise.all(this.threads.map((thread) => thread.finish()));
        addShares(dataset, sink, shares);
        this.rowsScanned = 0;
    }
    async close() {
        await Promise.all(this.threads.map((thread) => thread.close()));
    }
}
/**
 * Copies of the pieces in flight, for the repeat checks to find a row again in its piece once its thread is done.
 * Their memory is used again for later pieces: memory new to V8 at every piece would make the main thread run a
 * full collection every few dozen pieces.
 */
class KeptPieces {
    spare = [];
    keep(piece) {
        const length = piece.bytes.length;
        let memory = this.spare.pop();
        if (!memory || memory.length < length)
            memory = Buffer.allocUnsafeSlow(Math.max(length, SLOT_BYTES));
        piece.bytes.copy(memory);
        return { bytes: memory.subarray(0, length), line: piece.line };
    }
    /** The piece's rows are no longer needed: its memory serves a later piece (unless it is that of a long row). */
    release(piece) {
        const memory = Buffer.from(piece.bytes.buffer, piece.bytes.byteOffset);
        if (memory.length <= SLOT_BYTES)
            this.spare.push(memory);
    }
}
/** One worker and its queue: replies come in the order of the messages that ask for one. */
class ScanThread {
    worker;
    replies = [];
    failure;
    closing = false;
    /** The piece slots shared with the thread, and those free (a slot is taken until its piece is scanned). */
    slots;
    freeSlots;
    constructor(url, setup, onRows) {
        const memory = new SharedArrayBuffer(PIECES_IN_FLIGHT * SLOT_BYTES);
        this.slots = Array.from({ length: PIECES_IN_FLIGHT }, (_, slot) => slotBytes(memory, slot));
        this.freeSlots = this.slots.map((_, slot) => slot).reverse();
        this.worker = new Worker(url, {
            workerData: { [SCAN_THREAD]: setup, [SCAN_SLOTS]: memory },
            resourceLimits: { maxYoungGenerationSizeMb: SCAN_THREAD_YOUNG_MB },
        });
        this.worker.on('message', (message) => {
            if (message.type === 'failed')
                return this.fail(threadError(message));
            if (message.type === 'scanned')
                onRows(message.rows);
            this.replies.shift()?.resolve(message);
        });
        this.worker.on('error', (error) => this.fail(new Error(`a scan thread failed: ${errorText(error)}`)));
        this.worker.on('exit', (code) => {
            if (!this.closing)
                this.fail(new Error(`a scan thread stopped (exit code ${code})`));
        });
    }
    startFile(file, names, delimiter) {
        this.post({ type: 'file', file, names, delimiter });
    }
    post(message, transfer = []) {
        if (this.failure)
            throw this.failure;
        this.worker.postMessage(message, transfer);
    }
    ask(message, transfer = []) {
        const reply = new Promise((resolve, reject) => this.replies.push({ resolve, reject }));
        this.post(message, transfer);
        return reply;
    }
    async scan(piece) {
        // Copied before this returns: the caller's memory is written again by the next chunk.
        const length = piece.bytes.length;
        const slot = length <= SLOT_BYTES ? this.freeSlots.pop() : undefined;
        if (slot === undefined) {
            // A piece longer than a slot (very long rows): a copy in memory of its own, moved to the thread.
            const bytes = new Uint8Array(length);
            bytes.set(piece.bytes);
            return (await this.ask({ type: 'piece', bytes, line: piece.line }, [bytes.buffer]));
        }
        piece.bytes.copy(this.slots[slot]);
        try {
            return (await this.ask({ type: 'piece', slot, length, line: piece.line }));
        }
        finally {
            this.freeSlots.push(slot);
        }
    }
    async finish() {
        const reply = await this.ask({ type: 'finish' });
        return reply.share;
    }
    async close() {
        this.closing = true;
        await this.worker.terminate();
    }
    fail(error) {
        this.failure ??= error;
        for (const reply of this.replies.splice(0))
            reply.reject(this.failure);
    }
}
function threadError(message) {
    if (message.input && message.file)
        return new InputDataError(message.message, { file: message.file, line: message.line });
    return new Error(`a scan thread failed: ${message.message}`);
}
/** In a scan thread, serves it and returns true; anywhere else returns false. */
function serveScanWorker() {
    const setup = external_node_worker_threads_namespaceObject.workerData?.[SCAN_THREAD];
    if (external_node_worker_threads_namespaceObject.isMainThread || !setup || !external_node_worker_threads_namespaceObject.parentPort)
        return false;
    const port = external_node_worker_threads_namespaceObject.parentPort;
    const memory = external_node_worker_threads_namespaceObject.workerData[SCAN_SLOTS];
    const slots = Array.from({ length: PIECES_IN_FLIGHT }, (_, slot) => slotBytes(memory, slot));
    const rules = setup.contract ? buildRules(setup.contract) : undefined;
    const edges = new Map(setup.histogramEdges);
    let file;
    let failed = false;
    const handle = (message) => {
        if (message.type === 'file') {
            file = new FileScan(rules, edges, message.file, message.names, message.delimiter);
            return undefined;
        }
        if (!file)
            throw new Error(`"${message.type}" before any file`);
        if (message.type === 'piece') {
            const bytes = 'slot' in message
                ? slots[message.slot].subarray(0, message.length)
                : Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.length);
            return { type: 'scanned', ...file.scan(bytes, message.line) };
        }
        const share = file.share();
        file = undefined;
        return { type: 'share', share };
    };
    port.on('message', (message) => {
        if (failed)
            return;
        try {
            const reply = handle(message);
            if (reply)
                port.postMessage(reply, reply.type === 'scanned' ? transferables(reply.repeats) : []);
        }
        catch (error) {
            failed = true;
            port.postMessage({
                type: 'failed',
                message: open_errorText(error),
                input: error instanceof errors_InputDataError,
                file: file?.file,
                line: error.line,
            });
        }
    });
    return true;
}
/** A scan thread's work on one file: its pieces, checked and profiled by a dataset of its own. */
class FileScan {
    file;
    names;
    dataset;
    sink;
    scanner;
    constructor(rules, histogramEdges, file, names, delimiter) {
        this.file = file;
        this.names = names;
        this.dataset = new DatasetValidator(rules, histogramEdges, () => new RepeatLog());
        this.sink = this.dataset.csvSink(file);
        this.sink.useHeader(names);
        this.scanner = new csv_CsvScanner({ delimiter }, this.sink);
    }
    /** Scans a piece; returns its rows and what it logged for the repeat checks. */
    scan(bytes, line) {
        const before = this.dataset.rows;
        this.scanner.scanPiece(bytes, line, this.names.length);
        const repeats = this.dataset.takeRepeats();
        const logged = repeats.rows || repeats.keys || repeats.unique.length > 0;
        return { rows: this.dataset.rows - before, ...(logged ? { repeats } : {}) };
    }
    share() {
        return takeShare(this.dataset, this.sink);
    }
}
/** Slot `slot` of a thread's piece memory. */
function slotBytes(memory, slot) {
    return Buffer.from(memory, slot * SLOT_BYTES, SLOT_BYTES);
}
/** The buffers of a repeat log, moved to the main thread rather than copied. */
function transferables(repeats) {
    if (!repeats)
        return [];
    const arrays = [repeats.rows, repeats.keys, ...repeats.unique.map(([, entries]) => entries)];
    return arrays.filter((array) => array !== undefined).map((array) => array.buffer);
}
/** What `text` makes of the row on `line` of a piece, scanned again (only for repeats kept as samples). */
function textOfRow(piece, line, fields, options, text) {
    let found = '';
    const scanner = new CsvScanner(options, {
        header: () => undefined,
        malformed: () => undefined,
        row: (row) => {
            if (row.line === line)
                found = text(row);
        },
    });
    scanner.scanPiece(piece.bytes, piece.line, fields);
    return found;
}

;// CONCATENATED MODULE: ./packages/data/src/scan-thread.ts
/**
 * The entry of a scan thread (validate/parallel-scan.ts), bundled next to each bundle that validates data
 * (dist/<name>/scan-thread/index.js): only the data engine, so each thread starts small.
 */

if (!serveScanWorker()) {
    console.error('mlgate: this file is the entry of validate-data scan threads; run the action or the CLI instead');
    process.exitCode = 2;
}

