/**
 * End to end: the bundled eval-gate action with `format: auto` on every real DeepEval, Inspect AI,
 * pytest-json-report, Every Eval Ever samples and HELM per-instance file (and OpenAI Evals logs). The expected counts, pass rates, score means and token totals come from
 * packages/eval/test/importers/tool_facts.py, which reads each raw file with Python's json and zipfile modules
 * (none of mlgate's code). Every case id in these files has the same number of repeats, so the report's per-case
 * means equal the per-row means Python computes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { makeWorkspace, readEvalReportFile, repoRoot, runAction, runCli, type ActionRun } from './runner.js';

interface Facts {
  rows: number;
  ids: number;
  passed: number;
  failed: number;
  errors: number;
  score_means: Record<string, number>;
  tokens_input: number;
  tokens_output: number;
}

const REAL = 'test/fixtures/real';
const pythonFacts = (kind: string, file: string): Facts =>
  JSON.parse(
    execFileSync('python3', [path.join(repoRoot, 'packages/eval/test/importers/tool_facts.py'), kind, file], {
      encoding: 'utf8',
    }),
  ) as Facts;

const readReport = (run: ActionRun) => readEvalReportFile(run.outputs.report);

const GOOD: [string, string][] = [
  ['deepeval', 'deepeval/beeai-latest-test-run.json'],
  ['deepeval', 'deepeval/beeai-pr1422-latest-test-run.json'],
  ['deepeval', 'deepeval/deal-pipeline-latest-test-run-3.9.7.json'],
  ['inspect', 'inspect/inspect-ai-popularity-cancelled-0.3.95.json'],
  ['inspect', 'inspect/eee-cvebench-sample-error-0.3.199.json'],
  ['inspect', 'inspect/inspect-ai-log-streaming-epochs2-0.3.42.eval'],
  ['inspect', 'inspect/inspect-ai-message-dedup-version3-0.3.135.eval'],
  ['inspect', 'inspect/inspect-flow-mmlu-0-shot-gpt-5-mini-0.3.159.eval'],
  ['pytest-json-report', 'pytest-json-report/numirias-sample-report-0.8.0.json'],
  ['every-eval-ever', 'eee/helm-mmlu-gpt2-instances-schema-0.2.1.jsonl'],
  ['helm', 'helm/mmlu-philosophy-gpt2.per_instance_stats.json'],
];

describe('eval-gate action (dist/eval-gate/index.js) on the real files of DeepEval, Inspect AI and pytest-json-report', () => {
  it.each(GOOD)('%s %s: format auto, counts and metrics as Python reads the file', (kind, file) => {
    const name = path.basename(file);
    const workspace = makeWorkspace({ [`eval/${name}`]: `${REAL}/${file}` });
    const run = runAction('eval-gate', workspace, { results: `eval/${name}` });
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    const facts = pythonFacts(kind, path.join(workspace, 'eval', name));
    expect(report.sources).toEqual([
      expect.objectContaining({ file: `eval/${name}`, format: kind, rows: facts.rows }),
    ]);
    expect(report.counts).toMatchObject({ rows: facts.rows, cases: facts.ids });
    const metric = (metricName: string) => report.metrics[metricName]?.value as number | undefined;
    if (facts.passed + facts.failed > 0)
      expect(metric('pass_rate')).toBeCloseTo(facts.passed / (facts.passed + facts.failed), 12);
    else expect(metric('pass_rate')).toBeUndefined();
    expect(metric('error_rate')).toBeCloseTo(facts.errors / facts.ids, 12);
    // A score named like a built-in metric (HELM's exact_match) is reported as score_<name>.
    for (const [scoreName, mean] of Object.entries(facts.score_means))
      expect(metric(scoreName) ?? metric(`score_${scoreName}`)).toBeCloseTo(mean, 12);
    if (facts.tokens_input > 0) {
      expect(metric('tokens_input')).toBe(facts.tokens_input);
      expect(metric('tokens_output')).toBe(facts.tokens_output);
    } else expect(metric('tokens_input')).toBeUndefined();
  });

  it('gates on a tool metric: a DeepEval metric below its minimum fails, Inspect accuracy above passes', () => {
    const workspace = makeWorkspace({
      'eval/deepeval.json': `${REAL}/deepeval/beeai-pr1422-latest-test-run.json`,
      'eval/run.eval': `${REAL}/inspect/inspect-ai-log-streaming-epochs2-0.3.42.eval`,
    });
    writeFileSync(
      path.join(workspace, 'deepeval.yml'),
      'gates:\n  - metric: ToolUsageMetric\n    min: 0.9\n',
    );
    const failing = runAction('eval-gate', workspace, {
      results: 'eval/deepeval.json',
      gates: 'deepeval.yml',
    });
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs.outcome).toBe('fail');
    expect(readReport(failing).gates[0]).toMatchObject({
      metric: 'ToolUsageMetric',
      status: 'fail',
      observed: 0.875,
    });
    writeFileSync(
      path.join(workspace, 'inspect.yml'),
      'gates:\n  - metric: match\n    min: 0.7\n  - metric: flaky_rate\n    max: 0.5\n',
    );
    const passing = runAction('eval-gate', workspace, { results: 'eval/run.eval', gates: 'inspect.yml' });
    expect(passing.exitCode).toBe(0);
    expect(passing.outputs.outcome).toBe('pass');
  });

  it('fails on an unscored Inspect run and on a pytest run stopped by collection errors, naming file and field', () => {
    const workspace = makeWorkspace({
      'eval/unscored.eval': `${REAL}/inspect/inspect-ai-popularity-unscored-0.3.58.eval`,
      'eval/collect.json': `${REAL}/pytest-json-report/ai-code-reviewer-collection-errors.report.json`,
    });
    const unscored = runAction('eval-gate', workspace, { results: 'eval/unscored.eval' });
    expect(unscored.exitCode).toBe(1);
    expect(unscored.annotations[0]).toMatchObject({ level: 'error', file: 'eval/unscored.eval' });
    expect(unscored.annotations[0].message).toMatch(/without a scorer/);
    const collect = runAction('eval-gate', workspace, { results: 'eval/collect.json' });
    expect(collect.exitCode).toBe(1);
    expect(collect.annotations[0]).toMatchObject({ level: 'error', file: 'eval/collect.json' });
    expect(collect.annotations[0].message).toMatch(/could not collect 2 test modules.*test_dashboard\.py/);
    for (const run of [unscored, collect])
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+\)/);
  });

  it('a malformed .eval member and a malformed DeepEval case are annotated with file, member or line, and field', () => {
    const workspace = makeWorkspace({});
    execFileSync('python3', [
      '-c',
      [
        'import json, sys, zipfile',
        'src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)',
        'for name in src.namelist():',
        '    data = src.read(name)',
        '    if name == "samples/1_epoch_2.json":',
        '        sample = json.loads(data); sample["scores"]["match"]["value"] = "maybe"; data = json.dumps(sample)',
        '    dst.writestr(name, data)',
        'dst.close()',
      ].join('\n'),
      path.join(repoRoot, REAL, 'inspect/inspect-ai-log-streaming-epochs2-0.3.42.eval'),
      path.join(workspace, 'bad.eval'),
    ]);
    const archive = runAction('eval-gate', workspace, { results: 'bad.eval' });
    expect(archive.exitCode).toBe(1);
    expect(archive.annotations[0]).toMatchObject({ level: 'error', file: 'bad.eval' });
    expect(archive.annotations[0].message).toMatch(
      /archive member samples\/1_epoch_2\.json: .*scores\.match\.value.*"maybe"/,
    );
    writeFileSync(
      path.join(workspace, 'deepeval.json'),
      '{"testRunData": {"testCases": [\n  {"name": "a", "success": true, "metricsData": []},\n  {"name": "b", "success": "yes"}\n]}}\n',
    );
    const deepeval = runAction('eval-gate', workspace, { results: 'deepeval.json' });
    expect(deepeval.exitCode).toBe(1);
    expect(deepeval.annotations[0]).toMatchObject({ level: 'error', file: 'deepeval.json', line: 3 });
    expect(deepeval.annotations[0].message).toContain('testRunData.testCases[1].success');
  });
});

/** Counts in a JUnit XML file as Python's xml.etree reads it. */
const junitCounts = (file: string) =>
  JSON.parse(
    execFileSync(
      'python3',
      [
        '-c',
        [
          'import json, sys, xml.etree.ElementTree as ET',
          'root = ET.parse(sys.argv[1]).getroot()',
          'out = {}',
          'for suite in root.iter("testsuite"):',
          '    cases = suite.findall("testcase")',
          '    out[suite.get("name")] = {"tests": len(cases), "failures": sum(1 for c in cases if c.find("failure") is not None),',
          '        "errors": sum(1 for c in cases if c.find("error") is not None), "skipped": sum(1 for c in cases if c.find("skipped") is not None),',
          '        "declared": [suite.get("tests"), suite.get("failures"), suite.get("errors")]}',
          'print(json.dumps(out))',
        ].join('\n'),
        file,
      ],
      { encoding: 'utf8' },
    ),
  ) as Record<
    string,
    { tests: number; failures: number; errors: number; skipped: number; declared: string[] }
  >;

describe('eval-gate junit-path and positive-label (dist/eval-gate/index.js)', () => {
  it('writes the cases and gates as JUnit XML that Python parses, with the counts of the report', () => {
    const workspace = makeWorkspace({
      'eval/report.json': `${REAL}/pytest-json-report/numirias-sample-report-0.8.0.json`,
    });
    writeFileSync(
      path.join(workspace, 'gates.yml'),
      'gates:\n  - metric: pass_rate\n    min: 0.9\n  - metric: error_rate\n    max: 0.5\n',
    );
    const run = runAction('eval-gate', workspace, {
      results: 'eval/report.json',
      gates: 'gates.yml',
      'junit-path': 'reports/eval-junit.xml',
    });
    expect(run.exitCode).toBe(1); // pass_rate 0.375 < 0.9
    expect(run.outputs.junit).toBe(path.join(workspace, 'reports/eval-junit.xml'));
    const report = readReport(run);
    const counts = junitCounts(run.outputs.junit);
    const facts = pythonFacts('pytest-json-report', path.join(workspace, 'eval/report.json'));
    const cases = counts['eval cases (eval/report.json)'];
    // 8 tests: 3 pass, 3 fail, 2 errored (an errored case is an <error>, not also a <failure>).
    expect(cases).toEqual({
      tests: facts.ids,
      failures: facts.failed - facts.errors,
      errors: facts.errors,
      skipped: 0,
      declared: [String(facts.ids), String(facts.failed - facts.errors), String(facts.errors)],
    });
    expect(report.cases).toHaveLength(facts.ids);
    expect(counts.gates).toMatchObject({ tests: 2, failures: 1, errors: 0, skipped: 0 });
    const xml = readFileSync(run.outputs.junit, 'utf8');
    expect(xml).toContain('<testcase classname="mlgate.gates" name="pass_rate ≥ 0.9">');
  });

  it('repeats that disagree fail with how many passed; the CLI writes the same file', () => {
    const workspace = makeWorkspace({
      'run.eval': `${REAL}/inspect/inspect-ai-log-streaming-epochs2-0.3.42.eval`,
    });
    const run = runAction('eval-gate', workspace, { results: 'run.eval', 'junit-path': 'junit.xml' });
    expect(run.exitCode).toBe(0);
    const xml = readFileSync(path.join(workspace, 'junit.xml'), 'utf8');
    // Sample 1 passed in epoch 2 only: its majority pass is a tie, reported as passed 1 of 2 repeats when it fails.
    const counts = junitCounts(path.join(workspace, 'junit.xml'));
    const report = readReport(run);
    const failing = report.cases.filter(
      (item: { pass?: boolean; error?: string }) => item.pass === false && !item.error,
    );
    expect(counts['eval cases (run.eval)']).toMatchObject({ tests: 2, failures: failing.length, errors: 0 });
    if (failing.length > 0) expect(xml).toContain('passed 1 of 2 repeats (flaky)');
    expect(xml).toContain('<property name="score:match" value="');
    const cli = runCli(
      ['eval-gate', '--results', 'run.eval', '--junit-path', 'cli-junit.xml', '--report-path', 'cli.json'],
      workspace,
    );
    expect(cli.exitCode).toBe(0);
    const fromCli = readFileSync(path.join(workspace, 'cli-junit.xml'), 'utf8').replace(
      /timestamp="[^"]*"/,
      '',
    );
    expect(fromCli).toBe(xml.replace(/timestamp="[^"]*"/, ''));
  });

  it('positive-label picks the positive class of a binary task, from the action and the CLI', () => {
    const workspace = makeWorkspace({});
    // 4 cases: spam recall 1/2, ham recall 2/2; precision of spam 1/1.
    writeFileSync(
      path.join(workspace, 'results.jsonl'),
      [
        ['a', 'spam', 'spam'],
        ['b', 'spam', 'ham'],
        ['c', 'ham', 'ham'],
        ['d', 'ham', 'ham'],
      ]
        .map(([id, expected, predicted]) => JSON.stringify({ id, expected, predicted }))
        .join('\n'),
    );
    const spam = runAction('eval-gate', workspace, {
      results: 'results.jsonl',
      'positive-label': 'spam',
      'report-path': 'spam.json',
    });
    const ham = runAction('eval-gate', workspace, {
      results: 'results.jsonl',
      'positive-label': 'ham',
      'report-path': 'ham.json',
    });
    expect([spam.exitCode, ham.exitCode]).toEqual([0, 0]);
    expect(readReport(spam).metrics.recall.value).toBeCloseTo(0.5, 12);
    expect(readReport(ham).metrics.recall.value).toBeCloseTo(1, 12);
    expect(readReport(ham).metrics.precision.value).toBeCloseTo(2 / 3, 12);
    const cli = runCli(
      ['eval-gate', '--results', 'results.jsonl', '--positive-label', 'spam', '--report-path', 'cli.json'],
      workspace,
    );
    expect(cli.exitCode).toBe(0);
    expect(
      JSON.parse(readFileSync(path.join(workspace, 'cli.json'), 'utf8')).metrics.recall.value,
    ).toBeCloseTo(0.5, 12);
  });
});

describe('eval-gate on OpenAI Evals record logs (dist/eval-gate/index.js)', () => {
  it('a Match log: format auto, pass rate as Python reads it, the ungraded sample skipped with a warning', () => {
    const workspace = makeWorkspace({ 'run.jsonl': 'test/fixtures/results/openai-evals-match.jsonl' });
    const run = runAction('eval-gate', workspace, { results: 'run.jsonl' });
    expect(run.exitCode).toBe(0);
    const facts = pythonFacts('openai-evals', path.join(workspace, 'run.jsonl'));
    const report = readReport(run);
    expect(report.sources).toEqual([expect.objectContaining({ format: 'openai-evals', rows: facts.rows })]);
    expect(report.counts.cases).toBe(facts.ids);
    expect(report.metrics.pass_rate.value).toBeCloseTo(facts.passed / (facts.passed + facts.failed), 12);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/1 of 4 samples were sampled but never graded/),
      }),
    );
  });

  it('the real model-graded log that stopped before grading fails with nothing to gate on', () => {
    const workspace = makeWorkspace({
      'log.jsonl': `${REAL}/openai-evals/biomed-srl-gpt-4-cot-modelgraded.jsonl`,
    });
    const run = runAction('eval-gate', workspace, { results: 'log.jsonl' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'log.jsonl' });
    expect(run.annotations[0].message).toMatch(/9 samples but no graded one/);
  });
});

describe('eval-gate columns (dist/eval-gate/index.js) on a real Ragas evaluate() table', () => {
  it('gates on the mapped score columns, with means as Python reads the CSV (empty cells left out)', () => {
    const workspace = makeWorkspace({
      'ragas.csv': `${REAL}/ragas/hypergraphrag-ragas-evaluation-results-first320.csv`,
    });
    writeFileSync(
      path.join(workspace, 'gates.yml'),
      'gates:\n  - metric: context_precision\n    min: 0.6\n  - metric: context_recall\n    min: 0.6\n',
    );
    const run = runAction('eval-gate', workspace, {
      results: 'ragas.csv',
      gates: 'gates.yml',
      columns: 'id: user_input\ninput: user_input\nscores: [context_recall, context_precision]\n',
    });
    const expected = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import csv, json, sys\nrows = list(csv.DictReader(open(sys.argv[1], newline="")))\n' +
            'mean = lambda k: (lambda v: sum(v) / len(v))([float(r[k]) for r in rows if r[k] != ""])\n' +
            'print(json.dumps({"rows": len(rows), "recall": mean("context_recall"), "precision": mean("context_precision")}))',
          path.join(workspace, 'ragas.csv'),
        ],
        { encoding: 'utf8' },
      ),
    );
    const report = readReport(run);
    expect(report.counts.rows).toBe(expected.rows);
    expect(report.metrics.context_recall.value).toBeCloseTo(expected.recall, 12);
    expect(report.metrics.context_precision.value).toBeCloseTo(expected.precision, 12);
    // context_precision 0.676 passes 0.6; context_recall 0.489 fails it.
    expect(
      report.gates.map((gate: { metric: string; status: string }) => [gate.metric, gate.status]),
    ).toEqual([
      ['context_precision', 'pass'],
      ['context_recall', 'fail'],
    ]);
    expect(run.exitCode).toBe(1);
  });

  it('a mapped column the file lacks is annotated on the results file, naming the column', () => {
    const workspace = makeWorkspace({
      'ragas.csv': `${REAL}/ragas/hypergraphrag-ragas-evaluation-results-first320.csv`,
    });
    const run = runAction('eval-gate', workspace, {
      results: 'ragas.csv',
      columns: '{id: question, scores: [context_recall]}',
    });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'ragas.csv', line: 1 });
    expect(run.annotations[0].message).toMatch(
      /maps id to the column "question", which the header does not have/,
    );
  });
});

describe('columns for JSONL and as a gates-file key (dist/eval-gate/index.js)', () => {
  /** The real Ragas table as JSONL, written by Python's csv and json (an empty score cell becomes null). */
  const ragasJsonl = (workspace: string): string => {
    const file = path.join(workspace, 'eval/ragas.jsonl');
    execFileSync('python3', [
      '-c',
      [
        'import csv, json, sys, os',
        'os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)',
        'with open(sys.argv[2], "w") as out:',
        '    for r in csv.DictReader(open(sys.argv[1], newline="")):',
        '        for k in ("context_recall", "context_precision"):',
        '            r[k] = float(r[k]) if r[k] != "" else None',
        '        out.write(json.dumps(r) + "\\n")',
      ].join('\n'),
      path.join(repoRoot, REAL, 'ragas/hypergraphrag-ragas-evaluation-results-first320.csv'),
      file,
    ]);
    return file;
  };
  /** Rows and the mean of each score field (nulls left out), read back with Python's json. */
  const pythonMeans = (file: string) =>
    JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json, sys\nrows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]\n' +
            'mean = lambda k: (lambda v: sum(v) / len(v))([r[k] for r in rows if r[k] is not None])\n' +
            'print(json.dumps({"rows": len(rows), "recall": mean("context_recall"), "precision": mean("context_precision")}))',
          file,
        ],
        { encoding: 'utf8' },
      ),
    ) as { rows: number; recall: number; precision: number };

  it('the gates file maps a JSONL results file: format auto, score means as Python reads the lines', () => {
    const workspace = makeWorkspace({});
    const expected = pythonMeans(ragasJsonl(workspace));
    writeFileSync(
      path.join(workspace, 'gates.yml'),
      [
        'columns:',
        '  id: user_input',
        '  input: user_input',
        '  expected: reference',
        '  scores: [context_recall, context_precision]',
        'gates:',
        '  - metric: context_precision',
        '    min: 0.6',
        '  - metric: context_recall',
        '    min: 0.6',
        '',
      ].join('\n'),
    );
    const run = runAction('eval-gate', workspace, { results: 'eval/ragas.jsonl', gates: 'gates.yml' });
    const report = readReport(run);
    expect(report.sources).toEqual([expect.objectContaining({ format: 'jsonl', rows: expected.rows })]);
    expect(report.metrics.context_recall.value).toBeCloseTo(expected.recall, 12);
    expect(report.metrics.context_precision.value).toBeCloseTo(expected.precision, 12);
    expect(
      report.gates.map((gate: { metric: string; status: string }) => [gate.metric, gate.status]),
    ).toEqual([
      ['context_precision', 'pass'],
      ['context_recall', 'fail'],
    ]);
    expect(run.exitCode).toBe(1);
    // The unmapped retrieved_contexts field is named once, on the results file.
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        file: 'eval/ragas.jsonl',
        message: expect.stringMatching(/ignored unknown field "retrieved_contexts"/),
      }),
    );
  });

  it('a misspelt key inside the gates file columns is named with its line and did you mean', () => {
    const workspace = makeWorkspace({});
    ragasJsonl(workspace);
    writeFileSync(
      path.join(workspace, 'gates.yml'),
      'columns:\n  id: user_input\n  score: [context_recall]\ngates:\n  - metric: pass_rate\n    min: 0.5\n',
    );
    const run = runAction('eval-gate', workspace, { results: 'eval/ragas.jsonl', gates: 'gates.yml' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'gates.yml', line: 3 });
    expect(run.annotations[0].message).toMatch(/unknown field "score".*did you mean "scores"\?/s);
  });
});

describe('the one-step root action (dist/mlgate/index.js) passes columns, positive-label and junit-path on', () => {
  it('a CSV with its own column names, a positive class that is not 1/true, and JUnit XML for reporters', () => {
    const workspace = makeWorkspace({});
    // 5 cases; positive class "spam": TP = a, FN = b, FP = e, TN = c, d → precision 1/2, recall 1/2.
    writeFileSync(
      path.join(workspace, 'own.csv'),
      'case,label,y_pred\na,spam,spam\nb,spam,ham\nc,ham,ham\nd,ham,ham\ne,ham,spam\n',
    );
    writeFileSync(path.join(workspace, 'gates.yml'), 'gates:\n  - metric: recall\n    min: 0.4\n');
    const run = runAction('mlgate', workspace, {
      results: 'own.csv',
      gates: 'gates.yml',
      columns: '{id: case, expected: label, predicted: y_pred}',
      'positive-label': 'spam',
      'junit-path': 'reports/junit.xml',
      comment: 'false',
      baseline: '',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.passed).toBe('true');
    const report = readReport(run);
    expect(report.positiveLabel).toBe('spam');
    expect(report.metrics.recall.value).toBeCloseTo(1 / 2, 12);
    expect(report.metrics.precision.value).toBeCloseTo(1 / 2, 12);
    expect(report.metrics.accuracy.value).toBeCloseTo(3 / 5, 12);
    expect(run.outputs.junit).toBe(path.join(workspace, 'reports/junit.xml'));
    // b and e are wrong: two failures among five testcases.
    expect(junitCounts(run.outputs.junit)['eval cases (own.csv)']).toMatchObject({
      tests: 5,
      failures: 2,
      errors: 0,
    });
  });
});

describe('DeepEval failed metrics: threshold and reason with the failed case (eval-gate, pr-eval-comment)', () => {
  it('the regressed cases carry why in the report, the JUnit failure and the comment', () => {
    const workspace = makeWorkspace({
      'eval/run.json': `${REAL}/deepeval/beeai-pr1422-latest-test-run.json`,
    });
    // The baseline: the same run with every metric and case passing (written by Python's json).
    execFileSync('python3', [
      '-c',
      'import json, sys\nd = json.load(open(sys.argv[1]))\n' +
        'for c in d["testRunData"]["testCases"]:\n    c["success"] = True\n' +
        '    for m in c["metricsData"]:\n        m["success"] = True\n' +
        'json.dump(d, open(sys.argv[2], "w"))',
      path.join(workspace, 'eval/run.json'),
      path.join(workspace, 'main.json'),
    ]);
    const failed = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json, sys\nrun = json.load(open(sys.argv[1]))["testRunData"]\n' +
            'print(json.dumps({c["name"]: {m["name"]: (m.get("reason") or "").strip() for m in c["metricsData"] ' +
            'if m["success"] is False} for c in run["testCases"]}))',
          path.join(workspace, 'eval/run.json'),
        ],
        { encoding: 'utf8' },
      ),
    ) as Record<string, Record<string, string>>;
    const run = runAction('eval-gate', workspace, {
      results: 'eval/run.json',
      baseline: 'main.json',
      'junit-path': 'junit.xml',
    });
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    const regressed = report.caseDiff!.cases.filter(
      (entry: { status: string }) => entry.status === 'regressed',
    );
    expect(regressed.map((entry: { id: string }) => entry.id).sort()).toEqual(Object.keys(failed).sort());
    for (const entry of regressed as { id: string; reasons: Record<string, string> }[]) {
      expect(Object.keys(entry.reasons).sort()).toEqual(Object.keys(failed[entry.id]).sort());
      for (const [metric, reason] of Object.entries(failed[entry.id]))
        expect(entry.reasons[metric]).toMatch(
          new RegExp(`^score 0 against threshold [\\d.]+: ${reason.slice(0, 30)}`),
        );
    }
    // JUnit: the failure body names each failed metric with its reason.
    const xml = readFileSync(path.join(workspace, 'junit.xml'), 'utf8');
    expect(xml).toContain('Argument Correctness: score 0 against threshold 0.7: The score is 0.0 because');
    // The comment lists the regressed cases with why they failed.
    const comment = runAction(
      'pr-eval-comment',
      workspace,
      { report: run.outputs.report, mode: 'summary-only' },
      { GITHUB_EVENT_NAME: 'push' },
    );
    expect(comment.exitCode).toBe(0);
    const body = readFileSync(comment.outputs['body-path'], 'utf8');
    expect(body).toContain('**Why**');
    expect(body).toContain(
      '- **Exact Match**: score 0 against threshold 1: The actual and expected outputs are different.',
    );
  });
});
