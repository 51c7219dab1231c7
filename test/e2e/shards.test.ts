/**
 * End to end: eval-gate and validate-data spread over a 4-way job matrix. Four shard jobs run the bundled action
 * with mode: shard and upload through the real @actions/artifact client (a local Twirp ArtifactService whose blobs
 * live in azurite); a merge job downloads them and gates once. The merged verdict, metrics and profile statistics
 * must be those of one unsharded run over the same files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startArtifactService, type ArtifactService } from './artifact-service.js';
import { customers, toCsv, type Row } from './data-fixtures.js';
import { makeWorkspace, readEvalReportFile, runAction, type ActionRun } from './runner.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const write = (workspace: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  writeFileSync(path.join(workspace, file), text);
};
const SHARDS = [1, 2, 3, 4];
/** stderr without Node's DEP0005 notice, which a dependency of @actions/artifact's unzip prints on download. */
const problems = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line && !line.includes('DEP0005') && !line.includes('--trace-deprecation'))
    .join('\n');

interface Check {
  check: string;
  column?: string;
  status: string;
  failingRows?: number;
  samples?: unknown[];
}

describe('sharded eval-gate and validate-data (mode: shard / merge)', () => {
  let service: ArtifactService;
  let workspace: string;

  const action = (name: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction(name, workspace, inputs, { ...service.env, GITHUB_RUN_ATTEMPT: '1', ...env });

  beforeAll(async () => {
    service = await startArtifactService();
    workspace = makeWorkspace({
      'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl',
      '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
      'contract.yml': 'test/fixtures/data/customers.contract.yml',
    });
    // The example's 600 cases in four shard files of 150.
    const lines = readFileSync(path.join(workspace, 'eval/main.jsonl'), 'utf8').trim().split('\n');
    for (const shard of SHARDS)
      write(
        workspace,
        `eval/part-${shard}.jsonl`,
        lines.slice((shard - 1) * 150, shard * 150).join('\n') + '\n',
      );
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  describe('eval-gate', () => {
    let unsharded: ActionRun;
    let shardRuns: ActionRun[];
    let merged: ActionRun;

    beforeAll(() => {
      unsharded = action('eval-gate', {
        results: 'eval/part-*.jsonl',
        gates: '.mlgate/gates.yml',
        'report-path': 'reports/eval-unsharded.json',
      });
      shardRuns = SHARDS.map((shard) =>
        action('eval-gate', {
          mode: 'shard',
          shard: String(shard),
          results: `eval/part-${shard}.jsonl`,
          gates: '.mlgate/gates.yml',
          'shard-name': 'eval',
          'report-path': `reports/eval-shard-${shard}.json`,
        }),
      );
      merged = action('eval-gate', {
        mode: 'merge',
        'expected-shards': '4',
        gates: '.mlgate/gates.yml',
        'shard-name': 'eval',
        'report-path': 'reports/eval-merged.json',
      });
    });

    it('shard jobs upload their part and never gate', async () => {
      for (const [i, run] of shardRuns.entries()) {
        expect(run.stderr).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.outputs['shard-artifact']).toBe(`eval-${i + 1}`);
        const report = readJson(run.outputs.report);
        expect(report.gates).toEqual([]);
        expect(report.counts.cases).toBe(150);
        expect(report.shard).toBe(String(i + 1));
        expect(run.stdout).toContain('pr-eval-comment belongs after that job');
      }
      // A shard's report never becomes a comment: pr-eval-comment refuses it before any API call.
      const comment = runAction('pr-eval-comment', workspace, { report: shardRuns[0].outputs.report });
      expect(comment.exitCode).toBe(1);
      expect(comment.annotations[0].message).toMatch(
        /is the report of shard 1 of a matrix run: comment from the merge job/,
      );
      const uploaded = (await service.artifacts()).filter((a) => a.finalized && a.name.startsWith('eval-'));
      expect(uploaded.map((a) => a.name).sort()).toEqual(['eval-1', 'eval-2', 'eval-3', 'eval-4']);
      const files = await service.download('eval-2');
      const manifest = JSON.parse(files.get('mlgate-shard.json')!.toString('utf8'));
      expect(manifest).toMatchObject({
        kind: 'mlgate-shard',
        action: 'eval-gate',
        prefix: 'eval',
        shard: '2',
        run: { id: '4242', attempt: '1', commit: '0123456789abcdef0123456789abcdef01234567' },
        files: [{ role: 'results', source: 'eval/part-2.jsonl', format: 'jsonl' }, { role: 'report' }],
      });
    });

    it('the merge job reaches the verdict of one unsharded run, with equal metrics and intervals', () => {
      expect(problems(merged.stderr)).toBe('');
      expect(unsharded.exitCode).toBe(0);
      expect(merged.exitCode).toBe(0);
      const one = readJson(unsharded.outputs.report);
      const many = readJson(merged.outputs.report);
      expect(many.outcome).toBe(one.outcome);
      expect(many.counts).toEqual(one.counts);
      expect(many.counts.cases).toBe(600);
      expect(many.metrics).toEqual(one.metrics);
      expect(many.gates).toEqual(one.gates);
      expect(many.sources).toEqual(one.sources);
      const ids = (file: string) => readEvalReportFile(file).cases.map((item) => item.id);
      expect(ids(merged.outputs.report)).toEqual(ids(unsharded.outputs.report));
      expect(merged.outputs.metrics).toBe(unsharded.outputs.metrics);
      expect(merged.stdout).toContain('merging 4 shards: 1, 2, 3, 4');
    });

    it('a case id in two shards is an error naming both shards', () => {
      const lines = readFileSync(path.join(workspace, 'eval/part-1.jsonl'), 'utf8').trim().split('\n');
      write(
        workspace,
        'eval/dup-3.jsonl',
        readFileSync(path.join(workspace, 'eval/part-3.jsonl'), 'utf8') + lines[4] + '\n',
      );
      for (const shard of SHARDS) {
        const run = action('eval-gate', {
          mode: 'shard',
          shard: String(shard),
          results: shard === 3 ? 'eval/dup-3.jsonl' : `eval/part-${shard}.jsonl`,
          'shard-name': 'evaldup',
          'report-path': `reports/dup-${shard}.json`,
        });
        expect(run.exitCode).toBe(0);
      }
      const run = action('eval-gate', { mode: 'merge', 'expected-shards': '4', 'shard-name': 'evaldup' });
      expect(run.exitCode).toBe(1);
      const error = run.annotations.find((a) => a.level === 'error')!;
      expect(error.message).toContain('case "ticket-0005" is in two shards');
      expect(error.message).toContain('shard 1 (eval/part-1.jsonl line 5)');
      expect(error.message).toContain('shard 3 (eval/dup-3.jsonl line 151)');

      // Listing the shard files in one step: the same rule, naming both files.
      const listed = action('eval-gate', { results: 'eval/part-1.jsonl, eval/dup-3.jsonl' });
      expect(listed.exitCode).toBe(1);
      expect(listed.annotations[0].message).toContain(
        'case "ticket-0005" is in two shards: eval/dup-3.jsonl line 151 and eval/part-1.jsonl line 5',
      );
    });

    it('repeats of a case within one file are still repeats, not duplicates', () => {
      const lines = readFileSync(path.join(workspace, 'eval/part-2.jsonl'), 'utf8').trim().split('\n');
      write(workspace, 'eval/repeats.jsonl', [...lines, lines[0], lines[1]].join('\n') + '\n');
      const run = action('eval-gate', {
        results: 'eval/part-1.jsonl, eval/repeats.jsonl',
        'report-path': 'reports/repeats.json',
      });
      expect(run.exitCode).toBe(0);
      const report = readJson(run.outputs.report);
      expect(report.counts).toMatchObject({ rows: 302, cases: 300, repeatedCases: 2 });
    });

    it('a missing shard is an error that names it', () => {
      for (const shard of [1, 2, 4])
        expect(
          action('eval-gate', {
            mode: 'shard',
            shard: String(shard),
            results: `eval/part-${shard}.jsonl`,
            'shard-name': 'evalmiss',
            'report-path': `reports/miss-${shard}.json`,
          }).exitCode,
        ).toBe(0);
      const run = action('eval-gate', { mode: 'merge', 'expected-shards': '4', 'shard-name': 'evalmiss' });
      expect(run.exitCode).toBe(1);
      expect(run.annotations.find((a) => a.level === 'error')!.message).toContain(
        'missing shard 3: expected 4 (1, 2, 3, 4), found 3 (1, 2, 4)',
      );
    });

    it('shards of another workflow run are an error that says which', () => {
      for (const shard of SHARDS)
        expect(
          action(
            'eval-gate',
            {
              mode: 'shard',
              shard: String(shard),
              results: `eval/part-${shard}.jsonl`,
              'shard-name': 'evalrun',
              'report-path': `reports/run-${shard}.json`,
            },
            shard === 4
              ? { GITHUB_RUN_ID: '999', GITHUB_SHA: 'fedcba9876543210fedcba9876543210fedcba98' }
              : {},
          ).exitCode,
        ).toBe(0);
      const run = action('eval-gate', { mode: 'merge', 'expected-shards': '4', 'shard-name': 'evalrun' });
      expect(run.exitCode).toBe(1);
      const message = run.annotations.find((a) => a.level === 'error')!.message;
      expect(message).toContain('the shards come from different workflow runs');
      expect(message).toContain('shard 1, shard 2, shard 3 from run 4242 (commit 0123456789ab)');
      expect(message).toContain('shard 4 from run 999 (commit fedcba987654)');
    });

    it('rejects shard inputs that do not fit the mode', () => {
      const noShard = action('eval-gate', { mode: 'shard', results: 'eval/part-1.jsonl' });
      expect(noShard.exitCode).toBe(1);
      expect(noShard.stdout).toContain('Input "shard" is required with mode: shard');
      const mergeWithResults = action('eval-gate', { mode: 'merge', results: 'eval/part-1.jsonl' });
      expect(mergeWithResults.exitCode).toBe(1);
      expect(mergeWithResults.stdout).toContain('Input "results" is not used with mode: merge');
    });
  });

  describe('validate-data', () => {
    let rows: Row[];
    let unsharded: ActionRun;
    let merged: ActionRun;
    let local: ActionRun;

    beforeAll(() => {
      // 2,000 customers with defects in several shards: ages below the minimum (shard 1), unknown countries
      // (shard 3) and a repeated id inside shard 4 — repeats across shards are left out on purpose (see docs).
      rows = customers(2_000).map((row, i) => {
        if (i >= 10 && i < 20) return { ...row, age: 5 };
        if (i >= 1200 && i < 1205) return { ...row, country: 'XX' };
        if (i === 1700) return { ...row, id: 1601 };
        return row;
      });
      for (const shard of SHARDS)
        write(workspace, `data/part-${shard}.csv`, toCsv(rows.slice((shard - 1) * 500, shard * 500)));
      write(workspace, 'data/reference.csv', toCsv(customers(3_000, { seed: 99, firstId: 10_001 })));
      const reference = action('validate-data', {
        data: 'data/reference.csv',
        'profile-path': 'reports/reference.profile.json',
        'report-path': 'reports/reference.report.json',
      });
      expect(reference.exitCode).toBe(0);

      const common = { contract: 'contract.yml', 'reference-profile': 'reports/reference.profile.json' };
      unsharded = action('validate-data', {
        ...common,
        data: 'data/part-*.csv',
        'profile-path': 'reports/data-unsharded.profile.json',
        'report-path': 'reports/data-unsharded.json',
      });
      for (const shard of SHARDS) {
        const run = action('validate-data', {
          ...common,
          mode: 'shard',
          shard: String(shard),
          data: `data/part-${shard}.csv`,
          'shard-name': 'data',
          'profile-path': `reports/data-shard-${shard}/profile.json`,
          'report-path': `reports/data-shard-${shard}/report.json`,
        });
        expect(run.stderr).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.outputs['shard-artifact']).toBe(`data-${shard}`);
      }
      merged = action('validate-data', {
        ...common,
        mode: 'merge',
        'expected-shards': '4',
        'shard-name': 'data',
        'profile-path': 'reports/data-merged.profile.json',
        'report-path': 'reports/data-merged.json',
      });
      local = action('validate-data', {
        ...common,
        mode: 'merge',
        data: 'reports/data-shard-*/*.json',
        'expected-shards': '4',
        'report-path': 'reports/data-local.json',
      });
    });

    const checksOf = (run: ActionRun) =>
      (readJson(run.outputs.report).checks as Check[]).map(
        ({ check, column, status, failingRows, samples }) => ({
          check,
          column,
          status,
          failingRows,
          samples,
        }),
      );

    it('the merge job reaches the verdict of one unsharded run, with the same counts and samples', () => {
      expect(problems(merged.stderr)).toBe('');
      expect(unsharded.outputs.outcome).toBe('fail');
      expect(merged.outputs.outcome).toBe(unsharded.outputs.outcome);
      expect(merged.outputs.rows).toBe('2000');
      expect(merged.outputs['failed-checks']).toBe(unsharded.outputs['failed-checks']);
      expect(merged.exitCode).toBe(1);
      expect(checksOf(merged)).toEqual(checksOf(unsharded));
      const age = checksOf(merged).find((c) => c.check === 'minimum' && c.column === 'age')!;
      expect(age).toMatchObject({ status: 'fail', failingRows: 10 });
      const unique = (readJson(merged.outputs.report).checks as (Check & { message: string })[]).find(
        (c) => c.check === 'primaryKey',
      )!;
      expect(unique.message).toContain('repeats across shards cannot be found from profiles');
      expect(readJson(merged.outputs.report).files).toEqual(readJson(unsharded.outputs.report).files);
    });

    it('the merged profile has the statistics of the unsharded profile', () => {
      const one = readJson(unsharded.outputs.profile);
      const many = readJson(merged.outputs.profile);
      expect(many.rows).toBe(one.rows);
      expect(many.columns.map((c: { name: string }) => c.name)).toEqual(
        one.columns.map((c: { name: string }) => c.name),
      );
      for (const column of one.columns) {
        const other = many.columns.find((c: { name: string }) => c.name === column.name);
        for (const key of ['count', 'nulls', 'invalid', 'nonFinite', 'classes', 'histogram'])
          expect([column.name, key, other[key]]).toEqual([column.name, key, column[key]]);
        const { summary } = column;
        for (const key of [
          'min',
          'max',
          'distinct',
          'nullFraction',
          'minLength',
          'maxLength',
          'topValuesExact',
        ])
          expect([column.name, key, other.summary[key]]).toEqual([column.name, key, summary[key]]);
        // Frequent values are exact while a column has few distinct values; near-unique ones (emails) are sampled.
        if (summary.topValuesExact) expect(other.summary.topValues).toEqual(summary.topValues);
        for (const key of ['mean', 'std'])
          // Merged moments add up in another order: equal to the last few bits.
          if (summary[key] !== undefined)
            expect(Math.abs(other.summary[key] - summary[key])).toBeLessThanOrEqual(
              1e-12 * Math.abs(summary[key]),
            );
        // Quantiles come from a mergeable sketch: within its rank error, not bit for bit.
        if (summary.p50 !== undefined)
          expect(Math.abs(other.summary.p50 - summary.p50)).toBeLessThanOrEqual(
            0.02 * (summary.max - summary.min),
          );
      }
      const drift = (run: ActionRun) =>
        readJson(run.outputs.report).drift.map((d: { column: string; status: string }) => [
          d.column,
          d.status,
        ]);
      expect(drift(merged)).toEqual(drift(unsharded));
    });

    it('merges local shard reports and profiles as it merges artifacts', () => {
      expect(problems(local.stderr)).toBe('');
      expect(local.outputs.outcome).toBe(merged.outputs.outcome);
      expect(checksOf(local)).toEqual(checksOf(merged));
    });

    it('a missing shard is an error that names it', () => {
      for (const shard of [1, 3, 4])
        expect(
          action('validate-data', {
            contract: 'contract.yml',
            mode: 'shard',
            shard: String(shard),
            data: `data/part-${shard}.csv`,
            'shard-name': 'datamiss',
            'report-path': `reports/datamiss-${shard}.json`,
          }).exitCode,
        ).toBe(0);
      const run = action('validate-data', {
        contract: 'contract.yml',
        mode: 'merge',
        'expected-shards': '4',
        'shard-name': 'datamiss',
      });
      expect(run.exitCode).toBe(1);
      expect(run.annotations.find((a) => a.level === 'error')!.message).toContain('missing shard 2');
    });

    it('shards validated with another contract are an error', () => {
      write(
        workspace,
        'other-contract.yml',
        readFileSync(path.join(workspace, 'contract.yml'), 'utf8') + '\n# changed\n',
      );
      const run = action('validate-data', {
        contract: 'other-contract.yml',
        mode: 'merge',
        'expected-shards': '4',
        'shard-name': 'data',
        'report-path': 'reports/other-contract.json',
      });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain('validated with a different contract than other-contract.yml');
    });
  });
});
