/** The small pieces: commit and age in the baseline header, safe links, code spans, the score chart's data. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EvalReport } from '@mlgate/core';
import { codeSpan, formatAge, safeUrl, shortCommit } from '../../src/pr-comment/blocks.js';
import { mermaidChart, scoreDistribution } from '../../src/pr-comment/chart.js';
import { exampleReports, renderGfm, scoresReports, scratch } from './fixtures.js';

describe('formatAge', () => {
  const now = '2026-03-10T12:00:00Z';
  it.each([
    ['2026-03-10T11:59:30Z', '< 1 min old'],
    ['2026-03-10T11:59:00Z', '1 min old'],
    ['2026-03-10T11:15:00Z', '45 min old'],
    ['2026-03-10T11:00:00Z', '1 hour old'],
    ['2026-03-09T13:00:00Z', '23 hours old'],
    ['2026-03-09T12:00:00Z', '1 day old'],
    ['2026-03-07T11:00:00Z', '3 days old'],
    ['2026-03-11T12:00:00Z', '< 1 min old'], // clock skew: never negative
  ])('%s is %s', (then, age) => expect(formatAge(then, now)).toBe(age));

  it('says nothing for missing or unreadable dates', () => {
    expect(formatAge(undefined, now)).toBeUndefined();
    expect(formatAge('yesterday', now)).toBeUndefined();
  });
});

describe('shortCommit', () => {
  it('shortens SHAs to 7 characters and bounds anything else', () => {
    expect(shortCommit('3f9c2a1e5b7d8c9f0a1b2c3d4e5f60718293a4b5')).toBe('3f9c2a1');
    expect(shortCommit('v1.2.3')).toBe('v1.2.3');
    expect(shortCommit('x'.repeat(100))).toBe(`${'x'.repeat(40)}… [60 more characters]`);
  });
});

describe('safeUrl', () => {
  it('keeps http(s) URLs and encodes what a Markdown link destination would read', () => {
    expect(safeUrl('https://github.com/o/r/actions/runs/1')).toBe('https://github.com/o/r/actions/runs/1');
    expect(safeUrl('https://example.com/a)b(c [d] "e" <f> `g` \\h |i')).toBe(
      'https://example.com/a%29b%28c%20%5Bd%5D%20%22e%22%20%3Cf%3E%20%60g%60%20/h%20%7Ci',
    );
    expect(safeUrl('https://user:secret@example.com/x')).toBe('https://example.com/x');
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'vbscript:x',
    '/relative',
    'not a url',
    '',
    undefined,
  ])('refuses %s', (url) => expect(safeUrl(url)).toBeUndefined());

  it('renders as exactly one link to the same address', () => {
    const url = safeUrl('https://example.com/a)b(c "d" <e>')!;
    const html = renderGfm(`[x](${url})\n`);
    expect(html).toBe(`<p><a href="${url}">x</a></p>\n`);
  });
});

describe('codeSpan', () => {
  it.each(['a|b', 'a\\|b', '|', '\\|', '`a|b`', 'plain'])('shows %s as written outside a table', (text) => {
    expect(renderGfm(`- ${codeSpan(text)} — x\n`)).toBe(
      `<ul>\n<li><code>${text.replace(/</g, '&lt;')}</code> — x</li>\n</ul>\n`,
    );
  });
});

describe('the score distribution', () => {
  const files = scratch();
  afterAll(() => files.remove());
  let scores: { main: EvalReport; pr: EvalReport };
  let example: Awaited<ReturnType<typeof exampleReports>>;
  beforeAll(async () => {
    scores = await scoresReports(files.write);
    example = await exampleReports(files.write);
  });

  const histogram = (report: EvalReport) => {
    const counts = new Array<number>(10).fill(0);
    for (const item of report.cases) counts[Math.min(9, Math.floor(item.score! * 10 + 1e-9))]++;
    return counts;
  };

  it('charts the score histograms of this run and of the baseline', () => {
    for (const [main, pr] of [
      [scores.main, scores.pr],
      [example.main, example.failed],
    ]) {
      const distribution = scoreDistribution(pr)!;
      expect(distribution.current).toEqual(histogram(pr));
      expect(distribution.baseline).toEqual(histogram(main));
      expect(distribution.baselineCases).toBe(main.cases.length);
    }
  });

  it('is undefined without both histograms or when nothing changed', () => {
    expect(scoreDistribution({ ...scores.pr, scoreHistogram: undefined })).toBeUndefined();
    expect(scoreDistribution({ ...scores.pr, baseline: undefined })).toBeUndefined();
    expect(
      scoreDistribution({
        ...scores.pr,
        baseline: { ...scores.pr.baseline!, scoreHistogram: scores.pr.scoreHistogram },
      }),
    ).toBeUndefined();
  });

  it('is undefined for pass/fail-only scores', () => {
    const binary = { counts: [5, 0, 0, 0, 0, 0, 0, 0, 0, 20], binary: true };
    const other = { counts: [10, 0, 0, 0, 0, 0, 0, 0, 0, 15], binary: true };
    expect(
      scoreDistribution({
        ...scores.pr,
        scoreHistogram: binary,
        baseline: { ...scores.pr.baseline!, scoreHistogram: other },
      }),
    ).toBeUndefined();
  });

  it('writes Mermaid from numbers and fixed labels only', () => {
    const chart = mermaidChart(scoreDistribution(scores.pr)!);
    const lines = chart.split('\n');
    expect(lines[0]).toBe('xychart-beta');
    expect(lines[2]).toBe(
      '  x-axis "Per-case score" ["0–0.1", "0.1–0.2", "0.2–0.3", "0.3–0.4", "0.4–0.5", "0.5–0.6", "0.6–0.7", "0.7–0.8", "0.8–0.9", "0.9–1"]',
    );
    expect(lines.slice(3)).toEqual([
      expect.stringMatching(/^ {2}y-axis "Cases" 0 --> \d+$/),
      expect.stringMatching(/^ {2}bar \[\d+(, \d+){9}\]$/),
      expect.stringMatching(/^ {2}line \[\d+(, \d+){9}\]$/),
    ]);
  });
});
