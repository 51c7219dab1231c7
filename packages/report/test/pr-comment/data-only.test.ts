/** A data report without an eval report still gets a comment: the data verdict, and why the gate did not run. */
import { describe, expect, it } from '@jest/globals';
import { renderFullComment, renderPrComment } from '../../src/index.js';
import { dataReports } from './fixtures.js';

describe('data-only comment', () => {
  const [failing, passing] = dataReports();

  it('says validate-data failed, why, and that the evaluation did not run', () => {
    const { markdown } = renderPrComment({
      dataReports: [failing, passing],
      runUrl: 'https://github.com/a/b/actions/runs/1',
    });
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### ❌ mlgate validate-data: fail — eval-gate did not run');
    expect(markdown).toContain('**validate-data failed** (`data/train.csv`: fail: 2 checks failed)');
    expect(markdown).toContain('the evaluation step wrote no report');
    // The data section as in the combined comment: each dataset's line and the failing checks.
    expect(markdown).toContain('income is null in 12% of rows (allowed 5%)');
    expect(markdown).toContain('`data/test.csv`');
    expect(markdown).toContain('[workflow run](https://github.com/a/b/actions/runs/1)');
  });

  it('a passing dataset without an eval report says the comment covers the data only', () => {
    const { markdown } = renderFullComment({ dataReports: [passing] });
    expect(markdown.split('\n')[0]).toBe('### ✅ mlgate validate-data: pass');
    expect(markdown).toContain('No eval report: this comment covers the data only.');
  });

  it('drops the data tables first when over the budget', () => {
    const full = renderPrComment({ dataReports: [failing] });
    const small = renderPrComment({ dataReports: [failing], budget: full.length - 1 });
    expect(small.collapsed).toEqual(['data-tables']);
    expect(small.length).toBeLessThan(full.length);
    expect(small.markdown).not.toContain('income is null');
  });
});
