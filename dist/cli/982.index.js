export const id = 982;
export const ids = [982];
export const modules = {

/***/ 40982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkPattern: () => (/* binding */ checkPattern),
/* harmony export */   compileSafePattern: () => (/* binding */ compileSafePattern),
/* harmony export */   linearRegExp: () => (/* binding */ linearRegExp),
/* harmony export */   matchesDfa: () => (/* reexport safe */ _ascii_dfa_js__WEBPACK_IMPORTED_MODULE_4__.Rb)
/* harmony export */ });
/* harmony import */ var _eslint_community_regexpp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91895);
/* harmony import */ var refa__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(55168);
/* harmony import */ var scslre__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13008);
/* harmony import */ var _mlgate_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16343);
/* harmony import */ var _ascii_dfa_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(21006);
/**
 * Contract `pattern`s are user input run against every cell, so each one is proven free of catastrophic
 * backtracking when the contract is loaded, then runs as a native (fast) JavaScript RegExp.
 *
 * The proof is static, in two parts:
 * - scslre (the analysis behind eslint-plugin-regexp's no-super-linear-backtracking) finds quantifiers that
 *   can trade or share a repeated character: nested `(a+)+` (exponential), adjacent `\d+\d*` (polynomial);
 * - an ambiguity check with refa's automata finds repeated alternations whose alternatives can split the
 *   same text in two ways, such as `(a|aa)+`, which scslre does not look for.
 * A pattern with either problem is rejected with a value that triggers it (and a rewrite when scslre has one);
 * so is one whose automaton grows too large to decide, and one with backreferences (no linear-time proof).
 *
 * Static analysis alone can be bypassed (bounded inner quantifiers such as `(?:\w{1,10})+$` pass it and still
 * backtrack exponentially), so values are never matched by a backtracking engine: every accepted pattern is also
 * compiled to its minimal DFA (refa), which decides any value in one pass over its characters. A pattern refa
 * cannot turn into a DFA (an assertion it cannot resolve, or more than 10,000 states) is refused with that reason.
 * The same matcher serves `recordSchema` patterns (ajv's `code.regExp`), with JSON Schema's search semantics.
 */






/** States beyond which a pattern gets no byte table (128 Int16 entries per state); its DFA still matches. */
const maxAsciiStates = 1_000;
/** States beyond which a pattern is refused: its DFA's tables would pass 5 MB. */
const maxDfaStates = 10_000;
/** Automaton size beyond which the ambiguity check gives up (a few ms at most on real patterns). */
const maxAutomatonNodes = 20_000;
/** How many times the attack's repeated part is shown. */
const attackRepeats = 30;
const parser = new _eslint_community_regexpp__WEBPACK_IMPORTED_MODULE_0__/* .RegExpParser */ .HA({ ecmaVersion: 2025 });
/** Decides whether a pattern is safe to run on untrusted values, and builds its DFA; never throws. */
function checkPattern(source, mode = 'full') {
    const started = performance.now();
    let verdict = analysePattern(source);
    if (verdict.safe) {
        const built = linearDfa(source, verdict.regex.flags, mode);
        verdict = typeof built === 'string' ? { safe: false, problem: built } : { ...verdict, matcher: built };
    }
    return { ...verdict, analysisMs: performance.now() - started };
}
/** The refusal of a pattern as one sentence: the problem, a value that shows it, and a rewrite if known. */
function refusal(source, verdict) {
    let message = `pattern ${JSON.stringify(source)} ${verdict.problem}`;
    if (verdict.attack !== undefined)
        message += `; for example on ${JSON.stringify(verdict.attack)}`;
    if (verdict.fix !== undefined)
        message += `; an equivalent safe pattern is ${JSON.stringify(verdict.fix)}`;
    return message;
}
/** Compiles a contract pattern, or throws a ConfigurationError naming the field and line. */
function compileSafePattern(source, location) {
    const verdict = checkPattern(source);
    if (!verdict.safe)
        throw new _mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(refusal(source, verdict), location);
    const matcher = verdict.matcher;
    const ascii = asciiTable(matcher);
    return ascii ? { source, regex: verdict.regex, matcher, ascii } : { source, regex: verdict.regex, matcher };
}
/**
 * ajv's `code.regExp`: JSON Schema patterns (search semantics) matched by their DFA, so a record schema cannot
 * stall a scan either; a pattern that cannot be proven safe throws, and the schema does not compile.
 */
const linearRegExp = Object.assign((source) => {
    const verdict = checkPattern(source, 'search');
    if (!verdict.safe)
        throw new Error(refusal(source, verdict));
    const matcher = verdict.matcher;
    return { test: (value) => (0,_ascii_dfa_js__WEBPACK_IMPORTED_MODULE_4__/* .matchesDfa */ .Rb)(matcher, value), toString: () => `/${source}/` };
}, { code: 'mlgateLinearRegExp' });
function analysePattern(source) {
    // Parse the pattern alone first: `a)|(b` would otherwise escape the full-match wrapper.
    let unicode = true;
    try {
        parser.parsePattern(source, 0, source.length, { unicode: true });
    }
    catch {
        unicode = false;
        try {
            parser.parsePattern(source, 0, source.length, { unicode: false });
        }
        catch (error) {
            return { safe: false, problem: `is not a valid regular expression (${error.message})` };
        }
    }
    const flags = unicode ? 'u' : '';
    const wrapped = `^(?:${source})$`;
    const pattern = parser.parsePattern(wrapped, 0, wrapped.length, { unicode });
    const ast = { pattern, flags: parser.parseFlags(flags) };
    let hasBackreference = false;
    (0,_eslint_community_regexpp__WEBPACK_IMPORTED_MODULE_0__/* .visitRegExpAST */ .p5)(pattern, {
        onBackreferenceEnter: () => {
            hasBackreference = true;
        },
    });
    if (hasBackreference) {
        return { safe: false, problem: 'uses a backreference, which cannot be proven to run in linear time' };
    }
    try {
        const report = (0,scslre__WEBPACK_IMPORTED_MODULE_2__/* .analyse */ .K)(ast, {
            maxReports: 1,
            reportTypes: { Move: true, Self: true, Trade: true },
            assumeRejectingSuffix: true,
        }).reports[0];
        if (report) {
            const fix = report.fix();
            return {
                safe: false,
                problem: report.exponential
                    ? 'can backtrack catastrophically (exponential time in the value length)'
                    : 'can backtrack polynomially (time grows with a power of the value length)',
                attack: attackString(report.character.pick),
                fix: fix ? unwrap(fix.source) : undefined,
            };
        }
        const ambiguity = ambiguousRepetition(ast);
        if (ambiguity)
            return ambiguity;
    }
    catch (error) {
        if (error instanceof refa__WEBPACK_IMPORTED_MODULE_1__.TooManyNodesError) {
            return { safe: false, problem: 'is too complex to prove free of catastrophic backtracking' };
        }
        throw error;
    }
    return { safe: true, regex: new RegExp(wrapped, flags) };
}
/** A repeated group whose alternatives can match the same text in two ways backtracks exponentially. */
function ambiguousRepetition(ast) {
    const refaParser = refa__WEBPACK_IMPORTED_MODULE_1__.JS.Parser.fromAst(ast);
    const automaton = (element) => {
        const { expression, maxCharacter } = refaParser.parseElement(element, {
            assertions: 'ignore',
            backreferences: 'disable',
            maxNodes: maxAutomatonNodes,
        });
        return refa__WEBPACK_IMPORTED_MODULE_1__.NFA.fromRegex(expression, { maxCharacter }, { assertions: 'ignore' });
    };
    const repeatedGroups = [];
    (0,_eslint_community_regexpp__WEBPACK_IMPORTED_MODULE_0__/* .visitRegExpAST */ .p5)(ast.pattern, {
        onQuantifierEnter(quantifier) {
            const element = quantifier.element;
            const isGroup = element.type === 'Group' || element.type === 'CapturingGroup';
            // A few repetitions of an ambiguous group cost at most a few times more: only long runs blow up.
            if (isGroup && element.alternatives.length > 1 && quantifier.max > 3)
                repeatedGroups.push(quantifier);
        },
    });
    for (const quantifier of repeatedGroups) {
        const group = quantifier.element;
        const rest = automaton(group);
        rest.quantify(0, Infinity);
        const starts = group.alternatives.map((alternative) => {
            const start = automaton(alternative);
            start.append(rest);
            return start;
        });
        for (let i = 0; i < starts.length; i++) {
            for (let j = i + 1; j < starts.length; j++) {
                if ((0,refa__WEBPACK_IMPORTED_MODULE_1__.isDisjointWith)(starts[i], starts[j], maxAutomatonNodes))
                    continue;
                const word = firstWord((0,refa__WEBPACK_IMPORTED_MODULE_1__.getIntersectionWords)(starts[i], starts[j], maxAutomatonNodes));
                return {
                    safe: false,
                    problem: `can backtrack catastrophically: in ${quantifier.raw}, the alternatives ` +
                        `${JSON.stringify(group.alternatives[i].raw)} and ${JSON.stringify(group.alternatives[j].raw)} ` +
                        `can match the same text${word ? ` (${JSON.stringify(word)})` : ''}`,
                    attack: word === undefined ? undefined : attackString(word),
                };
            }
        }
    }
    return undefined;
}
function firstWord(words) {
    for (const word of words)
        return String.fromCodePoint(...word);
    return undefined;
}
/** The repeated text, many times, then a character that forces every way of splitting it to be tried. */
function attackString(repeated) {
    const end = repeated === '!' ? '\u0000' : '!';
    return repeated.repeat(Math.max(1, Math.ceil(attackRepeats / repeated.length))) + end;
}
/** scslre's fix is for the wrapped pattern: show it the way the user writes it. */
function unwrap(source) {
    return source.startsWith('^(?:') && source.endsWith(')$') ? source.slice(4, -2) : source;
}
/**
 * The source to give refa: the pattern itself for a full match; for a search, each top-level alternative with
 * `[^]*` on the sides it is not anchored (a leading `^`, a trailing `$`) so the DFA accepts every value that
 * contains a match.
 */
function searchSource(source, unicode) {
    const pattern = parser.parsePattern(source, 0, source.length, { unicode });
    return pattern.alternatives
        .map((alternative) => {
        const elements = alternative.elements;
        const first = elements[0];
        const last = elements[elements.length - 1];
        const anchoredStart = first?.type === 'Assertion' && first.kind === 'start';
        const anchoredEnd = last?.type === 'Assertion' && last.kind === 'end' && last !== first;
        const from = anchoredStart ? first.end : alternative.start;
        const to = anchoredEnd ? last.start : alternative.end;
        const inner = source.slice(from, to);
        return `${anchoredStart ? '' : '[^]*'}(?:${inner})${anchoredEnd ? '' : '[^]*'}`;
    })
        .join('|');
}
/** The pattern's minimal DFA, or the reason there is none (an assertion refa cannot resolve, too many states). */
function linearDfa(source, flags, mode) {
    let dfa;
    const unicode = flags.includes('u');
    try {
        // Anchored on both sides: an assertion at the pattern's own edge then sees the value's start or end (refa
        // treats what lies past an unanchored edge as unknown text), and the anchors themselves are dropped.
        const body = mode === 'search' ? searchSource(source, unicode) : source;
        const literal = { source: `^(?:${body})$`, flags };
        const { expression, maxCharacter } = refa__WEBPACK_IMPORTED_MODULE_1__.JS.Parser.fromLiteral(literal).parse({
            assertions: 'parse',
            backreferences: 'throw',
            maxNodes: maxAutomatonNodes,
        });
        // ^ and $ at the edges of a full match, and lookarounds and \b that refa can resolve, become plain states.
        const resolved = (0,refa__WEBPACK_IMPORTED_MODULE_1__.transform)((0,refa__WEBPACK_IMPORTED_MODULE_1__.combineTransformers)([
            refa__WEBPACK_IMPORTED_MODULE_1__.Transformers.patternEdgeAssertions({ remove: true }),
            refa__WEBPACK_IMPORTED_MODULE_1__.Transformers.simplify({ ignoreAmbiguity: true, ignoreOrder: true }),
        ]), expression, { maxPasses: 20 });
        const nfa = refa__WEBPACK_IMPORTED_MODULE_1__.NFA.fromRegex(resolved, { maxCharacter }, { assertions: 'throw' }, new refa__WEBPACK_IMPORTED_MODULE_1__.NFA.LimitedNodeFactory(maxAutomatonNodes));
        dfa = refa__WEBPACK_IMPORTED_MODULE_1__.DFA.fromFA(nfa, new refa__WEBPACK_IMPORTED_MODULE_1__.DFA.LimitedNodeFactory(maxDfaStates));
        dfa.minimize();
    }
    catch (error) {
        if (error instanceof refa__WEBPACK_IMPORTED_MODULE_1__.TooManyNodesError)
            return `is too complex for a linear-time matcher (its automaton passes ${maxDfaStates.toLocaleString('en-US')} states): bounded repetitions such as {14} or {1,20} multiply its states`;
        return `uses an assertion (a lookaround, \\b, or ^/$ inside the pattern) that cannot be compiled to a linear-time matcher`;
    }
    const nodes = [dfa.initial, ...[...dfa.nodes()].filter((node) => node !== dfa.initial)];
    const index = new Map(nodes.map((node, i) => [node, i]));
    const ascii = new Int32Array(nodes.length * 128).fill(-1);
    const accepting = new Uint8Array(nodes.length);
    const rangeOffsets = new Int32Array(nodes.length + 1);
    const low = [];
    const high = [];
    const to = [];
    nodes.forEach((node, state) => {
        if (dfa.finals.has(node))
            accepting[state] = 1;
        const wide = [];
        for (const [range, target] of node.out) {
            const t = index.get(target);
            for (let char = range.min; char <= Math.min(range.max, 127); char++)
                ascii[state * 128 + char] = t;
            if (range.max >= 128)
                wide.push([Math.max(128, range.min), range.max, t]);
        }
        wide.sort((a, b) => a[0] - b[0]);
        for (const [l, h, t] of wide) {
            low.push(l);
            high.push(h);
            to.push(t);
        }
        rangeOffsets[state + 1] = low.length;
    });
    return {
        unicode,
        accepting,
        ascii,
        rangeOffsets,
        rangeLow: Int32Array.from(low),
        rangeHigh: Int32Array.from(high),
        rangeTo: Int32Array.from(to),
    };
}
/** The DFA's ASCII part as the scanner's byte table, when it is small enough to post to scan threads. */
function asciiTable(dfa) {
    if (dfa.accepting.length > maxAsciiStates)
        return undefined;
    return { next: Int16Array.from(dfa.ascii), accepting: dfa.accepting };
}


/***/ })

};
