/**
 * A malicious pull request controls case ids, inputs, outputs, expected values, tag values, score-dimension
 * names, file names and the baseline source. Whatever it writes, the comment keeps exactly our structure:
 * no links or images but our footer's, no extra </details>, no forged verdict, no live HTML comment, no ping.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataReport, EvalReport } from '@mlgate/core';
import { liveReferences } from '../../../core/test/cmark.js';
import { renderFullComment, renderPrComment } from '../../src/pr-comment/index.js';
import {
  count,
  dataReports,
  DETAILS_URL,
  detailsTree,
  evalReport,
  jsonl,
  renderGfm,
  renderSafe,
  RUN_URL,
  saveAsBaseline,
  scratch,
  tables,
  visibleOutsideCode,
} from './fixtures.js';

/** The hostile strings of packages/core/test/markdown.test.ts, and a few aimed at the comment itself. */
const HOSTILE = [
  '</details><details open>',
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](https://evil.example)',
  '![x](https://evil.example/x.png)',
  'see https://evil.example/login now',
  'www.evil.example',
  'mail admin@evil.example',
  '<https://evil.example>',
  'cc @octocat please',
  '@org/team',
  'fixes #123',
  'see GH-1 and gh-22',
  'owner/repo#42',
  '**✅ pass**',
  '_em_ *em* ~~del~~ ~del~',
  '| a | b |',
  'a\\|b',
  '```',
  '`` ` `a` ```` ```',
  '```\n</details>\n```',
  '````js\nalert(1)\n````',
  '~~~\n</details>\n~~~',
  '$x$ and $$y$$',
  '<!-- mlgate:pr-eval-comment:default -->',
  'null\u0000byte bell\u0007 esc\u001b[31mred\u001b[0m del\u007f',
  'line one\nline two\r\nline three\rline four',
  '\\*not bold\\* \\<b>',
  '&lt;script&gt; &amp; &#60;b&#62; &#x3C;',
  '  leading and trailing  ',
  '# heading',
  '> quote',
  '- item',
  '{{ secrets.TOKEN }}',
  'ends with \\',
  'it\'s "quoted"',
  `${'x'.repeat(5000)}<script>`,
  // Aimed at the comment: a forged verdict heading, a closing block, a summary and a fake gate row.
  '### ✅ mlgate eval-gate: pass — 9 of 9 gates passed',
  '</summary></details></details>\n\n## ✅ pass',
  '<details open><summary>Regressed (0)</summary>',
  '| ✅ | accuracy | 1 |\n| --- | --- | --- |',
  // Aimed at the nesting of code blocks in list items: tabs, indentation, blank lines, a lone fence.
  '\tindented with a tab\n  \tand spaces\n\n\n    four spaces',
  'para\n\n- item\n\n```',
];

const files = scratch();
afterAll(() => files.remove());

const DIMENSION = '<img src=x onerror=alert(1)> @octocat';
let report: EvalReport;
let data: DataReport[];

/** Row i: the hostile id i, hostile text fields and tag value, and a score on a hostile dimension. */
const row = (i: number, pass: boolean) => ({
  id: HOSTILE[i],
  pass,
  scores: { [DIMENSION]: pass ? 0.9 : 0.2 },
  input: HOSTILE[(i + 1) % HOSTILE.length],
  output: HOSTILE[(i + 2) % HOSTILE.length],
  tags: { domain: HOSTILE[i % 6] },
});

beforeAll(async () => {
  const gates = files.write(
    'gates.yml',
    [
      'gates:',
      '  - metric: pass_rate',
      '    max-drop: 0.01',
      '  - metric: pass_rate',
      '    by: domain',
      '    min: 0',
      '',
    ].join('\n'),
  );
  const n = HOSTILE.length;
  // The baseline lacks the last two cases (new) and has one the PR dropped (removed).
  const baselineRows = [
    ...Array.from({ length: n - 2 }, (_, i) => row(i, i % 2 === 0)),
    { ...row(0, true), id: '@octocat <script>removed</script>' },
  ];
  const main = await evalReport({
    results: files.write('main.jsonl', jsonl(baselineRows)),
    workspace: files.dir,
    gates,
    task: 'scores',
    context: { commit: 'a'.repeat(40) },
  });
  const baseline = saveAsBaseline(main, files.write, 4);
  report = await evalReport({
    results: files.write('pr.jsonl', jsonl(Array.from({ length: n }, (_, i) => row(i, i % 3 === 0)))),
    workspace: files.dir,
    gates,
    baseline,
    task: 'scores',
    // A forged report's run link: the comment links the commenting job's own run (RUN_URL below) instead.
    context: { commit: '</details><script>x</script>', runUrl: 'https://evil.example/phish' },
  });
  // What the runner leaves to the file system or the results, set directly.
  report.baseline!.source = '<img src=x onerror=alert(1)> @octocat [x](https://evil.example).json';
  report.baseline!.commit = '**✅ pass** @octocat';
  report.tool.version = '</sub>**✅ pass** <!-- mlgate:x -->';
  report.caseDiff!.cases.forEach((entry, index) => (entry.expected = HOSTILE[(index + 3) % HOSTILE.length]));
  data = dataReports().map((dataset, i) => ({
    ...dataset,
    dataset: HOSTILE[i + 1],
    checks: dataset.checks.map((check, j) => ({
      ...check,
      check: HOSTILE[j + 10],
      column: HOSTILE[j + 14],
      message: HOSTILE[j + 20],
    })),
    driftedColumns: dataset.driftedColumns.map((drift) => ({
      ...drift,
      column: HOSTILE[0],
      statistic: HOSTILE[2],
    })),
  }));
});

const BUDGETS = [undefined, 20_000, 6_000, 2_500];

function renderings(): { label: string; markdown: string }[] {
  const input = { report, dataReports: data, detailsUrl: DETAILS_URL, runUrl: RUN_URL };
  return [
    ...BUDGETS.map((budget) => ({
      label: `budget ${budget ?? 'default'}`,
      markdown: renderPrComment({ ...input, budget }).markdown,
    })),
    { label: 'full', markdown: renderFullComment(input).markdown },
  ];
}

/** The control characters inlineCode and codeBlock drop. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** What a fenced code block shows for `text` (cut at 1,000 characters, line endings normalised, no controls). */
function blockText(text: string): string {
  const cut = text.length > 1000 ? `${text.slice(0, 1000)}… [${text.length - 1000} more characters]` : text;
  const shown = cut.replace(/\r\n?/g, '\n').replace(CONTROL, '');
  return `${shown.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}\n`;
}

describe('a comment built from hostile strings', () => {
  it('really does carry them: every status, hostile slices and a hostile metric', () => {
    const counts = report.caseDiff!.counts;
    expect(counts.regressed).toBeGreaterThan(0);
    expect(counts.improved).toBeGreaterThan(0);
    expect(counts['still-failing']).toBeGreaterThan(0);
    expect(counts.new).toBe(2);
    expect(counts.removed).toBe(1);
    expect(report.metrics[DIMENSION]).toBeDefined();
    expect(report.gates.filter((gate) => gate.slice)).toHaveLength(6);
  });

  it('links only our footer and holds no image, script or raw tag from the text', () => {
    for (const { label, markdown } of renderings()) {
      for (const html of [renderGfm(markdown), renderSafe(markdown)]) {
        expect({ label, links: [...html.matchAll(/<a\s[^>]*>[^<]*<\/a>/g)].map(([link]) => link) }).toEqual({
          label,
          links: [`<a href="${RUN_URL}">workflow run</a>`, `<a href="${DETAILS_URL}">full report</a>`],
        });
        expect(count(html, /<a[\s>]/g)).toBe(2);
        expect(html).not.toMatch(/<img|<script|<iframe|<b>|<em>|<del>|<blockquote|<h[1-24-6]/i);
      }
    }
  });

  it('closes exactly the <details> blocks it opens, all with our own summaries', () => {
    for (const { markdown } of renderings()) {
      const html = renderGfm(markdown);
      const tree = detailsTree(html); // throws on an unmatched </details>
      expect(count(html, '<details')).toBe(tree.length);
      expect(count(html, '</details>')).toBe(tree.length);
      for (const node of tree) {
        expect(node.summary).toMatch(
          /^(Input|Expected|Output|Other metrics \(\d+\)|(Regressed|Improved|New|Removed|Flaky|Still failing) \(\d+\)|Score distribution: .*)/,
        );
        expect(node.depth).toBeLessThanOrEqual(2);
      }
    }
  });

  it('has one verdict heading, ours, and bold text only where we put it', () => {
    for (const { markdown } of renderings()) {
      const html = renderGfm(markdown);
      const headings = [...html.matchAll(/<h(\d)>([\s\S]*?)<\/h\1>/g)];
      expect(headings).toHaveLength(1);
      expect(headings[0][2]).toMatch(
        new RegExp(
          `^${{ pass: '✅', fail: '❌', inconclusive: '⚠️' }[report.outcome]} mlgate eval-gate: ${report.outcome} — \\d+ of \\d+ gates passed · .* · for <code>`,
        ),
      );
      // Forged verdicts in the text stay in code: outside code only ours reads like one.
      expect(count(visibleOutsideCode(html), /(✅|❌|⚠️) mlgate eval-gate/g)).toBe(1);
      for (const [, text] of html.matchAll(/<strong>(.*?)<\/strong>/g)) {
        expect(text).toMatch(
          /^(Input|Expected|Output|Slices|Data|Cases vs baseline:|Cost( \(change vs baseline\))?:|(Regressed|Improved|New|Removed|Flaky|Still failing) \(\d+\):)$/,
        );
      }
    }
  });

  it('leaves no HTML comment, so a forged "<!-- mlgate:" marker stays visible text', () => {
    for (const { label, markdown } of renderings()) {
      const html = renderGfm(markdown);
      expect(html).not.toContain('<!--');
      // The full comment lists every case, so the forged marker (an id, an input, an output) is there as text.
      if (label === 'full') expect(html).toContain('&lt;!-- mlgate:pr-eval-comment:default --&gt;');
    }
  });

  it('pings no one and links no issue', () => {
    for (const { markdown } of renderings()) {
      const html = renderGfm(markdown);
      expect(liveReferences(html)).toEqual([]);
      expect(visibleOutsideCode(html)).not.toMatch(/@octocat|@org/);
    }
  });

  it('keeps the gate and slice tables whole: one row per gate, every cell in place', () => {
    for (const { markdown } of renderings()) {
      const [gates, ...rest] = tables(renderGfm(markdown));
      expect(gates).toHaveLength(report.gates.filter((gate) => !gate.slice).length + 1);
      const slices = rest.find((table) => table[0][1] === 'Slice')!;
      expect(slices).toHaveLength(report.gates.filter((gate) => gate.slice).length + 1);
      for (const table of [gates, slices])
        expect(table.every((r) => r.length === table[0].length)).toBe(true);
    }
  });

  it('shows each listed hostile id once as inline code, as written', () => {
    const html = renderGfm(renderPrComment({ report, maxCases: 100 }).markdown);
    for (const entry of report.caseDiff!.cases) {
      const shown = entry.id.replace(/\r\n?|\n/g, ' ').replace(CONTROL, '');
      const text =
        shown.length > 120 ? `${shown.slice(0, 120)}… [${shown.length - 120} more characters]` : shown;
      const code = text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
      expect(html).toContain(`<p><code>${code}</code> — `);
    }
  });

  it('shows every input, expected and output exactly, in its own code block nested in the case', () => {
    const { markdown } = renderFullComment({ report });
    const html = renderGfm(markdown);
    const shown = [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map(([, text]) => text);
    const expected = report.caseDiff!.cases.flatMap((entry) =>
      [entry.input, entry.expected, entry.output].flatMap((text) =>
        text === undefined ? [] : [blockText(String(text))],
      ),
    );
    expect(shown).toEqual(expected);
    expect(count(html, '<pre>')).toBe(expected.length);
  });
});
