/**
 * What the comment says for real eval-gate reports (the example project, a regression and a scores task):
 * checked as facts read from GitHub's rendering, not as snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EvalReport, GateResult } from '@mlgate/core';
import { formatChange, formatInterval, formatNumber, formatPValue, statusIcon } from '../../src/format.js';
import { renderFullComment, renderPrComment } from '../../src/pr-comment/index.js';
import {
  BASELINE_COMMIT,
  count,
  dataReports,
  DETAILS_URL,
  exampleReports,
  plain,
  PR_COMMIT,
  regressionReports,
  renderGfm,
  RUN_URL,
  scoresReports,
  scratch,
  tables,
  type ExampleReports,
} from './fixtures.js';

const files = scratch();
afterAll(() => files.remove());

let example: ExampleReports;
let regression: EvalReport;
let scores: EvalReport;

beforeAll(async () => {
  example = await exampleReports(files.write);
  regression = (await regressionReports(files.write)).pr;
  scores = (await scoresReports(files.write)).pr;
});

const html = (report: EvalReport, options: { maxCases?: number } = {}) =>
  renderGfm(renderPrComment({ report, detailsUrl: DETAILS_URL, runUrl: RUN_URL, ...options }).markdown);

const heading = (rendered: string) => /<h3>([\s\S]*?)<\/h3>/.exec(rendered)![1];

/** The cells a gate's row must hold, computed from the report the way a reviewer would check them. */
function expectedGateCells(report: EvalReport, gate: GateResult): string[] {
  const withBaseline = report.baseline !== undefined;
  const baseline = gate.baseline ?? report.baseline?.metrics[gate.metric] ?? undefined;
  const delta =
    gate.delta ??
    (baseline === undefined || baseline === null || gate.observed === null
      ? undefined
      : gate.observed - baseline);
  return [
    gate.metric,
    ...(withBaseline ? [baseline === undefined ? '' : formatNumber(baseline)] : []),
    formatNumber(gate.observed),
    ...(withBaseline
      ? [delta === undefined ? '' : formatChange(delta, report.metrics[gate.metric]?.higherIsBetter ?? true)]
      : []),
    formatInterval(gate.ci ?? report.metrics[gate.metric]?.ci),
    ...(withBaseline ? [formatPValue(gate.pValue).replace('<', '&lt;')] : []),
    gate.rule + (gate.severity === 'warn' ? ' (warn only)' : ''),
    statusIcon(gate.status),
  ];
}

describe('the verdict line', () => {
  it('says fail, the gate counts and the commit for a failing pull request', () => {
    expect(heading(html(example.failed))).toBe(
      `❌ mlgate eval-gate: fail — 4 of 7 gates passed · 2 failed · 1 warn · for <code>${PR_COMMIT.slice(0, 7)}</code>`,
    );
  });

  it('says pass when every gate passed', () => {
    expect(example.passed.outcome).toBe('pass');
    expect(heading(html(example.passed))).toBe(
      `✅ mlgate eval-gate: pass — 7 of 7 gates passed · for <code>${PR_COMMIT.slice(0, 7)}</code>`,
    );
  });

  it('says inconclusive, and why, without a baseline', () => {
    const rendered = html(example.inconclusive);
    expect(heading(rendered)).toBe(
      `⚠️ mlgate eval-gate: inconclusive (no baseline yet) — 5 of 7 gates passed · 2 without a baseline yet · for <code>${PR_COMMIT.slice(0, 7)}</code>`,
    );
    expect(rendered).toContain('no baseline, so baseline gates could not be checked');
    expect(rendered).toContain('<li>❔ accuracy: no baseline to compare with</li>');
  });

  it('counts the gates of regression and scores tasks', () => {
    expect(heading(html(regression))).toMatch(
      /^❌ mlgate eval-gate: fail — 0 of 2 gates passed · 2 failed · for /,
    );
    expect(heading(html(scores))).toMatch(
      /^❌ mlgate eval-gate: fail — 3 of 4 gates passed · 1 failed · for /,
    );
  });
});

describe('the gates table', () => {
  const reports = (): [string, EvalReport][] => [
    ['failing', example.failed],
    ['passing', example.passed],
    ['without baseline', example.inconclusive],
    ['regression', regression],
    ['scores', scores],
  ];

  it('has one row per headline gate with its numbers, rule and status', () => {
    for (const [name, report] of reports()) {
      const [gates] = tables(html(report));
      const headline = report.gates.filter((gate) => !gate.slice);
      expect({ name, rows: gates.length - 1 }).toEqual({ name, rows: headline.length });
      headline.forEach((gate, index) => {
        expect({ name, row: gates[index + 1].map(plain) }).toEqual({
          name,
          row: expectedGateCells(report, gate),
        });
      });
    }
  });

  it('names the baseline commit and its age in the header', () => {
    const [gates] = tables(html(example.failed));
    expect(gates[0]).toEqual([
      'Metric',
      `Baseline <code>${BASELINE_COMMIT.slice(0, 7)}</code> (3 days old)`,
      'This PR',
      'Change',
      '95% CI',
      'p',
      'Threshold',
      'Status',
    ]);
    expect(tables(html(regression))[0][0][1]).toBe(
      `Baseline <code>${BASELINE_COMMIT.slice(0, 7)}</code> (1 day old)`,
    );
  });

  it('drops the baseline columns without a baseline', () => {
    const [gates] = tables(html(example.inconclusive));
    expect(gates[0]).toEqual(['Metric', 'This PR', '95% CI', 'Threshold', 'Status']);
  });

  it('shows the failing accuracy gate as the report says: worsened (red, minus), significant, failed', () => {
    const [gates] = tables(html(example.failed));
    const accuracy = gates.find((row) => row[0] === 'accuracy' && row[6].startsWith('worsening'))!;
    // 136/150 correct on main, 123.75/150 here: 0.825 - 0.906667 = -0.081667.
    expect(accuracy.map(plain)).toEqual([
      'accuracy',
      '0.9067',
      '0.825',
      '🔴 -0.08167 worsened',
      '0.7933 – 0.8533',
      '&lt; 0.001',
      'worsening ≤ 0.02 vs baseline',
      '❌',
    ]);
  });

  it('marks lower-is-better metrics by effect: a fall is green and improved, a rise red and worsened', () => {
    const other = tables(html(example.failed)).find(
      (table) => table[0][0] === 'Metric' && table[0].length === 5,
    )!;
    const cell = (name: string) => other.find((row) => row[0] === name)!.map(plain)[3];
    const change = (name: string) =>
      example.failed.metrics[name].value! - example.failed.baseline!.metrics[name]!;
    expect(change('ece')).toBeLessThan(0);
    expect(change('log_loss')).toBeGreaterThan(0);
    expect(cell('ece')).toBe(`🟢 -${formatNumber(-change('ece'))} improved`);
    expect(cell('log_loss')).toBe(`🔴 +${formatNumber(change('log_loss'))} worsened`);
  });

  it('collapses the other headline metrics into a details block after the gates', () => {
    const rendered = html(example.failed);
    const gated = new Set(example.failed.gates.filter((gate) => !gate.slice).map((gate) => gate.metric));
    const others = Object.keys(example.failed.metrics).filter((name) => !gated.has(name));
    expect(rendered).toContain(`<details><summary>Other metrics (${others.length})</summary>`);
    const table = tables(rendered)[1];
    expect(table.slice(1).map((row) => row[0])).toEqual(others);
  });

  it('lists `by:` gates in a slices table with each slice’s case count', () => {
    const rendered = html(example.failed);
    const slices = tables(rendered).find((table) => table[0][1] === 'Slice')!;
    const sliceGates = example.failed.gates.filter((gate) => gate.slice);
    expect(slices.slice(1).map((row) => row.slice(0, 3))).toEqual(
      sliceGates.map((gate) => {
        const group = example.failed.slices![0].groups.find((item) => item.value === gate.slice!.value)!;
        return [gate.metric, `${gate.slice!.tag} = ${gate.slice!.value}`, formatNumber(group.cases)];
      }),
    );
    expect(slices.slice(1).every((row) => row.at(-1) === '✅')).toBe(true);
  });
});

describe('the case diff', () => {
  it('lists regressed before improved before still failing, with the counts in the headers', () => {
    const rendered = html(example.failed);
    const counts = example.failed.caseDiff!.counts;
    const regressed = rendered.indexOf(`<details open><summary>Regressed (${counts.regressed})</summary>`);
    const improved = rendered.indexOf(`<details><summary>Improved (${counts.improved})</summary>`);
    const stillFailing = rendered.indexOf(
      `<details><summary>Still failing (${counts['still-failing']})</summary>`,
    );
    expect(regressed).toBeGreaterThan(0);
    expect(improved).toBeGreaterThan(regressed);
    expect(stillFailing).toBeGreaterThan(improved);
    expect(rendered).toContain(
      `<strong>Cases vs baseline:</strong> ${counts.regressed} regressed · ${counts.improved} improved · ${counts['still-failing']} still failing`,
    );
  });

  it('shows each case’s id, before → after, and its input, expected and output collapsed', () => {
    const rendered = html(example.failed);
    const first = example.failed.caseDiff!.cases[0];
    expect(first.status).toBe('regressed');
    const after = `${first.after!.pass ? 'pass' : 'fail'} (${formatNumber(first.after!.score)})`;
    const block = (label: string, text: unknown) =>
      `<p><strong>${label}</strong></p>\n<pre><code>${String(text)}\n</code></pre>\n`;
    expect(rendered).toContain(
      `<li>\n<p><code>${first.id}</code> — pass (${formatNumber(first.before!.score)}) → ${after}</p>\n` +
        '<details><summary>Input, expected and output</summary>\n' +
        block('Input', first.input) +
        block('Expected', first.expected) +
        block('Output', first.output) +
        '</details>\n</li>',
    );
  });

  it('lists at most maxCases per section, then "…and N more."', () => {
    const counts = example.failed.caseDiff!.counts;
    const rendered = html(example.failed, { maxCases: 3 });
    expect(rendered).toContain(`<p>…and ${formatNumber(counts.regressed - 3)} more.</p>`);
    expect(rendered).toContain(`<p>…and ${formatNumber(counts.improved - 3)} more.</p>`);
    expect(count(rendered, /<li>\n<p><code>ticket-/g)).toBe(9);
    const result = renderPrComment({ report: example.failed, maxCases: 3 });
    const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
    expect(result.omittedCases).toBe(total - 9);
    expect(result.collapsed).toEqual([]);
  });

  it('says "error" for regression cases and lists only the regressed section', () => {
    const rendered = html(regression);
    expect(rendered).toContain('<details open><summary>Regressed (30)</summary>');
    expect(rendered).not.toContain('<summary>Improved');
    expect(rendered).toMatch(/<p><code>house-\d+<\/code> — error [\d.]+ → error [\d.]+<\/p>/);
  });

  it('has no case section without a baseline', () => {
    const rendered = html(example.inconclusive);
    expect(rendered).not.toContain('Cases vs baseline');
    expect(rendered).not.toContain('<summary>Regressed');
  });
});

describe('the score chart', () => {
  it('is a Mermaid xychart of the scores task, baseline vs this PR', () => {
    const markdown = renderPrComment({ report: scores }).markdown;
    const chart = /```mermaid\n([\s\S]*?)\n```/.exec(markdown)![1];
    expect(chart.split('\n')[0]).toBe('xychart-beta');
    const bars = JSON.parse(/ {2}bar (\[.*\])/.exec(chart)![1]) as number[];
    const line = JSON.parse(/ {2}line (\[.*\])/.exec(chart)![1]) as number[];
    expect(bars).toHaveLength(10);
    expect(bars.reduce((sum, value) => sum + value, 0)).toBe(scores.counts.cases);
    expect(line.reduce((sum, value) => sum + value, 0)).toBe(scores.baseline!.cases);
    expect(markdown).toContain(
      `<details><summary>Score distribution: baseline (${scores.baseline!.cases} cases) vs this PR (${scores.counts.cases} cases)</summary>`,
    );
  });

  it('is left out where it says nothing: no baseline, or per-case errors outside [0, 1]', () => {
    expect(renderPrComment({ report: example.inconclusive }).markdown).not.toContain('```mermaid');
    expect(renderPrComment({ report: regression }).markdown).not.toContain('```mermaid');
  });
});

describe('cost and data', () => {
  it('shows tokens and dollars with the change against the baseline', () => {
    const rendered = html(example.failed);
    const metric = (name: string) => example.failed.metrics[name].value!;
    const base = (name: string) => example.failed.baseline!.metrics[name]!;
    const cost = plain(/<p><strong>Cost \(change vs baseline\):<\/strong> (.*?)<\/p>/.exec(rendered)![1]);
    const percent = (name: string) => formatNumber(((metric(name) - base(name)) / base(name)) * 100);
    expect(metric('cost_usd')).toBeGreaterThan(base('cost_usd'));
    expect(cost).toBe(
      [
        `$${formatNumber(metric('cost_usd'))} (🔴 +$${formatNumber(metric('cost_usd') - base('cost_usd'))}, +${percent('cost_usd')}% worsened)`,
        `tokens in ${formatNumber(metric('tokens_input'))} (⚪ 0 unchanged)`,
        `tokens out ${formatNumber(metric('tokens_output'))} (🔴 +${formatNumber(metric('tokens_output') - base('tokens_output'))}, +${percent('tokens_output')}% worsened)`,
      ].join(' · '),
    );
  });

  it('shows cost without deltas when there is no baseline', () => {
    expect(html(example.inconclusive)).toMatch(
      /<p><strong>Cost:<\/strong> \$[\d.]+ · tokens in [\d,]+ · tokens out [\d,]+<\/p>/,
    );
  });

  it('shows each dataset’s verdict, the checks that did not pass and the drifted columns', () => {
    const rendered = renderGfm(renderPrComment({ report: scores, dataReports: dataReports() }).markdown);
    expect(rendered).toContain(
      '<p>❌ <code>data/train.csv</code>: fail · 10,000 rows · 2 checks of 3 did not pass · 1 drifted column</p>',
    );
    expect(rendered).toContain('<p>✅ <code>data/test.csv</code>: pass · 2,000 rows</p>');
    const all = tables(rendered);
    const checks = all.find((table) => table[0][0] === 'Check')!;
    expect(checks.slice(1)).toEqual([
      ['maxNullFraction', 'income', 'income is null in 12% of rows (allowed 5%)', '❌'],
      ['rowCount', '', '10,000 rows, expected at least 20,000', '⚠️'],
    ]);
    const drift = all.find((table) => table[0][0] === 'Drifted column')!;
    expect(drift.slice(1)).toEqual([['income', 'psi', '0.31', '0.2']]);
    expect(html(scores)).not.toContain('<strong>Data</strong>');
  });
});

describe('the footer', () => {
  it('names the mlgate version and links the workflow run and the full report', () => {
    const rendered = html(example.failed);
    expect(rendered).toContain(
      `<p><sub>mlgate ${example.failed.tool.version} · <a href="${RUN_URL}">workflow run</a> · <a href="${DETAILS_URL}">full report</a></sub></p>`,
    );
  });

  it("links the commenting job's run, never the report's runUrl (an artifact a fork may have written)", () => {
    const report = {
      ...example.failed,
      context: { ...example.failed.context, runUrl: 'https://evil.example/login' },
    };
    const rendered = renderGfm(renderPrComment({ report, runUrl: RUN_URL }).markdown);
    expect(rendered).toContain(`<a href="${RUN_URL}">workflow run</a>`);
    expect(rendered).not.toContain('evil.example');
    expect(renderGfm(renderPrComment({ report }).markdown)).not.toContain('workflow run');
  });

  it('links only http(s) URLs, percent-encoding what Markdown would read', () => {
    const report = example.failed;
    const rendered = renderGfm(
      renderPrComment({ report, runUrl: 'javascript:alert(1)', detailsUrl: 'https://example.com/a b)(c"<x>' })
        .markdown,
    );
    expect(count(rendered, '<a ')).toBe(1);
    expect(rendered).toContain('<a href="https://example.com/a%20b%29%28c%22%3Cx%3E">full report</a>');
    expect(rendered).not.toContain('javascript');
  });
});

describe('renderFullComment', () => {
  it('lists every case the report holds, within 1,000,000 characters', () => {
    const full = renderFullComment({ report: example.failed, maxCases: 3 });
    const cases = example.failed.caseDiff!.cases.length;
    expect(full.length).toBeLessThanOrEqual(1_000_000);
    expect(count(renderGfm(full.markdown), /<li>\n<p><code>ticket-|<li><code>ticket-/g)).toBe(cases);
    expect(full.omittedCases).toBe(example.failed.caseDiff!.omitted);
    expect(full.collapsed).toEqual([]);
  });
});
