/**
 * Families bootstrapped over cell counts (the confusion matrix, binary label × probability cells) must give the
 * same metrics from their counts as from the cases, and intervals like the per-case bootstrap's.
 */
import { describe, expect, it } from '@jest/globals';
import { mergeCases } from '../../src/cases.js';
import { MetricSuite } from '../../src/suite.js';
import { type RawCase } from '../../src/types.js';
import { bootstrap, bootstrapConfusion, bootstrapInterval } from '../../src/statistics/index.js';

function binaryCases(n: number): RawCase[] {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => {
    const positive = random() < 0.3;
    // Two decimals: many ties, as real calibrated scores have.
    const probability =
      Math.round(Math.min(0.99, Math.max(0.01, (positive ? 0.65 : 0.3) + (random() - 0.5) * 0.6)) * 100) /
      100;
    return {
      id: `c${i}`,
      expected: positive ? '1' : '0',
      predicted: probability >= 0.5 ? '1' : '0',
      probability,
      source: { file: 'x', line: i + 1 },
    };
  });
}

describe('cell bootstrap', () => {
  const suite = new MetricSuite(mergeCases(binaryCases(4000)), {
    task: 'binary',
    labels: ['0', '1'],
    positiveLabel: '1',
  });
  const families = suite.cellFamilies();

  it('offers the confusion matrix and the binary probability cells', () => {
    const names = families.flatMap((family) => family.names);
    expect(names).toEqual(
      expect.arrayContaining([
        'accuracy',
        'f1_macro',
        'roc_auc',
        'average_precision',
        'log_loss',
        'brier',
        'ece',
      ]),
    );
    expect(families[1].counts.length).toBeLessThan(250);
    expect(families.every((family) => family.counts.reduce((sum, count) => sum + count, 0) === 4000)).toBe(
      true,
    );
  });

  it('computes the same metrics from the cell counts as from the cases', () => {
    const fromCases = suite.compute();
    for (const family of families) {
      const fromCells: Record<string, number> = {};
      family.compute(family.counts, fromCells);
      for (const name of family.names) expect(fromCells[name]).toBeCloseTo(fromCases[name], 12);
    }
  });

  it('gives intervals that agree with resampling the cases', () => {
    const probabilities = families[1];
    const names = ['roc_auc', 'log_loss', 'ece'];
    let latest: Record<string, number> = {};
    const viaCells = bootstrapConfusion({
      counts: probabilities.counts,
      resamples: 1000,
      seed: 7,
      statistics: names.map((name, i) => (cells: Float64Array) => {
        if (i === 0) probabilities.compute(cells, (latest = {}));
        return latest[name];
      }),
    });
    const viaCases = bootstrap({
      n: suite.size,
      resamples: 1000,
      seed: 7,
      statistics: names.map((name) => (weights: Uint32Array) => suite.compute([name], weights)[name]),
    });
    names.forEach((name, i) => {
      const a = bootstrapInterval(viaCells[i]);
      const b = bootstrapInterval(viaCases[i]);
      // Same distribution, different random streams: standard errors within 15%.
      expect(Math.abs(a.standardError - b.standardError) / b.standardError).toBeLessThan(0.15);
    });
  });
});
