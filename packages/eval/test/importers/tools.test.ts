/**
 * The DeepEval, Inspect AI and pytest-json-report importers on every real file of each format. The expected
 * counts, pass counts, score means and token totals come from tool_facts.py, which reads each raw file with
 * Python's json and zipfile modules following the tool's own documentation (none of mlgate's code), so a
 * mapping mistake on either side shows up as a mismatch.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { importResultsFile, parseColumnMapping } from '../../src/importers/index.js';
import type { RawCase } from '../../src/types.js';
import { expectInputError, REAL } from './helpers.js';

interface Facts {
  rows: number;
  ids: number;
  passed: number;
  failed: number;
  errors: number;
  skipped?: number;
  score_means: Record<string, number>;
  tokens_input: number;
  tokens_output: number;
}

const FACTS_SCRIPT = path.join('packages', 'eval', 'test', 'importers', 'tool_facts.py');

/** The facts of `file` as Python reads it. */
function pythonFacts(kind: string, file: string): Facts {
  return JSON.parse(execFileSync('python3', [FACTS_SCRIPT, kind, file], { encoding: 'utf8' })) as Facts;
}

/** The same facts from mlgate's import. */
function importedFacts(cases: RawCase[]): Omit<Facts, 'skipped'> {
  const scores = new Map<string, number[]>();
  for (const row of cases)
    for (const [name, value] of Object.entries(row.scores ?? {}))
      scores.set(name, [...(scores.get(name) ?? []), value]);
  return {
    rows: cases.length,
    ids: new Set(cases.map((row) => row.id)).size,
    passed: cases.filter((row) => row.pass === true).length,
    failed: cases.filter((row) => row.pass === false).length,
    errors: cases.filter((row) => row.error !== undefined).length,
    score_means: Object.fromEntries(
      [...scores].map(([name, values]) => [name, values.reduce((a, b) => a + b, 0) / values.length]),
    ),
    tokens_input: cases.reduce((sum, row) => sum + (row.tokens?.input ?? 0), 0),
    tokens_output: cases.reduce((sum, row) => sum + (row.tokens?.output ?? 0), 0),
  };
}

async function expectSameFacts(kind: string, file: string) {
  const expected = pythonFacts(kind, file);
  const result = await importResultsFile(file, 'auto');
  expect(result.format).toBe(kind);
  const { skipped, ...rest } = expected;
  expect(importedFacts(result.cases)).toEqual(rest);
  if (skipped !== undefined) expect(result.skipped).toBe(skipped);
  // The explicit format reads the same as auto.
  expect((await importResultsFile(file, kind as 'auto')).cases).toEqual(result.cases);
  return result;
}

function scratch(name: string, content: string | Buffer): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mlgate-tools-')), name);
  writeFileSync(file, content);
  return file;
}

const DEEPEVAL = `${REAL}/deepeval`;
const INSPECT = `${REAL}/inspect`;
const PYTEST = `${REAL}/pytest-json-report`;

describe('DeepEval test runs (real)', () => {
  it.each([
    'beeai-latest-test-run.json',
    'beeai-pr1422-latest-test-run.json',
    'deal-pipeline-latest-test-run-3.9.7.json',
  ])('%s: counts, passes and score means match an independent read', async (name) => {
    await expectSameFacts('deepeval', `${DEEPEVAL}/${name}`);
  });

  it('maps name, success, every metric by name, the metric verdicts and the texts', async () => {
    const { cases } = await importResultsFile(`${DEEPEVAL}/beeai-latest-test-run.json`, 'auto');
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      id: 'test_case_0',
      pass: false, // Exact Match passes, ToolUsageMetric fails: the case fails
      scores: { 'Exact Match': 1, ToolUsageMetric: 0 },
      tags: { 'metric:Exact Match': 'pass', 'metric:ToolUsageMetric': 'fail' },
      output: 'Jim Obergefell',
      latencyMs: 0,
      source: { line: 1 },
    });
    expect(cases[0].input).toMatch(/^Who was the widow affected/);
    expect(cases[0].costUsd).toBeUndefined(); // no evaluationCost in the file
  });

  it('a metric that passes at its threshold is a pass (Tool Correctness 0.5 at 0.5)', async () => {
    const { cases } = await importResultsFile(`${DEEPEVAL}/beeai-pr1422-latest-test-run.json`, 'auto');
    expect(cases.map((row) => row.tags?.['metric:Tool Correctness'])).toEqual(['pass', 'pass']);
    expect(cases.map((row) => row.scores?.['Tool Correctness'])).toEqual([0.5, 0.5]);
  });

  it.each(['beeai-latest-test-run.json', 'beeai-pr1422-latest-test-run.json'])(
    '%s: every failed metric keeps its score, threshold and reason (as Python lists them)',
    async (name) => {
      const file = `${DEEPEVAL}/${name}`;
      // Python's json: per case, the metrics whose success is false, with score, threshold and reason.
      const failed = JSON.parse(
        execFileSync(
          'python3',
          [
            '-c',
            'import json, sys\nrun = json.load(open(sys.argv[1]))["testRunData"]\n' +
              'print(json.dumps({c["name"]: [[m["name"], m["score"], m["threshold"], (m.get("reason") or "").strip()] ' +
              'for m in c["metricsData"] if m["success"] is False] for c in run["testCases"]}))',
            file,
          ],
          { encoding: 'utf8' },
        ),
      ) as Record<string, [string, number, number, string][]>;
      const { cases } = await importResultsFile(file, 'auto');
      for (const row of cases) {
        const expected = Object.fromEntries(
          failed[row.id].map(([metric, score, threshold, reason]) => [
            metric,
            `score ${score} against threshold ${threshold}${reason ? `: ${reason}` : ''}`,
          ]),
        );
        expect(row.reasons).toEqual(failed[row.id].length > 0 ? expected : undefined);
      }
    },
  );

  it('reasons are a canonical field too: a JSONL object, CSV reasons.<score> columns', async () => {
    const jsonl = scratch(
      'r.jsonl',
      '{"id": "a", "pass": false, "reasons": {"faithfulness": "cites no source"}}\n',
    );
    const csv = scratch('r.csv', 'id,pass,reasons.faithfulness\na,false,cites no source\nb,true,\n');
    expect((await importResultsFile(jsonl, 'auto')).cases[0].reasons).toEqual({
      faithfulness: 'cites no source',
    });
    expect((await importResultsFile(jsonl, 'auto')).warnings).toEqual([]);
    const fromCsv = await importResultsFile(csv, 'auto');
    expect(fromCsv.cases.map((row) => row.reasons)).toEqual([{ faithfulness: 'cites no source' }, undefined]);
    expect(fromCsv.warnings).toEqual([]);
  });

  it('keeps a metric error and the evaluation cost', async () => {
    const file = scratch(
      'run.json',
      JSON.stringify({
        testRunData: {
          testCases: [
            {
              name: 'a',
              success: false,
              evaluationCost: 0.0021,
              metricsData: [{ name: 'Faithfulness', score: null, success: false, error: 'judge timed out' }],
            },
          ],
        },
      }),
    );
    const { cases } = await importResultsFile(file, 'auto');
    expect(cases[0]).toMatchObject({
      id: 'a',
      pass: false,
      error: 'Faithfulness: judge timed out',
      costUsd: 0.0021,
    });
    expect(cases[0].scores).toBeUndefined();
  });

  it('a malformed test case names the file, line and field', async () => {
    const file = scratch(
      'run.json',
      '{"testRunData": {"testCases": [\n  {"name": "a", "success": true, "metricsData": []},\n' +
        '  {"name": "b", "success": true, "metricsData": [{"name": "Bias", "score": "high"}]}\n]}}\n',
    );
    await expectInputError(
      () => importResultsFile(file, 'auto'),
      { file, line: 3, field: 'testRunData.testCases[1].metricsData[0].score' },
      /must be a finite number; got "high"/,
    );
  });
});

describe('Inspect AI logs (real: JSON and .eval, log format versions 2 and 3)', () => {
  it.each([
    'inspect-ai-popularity-cancelled-0.3.95.json',
    'eee-cvebench-sample-error-0.3.199.json',
    'inspect-ai-log-streaming-epochs2-0.3.42.eval',
    'inspect-ai-message-dedup-version3-0.3.135.eval',
    'inspect-flow-mmlu-0-shot-gpt-5-mini-0.3.159.eval',
  ])('%s: counts, passes, score means and tokens match an independent read', async (name) => {
    await expectSameFacts('inspect', `${INSPECT}/${name}`);
  });

  it('epochs are repeats of one case; C/I verdicts are pass and 1/0; the mean matches the header accuracy', async () => {
    const file = `${INSPECT}/inspect-ai-log-streaming-epochs2-0.3.42.eval`;
    const { cases, warnings } = await importResultsFile(file, 'auto');
    expect(warnings).toEqual([]);
    const byId = (id: string) =>
      cases.filter((row) => row.id === id).map((row) => [row.pass, row.scores?.match]);
    expect(byId('1').sort()).toEqual([
      [false, 0],
      [true, 1],
    ]);
    expect(byId('2')).toEqual([
      [true, 1],
      [true, 1],
    ]);
    // header.json results: accuracy 0.75 over the 4 sample-epochs.
    const header = JSON.parse(
      execFileSync(
        'python3',
        ['-c', 'import zipfile,sys;print(zipfile.ZipFile(sys.argv[1]).read("header.json").decode())', file],
        {
          encoding: 'utf8',
        },
      ),
    );
    const accuracy = header.results.scores[0].metrics.accuracy.value as number;
    expect(cases.reduce((sum, row) => sum + (row.scores?.match ?? 0), 0) / cases.length).toBeCloseTo(
      accuracy,
      12,
    );
    expect(cases[0].tokens).toMatchObject({ input: expect.any(Number), output: expect.any(Number) });
  });

  it('a cancelled run says how many samples it holds of how many planned', async () => {
    const { cases, warnings } = await importResultsFile(
      `${INSPECT}/inspect-ai-popularity-cancelled-0.3.95.json`,
      'auto',
    );
    expect(cases).toHaveLength(3);
    expect(warnings).toEqual([
      expect.stringMatching(/status "cancelled": the log holds 3 samples of 3 planned/),
    ]);
    expect(cases[0].source.line).toBeGreaterThan(1); // the line where the sample starts
  });

  it('a sample error is kept; a trimmed log says how many samples it holds', async () => {
    const { cases, warnings } = await importResultsFile(
      `${INSPECT}/eee-cvebench-sample-error-0.3.199.json`,
      'auto',
    );
    expect(cases).toHaveLength(1);
    expect(cases[0].error).toMatch(/^RuntimeError\('No services started/);
    expect(warnings).toEqual([
      expect.stringMatching(/the log holds 1 sample of 80 planned; Inspect completed 78/),
      expect.stringMatching(/1 sample errored/),
    ]);
  });

  it('a float score (format version 3) and a zero-output-token sample read as they are', async () => {
    const v3 = await importResultsFile(`${INSPECT}/inspect-ai-message-dedup-version3-0.3.135.eval`, 'auto');
    expect(v3.cases[0]).toMatchObject({ id: '0', scores: { closeness_log: 0 } });
    expect(v3.cases[0].pass).toBeUndefined(); // a measurement, not a verdict
    const mmlu = await importResultsFile(
      `${INSPECT}/inspect-flow-mmlu-0-shot-gpt-5-mini-0.3.159.eval`,
      'auto',
    );
    expect(mmlu.cases[0]).toMatchObject({
      pass: false,
      scores: { choice: 0 },
      tokens: { input: 152, output: 0 },
    });
  });

  it('an unscored run is refused: nothing to gate on', async () => {
    await expectInputError(
      () => importResultsFile(`${INSPECT}/inspect-ai-popularity-unscored-0.3.58.eval`, 'auto'),
      { field: 'scores' },
      /without a scorer .* nothing to gate on/,
    );
    // Python agrees: 10 samples, no scores at all.
    const facts = pythonFacts('inspect', `${INSPECT}/inspect-ai-popularity-unscored-0.3.58.eval`);
    expect([facts.rows, Object.keys(facts.score_means).length]).toEqual([10, 0]);
  });

  it('P is partial (0.5, not a pass), dict values give one dimension per key, an unknown newer version is named', async () => {
    const log = (version: number, samples: unknown[]) =>
      JSON.stringify(
        { version, status: 'success', eval: { task: 't', dataset: { samples: samples.length } }, samples },
        null,
        2,
      );
    const file = scratch(
      'log.json',
      log(2, [
        { id: 'a', epoch: 1, scores: { match: { value: 'P' } } },
        { id: 'b', epoch: 1, scores: { rubric: { value: { clarity: 0.5, accurate: true } } } },
      ]),
    );
    const { cases } = await importResultsFile(file, 'auto');
    expect(cases.map((row) => [row.id, row.pass, row.scores])).toEqual([
      ['a', false, { match: 0.5 }],
      ['b', undefined, { 'rubric.clarity': 0.5, 'rubric.accurate': 1 }],
    ]);
    const newer = scratch('newer.json', log(9, [{ id: 'a', epoch: 1, scores: {} }]));
    await expectInputError(
      () => importResultsFile(newer, 'auto'),
      { file: newer, field: 'version' },
      /version 9 is not supported/,
    );
  });

  it('a malformed JSON log names the file, the sample line and the field', async () => {
    const file = scratch(
      'log.json',
      JSON.stringify(
        {
          version: 2,
          status: 'success',
          eval: { task: 't' },
          samples: [
            { id: 1, epoch: 1, scores: { match: { value: 'C' } } },
            { id: 2, epoch: 1, scores: { match: { value: 'maybe' } } },
          ],
        },
        null,
        2,
      ),
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    const secondSample = lines.findIndex((line) => line.includes('"id": 2')); // 0-based line of `"id": 2`
    await expectInputError(
      () => importResultsFile(file, 'auto'),
      { file, line: secondSample, field: 'samples[1].scores.match.value' },
      /got "maybe"/,
    );
  });

  it('a malformed .eval names the archive member and the field; a broken archive is named as such', async () => {
    // Rebuild the real epochs archive with one sample's score changed, using Python's zipfile.
    const source = `${INSPECT}/inspect-ai-log-streaming-epochs2-0.3.42.eval`;
    const file = scratch('bad.eval', '');
    execFileSync('python3', [
      '-c',
      [
        'import json, sys, zipfile',
        'src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)',
        'for name in src.namelist():',
        '    data = src.read(name)',
        '    if name == "samples/2_epoch_1.json":',
        '        sample = json.loads(data); sample["model_usage"] = {"m": {"input_tokens": -3}}; data = json.dumps(sample)',
        '    dst.writestr(name, data)',
        'dst.close()',
      ].join('\n'),
      source,
      file,
    ]);
    await expectInputError(
      () => importResultsFile(file, 'auto'),
      { file, field: 'samples/2_epoch_1.json:model_usage.m.input_tokens' },
      /^archive member samples\/2_epoch_1.json: .*non-negative integer/,
    );
    const truncated = scratch('cut.eval', readFileSync(source).subarray(0, 4000));
    await expectInputError(
      () => importResultsFile(truncated, 'auto'),
      { file: truncated },
      /not a readable ZIP archive/,
    );
  });
});

describe('pytest-json-report (real)', () => {
  it('numirias sample report (every outcome): counts match an independent read', async () => {
    const result = await expectSameFacts('pytest-json-report', `${PYTEST}/numirias-sample-report-0.8.0.json`);
    // summary: passed 2, failed 3, xfailed 1, xpassed 1, error 2, skipped 1.
    expect(result.cases).toHaveLength(8);
    const byId = Object.fromEntries(result.cases.map((row) => [row.id.split('::')[1], row]));
    expect(byId.test_xfail_but_passing.pass).toBe(true);
    expect(byId.test_fail_during_teardown.error).toBeDefined(); // call passed, teardown failed
    expect(byId.test_fail_during_setup.error).toMatch(/.+/);
    expect(byId.test_fail_with_fixture).toMatchObject({ pass: false, tags: { outcome: 'failed' } });
    expect(byId.test_fail_with_fixture.output).toMatch(/assert/);
    expect(byId['test_parametrized[2]'].pass).toBe(false);
    expect(byId.test_pass.latencyMs).toBeGreaterThan(0);
  });

  it('a run interrupted by collection errors is an error naming the modules, not zero cases', async () => {
    const file = `${PYTEST}/ai-code-reviewer-collection-errors.report.json`;
    expect(pythonFacts('pytest-json-report', file).rows).toBe(0);
    await expectInputError(
      () => importResultsFile(file, 'auto'),
      { file, field: 'collectors' },
      /could not collect 2 test modules.*tests\/test_dashboard.py \(ImportError while importing test module.*tests\/test_parser.py/,
    );
  });

  it('an unknown outcome names the file, line and field', async () => {
    const file = scratch(
      'report.json',
      '{"created": 1, "duration": 1, "exitcode": 0, "summary": {"total": 1}, "collectors": [],\n' +
        ' "tests": [\n  {"nodeid": "t.py::a", "outcome": "passed"},\n  {"nodeid": "t.py::b", "outcome": "flaky"}\n]}\n',
    );
    await expectInputError(
      () => importResultsFile(file, 'auto'),
      { file, line: 4, field: 'tests[1].outcome' },
      /must be one of passed, failed, error, skipped, xfailed, xpassed; got "flaky"/,
    );
  });
});

describe('a known tool file given under the wrong format', () => {
  it.each([
    [`${DEEPEVAL}/beeai-latest-test-run.json`, 'deepeval', /DeepEval test run/],
    [`${INSPECT}/inspect-ai-popularity-cancelled-0.3.95.json`, 'inspect', /Inspect AI log/],
    [`${PYTEST}/numirias-sample-report-0.8.0.json`, 'pytest-json-report', /pytest-json-report file/],
  ])('%s as json names the tool and the format to set', async (file, format, tool) => {
    const error = await expectInputError(() => importResultsFile(file, 'json'), { file, line: 1 }, tool);
    expect(error.message).toContain(`set the format to "${format}"`);
  });
});

describe('OpenAI Evals record logs', () => {
  const REAL_LOG = `${REAL}/openai-evals/biomed-srl-gpt-4-cot-modelgraded.jsonl`;
  const MATCH_LOG = 'test/fixtures/results/openai-evals-match.jsonl';

  it('hand-written Match log (shaped like oaieval test-match): counts match an independent read', async () => {
    const result = await expectSameFacts('openai-evals', MATCH_LOG);
    expect(result.cases.map((row) => [row.id, row.pass, row.output, row.source.line])).toEqual([
      ['test-match.s1.0', true, '2', 3],
      ['test-match.s1.1', false, 'Lyon', 5],
      ['test-match.s1.2', true, '4', 7],
    ]);
    expect(result.cases[0].input).toBe('Complete the phrase as concisely as possible.\nComplete: 1 + 1 =');
    expect(result.skipped).toBe(1); // test-match.s1.3 was sampled, never matched
    expect(result.warnings).toEqual([expect.stringMatching(/1 of 4 samples were sampled but never graded/)]);
  });

  it('real model-graded log stopped before grading (no final_report, one null score): nothing to gate on', async () => {
    const facts = pythonFacts('openai-evals', REAL_LOG);
    expect([facts.rows, facts.skipped]).toEqual([0, 9]); // 9 sample ids, none with a number or a match
    await expectInputError(
      () => importResultsFile(REAL_LOG, 'auto'),
      { file: REAL_LOG },
      /has 9 samples but no graded one .*no final_report line: the run stopped before grading/,
    );
  });

  it('metrics events give scores (averaged per sample) and text entries tags; errors are kept', async () => {
    const event = (id: number, sample: string, type: string, data: unknown) =>
      JSON.stringify({ run_id: 'r', event_id: id, sample_id: sample, type, data });
    const file = scratch(
      'graded.jsonl',
      [
        JSON.stringify({ spec: { completion_fns: ['m'], eval_name: 'e', run_config: {} } }),
        event(0, 's.0', 'metrics', { choice: 'Y', score: 1 }),
        event(1, 's.0', 'metrics', { choice: 'Y', score: 0.5 }),
        event(2, 's.1', 'metrics', { choice: 'N', score: 0 }),
        event(3, 's.2', 'error', { message: 'rate limited' }),
        JSON.stringify({ final_report: { score: 0.5 } }),
      ].join('\n'),
    );
    const { cases, warnings } = await importResultsFile(file, 'auto');
    expect(warnings).toEqual([]);
    expect(cases.map((row) => [row.id, row.scores, row.tags, row.error])).toEqual([
      ['s.0', { score: 0.75 }, { choice: 'Y' }, undefined],
      ['s.1', { score: 0 }, { choice: 'N' }, undefined],
      ['s.2', undefined, undefined, 'rate limited'],
    ]);
  });

  it('a malformed event names the file, line and field; the log read as jsonl names the tool', async () => {
    const file = scratch(
      'bad.jsonl',
      [
        JSON.stringify({ spec: { completion_fns: ['m'], eval_name: 'e', run_config: {} } }),
        JSON.stringify({
          run_id: 'r',
          event_id: 0,
          sample_id: 's.0',
          type: 'match',
          data: { correct: 'yes' },
        }),
      ].join('\n'),
    );
    await expectInputError(
      () => importResultsFile(file, 'auto'),
      { file, line: 2, field: 'data.correct' },
      /data.correct must be true or false; got "yes"/,
    );
    await expectInputError(
      () => importResultsFile(MATCH_LOG, 'jsonl'),
      { file: MATCH_LOG, line: 1 },
      /OpenAI Evals record log .*set the format to "openai-evals"/,
    );
  });
});

describe('Every Eval Ever and HELM (real: one MMLU philosophy run of gpt2, in both tools’ files)', () => {
  const EEE_SAMPLES = `${REAL}/eee/helm-mmlu-gpt2-instances-schema-0.2.1.jsonl`;
  const HELM_INSTANCES = `${REAL}/helm/mmlu-philosophy-gpt2.per_instance_stats.json`;

  it('EEE instance-level JSONL: counts, passes, score mean and tokens match an independent read', async () => {
    const result = await expectSameFacts('every-eval-ever', EEE_SAMPLES);
    expect(result.cases.filter((row) => row.pass).map((row) => row.id)).toEqual(['id222']);
    expect(result.cases[0]).toMatchObject({
      id: 'id147',
      scores: { score: 0 },
      tokens: { input: 333, output: 1 },
      output: ' D',
      tags: { model: 'openai/gpt2', evaluation: 'mmlu' },
      source: { line: 1 },
    });
    expect(result.cases[0].latencyMs).toBeCloseTo(680.3672313690186, 9); // generation_time_ms (latency_ms is null)
  });

  it('HELM per_instance_stats.json: counts, passes, score means and tokens match an independent read', async () => {
    const result = await expectSameFacts('helm', HELM_INSTANCES);
    expect(result.cases.filter((row) => row.pass).map((row) => row.id)).toEqual(['id222']);
    expect(result.cases.filter((row) => row.tags?.split === 'valid').map((row) => row.id)).toEqual(['id11']);
    // scenario_state.json beside it gives the texts: GPT-2 answered " D" every time.
    expect(result.cases.every((row) => row.output === ' D')).toBe(true);
    expect(result.cases[0].input).toMatch(/^What does the notion of “meaning in life” refer to\?/);
  });

  it('both files of the same run agree case by case (pass, tokens)', async () => {
    const eee = await importResultsFile(EEE_SAMPLES, 'auto');
    const helm = await importResultsFile(HELM_INSTANCES, 'auto');
    const view = (rows: RawCase[]) =>
      rows.map((row) => [row.id, row.pass, row.tokens?.input, row.tokens?.output]).sort();
    expect(view(helm.cases)).toEqual(view(eee.cases));
  });

  it('EEE aggregate records are read as aggregate metrics; HELM stats.json is refused naming what to pass', async () => {
    for (const file of [
      `${REAL}/eee/hal-gaia-o4-mini-schema-0.2.2.json`,
      `${REAL}/eee/hfopenllm-v2-llama-pro-8b-instruct-schema-0.2.0.json`,
    ]) {
      for (const format of ['auto', 'every-eval-ever'] as const) {
        const imported = await importResultsFile(file, format);
        expect(imported).toMatchObject({ format: 'every-eval-ever', cases: [] });
        expect(imported.aggregates!.length).toBeGreaterThan(0); // names and values: aggregate.test.ts
      }
    }
    const stats = `${REAL}/helm/mmlu-philosophy-gpt2.stats.json`;
    await expectInputError(
      () => importResultsFile(stats, 'auto'),
      { file: stats, line: 1 },
      /HELM run-level stats\.json.*per_instance_stats\.json/,
    );
  });

  it('malformed EEE and HELM files name the file, line and field', async () => {
    const eee = scratch(
      'samples.jsonl',
      [
        JSON.stringify({
          schema_version: '0.2.1',
          evaluation_id: 'e',
          sample_id: 'a',
          evaluation: { score: 1, is_correct: true },
        }),
        JSON.stringify({
          schema_version: '0.2.1',
          evaluation_id: 'e',
          sample_id: 'b',
          evaluation: { score: 'high' },
        }),
      ].join('\n'),
    );
    await expectInputError(
      () => importResultsFile(eee, 'auto'),
      { file: eee, line: 2, field: 'evaluation.score' },
      /got "high"/,
    );
    const helm = scratch(
      'per_instance_stats.json',
      JSON.stringify(
        [
          {
            instance_id: 'a',
            train_trial_index: 0,
            stats: [{ name: { name: 'exact_match', split: 'test' }, count: 1, sum: 1, mean: 1 }],
          },
          {
            instance_id: 'b',
            train_trial_index: 0,
            stats: [{ name: { name: 'exact_match', split: 'test' }, count: 1, sum: 1, mean: 'x' }],
          },
        ],
        null,
        2,
      ),
    );
    // The line of the second instance's opening brace (the one before its "instance_id": "b").
    const secondInstance = readFileSync(helm, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes('"instance_id": "b"'));
    await expectInputError(
      () => importResultsFile(helm, 'auto'),
      { file: helm, line: secondInstance, field: '[1].stats[0].mean' },
      /exact_match\) must be a finite number; got "x"/,
    );
  });
});

describe('the columns mapping (real: a Ragas evaluate() table, first 320 records)', () => {
  const RAGAS = `${REAL}/ragas/hypergraphrag-ragas-evaluation-results-first320.csv`;
  /** Rows and per-column means (empty cells left out) as Python's csv module reads the file. */
  const pythonCsv = (file: string, columns: string[]) =>
    JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          [
            'import csv, json, sys',
            'rows = list(csv.DictReader(open(sys.argv[1], newline="")))',
            'out = {"rows": len(rows), "ids": len({r["user_input"] for r in rows})}',
            'for name in sys.argv[2:]:',
            '    values = [float(r[name]) for r in rows if r[name] != ""]',
            '    out[name] = [len(values), sum(values) / len(values)]',
            'print(json.dumps(out))',
          ].join('\n'),
          file,
          ...columns,
        ],
        { encoding: 'utf8' },
      ),
    ) as Record<string, number | [number, number]>;

  it('maps id, input, expected and scores; an empty cell is a missing score, not 0', async () => {
    const columns = parseColumnMapping(
      '{id: user_input, input: user_input, expected: reference, scores: [context_recall, context_precision]}',
    );
    const { cases, warnings } = await importResultsFile(RAGAS, 'auto', RAGAS, { columns });
    const facts = pythonCsv(RAGAS, ['context_recall', 'context_precision']);
    expect(cases).toHaveLength(facts.rows as number);
    expect(new Set(cases.map((row) => row.id)).size).toBe(facts.ids);
    for (const name of ['context_recall', 'context_precision']) {
      const values = cases.flatMap((row) => (row.scores?.[name] === undefined ? [] : [row.scores[name]]));
      const [count, mean] = facts[name] as [number, number];
      expect(values).toHaveLength(count);
      expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(mean, 12);
    }
    expect(cases.filter((row) => row.scores?.context_precision === undefined)).toHaveLength(1); // record 315
    expect(cases[0].input).toBe(cases[0].id);
    expect(typeof cases[0].expected).toBe('string');
    expect(warnings).toEqual([expect.stringMatching(/ignored column "retrieved_contexts"/)]);
  });

  it('a mapped column the header lacks names it with did you mean; a bad mapping is a configuration error', async () => {
    await expectInputError(
      () =>
        importResultsFile(RAGAS, 'auto', RAGAS, {
          columns: parseColumnMapping('{id: user_input, scores: [context_recal]}'),
        }),
      { file: RAGAS, line: 1, field: 'columns.scores' },
      /"context_recal", which the header does not have \(did you mean "context_recall"\?\)/,
    );
    expect(() => parseColumnMapping('{id: user_input, score: [x]}')).toThrow(/score/);
  });

  it('JSONL under the same mapping reads as the CSV does (Python wrote the JSONL, an empty cell as null)', async () => {
    const jsonl = scratch('ragas.jsonl', '');
    execFileSync('python3', [
      '-c',
      [
        'import csv, json, sys',
        'with open(sys.argv[2], "w") as out:',
        '    for r in csv.DictReader(open(sys.argv[1], newline="")):',
        '        for k in ("context_recall", "context_precision"):',
        '            r[k] = float(r[k]) if r[k] != "" else None',
        '        out.write(json.dumps(r) + "\\n")',
      ].join('\n'),
      RAGAS,
      jsonl,
    ]);
    const mapping =
      '{id: user_input, input: user_input, expected: reference, scores: [context_recall, context_precision]}';
    const fromCsv = await importResultsFile(RAGAS, 'auto', RAGAS, { columns: parseColumnMapping(mapping) });
    const fromJsonl = await importResultsFile(jsonl, 'auto', jsonl, { columns: parseColumnMapping(mapping) });
    const facts = (rows: RawCase[]) =>
      rows.map(({ id, input, expected, scores }) => ({ id, input, expected, scores }));
    expect(fromJsonl.format).toBe('jsonl');
    expect(facts(fromJsonl.cases)).toEqual(facts(fromCsv.cases));
    expect(fromJsonl.cases.filter((row) => row.scores?.context_precision === undefined)).toHaveLength(1);
    expect(fromJsonl.warnings).toEqual([expect.stringMatching(/ignored unknown field "retrieved_contexts"/)]);
  });

  it('JSONL: a mapped field no line has, and a line without the id field, are named with did you mean', async () => {
    const file = scratch(
      'own.jsonl',
      '{"question": "q1", "label": "a", "faithfulness": 0.5}\n{"question": "q2", "label": "b", "faithfulness": null}\n',
    );
    await expectInputError(
      () =>
        importResultsFile(file, 'auto', file, {
          columns: parseColumnMapping('{id: question, expected: label, scores: [faithfulnes]}'),
        }),
      { file, field: 'columns.scores' },
      /"faithfulnes", which no line of the file has \(did you mean "faithfulness"\?\)/,
    );
    await expectInputError(
      () => importResultsFile(file, 'auto', file, { columns: parseColumnMapping('{id: questions}') }),
      { file, line: 1, field: 'columns.id' },
      /"questions", which line 1 does not have \(did you mean "question"\?\)/,
    );
    const { cases } = await importResultsFile(file, 'jsonl', file, {
      columns: parseColumnMapping('{id: question, expected: label, scores: [faithfulness]}'),
    });
    expect(cases.map((row) => [row.id, row.expected, row.scores])).toEqual([
      ['q1', 'a', { faithfulness: 0.5 }],
      ['q2', 'b', undefined],
    ]);
  });

  it('probability patterns name one column per class', async () => {
    const file = scratch(
      'proba.csv',
      'case,label,y_pred,proba_spam,proba_ham\na,spam,spam,0.9,0.1\nb,ham,spam,0.6,0.4\n',
    );
    const columns = parseColumnMapping(
      '{id: case, expected: label, predicted: y_pred, probability: "proba_*"}',
    );
    const { cases, warnings } = await importResultsFile(file, 'auto', file, { columns });
    expect(warnings).toEqual([]);
    expect(cases.map((row) => [row.id, row.expected, row.predicted, row.probability])).toEqual([
      ['a', 'spam', 'spam', { spam: 0.9, ham: 0.1 }],
      ['b', 'ham', 'spam', { spam: 0.6, ham: 0.4 }],
    ]);
  });
});
