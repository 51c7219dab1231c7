import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { detectFormat, importResultsFile } from '../../src/importers/index.js';
import { expectInputError, REAL, RESULTS } from './helpers.js';

const head = (file: string): string => readFileSync(file, 'utf8').slice(0, 64 * 1024);

describe('detectFormat', () => {
  it.each([
    [`${RESULTS}/valid.jsonl`, 'jsonl'],
    [`${RESULTS}/valid-crlf-bom.jsonl`, 'jsonl'],
    [`${REAL}/lm-eval/samples_masakhaner_luo_prompt_1_gemma-2b_first88.jsonl`, 'lm-eval'],
    [`${RESULTS}/samples_arc_easy_2024-05-01T10-00-00.000001.jsonl`, 'lm-eval'],
    [`${RESULTS}/valid.json`, 'json'],
    [`${RESULTS}/valid-results-object.json`, 'json'],
    [`${REAL}/promptfoo/nicheiq-v0.121.2.json`, 'promptfoo'],
    [`${REAL}/promptfoo/promptfoo-repo-pydanticai-weather-2025-06.json`, 'promptfoo'],
    [`${REAL}/lm-eval/results_gemma-2b_masakhaner-luo_2026-01-16.json`, 'lm-eval'],
    [`${REAL}/lm-eval/results_llama3-8b-instruct_gsm8k-cot-llama_2024-08-25.json`, 'lm-eval'],
    [`${RESULTS}/valid.csv`, 'csv'],
    [`${RESULTS}/valid.tsv`, 'csv'],
    [`${REAL}/junit/conversational-ai-qa-matrix.xml`, 'junit'],
  ])('%s -> %s', (file, format) => {
    expect(detectFormat(file, head(file))).toBe(format);
  });

  it('treats .ndjson like .jsonl and reads a first line cut by the head', () => {
    expect(detectFormat('out.ndjson', '{"id": 1}\n')).toBe('jsonl');
    const longSample = `{"doc_id": 0, "resps": [["${'x'.repeat(70_000)}`;
    expect(detectFormat('s.jsonl', longSample.slice(0, 64 * 1024))).toBe('lm-eval');
  });

  it('recognises promptfoo output when the head only has evalId', () => {
    expect(detectFormat('r.json', '{\n  "evalId": "eval-abc",\n  "results": {')).toBe('promptfoo');
  });

  it('refuses an unknown extension, listing the formats and the format input', () => {
    let caught: unknown;
    try {
      detectFormat('results.txt', 'id,expected\n');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputDataError);
    const message = (caught as InputDataError).message;
    expect(message).toContain('jsonl, json, csv, promptfoo, lm-eval, junit');
    expect(message).toContain('`format` input');
  });
});

describe('importResultsFile with auto', () => {
  it('reports the detected format', async () => {
    expect((await importResultsFile(`${RESULTS}/valid.csv`, 'auto')).format).toBe('csv');
    expect((await importResultsFile(`${RESULTS}/valid.json`, 'auto')).format).toBe('json');
    expect((await importResultsFile(`${REAL}/promptfoo/nicheiq-v0.121.2.json`, 'auto')).format).toBe(
      'promptfoo',
    );
    expect(
      (await importResultsFile(`${REAL}/junit/ai-agent-model-validation-pytest.xml`, 'auto')).format,
    ).toBe('junit');
  });

  it('names the display path for an unknown extension', async () => {
    await expectInputError(
      () => importResultsFile(`${RESULTS}/results.txt`, 'auto', 'out/results.txt'),
      { file: 'out/results.txt', field: 'format' },
      /Cannot tell the results format/,
    );
  });

  it('refuses an unknown format name', async () => {
    await expectInputError(
      () => importResultsFile(`${RESULTS}/valid.csv`, 'xlsx' as never),
      { field: 'format' },
      /Unknown results format "xlsx"/,
    );
  });
});
