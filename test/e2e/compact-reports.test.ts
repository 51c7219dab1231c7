/**
 * End to end: eval report 1.3's compact case table and the stored baseline (case texts cut to what a comment shows,
 * gzip-compressed), through the bundles. A pull request compared with the stored baseline gets the same comment,
 * case diff included, as one compared with the full report of the same main run.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CASE_TEXT_SHOWN, truncate } from '@mlgate/core';
import { makeWorkspace, runAction, runCli, type ActionRun } from './runner.js';

/** Deterministic text of `length` characters (a linear congruential generator over a small vocabulary). */
function text(seed: number, length: number): string {
  const words = [
    'the',
    'order',
    'refund',
    'arrived',
    'late',
    'customer',
    'asks',
    'whether',
    'policy',
    'allows',
    'exchange',
    'within',
    'thirty',
    'days',
    'agent',
    'replies',
    'with',
    'steps',
    'and',
    'apology',
  ];
  let state = seed >>> 0;
  let out = `[${seed}] `;
  while (out.length < length) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += `${words[state % words.length]} `;
  }
  return out.slice(0, length);
}

interface Row {
  id: string;
  input: string;
  output: string;
  pass: boolean;
  scores: { faithfulness: number };
}

/** 300 judged LLM cases; texts of 300 to 5,000 characters, so some are cut by the report and some by the baseline. */
const lengths = [300, 1000, 1500, 2000, 5000];
const mainRows: Row[] = Array.from({ length: 300 }, (_, i) => ({
  id: `q-${String(i).padStart(3, '0')}`,
  input: text(i, lengths[i % 5]),
  output: text(10_000 + i, lengths[(i + 2) % 5]),
  pass: i % 10 !== 0, // 30 fail on main
  scores: { faithfulness: Math.round((((i * 37) % 100) / 100) * 1000) / 1000 },
}));
// The pull request: 5 removed (with their long texts; q-100 failed on main), 6 regressed, 4 improved, 3 new.
const removed = new Set(['q-100', 'q-101', 'q-102', 'q-103', 'q-104']);
const regressed = new Set(['q-001', 'q-002', 'q-003', 'q-004', 'q-005', 'q-006']);
const improved = new Set(['q-010', 'q-020', 'q-030', 'q-040']);
const prRows: Row[] = [
  ...mainRows
    .filter((row) => !removed.has(row.id))
    .map((row) =>
      regressed.has(row.id) ? { ...row, pass: false } : improved.has(row.id) ? { ...row, pass: true } : row,
    ),
  ...[0, 1, 2].map((k) => ({
    id: `q-new-${k}`,
    input: text(20_000 + k, 2500),
    output: text(30_000 + k, 800),
    pass: true,
    scores: { faithfulness: 0.9 },
  })),
];
// Failing on main (30), less those improved (4) and the removed one that failed (q-100).
const stillFailing = mainRows.filter(
  (row) => !row.pass && !improved.has(row.id) && !removed.has(row.id),
).length;
const jsonl = (rows: Row[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

const PUSH_ENV = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_WORKFLOW_REF: 'acme/support-bot/.github/workflows/ci.yml@refs/heads/main',
  GITHUB_JOB: 'eval',
  // A cache service that refuses connections: the baseline is staged under RUNNER_TEMP as it would be uploaded,
  // then its upload fails with a warning.
  ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
  ACTIONS_RUNTIME_TOKEN: 'token',
  ACTIONS_CACHE_SERVICE_V2: 'true',
};

describe('compact eval reports and stored baselines (dist/eval-gate, dist/cli)', () => {
  let main: ActionRun;
  let mainWorkspace: string;
  let stored: string;
  const comments: Record<'full' | 'stored', string> = { full: '', stored: '' };
  const reports: Record<'full' | 'stored', string> = { full: '', stored: '' };

  beforeAll(() => {
    mainWorkspace = makeWorkspace({});
    mkdirSync(path.join(mainWorkspace, 'runner-temp'));
    mkdirSync(path.join(mainWorkspace, 'eval'));
    writeFileSync(path.join(mainWorkspace, 'eval/results.jsonl'), jsonl(mainRows));
    const event = path.join(mainWorkspace, 'event.json');
    writeFileSync(event, JSON.stringify({ repository: { default_branch: 'main' } }));
    main = runAction(
      'eval-gate',
      mainWorkspace,
      { results: 'eval/results.jsonl', 'save-baseline': 'true', 'report-path': 'reports/main.json' },
      { ...PUSH_ENV, GITHUB_EVENT_PATH: event, RUNNER_TEMP: path.join(mainWorkspace, 'runner-temp') },
    );
    const staging = readdirSync(path.join(mainWorkspace, 'runner-temp')).find((name) =>
      name.startsWith('mlgate-baseline-save-'),
    );
    stored = path.join(mainWorkspace, 'runner-temp', staging ?? 'none', 'report.json.gz');

    // The same pull request, compared once with main's full report and once with its stored baseline, both given
    // as baseline.json so the comments name the same file.
    for (const kind of ['full', 'stored'] as const) {
      const workspace = makeWorkspace({});
      mkdirSync(path.join(workspace, 'eval'));
      writeFileSync(path.join(workspace, 'eval/results.jsonl'), jsonl(prRows));
      copyFileSync(
        kind === 'full' ? path.join(mainWorkspace, 'reports/main.json') : stored,
        path.join(workspace, 'baseline.json'),
      );
      const pr = runAction('eval-gate', workspace, {
        results: 'eval/results.jsonl',
        baseline: 'baseline.json',
        'report-path': 'reports/pr.json',
        'fail-on': 'never',
      });
      expect(pr.exitCode).toBe(0);
      reports[kind] = readFileSync(path.join(workspace, 'reports/pr.json'), 'utf8');
      const rendered = runCli(
        ['pr-eval-comment', '--report', 'reports/pr.json', '--body-path', 'comment.md'],
        workspace,
      );
      expect(rendered.exitCode).toBe(0);
      comments[kind] = readFileSync(path.join(workspace, 'comment.md'), 'utf8');
    }
  }, 120_000);

  it('stages the baseline as report.json.gz with every case text cut to 1,000 characters plus the marker', () => {
    expect(main.exitCode).toBe(0);
    expect(statSync(stored).isFile()).toBe(true);
    const report = JSON.parse(gunzipSync(readFileSync(stored)).toString('utf8'));
    expect(report.schemaVersion).toBe('1.3');
    const input = report.caseColumns.indexOf('input');
    const output = report.caseColumns.indexOf('output');
    const rows = report.cases as unknown[][];
    expect(rows).toHaveLength(300);
    // Case q-004: a 5,000-character input (the run's report keeps 2,000 of it) and a 1,000-character output.
    const row = rows.find((item) => item[0] === 'q-004')!;
    expect(row[input]).toBe(`${mainRows[4].input.slice(0, 1000)}… [4000 more characters]`);
    expect(row[output]).toBe(mainRows[4].output);
    // Case q-000: a 300-character input is kept whole, a 1,500-character output is cut.
    const first = rows.find((item) => item[0] === 'q-000')!;
    expect(first[input]).toBe(mainRows[0].input);
    expect(first[output]).toBe(`${mainRows[0].output.slice(0, 1000)}… [500 more characters]`);
    // The run's own report keeps up to 2,000 characters.
    const full = JSON.parse(readFileSync(path.join(mainWorkspace, 'reports/main.json'), 'utf8'));
    const fullRow = (full.cases as unknown[][]).find((item) => item[0] === 'q-004')!;
    expect(fullRow[full.caseColumns.indexOf('input')]).toBe(
      `${mainRows[4].input.slice(0, 2000)}… [3000 more characters]`,
    );
    expect(statSync(stored).size).toBeLessThan(
      statSync(path.join(mainWorkspace, 'reports/main.json')).size / 4,
    );
  });

  it('gives the pull request the same case diff and the same comment from the stored baseline as from the full report', () => {
    const diff = (text: string) => JSON.parse(text).caseDiff;
    expect(stillFailing).toBe(25);
    expect(diff(reports.stored).counts).toEqual({
      regressed: 6,
      improved: 4,
      new: 3,
      removed: 5,
      flaky: 0,
      'still-failing': stillFailing,
    });
    // Every case, status and score is the same; the texts of removed cases (read from the baseline) are the same as
    // far as the comment shows them.
    const shown = (entry: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(entry).map(([key, value]) => [
          key,
          typeof value === 'string' && key !== 'id' ? truncate(value, CASE_TEXT_SHOWN) : value,
        ]),
      );
    expect(diff(reports.stored).cases.map(shown)).toEqual(diff(reports.full).cases.map(shown));
    expect(diff(reports.stored).omitted).toBe(diff(reports.full).omitted);
    expect(comments.stored).toBe(comments.full);
    // The comment really shows a removed case's text from the baseline, cut where the comment cuts.
    expect(comments.stored).toContain('`q-104`');
    expect(comments.stored).toContain(`${mainRows[104].input.slice(0, 1000)}… [4000 more characters]`);
  });
});
