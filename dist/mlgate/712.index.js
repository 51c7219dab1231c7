export const id = 712;
export const ids = [712];
export const modules = {

/***/ 14712:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   importCsv: () => (/* binding */ importCsv),
/* harmony export */   parseNumberCell: () => (/* binding */ parseNumberCell),
/* harmony export */   sniffDelimiter: () => (/* binding */ sniffDelimiter)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var csv_parse__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(56070);
/* harmony import */ var _mlgate_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(52144);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(62935);
/* harmony import */ var _columns_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(70763);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(98898);
/**
 * Canonical results as CSV/TSV: a header row with canonical field names; nested fields as `scores.<dim>`,
 * `tags.<name>`, `reasons.<score>`, `tokens.input`, `tokens.output` and `probability.<class>`. Rows are streamed.
 * Cells are typed by column, then checked by the same converter as JSONL:
 * - numeric columns (probability, scores.*, latency_ms, cost_usd, tokens.*) must hold a plain decimal number;
 * - pass accepts true/false, 1/0 and yes/no (any case);
 * - expected/predicted become numbers when the cell is a number, text otherwise;
 * - an empty cell means "no value". Unknown columns are ignored (with a warning).
 */







const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);
/** The number in a cell (surrounding spaces allowed), or undefined when the cell is not a plain number. */
function parseNumberCell(cell) {
    const text = cell.trim();
    return NUMBER.test(text) ? Number(text) : undefined;
}
function columnFor(name) {
    switch (name) {
        case 'id':
            return { name, kind: 'id', field: name };
        case 'expected':
        case 'predicted':
            return { name, kind: 'label', field: name };
        case 'probability':
        case 'latency_ms':
        case 'cost_usd':
            return { name, kind: 'number', field: name };
        case 'pass':
            return { name, kind: 'pass', field: name };
        case 'input':
        case 'output':
        case 'error':
            return { name, kind: 'text', field: name };
    }
    const dot = name.indexOf('.');
    if (dot > 0 && dot < name.length - 1) {
        const field = name.slice(0, dot);
        const key = name.slice(dot + 1);
        if (field === 'scores' || field === 'probability')
            return { name, kind: 'nested-number', field, key };
        if (field === 'tags' || field === 'reasons')
            return { name, kind: 'nested-text', field, key };
        if (field === 'tokens' && (key === 'input' || key === 'output'))
            return { name, kind: 'nested-number', field, key };
    }
    return { name, kind: 'ignored', field: name };
}
/** Tab for .tsv; otherwise the most frequent of , ; and tab in the first line (comma when none). */
function sniffDelimiter(file, head) {
    if (node_path__WEBPACK_IMPORTED_MODULE_1___default().extname(file).toLowerCase() === '.tsv')
        return '\t';
    const newline = head.indexOf('\n');
    const firstLine = newline === -1 ? head : head.slice(0, newline);
    const count = (char) => firstLine.split(char).length - 1;
    const candidates = [
        [',', count(',')],
        ['\t', count('\t')],
        [';', count(';')],
    ];
    const best = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
    return best[1] > 0 ? best[0] : ',';
}
/** Line breaks inside a record's (quoted) values: the extra lines the record spans. */
function lineBreaks(record) {
    let breaks = 0;
    for (const value of record) {
        for (let i = 0; i < value.length; i++) {
            const c = value.charCodeAt(i);
            if (c === 10 || (c === 13 && value.charCodeAt(i + 1) !== 10))
                breaks++;
        }
    }
    return breaks;
}
async function importCsv(file, displayName, mapping) {
    const delimiter = sniffDelimiter(file, await (0,_read_js__WEBPACK_IMPORTED_MODULE_6__/* .readHead */ .zy)(file, displayName));
    const source = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file);
    const parser = (0,csv_parse__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)({
        bom: true,
        delimiter,
        relax_column_count: true,
        skip_empty_lines: false,
        relax_quotes: delimiter === '\t',
    });
    source.on('error', (error) => parser.destroy(error));
    source.pipe(parser);
    const cases = [];
    const warnings = [];
    let columns;
    let mapped;
    // Line numbers are counted here (csv-parse miscounts CRLF inside quoted values): a record starts on the line
    // after the previous one ended, and spans one line plus the line breaks inside its values.
    let nextLine = 1;
    try {
        for await (const record of parser) {
            const line = nextLine;
            nextLine += 1 + lineBreaks(record);
            if (record.length === 1 && record[0].trim() === '')
                continue; // blank line
            const place = { file: displayName, line };
            if (columns === undefined) {
                mapped = mapping
                    ? (0,_columns_js__WEBPACK_IMPORTED_MODULE_5__/* .mapHeader */ .Al)(record.map((cell) => cell.trim()), mapping, displayName)
                    : undefined;
                columns = readHeader(mapped ? [...mapped.names, ...mapped.copies.map((copy) => copy.name)] : record, place, warnings);
                continue;
            }
            // A column mapped to two fields (id and input) is read twice.
            if (mapped && mapped.copies.length > 0 && record.length === mapped.names.length)
                record.push(...mapped.copies.map((copy) => record[copy.from]));
            if (record.length !== columns.length) {
                (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .fail */ .fJ)(place, undefined, `row has ${record.length} value${record.length === 1 ? '' : 's'} but the header has ${columns.length} columns`);
            }
            cases.push((0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .canonicalToRawCase */ .aR)(rowToCanonical(record, columns, place), place));
        }
    }
    catch (error) {
        if (error instanceof _mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .InputDataError */ .$s)
            throw error;
        const code = error?.code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
            throw new _mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .InputDataError */ .$s(`Cannot read the results file (${code}).`, { file: displayName });
        }
        const message = error instanceof Error ? error.message : String(error);
        throw new _mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .InputDataError */ .$s(`Invalid CSV: ${message}`, { file: displayName, line: nextLine });
    }
    finally {
        source.destroy();
    }
    if (columns === undefined)
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .noCases */ .nq)(displayName, 'it has no header row');
    if (cases.length === 0)
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .noCases */ .nq)(displayName, 'it has a header row but no data rows');
    return { cases, skipped: 0, warnings };
}
function readHeader(record, place, warnings) {
    const columns = record.map((cell) => columnFor(cell.trim()));
    const seen = new Set();
    for (const column of columns) {
        if (column.name === '')
            (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .fail */ .fJ)(place, undefined, 'the header row has an empty column name');
        if (seen.has(column.name))
            (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .fail */ .fJ)(place, column.name, `the header names the column "${column.name}" twice`);
        seen.add(column.name);
    }
    if (!seen.has('id')) {
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .fail */ .fJ)(place, 'id', `the header row has no "id" column (columns: ${columns.map((c) => c.name).join(', ')})`);
    }
    if (seen.has('probability') && columns.some((c) => c.field === 'probability' && c.key !== undefined)) {
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .fail */ .fJ)(place, 'probability', 'use either a "probability" column or "probability.<class>" columns, not both');
    }
    const ignored = columns.filter((column) => column.kind === 'ignored').map((column) => column.name);
    if (ignored.length > 0) {
        const described = ignored.map((name) => {
            const hint = (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .canonicalFieldHint */ .YO)(name);
            return hint ? `"${name}" (${hint})` : `"${name}"`;
        });
        warnings.push(`${place.file}: ignored column${ignored.length === 1 ? '' : 's'} ${described.join(', ')} ` +
            `(not a canonical field; nested fields are written scores.<name>, tags.<name>, tokens.input, ` +
            `tokens.output, probability.<class>).`);
    }
    return columns;
}
function rowToCanonical(record, columns, place) {
    const row = {};
    for (let index = 0; index < columns.length; index++) {
        const column = columns[index];
        const cell = record[index];
        if (cell === '' || column.kind === 'ignored')
            continue;
        switch (column.kind) {
            case 'id':
            case 'text':
                row[column.field] = cell;
                break;
            case 'label':
                row[column.field] = parseNumberCell(cell) ?? cell;
                break;
            case 'number':
                if (cell.trim() !== '')
                    row[column.field] = parseNumberCell(cell) ?? cell;
                break;
            case 'pass': {
                const word = cell.trim().toLowerCase();
                if (TRUE_WORDS.has(word))
                    row.pass = true;
                else if (FALSE_WORDS.has(word))
                    row.pass = false;
                else if (word !== '')
                    (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .fail */ .fJ)(place, 'pass', `pass must be one of true/false, 1/0, yes/no; got ${(0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .show */ .WU)(cell)}`);
                break;
            }
            case 'nested-number':
            case 'nested-text': {
                if (cell.trim() === '')
                    break;
                const nested = (row[column.field] ??= {});
                const value = column.kind === 'nested-number' ? (parseNumberCell(cell) ?? cell) : cell;
                (0,_fields_js__WEBPACK_IMPORTED_MODULE_4__/* .setKey */ .qL)(nested, column.key, value);
                break;
            }
        }
    }
    return row;
}


/***/ })

};
