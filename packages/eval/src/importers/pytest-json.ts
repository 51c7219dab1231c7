/**
 * pytest-json-report (`pytest --json-report`, `.report.json`): `{exitcode, summary, collectors: [...], tests: [...]}`.
 *
 * Every element of `tests` is one case:
 * - id: `nodeid` (e.g. `tests/test_llm.py::test_answer[gpt-4o]`).
 * - pass: outcome "passed" or "xpassed" → true, "failed" → false, "error" → false and an errored case (a setup or
 *   teardown failure; the failing phase's `crash.message`, else its `longrepr`, is the error text). "skipped" and
 *   "xfailed" (an expected failure, reported as skipped by pytest's own JUnit writer) are left out and counted.
 * - output: for a failed test, the failure text (the call's `crash.message`, else its `longrepr`).
 * - latency: the sum of the setup, call and teardown durations (seconds → ms). tags: `outcome`.
 * A failed collector (an import error in a test module) is an error of the run: with no tests collected the import
 * fails naming the module; otherwise a warning names it.
 */
import { InputDataError } from '@mlgate/core';
import { compact, fail, isObject, kindOf, noCases, readId, show } from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import { arrayElementLines, parseJsonDocument, readWholeFile } from './read.js';
import type { RawCase } from '../types.js';

const OUTCOMES = new Set(['passed', 'failed', 'error', 'skipped', 'xfailed', 'xpassed']);
const PHASES = ['setup', 'call', 'teardown'] as const;

/** True for the document pytest-json-report writes. */
export function isPytestJsonDocument(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    Array.isArray(value.tests) &&
    isObject(value.summary) &&
    ('collectors' in value || 'exitcode' in value)
  );
}

/** Recognises a pytest-json-report file from its first bytes (it starts with created, duration, exitcode). */
export function looksLikePytestJsonHead(head: string): boolean {
  return /^\s*\{\s*"created"\s*:\s*[\d.eE+-]+\s*,\s*"duration"\s*:\s*[\d.eE+-]+\s*,\s*"exitcode"\s*:/.test(
    head,
  );
}

export async function importPytestJson(file: string, displayName: string): Promise<ImporterOutput> {
  const text = await readWholeFile(file, displayName);
  if (text.trim() === '') noCases(displayName, 'the file is blank');
  return pytestJsonFromDocument(parseJsonDocument(text, displayName), text, displayName);
}

/** The first line of a failure text, which is what pytest shows in its short summary. */
function failureText(phase: JsonObject | undefined): string | undefined {
  if (!phase) return undefined;
  if (isObject(phase.crash) && typeof phase.crash.message === 'string' && phase.crash.message !== '')
    return phase.crash.message;
  if (typeof phase.longrepr === 'string' && phase.longrepr !== '') return phase.longrepr;
  return undefined;
}

/** Converts an already parsed report (`text` is its source, for line numbers). */
export function pytestJsonFromDocument(document: unknown, text: string, file: string): ImporterOutput {
  if (!isPytestJsonDocument(document)) {
    throw new InputDataError(
      `Not a pytest-json-report file: expected an object with "summary" and a "tests" array (written by ` +
        `\`pytest --json-report\`); got ${isObject(document) ? `an object with keys ${Object.keys(document).slice(0, 6).join(', ') || '(none)'}` : kindOf(document)}.`,
      { file, line: 1 },
    );
  }
  const warnings: string[] = [];
  const brokenModules = collectionFailures(document, text);
  const tests = document.tests as unknown[];
  if (brokenModules.length > 0) {
    const list = brokenModules.map((module) => `${module.nodeid} (${module.reason})`).join('; ');
    if (tests.length === 0) {
      throw new InputDataError(
        `pytest could not collect ${brokenModules.length} test module${brokenModules.length === 1 ? '' : 's'}, so ` +
          `the run has no tests (exitcode ${show(document.exitcode)}): ${list}. Fix the collection errors and re-run.`,
        { file, line: brokenModules[0].line, field: 'collectors' },
      );
    }
    warnings.push(`${file}: pytest could not collect ${list}; its tests are missing from the results.`);
  }
  const lines = arrayElementLines(text, ['tests']);
  const cases: RawCase[] = [];
  let skipped = 0;
  tests.forEach((test, index) => {
    const place: Place = { file, line: lines.length === tests.length ? lines[index] : 1 };
    const rawCase = pytestCase(test, place, `tests[${index}]`);
    if (rawCase) cases.push(rawCase);
    else skipped++;
  });
  if (cases.length === 0)
    noCases(file, skipped > 0 ? `all ${skipped} tests are skipped or xfailed` : 'the "tests" array is empty');
  return { cases, skipped, warnings };
}

/** The test modules pytest could not collect (import errors): their node id, first line of the reason, line. */
function collectionFailures(
  document: JsonObject,
  text: string,
): { nodeid: string; reason: string; line: number }[] {
  const collectors = Array.isArray(document.collectors) ? document.collectors : [];
  const collectorLines = arrayElementLines(text, ['collectors']);
  return collectors.flatMap((collector: unknown, index) =>
    isObject(collector) && collector.outcome === 'failed'
      ? [
          {
            nodeid: typeof collector.nodeid === 'string' ? collector.nodeid : `collectors[${index}]`,
            reason: (failureText(collector) ?? 'collection failed').split('\n')[0],
            line: collectorLines.length === collectors.length ? collectorLines[index] : 1,
          },
        ]
      : [],
  );
}

/** One test as a case (its phases' durations summed); undefined for a skipped or xfailed test. */
function pytestCase(test: unknown, place: Place, field: string): RawCase | undefined {
  if (!isObject(test)) fail(place, field, `${field} must be an object; got ${kindOf(test)}`);
  const outcome = test.outcome;
  if (typeof outcome !== 'string' || !OUTCOMES.has(outcome)) {
    fail(
      place,
      `${field}.outcome`,
      `${field}.outcome must be one of ${[...OUTCOMES].join(', ')}; got ${show(outcome)}`,
    );
  }
  const id = readId(test.nodeid, place, `${field}.nodeid`);
  if (outcome === 'skipped' || outcome === 'xfailed') return undefined;
  const rawCase: RawCase = { id, source: { file: place.file, line: place.line }, tags: { outcome } };
  let seconds = 0;
  let timed = false;
  for (const phaseName of PHASES) {
    const phase = test[phaseName];
    if (!isObject(phase) || phase.duration === undefined) continue;
    if (typeof phase.duration !== 'number' || !Number.isFinite(phase.duration) || phase.duration < 0) {
      fail(
        place,
        `${field}.${phaseName}.duration`,
        `${field}.${phaseName}.duration must be a non-negative number (seconds); got ${show(phase.duration)}`,
      );
    }
    seconds += phase.duration;
    timed = true;
  }
  if (timed) rawCase.latencyMs = seconds * 1000;
  if (outcome === 'error') {
    const failed = PHASES.map((name) => test[name]).find(
      (phase): phase is JsonObject => isObject(phase) && phase.outcome === 'failed',
    );
    rawCase.error = failureText(failed) ?? 'error';
    rawCase.pass = false; // as the JUnit importer: an errored test is not a pass
  } else {
    rawCase.pass = outcome !== 'failed';
    if (outcome === 'failed') rawCase.output = failureText(isObject(test.call) ? test.call : undefined);
  }
  return compact(rawCase);
}
