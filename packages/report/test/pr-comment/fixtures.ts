/** Reports for the PR-comment tests: real ones from eval-gate on the example project and synthetic data. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MemoryLogger,
  type CaseDiffEntry,
  type CaseStatus,
  type DataReport,
  type EvalReport,
  type RunContext,
} from '@mlgate/core';
import { runEvalGate } from '@mlgate/eval';
import { renderGfm } from '../../../core/test/cmark.js';

export const EXAMPLE = fileURLToPath(new URL('../../../../examples/support-triage/', import.meta.url));
export const PR_COMMIT = '3f9c2a1e5b7d8c9f0a1b2c3d4e5f60718293a4b5';
export const BASELINE_COMMIT = '9a8b7c6d5e4f30211234567890abcdef12345678';
export const RUN_URL = 'https://github.com/acme/support-triage/actions/runs/4242';
export const DETAILS_URL = 'https://github.com/acme/support-triage/actions/runs/4242#artifacts';

/** A scratch folder for results, gates and baseline files; `remove` deletes it. */
export function scratch(): {
  dir: string;
  write: (name: string, text: string) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-pr-comment-'));
  return {
    dir,
    write: (name, text) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const jsonl = (rows: object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

export async function evalReport(options: {
  results: string;
  workspace: string;
  gates?: string;
  baseline?: string;
  context?: RunContext;
  task?: 'binary' | 'multiclass' | 'regression' | 'scores';
}): Promise<EvalReport> {
  return runEvalGate(
    {
      results: [options.results],
      format: 'auto',
      task: options.task ?? 'auto',
      gates: options.gates,
      baseline: options.baseline,
      significance: 0.05,
      workspace: options.workspace,
      context: options.context ?? {},
    },
    new MemoryLogger(),
  );
}

/** A report as a baseline file, `ageDays` older than now (the PR report is generated now). */
export function saveAsBaseline(
  report: EvalReport,
  write: (name: string, text: string) => string,
  ageDays: number,
): string {
  const generatedAt = new Date(Date.now() - ageDays * 86_400_000 - 60_000).toISOString();
  return write(`baseline-${ageDays}.json`, JSON.stringify({ ...report, generatedAt }));
}

export interface ExampleReports {
  main: EvalReport;
  /** pr-regressed.jsonl against main (3 days old): fails. */
  failed: EvalReport;
  /** pr-good.jsonl against main: passes. */
  passed: EvalReport;
  /** pr-good.jsonl without a baseline: the baseline gates are inconclusive. */
  inconclusive: EvalReport;
}

/** eval-gate on examples/support-triage with its gates file, as CI runs it. */
export async function exampleReports(write: (name: string, text: string) => string): Promise<ExampleReports> {
  const gates = '.mlgate/gates.yml';
  const context = (commit: string): RunContext => ({
    commit,
    repository: 'acme/support-triage',
    runUrl: RUN_URL,
  });
  const main = await evalReport({
    results: 'eval/main.jsonl',
    workspace: EXAMPLE,
    gates,
    context: context(BASELINE_COMMIT),
  });
  const baseline = saveAsBaseline(main, write, 3);
  const failed = await evalReport({
    results: 'eval/pr-regressed.jsonl',
    workspace: EXAMPLE,
    gates,
    baseline,
    context: context(PR_COMMIT),
  });
  const passed = await evalReport({
    results: 'eval/pr-good.jsonl',
    workspace: EXAMPLE,
    gates,
    baseline,
    context: context(PR_COMMIT),
  });
  const inconclusive = await evalReport({
    results: 'eval/pr-good.jsonl',
    workspace: EXAMPLE,
    gates,
    context: context(PR_COMMIT),
  });
  return { main, failed, passed, inconclusive };
}

/** A regression task: 80 numeric targets; the PR's errors grow on the first 30 cases. */
export async function regressionReports(write: (name: string, text: string) => string) {
  const rows = (worse: boolean) =>
    Array.from({ length: 80 }, (_, i) => {
      const expected = 10 + i * 0.5;
      const error = (i % 2 === 0 ? 1 : -1) * (0.2 + (i % 7) * 0.05) * (worse && i < 30 ? 4 : 1);
      return {
        id: `house-${i}`,
        expected,
        predicted: Number((expected + error).toFixed(3)),
        input: `house ${i}`,
      };
    });
  const gates = write(
    'regression-gates.yml',
    ['gates:', '  - metric: mae', '    max: 0.5', '  - metric: rmse', '    max-drop: 0.05', ''].join('\n'),
  );
  const main = await evalReport({
    results: write('regression-main.jsonl', jsonl(rows(false))),
    workspace: path.dirname(gates),
    gates,
    context: { commit: BASELINE_COMMIT },
  });
  const baseline = saveAsBaseline(main, write, 1);
  const pr = await evalReport({
    results: write('regression-pr.jsonl', jsonl(rows(true))),
    workspace: path.dirname(gates),
    gates,
    baseline,
    context: { commit: PR_COMMIT },
  });
  return { main, pr };
}

/** A scores task (LLM graders): 120 cases scored on two dimensions; the PR lowers one on a third of them. */
export async function scoresReports(write: (name: string, text: string) => string) {
  const rows = (worse: boolean) =>
    Array.from({ length: 120 }, (_, i) => {
      const base = 0.35 + ((i * 37) % 60) / 100;
      const faithfulness = Number((worse && i % 3 === 0 ? base - 0.3 : base).toFixed(3));
      return {
        id: `prompt-${i}`,
        scores: {
          faithfulness: Math.max(0, faithfulness),
          relevance: Number((0.5 + (i % 5) / 10).toFixed(2)),
        },
        input: `Question ${i}: what does the refund policy say?`,
        output: `Answer ${i}`,
        tags: { topic: i % 2 === 0 ? 'billing' : 'shipping' },
        tokens: { input: 400 + i, output: 50 + (worse ? 10 : 0) },
        cost_usd: worse ? 0.002 : 0.0015,
      };
    });
  const gates = write(
    'scores-gates.yml',
    [
      'gates:',
      '  - metric: faithfulness',
      '    min: 0.5',
      '  - metric: faithfulness',
      '    max-drop: 0.02',
      '  - metric: relevance',
      '    by: topic',
      '    min: 0.6',
      '',
    ].join('\n'),
  );
  const main = await evalReport({
    results: write('scores-main.jsonl', jsonl(rows(false))),
    workspace: path.dirname(gates),
    gates,
    context: { commit: BASELINE_COMMIT },
  });
  const baseline = saveAsBaseline(main, write, 2);
  const pr = await evalReport({
    results: write('scores-pr.jsonl', jsonl(rows(true))),
    workspace: path.dirname(gates),
    gates,
    baseline,
    context: { commit: PR_COMMIT, runUrl: RUN_URL },
  });
  return { main, pr };
}

/** validate-data reports: a failing one with checks and drift, and a passing one. */
export function dataReports(): DataReport[] {
  const common = {
    kind: 'mlgate/data-report' as const,
    schemaVersion: '1.0',
    generatedAt: '2026-01-01T00:00:00Z',
    tool: { name: 'mlgate' as const, version: '0.1.0' },
  };
  return [
    {
      ...common,
      dataset: 'data/train.csv',
      rows: 10_000,
      outcome: 'fail',
      passed: false,
      summary: 'fail: 2 checks failed',
      checks: [
        { check: 'type', column: 'age', severity: 'error', status: 'pass', message: 'age is integer' },
        {
          check: 'maxNullFraction',
          column: 'income',
          severity: 'error',
          status: 'fail',
          message: 'income is null in 12% of rows (allowed 5%)',
        },
        {
          check: 'rowCount',
          severity: 'warn',
          status: 'warn',
          message: '10,000 rows, expected at least 20,000',
        },
      ],
      driftedColumns: [{ column: 'income', statistic: 'psi', value: 0.31, threshold: 0.2 }],
    },
    {
      ...common,
      dataset: 'data/test.csv',
      rows: 2_000,
      outcome: 'pass',
      passed: true,
      summary: 'pass',
      checks: [{ check: 'type', column: 'age', severity: 'error', status: 'pass', message: 'ok' }],
      driftedColumns: [],
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Reading the rendered HTML.

/** cmark-gfm as GitHub renders: raw HTML omitted (safe), or kept (`--unsafe`, stricter for escaping tests). */
export function renderSafe(markdown: string): string {
  return renderGfmWith(markdown, false);
}
export { renderGfm };

function renderGfmWith(markdown: string, unsafe: boolean): string {
  const args = ['-e', 'table', '-e', 'autolink', '-e', 'strikethrough', ...(unsafe ? ['--unsafe'] : [])];
  const result = spawnSync('cmark-gfm', args, {
    input: markdown,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error || result.status !== 0)
    throw new Error(`cmark-gfm failed: ${result.error ?? result.stderr}`);
  return result.stdout;
}

export const count = (text: string, part: string | RegExp): number =>
  typeof part === 'string' ? text.split(part).length - 1 : [...text.matchAll(part)].length;

/** Tables of the rendered HTML: rows of cells (th or td). */
export function tables(html: string): string[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, table]) =>
    [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
      [...row.matchAll(/<t[hd](?: [^>]*)?>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => cell),
    ),
  );
}

/** The summaries of the <details> blocks, in document order, with their nesting depth (1 = top level). */
export function detailsTree(html: string): { summary: string; depth: number; open: boolean }[] {
  const out: { summary: string; depth: number; open: boolean }[] = [];
  let depth = 0;
  for (const match of html.matchAll(/<details( open)?><summary>([\s\S]*?)<\/summary>|<\/details>/g)) {
    if (match[0] === '</details>') {
      depth--;
      if (depth < 0) throw new Error('a </details> closes nothing');
    } else {
      depth++;
      out.push({ summary: match[2], depth, open: Boolean(match[1]) });
    }
  }
  if (depth !== 0) throw new Error(`${depth} <details> left open`);
  return out;
}

/** Lines of Markdown outside fenced code blocks (where raw HTML lines are ours). */
export function linesOutsideCode(markdown: string): string[] {
  const out: string[] = [];
  let fence = '';
  for (const line of markdown.split('\n')) {
    const marker = /^ *(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (
        marker &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        !line.trim().slice(marker.length).trim()
      )
        fence = '';
      continue;
    }
    if (marker) fence = marker;
    else out.push(line);
  }
  return out;
}

/** NBSP as the renderer writes it between a number and its sign, arrow or bracket. */
export const plain = (text: string): string => text.replace(/\u00A0/g, ' ');

const BLOCK_TAG = /<(\/?)(h[1-6]|p|table|ul|ol|li|details|pre|blockquote|hr)\b[^>]*?(\/?)>/g;

/** The top-level blocks of rendered HTML, in order (e.g. ["h3", "p", "table", "details"]). */
export function topLevelBlocks(html: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const [, closing, tag, selfClosing] of html.matchAll(BLOCK_TAG)) {
    if (tag === 'hr' || selfClosing) {
      if (depth === 0) out.push(tag);
    } else if (closing) depth--;
    else {
      if (depth === 0) out.push(tag);
      depth++;
    }
  }
  if (depth !== 0) throw new Error(`unbalanced blocks: depth ${depth}`);
  return out;
}

/** What a reader sees outside code: tags removed, entities decoded. */
export function visibleOutsideCode(html: string): string {
  return html
    .replace(/<pre>[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

/** `report` with a synthetic case diff of `total` cases split over every status, each with long text. */
export function withManyCases(report: EvalReport, total: number, textLength = 3000): EvalReport {
  const split: [CaseStatus, number][] = [
    ['regressed', 0.4],
    ['improved', 0.3],
    ['new', 0.1],
    ['removed', 0.075],
    ['flaky', 0.025],
    ['still-failing', 0.1],
  ];
  const cases: CaseDiffEntry[] = [];
  const counts = {} as Record<CaseStatus, number>;
  let next = 0;
  for (const [status, share] of split) {
    counts[status] = Math.round(total * share);
    for (let i = 0; i < counts[status]; i++, next++) {
      const before =
        status === 'new' ? undefined : { pass: status !== 'improved', score: 0.9 - (i % 10) / 100 };
      const after =
        status === 'removed' ? undefined : { pass: status === 'improved', score: 0.4 + (i % 10) / 100 };
      cases.push({
        id: `case-${String(next).padStart(5, '0')}`,
        status,
        before,
        after,
        input: `input ${next} `.repeat(Math.ceil(textLength / 10)).slice(0, textLength),
        expected: 'refund',
        output: `output ${next} `.repeat(Math.ceil(textLength / 10)).slice(0, textLength),
      });
    }
  }
  return { ...report, caseDiff: { counts, cases, omitted: 0 } };
}
