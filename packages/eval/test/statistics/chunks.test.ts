/**
 * Tests of the chunked bootstrap streams: chunk j of a bootstrap seeded with s draws from xoshiro128** seeded with
 * the (j + 1)-th splitmix32 output from s's word (docs/eval-gate.md), so chunks can run in any order or thread.
 */
import { describe, expect, it } from '@jest/globals';
import { confidenceIntervals } from '../../src/intervals.js';
import { idleCore, intervalsOnThreads, threadPays } from '../../src/resample-threads.js';
import {
  RESAMPLE_CHUNK,
  bootstrap,
  bootstrapConfusion,
  caseBootstrap,
  cellBootstrap,
  chunkCount,
  chunkRng,
  resampleCounts,
  runAllChunks,
} from '../../src/statistics/bootstrap.js';
import { Rng, seedWord } from '../../src/statistics/random.js';
import { MetricSuite } from '../../src/suite.js';
import { MemoryLogger } from '@mlgate/core';
import { casesOf } from '../engine/helpers.js';

/** The documented derivation, written out with BigInt arithmetic: fmix32(word + (j + 1)·0x9e3779b9 mod 2^32). */
function chunkWord(word: number, chunk: number): number {
  const mask = 0xffffffffn;
  let z = (BigInt(word) + BigInt(chunk + 1) * 0x9e3779b9n) & mask;
  z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & mask;
  z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & mask;
  return Number(z ^ (z >> 16n));
}

const firstDraws = (rng: Rng, count = 8) => Array.from({ length: count }, () => rng.nextUint32());

/** A statistic of case weights: the weighted mean of `values`. */
const weightedMeanOf = (values: Float64Array) => (weights: Uint32Array) => {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    sum += weights[i] * values[i];
    total += weights[i];
  }
  return sum / total;
};

function valuesOf(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => rng.nextFloat() ** 3);
}

describe('chunk streams', () => {
  it('chunk j draws from new Rng(fmix32(seed word + (j + 1)·golden)), for number and string seeds', () => {
    for (const seed of [0, 1, 20240517, -1, 4294967295, 'release-7'])
      for (const chunk of [0, 1, 2, 19, 199, 1999])
        expect(firstDraws(chunkRng(seed, chunk))).toEqual(
          firstDraws(new Rng(chunkWord(seedWord(seed), chunk))),
        );
  });

  it('counts chunks of 50, the last one short', () => {
    expect(RESAMPLE_CHUNK).toBe(50);
    expect([1, 49, 50, 51, 1000, 1001, 10000].map(chunkCount)).toEqual([1, 1, 1, 2, 20, 21, 200]);
  });

  it('a case bootstrap is the documented procedure: chunk j, resample r, drawn by resampleCounts from its stream', () => {
    const values = valuesOf(300, 5);
    const statistic = weightedMeanOf(values);
    const samples = bootstrap({ n: 300, resamples: 175, seed: 99, statistics: [statistic] })[0];
    const expected = new Float64Array(175);
    const weights = new Uint32Array(300);
    for (let chunk = 0; chunk * 50 < 175; chunk++) {
      const rng = new Rng(chunkWord(seedWord(99), chunk));
      for (let r = chunk * 50; r < Math.min(175, chunk * 50 + 50); r++)
        expected[r] = statistic(resampleCounts(rng, 300, weights));
    }
    expect(samples).toEqual(expected);
  });

  it('a cell bootstrap is one multinomial draw per resample from its chunk’s stream', () => {
    const counts = [40, 7, 12, 141];
    const accuracy = (cells: Float64Array) => (cells[0] + cells[3]) / 200;
    const samples = bootstrapConfusion({ counts, resamples: 120, seed: 3, statistics: [accuracy] })[0];
    const cells = new Float64Array(4);
    for (let chunk = 0; chunk < 3; chunk++) {
      const rng = new Rng(chunkWord(seedWord(3), chunk));
      for (let r = chunk * 50; r < Math.min(120, chunk * 50 + 50); r++)
        expect(samples[r]).toBe(accuracy(rng.multinomialInto(200, counts, cells)));
    }
  });

  it('chunks drawn in any order, by separate resamplers, give the same values bit for bit', () => {
    const values = valuesOf(500, 8);
    const options = { n: 500, resamples: 1030, seed: 11, statistics: [weightedMeanOf(values)] };
    const inOrder = runAllChunks(caseBootstrap(options))[0];
    const shuffled = [new Float64Array(1030)];
    const order = Array.from({ length: chunkCount(1030) }, (_, j) => j);
    const rng = new Rng(4);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    // Two resamplers taking turns, as the main thread and the resample thread do.
    const resamplers = [caseBootstrap(options), caseBootstrap(options)];
    order.forEach((chunk, i) => resamplers[i % 2].runChunk(chunk, shuffled));
    expect(shuffled[0]).toEqual(inOrder);
    const cells = { counts: [5, 9, 30], resamples: 333, seed: 11, statistics: [(c: Float64Array) => c[1]] };
    const cellsInOrder = runAllChunks(cellBootstrap(cells))[0];
    const reversed = [new Float64Array(333)];
    const resampler = cellBootstrap(cells);
    for (let chunk = chunkCount(333) - 1; chunk >= 0; chunk--) resampler.runChunk(chunk, reversed);
    expect(reversed[0]).toEqual(cellsInOrder);
  });

  it('the first `count` resamples of a chunk are the chunk’s own', () => {
    const options = { n: 200, resamples: 400, seed: 6, statistics: [weightedMeanOf(valuesOf(200, 6))] };
    const all = runAllChunks(caseBootstrap(options))[0];
    const part = [new Float64Array(400)];
    caseBootstrap(options).runChunk(3, part, 1);
    expect(part[0][150]).toBe(all[150]);
    expect(part[0][151]).toBe(0);
  });

  it('different chunks draw different, uncorrelated resamples', () => {
    const words = new Set(Array.from({ length: 2000 }, (_, j) => chunkWord(seedWord(20240517), j)));
    expect(words.size).toBe(2000);
    const values = valuesOf(1000, 2);
    const samples = bootstrap({
      n: 1000,
      resamples: 20000,
      seed: 20240517,
      statistics: [weightedMeanOf(values)],
    })[0];
    // Resample r of chunk j against resample r of chunk j + 1: correlation ≈ 0 (s.e. 1/√19950 ≈ 0.007).
    const a = samples.subarray(0, 19950);
    const b = samples.subarray(50);
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const [ma, mb] = [mean(a), mean(b)];
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) ** 2;
      sbb += (b[i] - mb) ** 2;
    }
    expect(Math.abs(sab / Math.sqrt(saa * sbb))).toBeLessThan(0.035);
    const firstOfEach = new Set(Array.from({ length: 400 }, (_, j) => samples[j * 50]));
    expect(firstOfEach.size).toBe(400);
  });
});

describe('intervals from chunks', () => {
  const rows = Array.from({ length: 400 }, (_, i) => {
    const rng = new Rng(i + 1);
    const positive = rng.nextFloat() < 0.3;
    const probability = Math.min(
      0.99,
      Math.max(0.01, (positive ? 0.65 : 0.35) + (rng.nextFloat() - 0.5) * 0.6),
    );
    return {
      id: `c${i}`,
      expected: positive ? '1' : '0',
      predicted: probability >= 0.5 ? '1' : '0',
      probability,
      scores: { quality: rng.nextFloat() },
      latencyMs: 100 + 900 * rng.nextFloat(),
    };
  });
  const suite = () =>
    new MetricSuite(casesOf(rows), { task: 'binary', labels: ['0', '1'], positiveLabel: '1' });

  it('are the same run to run with the same seed, and move with the seed', () => {
    const first = confidenceIntervals(suite(), 1000, 7);
    expect(confidenceIntervals(suite(), 1000, 7)).toEqual(first);
    const other = confidenceIntervals(suite(), 1000, 8);
    expect(other.brier).not.toEqual(first.brier);
    expect(other.average_precision).not.toEqual(first.average_precision);
    expect(first.average_precision.method).toBe('case-bootstrap');
    expect(first.accuracy.method).toBe('cell-bootstrap');
  });

  it('are the same drawn by intervalsOnThreads (no thread registered here: one thread)', async () => {
    const logger = new MemoryLogger();
    const { intervals, threads } = await intervalsOnThreads(suite(), 1000, 7, logger);
    expect(threads).toBe(1);
    expect(intervals).toEqual(confidenceIntervals(suite(), 1000, 7));
  });
});

describe('the rule for a resample thread', () => {
  it('asks for more work than the thread’s start-up and hand-over (200 ms + 20 µs per case)', () => {
    expect(threadPays(199, 0)).toBe(false);
    expect(threadPays(201, 0)).toBe(true);
    expect(threadPays(299, 5000)).toBe(false);
    expect(threadPays(301, 5000)).toBe(true);
    expect(threadPays(19_000, 1_000_000)).toBe(false);
  });

  it('and a core left idle by the rest of the machine (load average < cores − ½)', () => {
    expect(idleCore(0.4, 2)).toBe(true);
    expect(idleCore(1, 2)).toBe(true);
    expect(idleCore(1.2, 2)).toBe(true);
    expect(idleCore(1.5, 2)).toBe(false);
    expect(idleCore(9, 2)).toBe(false);
    expect(idleCore(3.4, 4)).toBe(true);
    expect(idleCore(3.5, 4)).toBe(false);
  });
});
