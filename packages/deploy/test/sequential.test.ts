/** The sequential error-rate test against values computed independently with scipy (scripts/reference/deploy-msprt.py). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { intervalLogRatio, SequentialErrorTest, type IntervalCounts } from '../src/sequential.js';

interface Reference {
  cases: {
    name: string;
    alpha: number;
    relativeTolerance: number;
    absoluteTolerance: number;
    priorScale: number;
    intervals: IntervalCounts[];
    likelihoodRatios: number[];
    pValues: number[];
    rejected: boolean[];
  }[];
  pointMass: { theta0: number; theta: number; intervals: IntervalCounts[]; likelihoodRatio: number }[];
}

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/msprt-scipy.json', import.meta.url), 'utf8'),
) as Reference;

describe('SequentialErrorTest (mSPRT on error counts)', () => {
  for (const item of reference.cases)
    it(`matches scipy's quadrature after every look: ${item.name}`, () => {
      const test = new SequentialErrorTest({
        alpha: item.alpha,
        relativeTolerance: item.relativeTolerance,
        absoluteTolerance: item.absoluteTolerance,
        priorScale: item.priorScale,
      });
      item.intervals.forEach((counts, look) => {
        const state = test.update(counts);
        // Relative agreement of Λ (Simpson on 401 nodes vs adaptive Gauss–Kronrod), exact agreement of decisions.
        expect(Math.abs(Math.log(state.likelihoodRatio / item.likelihoodRatios[look]))).toBeLessThan(1e-4);
        expect(state.pValue).toBeCloseTo(item.pValues[look], 5);
        expect(state.rejected).toBe(item.rejected[look]);
      });
    });

  it('the likelihood ratio of one interval is the binomial ratio scipy computes (point-mass prior)', () => {
    for (const item of reference.pointMass) {
      const log = item.intervals.reduce(
        (sum, counts) => sum + intervalLogRatio(counts, item.theta, item.theta0),
        0,
      );
      expect(Math.exp(log)).toBeCloseTo(item.likelihoodRatio, 10);
    }
  });

  it('keeps the smallest p-value seen (always valid: a later look never undoes a rejection)', () => {
    const test = new SequentialErrorTest({ alpha: 0.05, relativeTolerance: 0.5 });
    const bad = test.update({ canaryRequests: 100, canaryErrors: 30, stableRequests: 900, stableErrors: 9 });
    expect(bad.rejected).toBe(true);
    const after = test.update({
      canaryRequests: 10_000,
      canaryErrors: 0,
      stableRequests: 90_000,
      stableErrors: 900,
    });
    expect(after.likelihoodRatio).toBeLessThan(bad.likelihoodRatio);
    expect(after.pValue).toBe(bad.pValue);
    expect(after.rejected).toBe(true);
    expect(after).toMatchObject({ canaryRequests: 10_100, canaryErrors: 30, stableErrors: 909 });
  });

  it('learns nothing from an interval where one side served nothing (100 % canary, blue/green after the switch)', () => {
    const test = new SequentialErrorTest({ alpha: 0.05, relativeTolerance: 0.5 });
    const state = test.update({
      canaryRequests: 1000,
      canaryErrors: 300,
      stableRequests: 0,
      stableErrors: 0,
    });
    expect(state.likelihoodRatio).toBe(1);
    expect(state.rejected).toBe(false);
  });

  it('refuses counts that are not counts', () => {
    const test = new SequentialErrorTest({ alpha: 0.05, relativeTolerance: 0.5 });
    expect(() =>
      test.update({ canaryRequests: -1, canaryErrors: 0, stableRequests: 1, stableErrors: 0 }),
    ).toThrow(/canaryRequests must be a count/);
    expect(() => new SequentialErrorTest({ alpha: 1, relativeTolerance: 0 })).toThrow(/alpha/);
  });
});
