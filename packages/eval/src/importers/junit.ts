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
import { XMLParser } from 'fast-xml-parser';
import { InputDataError } from '@mlgate/core';
import { compact, fail, isObject, noCases, readId, setKey } from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import { LineIndex, readWholeFile } from './read.js';
import type { RawCase } from '../types.js';

const ALWAYS_ARRAYS = new Set([
  'testsuite',
  'testcase',
  'property',
  'failure',
  'error',
  'skipped',
  'system-out',
]);
const META = XMLParser.getMetaDataSymbol() as unknown as string;
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export async function importJunit(file: string, displayName: string): Promise<ImporterOutput> {
  const text = await readWholeFile(file, displayName);
  if (text.trim() === '') noCases(displayName, 'the file is blank');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    captureMetaData: true,
    processEntities: true,
    isArray: (name) => ALWAYS_ARRAYS.has(name),
  });
  let document: JsonObject;
  try {
    document = parser.parse(text, true) as JsonObject;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /line:?\s*(\d+)/i.exec(message);
    throw new InputDataError(`Invalid XML: ${message}`, {
      file: displayName,
      ...(line ? { line: Number(line[1]) } : {}),
    });
  }
  const lines = new LineIndex(text);
  const lineOf = (node: JsonObject): number => {
    const meta = (node as Record<string, unknown>)[META] as { startIndex?: number } | undefined;
    return meta?.startIndex !== undefined ? lines.lineOf(meta.startIndex) : 1;
  };

  const suites: JsonObject[] = [];
  const root = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (root === 'testsuites' && isObject(document.testsuites)) {
    suites.push(...asObjects(document.testsuites.testsuite));
  } else if (root === 'testsuites') {
    noCases(displayName, 'the <testsuites> element is empty');
  } else if (root === 'testsuite') {
    suites.push(...asObjects(document.testsuite));
  } else {
    throw new InputDataError(
      `Not a JUnit XML report: the root element is ${root ? `<${root}>` : 'missing'}, expected <testsuites> or <testsuite>.`,
      { file: displayName, line: 1 },
    );
  }

  const cases: RawCase[] = [];
  let skipped = 0;
  const visit = (suite: JsonObject, outerName: string | undefined): void => {
    const suiteName = attribute(suite, 'name') ?? outerName;
    for (const testcase of asObjects(suite.testcase)) {
      const place: Place = { file: displayName, line: lineOf(testcase) };
      if (testcase.skipped !== undefined) {
        skipped++;
        continue;
      }
      cases.push(toCase(testcase, suiteName, place));
    }
    for (const inner of asObjects(suite.testsuite)) visit(inner, suiteName);
  };
  for (const suite of suites) visit(suite, undefined);

  if (cases.length === 0) {
    noCases(
      displayName,
      skipped > 0 ? `all ${skipped} test cases are skipped` : 'it has no <testcase> elements',
    );
  }
  return { cases, skipped, warnings: [] };
}

function toCase(testcase: JsonObject, suite: string | undefined, place: Place): RawCase {
  const name = attribute(testcase, 'name');
  if (name === undefined || name === '') fail(place, 'name', 'testcase has no name attribute');
  const className = attribute(testcase, 'classname');
  const rawCase: RawCase = {
    id: readId(className ? `${className}::${name}` : name, place, 'name'),
    source: { file: place.file, line: place.line },
  };
  const failures = asNodes(testcase.failure);
  const errors = asNodes(testcase.error);
  rawCase.pass = failures.length === 0 && errors.length === 0;
  if (errors.length > 0) rawCase.error = messageOf(errors[0]);

  const time = attribute(testcase, 'time');
  if (time !== undefined && time.trim() !== '') {
    if (!NUMBER.test(time) || Number(time) < 0) {
      fail(place, 'time', `time must be a non-negative number of seconds; got ${JSON.stringify(time)}`);
    }
    rawCase.latencyMs = Number(time) * 1000;
  }

  const tags: Record<string, string> = {};
  const scores: Record<string, number> = {};
  if (suite !== undefined && suite !== '') tags.suite = suite;
  const properties = isObject(testcase.properties) ? asObjects(testcase.properties.property) : [];
  for (const property of properties) {
    const key = attribute(property, 'name');
    const value = attribute(property, 'value') ?? textOf(property);
    if (key === undefined || key === '' || value === undefined) continue;
    setKey(tags, key, value);
    // pytest's record_property("faithfulness", 0.92) writes a number: a grader's score.
    if (NUMBER.test(value) && Number.isFinite(Number(value))) setKey(scores, key, Number(value));
  }
  if (Object.keys(tags).length > 0) rawCase.tags = tags;
  if (Object.keys(scores).length > 0) rawCase.scores = scores;

  const out = asNodes(testcase['system-out'])
    .map((node) => textOf(node) ?? '')
    .join('');
  if (out !== '') rawCase.output = out;
  return compact(rawCase);
}

function attribute(node: JsonObject, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (isObject(node) && typeof node['#text'] === 'string') return node['#text'];
  return undefined;
}

/** The message of a <failure>/<error>: its message attribute, else its text. */
function messageOf(node: unknown): string {
  if (isObject(node)) {
    const message = attribute(node, 'message');
    if (message !== undefined && message.trim() !== '') return message;
    const text = textOf(node)?.trim();
    if (text) return text;
    return attribute(node, 'type') ?? 'error';
  }
  return typeof node === 'string' && node.trim() !== '' ? node.trim() : 'error';
}

function asNodes(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function asObjects(value: unknown): JsonObject[] {
  return asNodes(value).filter(isObject);
}
