import { describe, expect, it } from '@jest/globals';
import { importResultsFile } from '../../src/importers/index.js';
import { expectInputError, REAL, RESULTS } from './helpers.js';

const PYTEST = `${REAL}/junit/ai-agent-model-validation-pytest.xml`;
const MATRIX = `${REAL}/junit/conversational-ai-qa-matrix.xml`;

describe('junit (real: pytest --junitxml, one line)', () => {
  it('imports 23 passing cases with pytest-style ids', async () => {
    const result = await importResultsFile(PYTEST, 'junit');
    expect(result.format).toBe('junit');
    expect(result.cases).toHaveLength(23);
    expect(result.skipped).toBe(0);
    expect(result.cases.every((c) => c.pass === true && c.error === undefined)).toBe(true);
    expect(result.cases[0]).toEqual({
      id: 'tests.test_model_integration::test_tc_m01_happy_path_schema',
      pass: true,
      latencyMs: 2102,
      tags: { suite: 'pytest' },
      source: { file: PYTEST, line: 1 },
    });
    expect(result.cases[9].latencyMs).toBe(3);
  });

  it("keeps pytest's escaped parametrize ids as written", async () => {
    const { cases } = await importResultsFile(PYTEST, 'junit');
    expect(cases.map((c) => c.id)).toContain(
      'tests.test_model_variations::test_synonyms_typos_noise_still_work[CHEST discomfort\\u2026 esp. on stairs!!! \\U0001f616]',
    );
  });
});

describe('junit (real: bare <testsuite> from a custom runner)', () => {
  it('imports 12 cases without times, one per line', async () => {
    const { cases } = await importResultsFile(MATRIX, 'auto');
    expect(cases).toHaveLength(12);
    expect(cases[0]).toEqual({
      id: 'Conversational AI QA Matrix::TC-001',
      pass: true,
      tags: { suite: 'Conversational AI QA Matrix' },
      source: { file: MATRIX, line: 3 },
    });
    expect(cases[11].id).toBe('Conversational AI QA Matrix::TC-012');
    expect(cases[11].source.line).toBe(14);
  });
});

describe('junit (hand-written: failures, errors, skips, properties, nested suites)', () => {
  const file = `${RESULTS}/junit-mixed.xml`;

  it('maps each testcase and counts skipped ones', async () => {
    const result = await importResultsFile(file, 'junit');
    expect(result.skipped).toBe(1);
    expect(result.cases.map((c) => [c.id, c.pass, c.source.line])).toEqual([
      ['tests.test_classifier::test_accuracy[billing]', true, 7],
      ['tests.test_classifier::test_accuracy[tech]', false, 14],
      ['tests.test_classifier::test_model_loads', false, 19],
      ['p95_under_500ms', true, 26],
    ]);
  });

  it('reads properties, system-out, failures and errors', async () => {
    const { cases } = await importResultsFile(file, 'junit');
    expect(cases[0]).toMatchObject({
      latencyMs: 1250,
      tags: { suite: 'classifier', domain: 'billing', threshold: '0.8' },
      output: 'accuracy=0.91',
    });
    // A numeric property is also a score (pytest's record_property); text ones are only tags.
    expect(cases[0].scores).toEqual({ threshold: 0.8 });
    expect(cases[1].scores).toBeUndefined();
    // Suite-level properties (ci_host) are not case tags.
    expect(cases[0].tags?.ci_host).toBeUndefined();
    // A failure is a failed case, not an error.
    expect(cases[1].error).toBeUndefined();
    expect(cases[2].error).toBe('failed on setup with "ConnectionError: model server unreachable"');
    expect(cases[3].tags).toEqual({ suite: 'classifier.latency' });
  });

  it('rejects a bad time, an all-skipped report, a non-JUnit root and broken XML', async () => {
    await expectInputError(
      () => importResultsFile(`${RESULTS}/junit-bad-time.xml`, 'junit'),
      { line: 3, field: 'time' },
      /time must be a non-negative number of seconds; got "1,5"/,
    );
    await expectInputError(
      () => importResultsFile(`${RESULTS}/junit-all-skipped.xml`, 'junit'),
      {},
      /all 1 test cases are skipped/,
    );
    await expectInputError(
      () => importResultsFile(`${RESULTS}/not-junit.xml`, 'junit'),
      { line: 1 },
      /root element is <project>/,
    );
    await expectInputError(() => importResultsFile(`${RESULTS}/broken.xml`, 'junit'), {}, /Invalid XML/);
  });
});
