import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger, type EvalReport } from '@mlgate/core';
import { runEvalGate } from '@mlgate/eval';
import { htmlText, liveReferences, renderGfm } from '../../core/test/cmark.js';
import { renderEvalSummary, verdictLine } from '../src/eval-summary.js';
import { formatNumber, formatPValue } from '../src/format.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mlgate-summary-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  writeFileSync(path.join(directory, name), text);
  return name;
}
const jsonl = (name: string, rows: object[]) =>
  write(name, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');

async function evalReport(results: string, gates?: string, baseline?: string): Promise<EvalReport> {
  return runEvalGate(
    {
      results: [results],
      format: 'auto',
      task: 'auto',
      gates,
      baseline,
      significance: 0.05,
      workspace: directory,
      context: {},
    },
    new MemoryLogger(),
  );
}

/** Case ids from a malicious pull request. */
const HOSTILE_IDS = [
  '</details><details open><summary>✅ all good</summary>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](https://evil.example)',
  '![x](https://evil.example/x.png)',
  'https://evil.example',
  'www.evil.example',
  '@octocat',
  '@org/team',
  '#123',
  '**✅ pass**',
  '| a | b |',
  '```',
  'a\\|b',
  '<!-- mlgate:pr-eval-comment:default -->',
  'nul\u0000 esc\u001b[0m',
];

/**
 * 60 binary cases (expected alternating yes/no): `wrong(i)` decides which are predicted wrong. Ids 0..15 are
 * the hostile ones; every case has a (hostile for one) domain tag.
 */
function rows(wrong: (i: number) => boolean): object[] {
  return Array.from({ length: 60 }, (_, i) => {
    const expected = i % 2 === 0 ? 'yes' : 'no';
    return {
      id: HOSTILE_IDS[i] ?? `case-${i}`,
      expected,
      predicted: wrong(i) ? (expected === 'yes' ? 'no' : 'yes') : expected,
      tags: { domain: i % 3 === 0 ? '<b>@octocat</b>' : 'retail' },
      cost_usd: 0.01,
    };
  });
}

/** Tables of the rendered HTML: rows of cells (th or td). */
function tables(html: string): string[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, table]) =>
    [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
      [...row.matchAll(/<t[hd](?: [^>]*)?>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => cell),
    ),
  );
}

const count = (text: string, part: string): number => text.split(part).length - 1;

let withBaseline: EvalReport;
let withoutBaseline: EvalReport;

beforeAll(async () => {
  // The baseline gets 32..44 wrong; this run gets 0..19 wrong (20 regressed), 40..44 right (5 improved) and
  // 32..39 still wrong (8 still failing).
  const baseline = jsonl(
    'baseline.jsonl',
    rows((i) => i >= 32 && i < 45),
  );
  const current = jsonl(
    'current.jsonl',
    rows((i) => i < 20 || (i >= 32 && i < 40)),
  );
  const gates = write(
    'gates.yml',
    [
      'gates:',
      '  - metric: accuracy',
      '    min: 0.9',
      '  - metric: accuracy',
      '    max-drop: 0.02',
      '  - metric: accuracy',
      '    by: domain',
      '    min: 0.1',
      '',
    ].join('\n'),
  );
  withBaseline = await evalReport(current, gates, baseline);
  withoutBaseline = await evalReport(current, gates);
});

describe('renderEvalSummary', () => {
  it('starts with the verdict line', () => {
    const markdown = renderEvalSummary(withBaseline);
    expect(markdown.startsWith(`## ❌ **mlgate eval-gate: fail** — `)).toBe(true);
    const heading = /<h2>([\s\S]*?)<\/h2>/.exec(renderGfm(markdown))![1];
    // The verdict word once, not "fail — fail:".
    expect(heading).toMatch(/^❌ <strong>mlgate eval-gate: fail<\/strong> — \d\/\d gates passed/);
    expect(heading).not.toMatch(/fail: /);
    expect(count(heading, '<strong>')).toBe(1);
    // A report written before 1.2 began its summary with the verdict: it is said once too.
    const old = { ...withBaseline, summary: `fail: ${withBaseline.summary}` };
    expect(verdictLine(old)).toBe(verdictLine(withBaseline));
    const forged = {
      ...withoutBaseline,
      gates: [],
      outcome: 'inconclusive' as const,
      summary: '**✅ pass** @octocat',
    };
    expect(verdictLine(forged)).toBe(
      '⚠️ **mlgate eval-gate: inconclusive** — \\*\\*✅ pass\\*\\* @\u200Boctocat',
    );
  });

  it('has one row per gate with its status', () => {
    const [gates] = tables(renderGfm(renderEvalSummary(withBaseline)));
    expect(gates[0]).toEqual(['', 'Gate', 'Rule', 'Value', 'Baseline', 'Change', 'p', 'Status']);
    const body = gates.slice(1);
    expect(body).toHaveLength(withBaseline.gates.length);
    expect(body.map((row) => row[7])).toEqual(withBaseline.gates.map((gate) => gate.status));
    expect(body.every((row) => row.length === 8)).toBe(true);
    const drop = body[1];
    expect(drop[2]).toBe('worsening ≤ 0.02 vs baseline');
    // accuracy fell: red, a minus sign, "worsened".
    expect(withBaseline.gates[1].delta).toBeLessThan(0);
    expect(drop[5]).toBe(`🔴 -${formatNumber(-withBaseline.gates[1].delta!)} worsened`);
    expect(withBaseline.gates[1]).toMatchObject({ status: 'fail', test: 'mcnemar' });
    expect(drop[6]).toBe(formatPValue(withBaseline.gates[1].pValue));
    expect(drop[6]).toMatch(/^0\.0\d\d$/);
  });

  it('shows baseline columns only when there is a baseline', () => {
    const [gatesWith, metricsWith] = tables(renderGfm(renderEvalSummary(withBaseline)));
    expect(gatesWith[0]).toContain('Baseline');
    expect(metricsWith[0]).toEqual(['Metric', 'Value', '95% CI', 'Baseline', 'Change']);
    const html = renderGfm(renderEvalSummary(withoutBaseline));
    const [gatesWithout, metricsWithout] = tables(html);
    expect(metricsWithout[0]).toEqual(['Metric', 'Value', '95% CI']);
    expect(gatesWithout[0]).not.toContain('Baseline');
    expect(gatesWithout[0]).not.toContain('Change');
    expect(gatesWithout.slice(1).every((row) => row.length === gatesWithout[0].length)).toBe(true);
    expect(html).toContain('No baseline to compare with.');
    expect(html).not.toContain('Cases vs baseline');
  });

  it('lists regressed cases, open, before improved ones', () => {
    const html = renderGfm(renderEvalSummary(withBaseline));
    const regressed = html.indexOf('<details open><summary>regressed (20)</summary>');
    const improved = html.indexOf('<details><summary>improved (5)</summary>');
    expect(regressed).toBeGreaterThan(0);
    expect(improved).toBeGreaterThan(regressed);
    expect(html).toContain('<strong>Cases vs baseline:</strong> 20 regressed, 5 improved, 8 still-failing');
    expect(html.indexOf('<summary>still-failing (8)</summary>')).toBeGreaterThan(improved);
  });

  it('lists at most maxCases per status and says how many more there are', () => {
    const html = renderGfm(renderEvalSummary(withBaseline, { maxCases: 3 }));
    expect(html).toContain('…and 17 more in the report file.');
    expect(html).toContain('…and 2 more in the report file.');
    expect(html).toContain('…and 5 more in the report file.');
    const caseTables = tables(html).filter((table) => table[0][0] === 'Case');
    expect(caseTables.map((table) => table.length - 1)).toEqual([3, 3, 3]);
    const all = renderGfm(renderEvalSummary(withBaseline));
    expect(all).not.toContain('more in the report file');
  });

  it('keeps hostile case ids and tag values inert', () => {
    const markdown = renderEvalSummary(withBaseline);
    const html = renderGfm(markdown);
    expect(html).not.toMatch(/<a[\s>]/);
    expect(html).not.toMatch(/<img|<script|<!--|<b>|<del>|<em>/);
    expect(liveReferences(html)).toEqual([]);
    // Our own details blocks only: per class, and one per listed status.
    expect(count(html, '<details')).toBe(4);
    expect(count(html, '</details>')).toBe(4);
    // Bold text is ours only: no user text became <strong>.
    expect([...html.matchAll(/<strong>(.*?)<\/strong>/g)].map(([, text]) => text)).toEqual([
      'mlgate eval-gate: fail',
      'By domain',
      'Cases vs baseline:',
      'Cost (change vs baseline):',
    ]);
    // Every case row holds exactly its three cells, every hostile id in one code span.
    const regressed = tables(html).find((table) => table[0][0] === 'Case')!;
    expect(regressed.slice(1).every((row) => row.length === 3)).toBe(true);
    expect(regressed.slice(1).every((row) => /^<code>[^<]*<\/code>$/.test(row[0]))).toBe(true);
    expect(regressed).toHaveLength(21);
    // Every id shows as written (the one with control characters shows without them).
    for (const id of HOSTILE_IDS) {
      // eslint-disable-next-line no-control-regex -- inlineCode drops control characters
      const shown = htmlText(id.replace(/[\u0000-\u001f]/g, ''));
      expect(regressed.map((row) => row[0])).toContain(`<code>${shown}</code>`);
    }
  });

  it('names each interval method once in the footer, and the resamples and seed only when a bootstrap was used', () => {
    const footer = (report: EvalReport) => /<sub>(.*)<\/sub>/.exec(renderEvalSummary(report))![1];
    const { resamples, seed } = withBaseline.bootstrap;
    const bootstrap = `bootstrap (${resamples.toLocaleString('en-US')} resamples, seed ${seed})`;
    expect(footer(withBaseline)).toContain(`intervals by ${bootstrap}`);
    const names = Object.keys(withBaseline.metrics).filter(
      (name) => withBaseline.metrics[name].ci !== undefined,
    );
    expect(names.length).toBeGreaterThanOrEqual(2);
    const withMethods = (methods: (string | undefined)[]): EvalReport => ({
      ...withBaseline,
      metrics: Object.fromEntries(
        names.map((name, i) => [
          name,
          { ...withBaseline.metrics[name], ciMethod: methods[i % methods.length] },
        ]),
      ),
    });
    // DeLong for one metric, the bootstrap for the rest: both named, the bootstrap with its resamples and seed.
    expect(footer(withMethods(['delong', 'cell-bootstrap']))).toContain(
      `intervals by DeLong and ${bootstrap}`,
    );
    // No bootstrap used: no resamples claimed.
    expect(footer(withMethods(['wilson', 'normal']))).toContain(
      'intervals by Wilson and normal approximation',
    );
    expect(footer(withMethods(['wilson', 'normal']))).not.toContain('resamples');
    // A report from before 1.3 records no method: it only bootstrapped.
    expect(footer(withMethods([undefined]))).toContain(`intervals by ${bootstrap}`);
  });
});
