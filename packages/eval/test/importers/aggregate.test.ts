/**
 * Aggregate-only results on the real lm-eval results_*.json and Every Eval Ever aggregate records: names, values,
 * reported standard errors and value ± z·SE intervals, and the z-test against a baseline, each checked against
 * aggregate_facts.py (Python's json and statistics.NormalDist, none of mlgate's code).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { aggregateSummaries, evaluateAggregateGates } from '../../src/aggregate.js';
import type { GatesConfig, GateSpec } from '../../src/gates/gates-file.js';
import { importResultsFile } from '../../src/importers/index.js';
import { normalSf } from '../../src/statistics/normal.js';
import { formatInterval } from '@mlgate/core';
import { expectInputError, REAL } from './helpers.js';

const FACTS = path.join('packages', 'eval', 'test', 'importers', 'aggregate_facts.py');
interface Fact {
  value: number;
  stderr: number | null;
  lower: number | null;
  upper: number | null;
  higher: boolean;
}
const python = (...args: string[]) =>
  JSON.parse(execFileSync('python3', [FACTS, ...args], { encoding: 'utf8' }));
const metricsFacts = (file: string) => python('metrics', file) as Record<string, Fact>;

function scratch(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mlgate-aggregate-')), name);
  writeFileSync(file, content);
  return file;
}

/** The parts of the two formats the tests edit. */
interface Editable {
  results: Record<string, Record<string, number>>;
  evaluation_results: { score_details: Record<string, unknown> }[];
}

/** A copy of a real file with `edit` applied to its parsed JSON (Python does not see mlgate's reading). */
function edited(file: string, name: string, edit: (document: Editable) => void): string {
  const document = JSON.parse(readFileSync(file, 'utf8')) as Editable;
  edit(document);
  return scratch(name, JSON.stringify(document, null, 2));
}

const config = (gates: Partial<GateSpec>[]): GatesConfig => ({
  gates: gates.map((gate) => ({ metric: '', severity: 'error', ...gate })),
  lineOf: () => undefined,
});

const LM_EVAL = `${REAL}/lm-eval`;
const GSM8K = `${LM_EVAL}/results_llama3-8b-instruct_gsm8k-cot-llama_2024-08-25.json`;
const MASAKHANER = `${LM_EVAL}/results_gemma-2b_masakhaner-luo_2026-01-16.json`;
const HAL = `${REAL}/eee/hal-gaia-o4-mini-schema-0.2.2.json`;

describe('aggregate-only results (real lm-eval results files and EEE records)', () => {
  it.each([
    [GSM8K, 'lm-eval'],
    [MASAKHANER, 'lm-eval'],
    [HAL, 'every-eval-ever'],
    [`${REAL}/eee/hfopenllm-v2-llama-pro-8b-instruct-schema-0.2.0.json`, 'every-eval-ever'],
  ])(
    '%s: format auto, every metric with its value, stderr and interval as Python reads it',
    async (file, format) => {
      const imported = await importResultsFile(file, 'auto');
      expect(imported.format).toBe(format);
      expect(imported.cases).toEqual([]);
      const facts = metricsFacts(file);
      expect(imported.aggregates!.map((metric) => metric.name)).toEqual(Object.keys(facts));
      const summaries = aggregateSummaries(imported.aggregates!, 0.95);
      for (const [name, fact] of Object.entries(facts)) {
        expect(summaries[name].value).toBe(fact.value);
        expect(summaries[name].stderr).toBe(fact.stderr);
        expect(summaries[name].higherIsBetter).toBe(fact.higher);
        if (fact.lower === null) expect(summaries[name].ci).toBeUndefined();
        else {
          expect(summaries[name].ci![0]).toBeCloseTo(fact.lower, 12);
          expect(summaries[name].ci![1]).toBeCloseTo(fact.upper!, 12);
        }
      }
      // The explicit format reads the same.
      expect((await importResultsFile(file, format as 'lm-eval')).aggregates).toEqual(imported.aggregates);
    },
  );

  it('lm-eval: "N/A" stderr is said, the samples and model are kept, the line is the metric\'s', async () => {
    const { aggregates } = await importResultsFile(MASAKHANER, 'auto');
    expect(aggregates).toEqual([
      expect.objectContaining({
        name: 'masakhaner_luo_prompt_1/f1,flexible-extract',
        stderrMissing: 'standard error "N/A"',
        samples: 185,
        model: 'google/gemma-2b',
        tool: 'lm-eval',
        source: { file: MASAKHANER, line: 5 },
      }),
    ]);
    expect(aggregates![0].stderr).toBeUndefined();
  });

  it('EEE: a standard error, or a confidence interval, in score_details.uncertainty gives the interval', async () => {
    const file = edited(HAL, 'hal.json', (document) => {
      document.evaluation_results[0].score_details.uncertainty = {
        standard_error: { value: 0.04, method: 'analytic' },
        num_samples: 165,
      };
      document.evaluation_results[1].score_details.uncertainty = {
        confidence_interval: { lower: 0.6, upper: 0.8, confidence_level: 0.9 },
      };
    });
    const facts = metricsFacts(file);
    const { aggregates } = await importResultsFile(file, 'auto');
    const summaries = aggregateSummaries(aggregates!, 0.95);
    expect(summaries.GAIA.stderr).toBe(0.04);
    expect(summaries.GAIA.samples).toBe(165);
    expect(summaries.GAIA.ci![0]).toBeCloseTo(facts.GAIA.lower!, 12);
    // A 90% interval of half-width 0.1 is an SE of 0.1 / z(0.95) = 0.0607951…
    expect(summaries['GAIA - GAIA Level 1'].stderr).toBeCloseTo(0.1 / 1.6448536269514722, 12);
  });

  it('a z-test against a baseline: p and the interval of the difference as Python computes them', async () => {
    // The baseline did 0.04 better on strict-match (the same standard error): a drop of 0.04 beyond the 0.01 allowed.
    const baselineFile = edited(GSM8K, 'baseline.json', (document) => {
      document.results.gsm8k_cot_llama['exact_match,strict-match'] += 0.04;
    });
    const name = 'gsm8k_cot_llama/exact_match,strict-match';
    const facts = python('compare', GSM8K, baselineFile, name) as Record<string, number>;
    const { aggregates } = await importResultsFile(GSM8K, 'auto');
    const baseline = (await importResultsFile(baselineFile, 'auto')).aggregates!;
    const [gate] = evaluateAggregateGates({
      config: config([{ metric: name, maxDrop: 0.01 }]),
      aggregates: aggregates!,
      baseline: new Map(baseline.map((metric) => [metric.name, metric])),
      significance: 0.05,
      level: 0.95,
    });
    expect(gate).toMatchObject({ kind: 'baseline', status: 'fail', test: 'z-test' });
    expect(gate.delta).toBeCloseTo(facts.delta, 12);
    expect(gate.pValue).toBeCloseTo(facts.p, 6);
    // The interval of the difference, written as every interval is (both ends to the same decimals).
    expect(gate.message).toContain(`95% interval ${formatInterval([facts.lower, facts.upper])}`);
    // A drop of 0.015 with 0.01 allowed is not significant: inconclusive, with the smallest detectable drop.
    const closer = edited(GSM8K, 'closer.json', (document) => {
      document.results.gsm8k_cot_llama['exact_match,strict-match'] += 0.015;
    });
    const [undecided] = evaluateAggregateGates({
      config: config([{ metric: name, maxDrop: 0.01 }]),
      aggregates: aggregates!,
      baseline: new Map((await importResultsFile(closer, 'auto')).aggregates!.map((m) => [m.name, m])),
      significance: 0.05,
      level: 0.95,
    });
    expect(undecided.status).toBe('inconclusive');
    expect(undecided.pValue).toBeCloseTo((python('compare', GSM8K, closer, name) as { p: number }).p, 6);
  });

  it('"N/A" stderr makes a baseline comparison inconclusive, saying why; thresholds still decide', async () => {
    const { aggregates } = await importResultsFile(MASAKHANER, 'auto');
    const name = 'masakhaner_luo_prompt_1/f1,flexible-extract';
    const gates = evaluateAggregateGates({
      config: config([{ metric: name, min: 0.05, maxDrop: 0.001 }]),
      aggregates: aggregates!,
      baseline: new Map([[name, { value: 0.08, stderr: 0.01 }]]),
      significance: 0.05,
      level: 0.95,
    });
    expect(gates.map((gate) => [gate.kind, gate.status])).toEqual([
      ['threshold', 'pass'],
      ['baseline', 'inconclusive'],
    ]);
    expect(gates[1].message).toMatch(
      /without a reported standard error for this run \(lm-eval: standard error "N\/A"\)/,
    );
  });

  it('an unknown metric is named with did you mean; by: is refused (no cases to slice)', async () => {
    const { aggregates } = await importResultsFile(GSM8K, 'auto');
    const run = (gate: Partial<GateSpec>) => () =>
      evaluateAggregateGates({
        config: config([gate]),
        aggregates: aggregates!,
        significance: 0.05,
        level: 0.95,
      });
    expect(run({ metric: 'gsm8k_cot_llama/exact_match', min: 0.5 })).toThrow(
      /unknown metric "gsm8k_cot_llama\/exact_match" \(did you mean "gsm8k_cot_llama\/exact_match,strict-match"\?\)/,
    );
    expect(run({ metric: 'gsm8k_cot_llama/exact_match,strict-match', min: 0.5, by: 'domain' })).toThrow(
      /no cases/,
    );
  });

  it('malformed files name the file, line and field', async () => {
    const badValue = scratch(
      'results_bad.json',
      '{\n  "results": {\n    "hellaswag": {\n      "alias": "hellaswag",\n      "acc,none": "high",\n      "acc_stderr,none": 0.01\n    }\n  },\n  "versions": {}\n}\n',
    );
    await expectInputError(
      () => importResultsFile(badValue, 'auto'),
      { file: badValue, line: 5, field: 'results.hellaswag.acc,none' },
      /must be a number \(the metric's value\); got "high"/,
    );
    const badStderr = scratch(
      'results_bad_se.json',
      '{\n  "results": {\n    "hellaswag": {\n      "acc,none": 0.5,\n      "acc_stderr,none": -1\n    }\n  },\n  "versions": {}\n}\n',
    );
    await expectInputError(
      () => importResultsFile(badStderr, 'auto'),
      { file: badStderr, line: 4, field: 'results.hellaswag.acc_stderr,none' },
      /non-negative number or "N\/A"; got -1/,
    );
    const noScore = edited(HAL, 'hal.json', (document) => {
      delete document.evaluation_results[2].score_details.score;
    });
    const third = readFileSync(noScore, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes('"GAIA - GAIA Level 2"'));
    await expectInputError(
      () => importResultsFile(noScore, 'auto'),
      { file: noScore, line: third, field: 'evaluation_results[2].score_details.score' },
      /must be a number; got nothing/,
    );
  });

  it('the normal upper tail matches Python within 1e-7', () => {
    const expected = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json\nfrom statistics import NormalDist\nprint(json.dumps([1 - NormalDist().cdf(z) for z in (-3, -1, 0, 0.5, 1.6448536269514722, 2, 3.5, 6)]))',
        ],
        { encoding: 'utf8' },
      ),
    ) as number[];
    [-3, -1, 0, 0.5, 1.6448536269514722, 2, 3.5, 6].forEach((z, i) =>
      expect(Math.abs(normalSf(z) - expected[i])).toBeLessThan(1e-7),
    );
  });
});
