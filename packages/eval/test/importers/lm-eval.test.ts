import { describe, expect, it } from '@jest/globals';
import { importResultsFile } from '../../src/importers/index.js';
import { expectInputError, REAL, RESULTS } from './helpers.js';

const MASAKHANER = `${REAL}/lm-eval/samples_masakhaner_luo_prompt_1_gemma-2b_first88.jsonl`;
const GEMMA_RESULTS = `${REAL}/lm-eval/results_gemma-2b_masakhaner-luo_2026-01-16.json`;
const LLAMA_RESULTS = `${REAL}/lm-eval/results_llama3-8b-instruct_gsm8k-cot-llama_2024-08-25.json`;
const GSM8K = `${RESULTS}/samples_gsm8k_cot_llama_2024-08-25T21-59-12.123082.jsonl`;
const ARC = `${RESULTS}/samples_arc_easy_2024-05-01T10-00-00.000001.jsonl`;

describe('lm-eval samples (real: masakhaner_luo_prompt_1, gemma-2b, first 88 lines)', () => {
  it('imports one case per line, keyed by doc_id', async () => {
    const result = await importResultsFile(MASAKHANER, 'lm-eval');
    expect(result.format).toBe('lm-eval');
    expect(result.cases).toHaveLength(88);
    // The file was renamed, so no task can be read from its name: ids are the doc_ids.
    expect(result.cases[0].id).toBe('0');
    expect(result.cases[87].id).toBe('87');
    expect(result.cases[87].source.line).toBe(88);
  });

  it('maps target, filtered response, raw generation, prompt and filter', async () => {
    const { cases } = await importResultsFile(MASAKHANER, 'lm-eval');
    const first = cases[0];
    expect(first.expected).toBe('DATE: kawuononi');
    expect(first.predicted).toMatch(/^date: 796 \$ loc: kawuono \$ per: david/);
    expect(first.output).toMatch(/^ DATE: 796 \$\$ LOC: Kawuono\n/);
    expect(first.input).toMatch(
      /^Named entities refers to names of location, organisation and personal name/,
    );
    expect(first.tags).toEqual({ filter: 'flexible-extract' });
    expect(cases[2].expected).toBe('PER: Mercy Mwangangi');
  });

  it('skips the corpus-level f1 (logged as [gold, prediction]) and says why there is no pass/fail', async () => {
    const { cases, warnings } = await importResultsFile(MASAKHANER, 'lm-eval');
    expect(cases.every((c) => c.scores === undefined && c.pass === undefined)).toBe(true);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/metric "f1" has no per-sample number/);
    expect(warnings[1]).toMatch(/no per-sample metric is 0\/1-valued/);
  });

  it('is detected by auto from its content', async () => {
    const result = await importResultsFile(MASAKHANER, 'auto');
    expect(result.format).toBe('lm-eval');
    expect(result.cases).toHaveLength(88);
  });
});

describe('lm-eval samples (hand-written)', () => {
  it('gsm8k: task from the file name, one case per doc and filter, pass from exact_match', async () => {
    const { cases, warnings } = await importResultsFile(GSM8K, 'lm-eval');
    expect(warnings).toEqual([]);
    expect(cases.map((c) => [c.id, c.pass, c.scores?.exact_match])).toEqual([
      ['gsm8k_cot_llama:0:strict-match', true, 1],
      ['gsm8k_cot_llama:0:flexible-extract', true, 1],
      ['gsm8k_cot_llama:1:strict-match', false, 0],
      ['gsm8k_cot_llama:1:flexible-extract', false, 0],
    ]);
    expect(cases[2]).toMatchObject({
      expected: '3',
      predicted: '[invalid]',
      output: 'So the answer is 4.',
      tags: { task: 'gsm8k_cot_llama', filter: 'strict-match' },
    });
    expect(cases[0].input).toMatch(/^Question: Janet’s ducks/);
  });

  it('multiple choice: the most likely choice is the prediction', async () => {
    const { cases } = await importResultsFile(ARC, 'lm-eval');
    expect(cases.map((c) => [c.id, c.expected, c.predicted, c.pass, c.scores])).toEqual([
      ['arc_easy:0', 1, 1, true, { acc: 1, acc_norm: 1 }],
      ['arc_easy:1', 3, 2, false, { acc: 0, acc_norm: 0 }],
      ['arc_easy:2', 0, 0, true, { acc: 1, acc_norm: 1 }],
    ]);
    expect(cases[0].output).toBeUndefined();
    expect(cases[0].input).toBe('Question: q0\nAnswer:');
    expect(cases[0].tags).toEqual({ task: 'arc_easy', filter: 'none' });
  });

  it('early 0.4 logs: one indented JSON array, numpy values as strings', async () => {
    const file = `${RESULTS}/pretrained__EleutherAI__pythia-70m_boolq.jsonl`;
    const { cases, format } = await importResultsFile(file, 'auto');
    expect(format).toBe('lm-eval');
    expect(cases.map((c) => [c.id, c.expected, c.predicted, c.pass, c.source.line])).toEqual([
      ['0', 1, 1, true, 2],
      ['1', 0, 1, false, 46],
    ]);
  });

  it('canonical JSONL is not a samples log', async () => {
    await expectInputError(
      () => importResultsFile(`${RESULTS}/valid.jsonl`, 'lm-eval'),
      { line: 1, field: 'doc_id' },
      /doc_id is required/,
    );
  });
});

describe('lm-eval aggregated results_*.json', () => {
  it.each([
    [GEMMA_RESULTS, ['masakhaner_luo_prompt_1/f1,flexible-extract']],
    [
      LLAMA_RESULTS,
      ['gsm8k_cot_llama/exact_match,strict-match', 'gsm8k_cot_llama/exact_match,flexible-extract'],
    ],
  ])(
    '%s is read as aggregate metrics (auto, lm-eval); as json it names the format to set',
    async (file, names) => {
      for (const format of ['auto', 'lm-eval'] as const) {
        const imported = await importResultsFile(file, format, 'results.json');
        expect(imported.format).toBe('lm-eval');
        expect(imported.cases).toEqual([]);
        expect(imported.aggregates!.map((metric) => metric.name)).toEqual(names);
      }
      await expectInputError(
        () => importResultsFile(file, 'json', 'results.json'),
        { file: 'results.json', line: 1 },
        /lm-evaluation-harness results file .*set the format to "lm-eval"/,
      );
    },
  );
});
