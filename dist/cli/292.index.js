export const id = 292;
export const ids = [292];
export const modules = {

/***/ 71292:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   importJunit: () => (/* binding */ importJunit)
/* harmony export */ });
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(41143);
/* harmony import */ var _mlgate_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16343);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62935);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(98898);
/**
 * JUnit XML (pytest --junitxml, and other runners). Root <testsuites> or a bare <testsuite>; suites may nest.
 * Every <testcase> is one case:
 * - id: `classname::name` (pytest style), or `name` when there is no classname.
 * - pass: no <failure> and no <error> child. error: the <error> message (the test crashed); a <failure> is a
 *   failed case, not an errored one.
 * - skipped cases (<skipped>) are left out and counted in `skipped`.
 * - latency_ms: time × 1000. tags: suite (the innermost <testsuite> name) and the scalar <property name value>
 *   entries of the testcase (suite-level properties are usually run environment, not case attributes).
 * - scores: the testcase properties whose value is a number (pytest's `record_property("faithfulness", 0.92)`).
 * - output: <system-out> when present.
 * Line numbers are those of each <testcase> start tag.
 */




const ALWAYS_ARRAYS = new Set([
    'testsuite',
    'testcase',
    'property',
    'failure',
    'error',
    'skipped',
    'system-out',
]);
const META = fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__/* ["default"] */ .A.getMetaDataSymbol();
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
async function importJunit(file, displayName) {
    const text = await (0,_read_js__WEBPACK_IMPORTED_MODULE_2__/* .readWholeFile */ .M4)(file, displayName);
    if (text.trim() === '')
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .noCases */ .nq)(displayName, 'the file is blank');
    const parser = new fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__/* ["default"] */ .A({
        ignoreAttributes: false,
        attributeNamePrefix: '@',
        parseAttributeValue: false,
        parseTagValue: false,
        trimValues: false,
        captureMetaData: true,
        processEntities: true,
        isArray: (name) => ALWAYS_ARRAYS.has(name),
    });
    let document;
    try {
        document = parser.parse(text, true);
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const line = /line:?\s*(\d+)/i.exec(message);
        throw new _mlgate_core__WEBPACK_IMPORTED_MODULE_0__/* .InputDataError */ .$s(`Invalid XML: ${message}`, {
            file: displayName,
            ...(line ? { line: Number(line[1]) } : {}),
        });
    }
    const lines = new _read_js__WEBPACK_IMPORTED_MODULE_2__/* .LineIndex */ .rr(text);
    const lineOf = (node) => {
        const meta = node[META];
        return meta?.startIndex !== undefined ? lines.lineOf(meta.startIndex) : 1;
    };
    const suites = [];
    const root = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('#'));
    if (root === 'testsuites' && (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(document.testsuites)) {
        suites.push(...asObjects(document.testsuites.testsuite));
    }
    else if (root === 'testsuites') {
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .noCases */ .nq)(displayName, 'the <testsuites> element is empty');
    }
    else if (root === 'testsuite') {
        suites.push(...asObjects(document.testsuite));
    }
    else {
        throw new _mlgate_core__WEBPACK_IMPORTED_MODULE_0__/* .InputDataError */ .$s(`Not a JUnit XML report: the root element is ${root ? `<${root}>` : 'missing'}, expected <testsuites> or <testsuite>.`, { file: displayName, line: 1 });
    }
    const cases = [];
    let skipped = 0;
    const visit = (suite, outerName) => {
        const suiteName = attribute(suite, 'name') ?? outerName;
        for (const testcase of asObjects(suite.testcase)) {
            const place = { file: displayName, line: lineOf(testcase) };
            if (testcase.skipped !== undefined) {
                skipped++;
                continue;
            }
            cases.push(toCase(testcase, suiteName, place));
        }
        for (const inner of asObjects(suite.testsuite))
            visit(inner, suiteName);
    };
    for (const suite of suites)
        visit(suite, undefined);
    if (cases.length === 0) {
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .noCases */ .nq)(displayName, skipped > 0 ? `all ${skipped} test cases are skipped` : 'it has no <testcase> elements');
    }
    return { cases, skipped, warnings: [] };
}
function toCase(testcase, suite, place) {
    const name = attribute(testcase, 'name');
    if (name === undefined || name === '')
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)(place, 'name', 'testcase has no name attribute');
    const className = attribute(testcase, 'classname');
    const rawCase = {
        id: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .readId */ .wh)(className ? `${className}::${name}` : name, place, 'name'),
        source: { file: place.file, line: place.line },
    };
    const failures = asNodes(testcase.failure);
    const errors = asNodes(testcase.error);
    rawCase.pass = failures.length === 0 && errors.length === 0;
    if (errors.length > 0)
        rawCase.error = messageOf(errors[0]);
    const time = attribute(testcase, 'time');
    if (time !== undefined && time.trim() !== '') {
        if (!NUMBER.test(time) || Number(time) < 0) {
            (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)(place, 'time', `time must be a non-negative number of seconds; got ${JSON.stringify(time)}`);
        }
        rawCase.latencyMs = Number(time) * 1000;
    }
    const tags = {};
    const scores = {};
    if (suite !== undefined && suite !== '')
        tags.suite = suite;
    const properties = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(testcase.properties) ? asObjects(testcase.properties.property) : [];
    for (const property of properties) {
        const key = attribute(property, 'name');
        const value = attribute(property, 'value') ?? textOf(property);
        if (key === undefined || key === '' || value === undefined)
            continue;
        (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .setKey */ .qL)(tags, key, value);
        // pytest's record_property("faithfulness", 0.92) writes a number: a grader's score.
        if (NUMBER.test(value) && Number.isFinite(Number(value)))
            (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .setKey */ .qL)(scores, key, Number(value));
    }
    if (Object.keys(tags).length > 0)
        rawCase.tags = tags;
    if (Object.keys(scores).length > 0)
        rawCase.scores = scores;
    const out = asNodes(testcase['system-out'])
        .map((node) => textOf(node) ?? '')
        .join('');
    if (out !== '')
        rawCase.output = out;
    return (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .compact */ .oE)(rawCase);
}
function attribute(node, name) {
    const value = node[`@${name}`];
    return typeof value === 'string' ? value : undefined;
}
function textOf(node) {
    if (typeof node === 'string')
        return node;
    if ((0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(node) && typeof node['#text'] === 'string')
        return node['#text'];
    return undefined;
}
/** The message of a <failure>/<error>: its message attribute, else its text. */
function messageOf(node) {
    if ((0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(node)) {
        const message = attribute(node, 'message');
        if (message !== undefined && message.trim() !== '')
            return message;
        const text = textOf(node)?.trim();
        if (text)
            return text;
        return attribute(node, 'type') ?? 'error';
    }
    return typeof node === 'string' && node.trim() !== '' ? node.trim() : 'error';
}
function asNodes(value) {
    if (value === undefined)
        return [];
    return Array.isArray(value) ? value : [value];
}
function asObjects(value) {
    return asNodes(value).filter(_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv);
}


/***/ })

};
