/**
 * The comment fits GitHub's 65,536-character limit (minus our marker lines) however many cases changed:
 * verdict and gate rows always, regressions before everything else that can be cut, and nothing cut in half.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EvalReport } from '@mlgate/core';
import {
  DEFAULT_COMMENT_BUDGET,
  GITHUB_COMMENT_LIMIT,
  renderFullComment,
  renderPrComment,
  type PrCommentResult,
} from '../../src/pr-comment/index.js';
import {
  count,
  dataReports,
  DETAILS_URL,
  detailsTree,
  exampleReports,
  renderGfm,
  renderSafe,
  scratch,
  tables,
  withManyCases,
} from './fixtures.js';

const files = scratch();
afterAll(() => files.remove());

let base: EvalReport;
let huge: EvalReport;

beforeAll(async () => {
  base = (await exampleReports(files.write)).failed;
  huge = withManyCases(base, 20_000);
});

const headlineGates = () => base.gates.filter((gate) => !gate.slice).length;
const sliceGates = () => base.gates.filter((gate) => gate.slice).length;

/** Cases listed per section (its <summary>), from the rendered HTML. */
function listedPerSection(html: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [, title, body] of html.matchAll(
    /<details(?: open)?><summary>((?:Regressed|Improved|New|Removed|Flaky|Still failing) \([\d,]+\))<\/summary>([\s\S]*?)\n<\/details>\n(?=<details(?: open)?><summary>(?:Regressed|Improved|New|Removed|Flaky|Still failing|Score)|<p>)/g,
  )) {
    out.set(title.replace(/ \(.*/, ''), count(body, /<li>(?:\n<p>)?<code>case-/g));
  }
  return out;
}

/** Everything a shortened rendering must still be: whole tables, balanced blocks, our verdict first. */
function expectIntact(result: PrCommentResult, label: string): string {
  const html = renderGfm(result.markdown);
  expect({ label, verdict: /^<h3>❌ mlgate eval-gate: fail — /.test(html) }).toEqual({
    label,
    verdict: true,
  });
  detailsTree(html); // throws when a block is left open or closed twice
  expect(count(html, '<details')).toBe(count(html, '</details>'));
  for (const table of tables(html)) expect(table.every((row) => row.length === table[0].length)).toBe(true);
  // Every fence closed: the safe rendering has as many code blocks as the one with raw HTML.
  expect(count(renderSafe(result.markdown), '<pre>')).toBe(count(html, '<pre>'));
  expect(result.length).toBe(result.markdown.length);
  return html;
}

describe('20,000 changed cases with long inputs and outputs', () => {
  let result: PrCommentResult;
  let html: string;
  beforeAll(() => {
    result = renderPrComment({ report: huge, dataReports: dataReports(), detailsUrl: DETAILS_URL });
    html = expectIntact(result, 'default');
  });

  it('renders under 65,536 characters, leaving room for our marker lines', () => {
    expect(result.length).toBeLessThanOrEqual(DEFAULT_COMMENT_BUDGET);
    expect(DEFAULT_COMMENT_BUDGET).toBe(GITHUB_COMMENT_LIMIT - 512);
    expect(result.length).toBeGreaterThan(DEFAULT_COMMENT_BUDGET * 0.8); // the budget is used, not wasted
  });

  it('keeps every gate row', () => {
    const all = tables(html);
    expect(all[0]).toHaveLength(headlineGates() + 1);
    expect(all.find((table) => table[0][1] === 'Slice')).toHaveLength(sliceGates() + 1);
    for (const gate of base.gates.filter((item) => !item.slice)) {
      expect(all[0].some((row) => row[0] === gate.metric && row.at(-1) !== undefined)).toBe(true);
    }
  });

  it('lists regressions first and keeps their input and output, cutting other sections’ details first', () => {
    const sections = [...listedPerSection(html).entries()];
    expect(sections.map(([title]) => title)).toEqual([
      'Regressed',
      'Improved',
      'New',
      'Removed',
      'Flaky',
      'Still failing',
    ]);
    expect(sections[0][1]).toBe(20);
    const regressed = /<details open><summary>Regressed[\s\S]*?<\/details>\n<\/li>\n<\/ul>/.exec(html)![0];
    expect(count(regressed, '<summary>Input, expected and output</summary>')).toBe(20);
    expect(result.collapsed).toEqual(
      expect.arrayContaining(['details:improved', 'details:new', 'details:still-failing']),
    );
    expect(result.collapsed).not.toContain('details:regressed');
    expect(result.collapsed.some((item) => item.endsWith(':regressed'))).toBe(false);
  });

  it('counts what it left out and says it was shortened', () => {
    const listed = [...listedPerSection(html).values()].reduce((sum, value) => sum + value, 0);
    expect(result.omittedCases).toBe(20_000 - listed);
    expect(html).toContain("<sub>Shortened to fit GitHub's comment size limit");
    expect(html).toContain(`<p>…and ${(8_000 - 20).toLocaleString('en-US')} more.</p>`);
  });

  it('renders in well under a second', () => {
    const started = performance.now();
    renderPrComment({ report: huge });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('smaller budgets give up parts in order', () => {
  const ORDER = ['details:', 'cases:', 'section:', 'chart', 'data-tables', 'other-metrics', 'gate-reasons'];

  it('stays within every budget, whole, and cuts regressions only after everything else', () => {
    let previousListed = Infinity;
    for (const budget of [60_000, 30_000, 15_000, 8_000, 5_000, 3_000, 2_000]) {
      const result = renderPrComment({ report: huge, budget, dataReports: dataReports() });
      const html = expectIntact(result, `budget ${budget}`);
      expect(result.length).toBeLessThanOrEqual(budget);
      // All gate rows while the gates fit.
      expect(tables(html)[0]).toHaveLength(headlineGates() + 1);
      const sections = listedPerSection(html);
      const listed = [...sections.values()].reduce((sum, value) => sum + value, 0);
      expect(listed).toBeLessThanOrEqual(previousListed);
      previousListed = listed;
      // Regressions are cut only once every other section is a one-line summary and the extras are gone.
      if (result.collapsed.some((item) => item.endsWith(':regressed') && !item.startsWith('details:'))) {
        for (const status of ['improved', 'new', 'removed', 'flaky', 'still-failing'])
          expect(result.collapsed).toContain(`section:${status}`);
        expect(result.collapsed).toEqual(expect.arrayContaining(['chart', 'data-tables', 'other-metrics']));
      }
      for (const item of result.collapsed) {
        expect(ORDER.some((prefix) => item.startsWith(prefix))).toBe(true);
      }
    }
  });

  it('turns other sections into one-line summaries with "and N more" before touching regressions', () => {
    const result = renderPrComment({ report: huge, budget: 5_000 });
    const html = expectIntact(result, 'budget 5000');
    expect(html).toContain('<p><strong>Improved (6,000):</strong> …and 6,000 more.</p>');
    expect(html).toContain('<p><strong>Still failing (2,000):</strong> …and 2,000 more.</p>');
    expect(listedPerSection(html).get('Regressed')).toBeGreaterThan(0);
    expect(result.collapsed).toEqual(expect.arrayContaining(['section:improved', 'section:still-failing']));
  });

  it('drops gate rows only when the gates alone do not fit, and then says so', () => {
    const result = renderPrComment({ report: huge, budget: 1_200 });
    const html = expectIntact(result, 'budget 1200');
    expect(result.length).toBeLessThanOrEqual(1_200);
    expect(result.collapsed).toContain('gates');
    expect(html).toMatch(/…and \d+ more gates: see the job summary\./);
    expect(result.omittedCases).toBe(20_000);
  });

  it('keeps at least the verdict and the footer', () => {
    const result = renderPrComment({ report: huge, budget: 300 });
    expect(result.collapsed.at(-1)).toBe('all');
    expect(topLevel(renderGfm(result.markdown))).toEqual(['h3', 'p', 'p']);
  });
});

const topLevel = (html: string) => [...html.matchAll(/^<(h3|p|table|details|ul)\b/gm)].map(([, tag]) => tag);

describe('renderFullComment', () => {
  it('lists far more cases, within 1,000,000 UTF-8 bytes', () => {
    const full = renderFullComment({ report: huge, maxCases: 5, budget: 1000 });
    expect(Buffer.byteLength(full.markdown, 'utf8')).toBeLessThanOrEqual(1_000_000);
    expect(full.length).toBeGreaterThan(500_000);
    const html = expectIntact(full, 'full');
    const listed = [...listedPerSection(html).values()].reduce((sum, value) => sum + value, 0);
    expect(listed).toBe(20_000 - full.omittedCases);
    expect(listed).toBeGreaterThan(1_000);
    expect(html).toContain('Shortened to fit the 1 MiB job summary limit');
  });

  it('is the whole comment, unshortened, when it fits', () => {
    const full = renderFullComment({ report: base });
    expect(full.collapsed).toEqual([]);
    expect(full.markdown).not.toContain('Shortened');
  });
});
