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
 */
import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import { DFA, JS, NFA, TooManyNodesError, getIntersectionWords, isDisjointWith } from 'refa';
import { analyse } from 'scslre';
import { ConfigurationError, type SourceLocation } from '@mlgate/core';
import type { AsciiDfa } from './ascii-dfa.js';

/** A contract pattern compiled for full-match tests (Frictionless patterns match the whole value). */
export interface SafePattern {
  /** The pattern as written in the contract. */
  source: string;
  /** `^(?:source)$`, with the `u` flag unless the pattern is only valid without it. */
  regex: RegExp;
  /** The same full match over ASCII values, when the pattern has no assertions and a small automaton. */
  ascii?: AsciiDfa;
}

export type PatternVerdict =
  | { safe: true; regex: RegExp; analysisMs: number }
  | {
      safe: false;
      /** One sentence: what is wrong. */
      problem: string;
      /** A value that makes the pattern backtrack, when there is one to show. */
      attack?: string;
      /** A rewrite that matches the same values without the problem, when scslre finds one. */
      fix?: string;
      analysisMs: number;
    };

/** States beyond which a pattern is matched by its RegExp only (a table of 128 entries per state). */
const maxAsciiStates = 1_000;

/** Automaton size beyond which the ambiguity check gives up (a few ms at most on real patterns). */
const maxAutomatonNodes = 20_000;
/** How many times the attack's repeated part is shown. */
const attackRepeats = 30;

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** Decides whether a pattern is safe to run on untrusted values; never throws. */
export function checkPattern(source: string): PatternVerdict {
  const started = performance.now();
  const verdict = analysePattern(source);
  return { ...verdict, analysisMs: performance.now() - started } as PatternVerdict;
}

/** Compiles a contract pattern, or throws a ConfigurationError naming the field and line. */
export function compileSafePattern(source: string, location: SourceLocation): SafePattern {
  const verdict = checkPattern(source);
  if (verdict.safe) {
    const ascii = asciiDfa(source, verdict.regex.flags);
    return ascii ? { source, regex: verdict.regex, ascii } : { source, regex: verdict.regex };
  }
  let message = `pattern ${JSON.stringify(source)} ${verdict.problem}`;
  if (verdict.attack !== undefined) message += `; for example on ${JSON.stringify(verdict.attack)}`;
  if (verdict.fix !== undefined) message += `; an equivalent safe pattern is ${JSON.stringify(verdict.fix)}`;
  throw new ConfigurationError(message, location);
}

type Analysis =
  { safe: true; regex: RegExp } | { safe: false; problem: string; attack?: string; fix?: string };

function analysePattern(source: string): Analysis {
  // Parse the pattern alone first: `a)|(b` would otherwise escape the full-match wrapper.
  let unicode = true;
  try {
    parser.parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    unicode = false;
    try {
      parser.parsePattern(source, 0, source.length, { unicode: false });
    } catch (error) {
      return { safe: false, problem: `is not a valid regular expression (${(error as Error).message})` };
    }
  }
  const flags = unicode ? 'u' : '';
  const wrapped = `^(?:${source})$`;
  const pattern = parser.parsePattern(wrapped, 0, wrapped.length, { unicode });
  const ast = { pattern, flags: parser.parseFlags(flags) };

  let hasBackreference = false;
  visitRegExpAST(pattern, {
    onBackreferenceEnter: () => {
      hasBackreference = true;
    },
  });
  if (hasBackreference) {
    return { safe: false, problem: 'uses a backreference, which cannot be proven to run in linear time' };
  }

  try {
    const report = analyse(ast, {
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
    if (ambiguity) return ambiguity;
  } catch (error) {
    if (error instanceof TooManyNodesError) {
      return { safe: false, problem: 'is too complex to prove free of catastrophic backtracking' };
    }
    throw error;
  }
  return { safe: true, regex: new RegExp(wrapped, flags) };
}

/** A repeated group whose alternatives can match the same text in two ways backtracks exponentially. */
function ambiguousRepetition(ast: JS.RegexppAst): Analysis | undefined {
  const refaParser = JS.Parser.fromAst(ast);
  const automaton = (element: JS.ParsableElement): NFA => {
    const { expression, maxCharacter } = refaParser.parseElement(element, {
      assertions: 'ignore',
      backreferences: 'disable',
      maxNodes: maxAutomatonNodes,
    });
    return NFA.fromRegex(expression, { maxCharacter }, { assertions: 'ignore' });
  };
  const repeatedGroups: AST.Quantifier[] = [];
  visitRegExpAST(ast.pattern, {
    onQuantifierEnter(quantifier) {
      const element = quantifier.element;
      const isGroup = element.type === 'Group' || element.type === 'CapturingGroup';
      // A few repetitions of an ambiguous group cost at most a few times more: only long runs blow up.
      if (isGroup && element.alternatives.length > 1 && quantifier.max > 3) repeatedGroups.push(quantifier);
    },
  });
  for (const quantifier of repeatedGroups) {
    const group = quantifier.element as AST.Group | AST.CapturingGroup;
    const rest = automaton(group);
    rest.quantify(0, Infinity);
    const starts = group.alternatives.map((alternative) => {
      const start = automaton(alternative);
      start.append(rest);
      return start;
    });
    for (let i = 0; i < starts.length; i++) {
      for (let j = i + 1; j < starts.length; j++) {
        if (isDisjointWith(starts[i], starts[j], maxAutomatonNodes)) continue;
        const word = firstWord(getIntersectionWords(starts[i], starts[j], maxAutomatonNodes));
        return {
          safe: false,
          problem:
            `can backtrack catastrophically: in ${quantifier.raw}, the alternatives ` +
            `${JSON.stringify(group.alternatives[i].raw)} and ${JSON.stringify(group.alternatives[j].raw)} ` +
            `can match the same text${word ? ` (${JSON.stringify(word)})` : ''}`,
          attack: word === undefined ? undefined : attackString(word),
        };
      }
    }
  }
  return undefined;
}

function firstWord(words: Iterable<number[]>): string | undefined {
  for (const word of words) return String.fromCodePoint(...word);
  return undefined;
}

/** The repeated text, many times, then a character that forces every way of splitting it to be tried. */
function attackString(repeated: string): string {
  const end = repeated === '!' ? '\u0000' : '!';
  return repeated.repeat(Math.max(1, Math.ceil(attackRepeats / repeated.length))) + end;
}

/** scslre's fix is for the wrapped pattern: show it the way the user writes it. */
function unwrap(source: string): string {
  return source.startsWith('^(?:') && source.endsWith(')$') ? source.slice(4, -2) : source;
}

/**
 * The pattern's minimal DFA as a table over ASCII; undefined for patterns with assertions (^, $, \b,
 * lookarounds) or too many states, which keep to the RegExp.
 */
function asciiDfa(source: string, flags: string): AsciiDfa | undefined {
  let dfa: DFA;
  try {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags }).parse({
      assertions: 'throw',
      backreferences: 'throw',
      maxNodes: maxAutomatonNodes,
    });
    const nfa = NFA.fromRegex(
      expression,
      { maxCharacter },
      {},
      new NFA.LimitedNodeFactory(maxAutomatonNodes),
    );
    dfa = DFA.fromFA(nfa, new DFA.LimitedNodeFactory(maxAutomatonNodes));
    dfa.minimize();
  } catch {
    return undefined;
  }
  const nodes = [dfa.initial, ...[...dfa.nodes()].filter((node) => node !== dfa.initial)];
  if (nodes.length > maxAsciiStates) return undefined;
  const index = new Map(nodes.map((node, i) => [node, i]));
  const next = new Int16Array(nodes.length * 128).fill(-1);
  const accepting = new Uint8Array(nodes.length);
  nodes.forEach((node, state) => {
    if (dfa.finals.has(node)) accepting[state] = 1;
    for (const [range, to] of node.out) {
      for (let char = range.min; char <= Math.min(range.max, 127); char++)
        next[state * 128 + char] = index.get(to)!;
    }
  });
  return { next, accepting };
}
