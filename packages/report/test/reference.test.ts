/** Every comparison names its reference: commit, age and how it was found, for the eval baseline and the data. */
import { describe, expect, it } from '@jest/globals';
import type { BaselineResolution } from '@mlgate/core';
import { formatAgeDays, referenceLine } from '../src/reference.js';

const found: BaselineResolution = {
  request: 'auto',
  store: 'cache',
  name: 'mlgate-eval',
  found: true,
  commit: '3f2a9c1d0b7e5a4b3c2d1e0f9a8b7c6d5e4f3a2b',
  branch: 'main',
  savedAt: '2026-12-05T02:00:00Z',
  ageDays: 2.3,
  mergeBase: 'a'.repeat(40),
  commitsBack: 1,
  searchedCommits: 2,
  message: 'Using the baseline of 3f2a9c1d0b7e …',
};

describe('referenceLine', () => {
  it('says the commit, the branch, the age and how baseline: auto found it', () => {
    expect(referenceLine({ noun: 'baseline', resolution: found })).toBe(
      'Compared with the baseline of `3f2a9c1d0b7e` (main), 2.3 days old, found by `auto` 1 commit before the merge base in the cache store.',
    );
    expect(
      referenceLine({
        noun: 'reference profile',
        resolution: { ...found, commitsBack: 0, mergeBase: undefined, ageDays: 0.25, stale: false },
      }),
    ).toBe(
      'Compared with the reference profile of `3f2a9c1d0b7e` (main), 6 hours old, found by `auto` at the first commit searched in the cache store.',
    );
  });

  it('marks a stale baseline, and a pinned one says its pin', () => {
    expect(
      referenceLine({
        noun: 'baseline',
        resolution: {
          ...found,
          request: 'pinned:blessed',
          commitsBack: undefined,
          stale: true,
          ageDays: 20,
          maxAgeDays: 14,
        },
      }),
    ).toBe(
      'Compared with the baseline of `3f2a9c1d0b7e` (main), 20 days old, found by `pinned:blessed` in the cache store — **stale**: older than baseline-max-age (14 days).',
    );
  });

  it('says why there was none', () => {
    expect(
      referenceLine({
        noun: 'baseline',
        resolution: {
          ...found,
          found: false,
          commit: undefined,
          message: 'No eval baseline "mlgate-eval" in the cache store for abc.',
        },
      }),
    ).toBe(
      // Escaped as Markdown: the quotes render as quotes.
      'No baseline to compare with: No eval baseline &#34;mlgate-eval&#34; in the cache store for abc.',
    );
    expect(referenceLine({ noun: 'baseline' })).toBe('No baseline to compare with.');
  });

  it('a baseline given as a file: its commit and its age against this run (36 hours: 1.5 days)', () => {
    expect(
      referenceLine({
        noun: 'baseline',
        source: 'reports/main.json',
        commit: 'b'.repeat(40),
        generatedAt: '2026-12-01T00:00:00Z',
        now: '2026-12-02T12:00:00Z',
      }),
    ).toBe(
      'Compared with the baseline `reports/main.json` of `bbbbbbbbbbbb`, 1.5 days old, given as a file.',
    );
  });

  it('ages in the largest whole unit', () => {
    expect(formatAgeDays(1)).toBe('1 day');
    expect(formatAgeDays(1 / 24)).toBe('1 hour');
    expect(formatAgeDays(5 / 1440)).toBe('5 minutes');
  });
});
