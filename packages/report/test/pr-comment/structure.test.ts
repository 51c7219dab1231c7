/**
 * The comment parses with GitHub's engine into the structure we meant: as many tables as we emitted with
 * one row per gate, metric, check or drifted column; balanced <details> blocks, nested only where a case's
 * input and output are; and no Markdown syntax left over as text. Checked with raw HTML omitted (as GitHub
 * without its allow-list) and with raw HTML kept (`--unsafe`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataReport, EvalReport } from '@mlgate/core';
import { renderPrComment, type PrCommentResult } from '../../src/pr-comment/index.js';
import {
  count,
  dataReports,
  DETAILS_URL,
  detailsTree,
  exampleReports,
  regressionReports,
  renderGfm,
  renderSafe,
  scoresReports,
  scratch,
  tables,
  topLevelBlocks,
  visibleOutsideCode,
} from './fixtures.js';

const files = scratch();
afterAll(() => files.remove());

interface Case {
  name: string;
  report: EvalReport;
  data?: DataReport[];
}
const cases: Case[] = [];

beforeAll(async () => {
  const example = await exampleReports(files.write);
  const regression = await regressionReports(files.write);
  const scores = await scoresReports(files.write);
  cases.push(
    { name: 'failing', report: example.failed },
    { name: 'passing', report: example.passed },
    { name: 'no baseline', report: example.inconclusive, data: dataReports() },
    { name: 'regression', report: regression.pr },
    { name: 'scores', report: scores.pr, data: dataReports() },
  );
});

const render = ({ report, data }: Case): PrCommentResult =>
  renderPrComment({ report, dataReports: data, detailsUrl: DETAILS_URL });

/** Rows (header included) of every table we emit, in order, from the report alone. */
function expectedTableRows({ report, data }: Case): number[] {
  const headline = report.gates.filter((gate) => !gate.slice);
  const gated = new Set(headline.map((gate) => gate.metric));
  const others = Object.keys(report.metrics).filter((name) => !gated.has(name)).length;
  const slices = report.gates.length - headline.length;
  const rows = [headline.length + 1];
  if (others > 0) rows.push(others + 1);
  if (slices > 0) rows.push(slices + 1);
  for (const dataset of data ?? []) {
    const failing = dataset.checks.filter((check) => check.status !== 'pass').length;
    if (failing > 0) rows.push(Math.min(failing, 20) + 1);
    if (dataset.driftedColumns.length > 0) rows.push(Math.min(dataset.driftedColumns.length, 20) + 1);
  }
  return rows;
}

/** The <details> blocks we emit: other metrics, one per case section, one per listed case with text, chart. */
function expectedDetails({ report }: Case, markdown: string): number {
  const gated = new Set(report.gates.filter((gate) => !gate.slice).map((gate) => gate.metric));
  const others = Object.keys(report.metrics).some((name) => !gated.has(name)) ? 1 : 0;
  const diff = report.caseDiff;
  const sections = diff ? Object.values(diff.counts).filter((value) => value > 0).length : 0;
  const listed = diff
    ? Object.keys(diff.counts).flatMap((status) =>
        diff.cases.filter((entry) => entry.status === status).slice(0, 20),
      )
    : [];
  const withText = listed.filter((entry) => entry.input ?? entry.expected ?? entry.output).length;
  const chart = markdown.includes('```mermaid') ? 1 : 0;
  return others + sections + withText + chart;
}

describe('GitHub renders the comment into the intended structure', () => {
  it('emits the tables we meant, each with one row per gate, metric, check or drifted column', () => {
    for (const item of cases) {
      const markdown = render(item).markdown;
      for (const html of [renderSafe(markdown), renderGfm(markdown)]) {
        expect({ name: item.name, rows: tables(html).map((table) => table.length) }).toEqual({
          name: item.name,
          rows: expectedTableRows(item),
        });
        // Every row has as many cells as its header.
        for (const table of tables(html))
          expect(table.every((row) => row.length === table[0].length)).toBe(true);
      }
    }
  });

  it('balances <details> exactly as emitted: sections at the top, case details nested one level', () => {
    for (const item of cases) {
      const markdown = render(item).markdown;
      const html = renderGfm(markdown);
      const tree = detailsTree(html);
      expect({ name: item.name, details: tree.length }).toEqual({
        name: item.name,
        details: expectedDetails(item, markdown),
      });
      expect(count(html, '</details>')).toBe(tree.length);
      for (const node of tree) {
        if (node.depth === 2) expect(node.summary).toMatch(/^Input|^Expected|^Output/);
        else {
          expect(node.depth).toBe(1);
          expect(node.summary).toMatch(
            /^(Other metrics \(\d+\)|(Regressed|Improved|New|Removed|Flaky|Still failing) \([\d,]+\)|Score distribution: .*)$/,
          );
        }
        expect(node.open).toBe(node.summary.startsWith('Regressed'));
      }
    }
  });

  it('omits only our own HTML when raw HTML is not allowed, leaving the rest intact', () => {
    for (const item of cases) {
      const markdown = render(item).markdown;
      const safe = renderSafe(markdown);
      const unsafe = renderGfm(markdown);
      // Our raw HTML: one <details><summary> line and one </details> line per block, the <sub> footer.
      expect(count(safe, '<!-- raw HTML omitted -->')).toBe(2 * detailsTree(unsafe).length + 2);
      expect(safe.replace(/<!-- raw HTML omitted -->/g, '')).not.toMatch(/<details|<summary|<sub>/);
      expect(count(safe, '<pre>')).toBe(count(unsafe, '<pre>'));
    }
  });

  it('lays the blocks out in reading order: verdict, context, gates, then the rest', () => {
    const [failing, , noBaseline] = cases;
    expect(topLevelBlocks(renderGfm(render(failing).markdown))).toEqual([
      'h3', // verdict
      'p', // task, cases, baseline
      'p', // what the baseline was: commit, age, how it was found
      'table', // gates
      'ul', // why gates did not pass
      'details', // other metrics
      'p', // "Slices"
      'table',
      'p', // case counts
      'details', // regressed
      'details', // improved
      'details', // still failing
      'details', // score chart
      'p', // cost
      'p', // footer
    ]);
    expect(topLevelBlocks(renderGfm(render(noBaseline).markdown))).toEqual([
      'h3',
      'p',
      'p', // "No baseline to compare with"
      'table',
      'ul',
      'details',
      'p',
      'table',
      'p', // cost
      'p', // "Data"
      'p', // train.csv
      'table', // its checks
      'table', // its drift
      'p', // test.csv
      'p', // footer
    ]);
  });

  it('leaves no Markdown syntax as visible text', () => {
    for (const item of cases) {
      const html = renderGfm(render(item).markdown);
      const text = visibleOutsideCode(html);
      // Backslash escapes, pipes, fences, emphasis markers, raw tags, link syntax, list markers.
      expect(text).not.toMatch(/\\|\||```|\*\*|<\/?(details|summary|sub)|\]\(|^\s*[-*] /m);
      expect(count(html, '<h3>')).toBe(1);
      expect(html).not.toMatch(/<h[124-6]/);
    }
  });

  it('puts every code block where we meant: one per input, expected and output, and the chart', () => {
    for (const item of cases) {
      const markdown = render(item).markdown;
      const html = renderGfm(markdown);
      const diff = item.report.caseDiff;
      const listed = diff
        ? Object.keys(diff.counts).flatMap((status) =>
            diff.cases.filter((entry) => entry.status === status).slice(0, 20),
          )
        : [];
      const fields = listed.reduce(
        (sum, entry) =>
          sum + [entry.input, entry.expected, entry.output].filter((field) => field !== undefined).length,
        0,
      );
      expect({ name: item.name, pre: count(html, '<pre>') }).toEqual({
        name: item.name,
        pre: fields + (markdown.includes('```mermaid') ? 1 : 0),
      });
    }
  });
});
