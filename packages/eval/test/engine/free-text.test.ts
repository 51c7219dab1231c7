/** Generative results (a reference text per case) are scored as text, not as a classifier with a class per case. */
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { runEvalGate } from '../../src/index.js';

describe('free-text results', () => {
  it('scores lm-eval generative samples (NER strings) with exact match and token F1', async () => {
    const logger = new MemoryLogger();
    const report = await runEvalGate(
      {
        results: ['test/fixtures/real/lm-eval/samples_masakhaner_luo_prompt_1_gemma-2b_first88.jsonl'],
        format: 'auto',
        task: 'auto',
        significance: 0.05,
        workspace: path.resolve('.'),
        context: {},
      },
      logger,
    );
    expect(report.task).toBe('scores');
    expect(report.counts.cases).toBe(88);
    expect(report.metrics.exact_match.value).toBe(0);
    expect(report.metrics.token_f1.value).toBeGreaterThan(0.05);
    expect(report.metrics.token_f1.value).toBeLessThan(0.5);
    // The importer's warnings are annotations on the file, without the file name repeated in the message.
    const warning = logger.lines.find((line) => line.level === 'warning');
    expect(warning?.location?.file).toContain('samples_masakhaner');
    expect(warning?.message.startsWith('test/fixtures')).toBe(false);
  });
});
