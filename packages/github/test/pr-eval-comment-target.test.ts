/** Which pull request, commit and run a comment is for, by event: the rules that keep comments on the right PR. */
import { describe, expect, it } from '@jest/globals';
import type { RunContext } from '@mlgate/core';
import type { Inputs } from '../src/pr-eval-comment/inputs.js';
import { decideTarget } from '../src/pr-eval-comment/target.js';

const inputs = (overrides: Partial<Inputs> = {}): Inputs => ({
  report: 'r.json',
  dataReports: [],
  token: 't',
  commentKey: 'default',
  mode: 'upsert',
  maxCases: 20,
  workspace: '/w',
  ...overrides,
});
// The run context of the report being commented (eval report, or a data report's).
const report: RunContext = { commit: 'c'.repeat(40), pullRequest: 99 };
const env = { GITHUB_RUN_NUMBER: '12', GITHUB_RUN_ATTEMPT: '2', GITHUB_SHA: 'm'.repeat(40) };
const pullRequest = (fork: boolean) => ({
  pull_request: {
    number: 7,
    head: { sha: 'h'.repeat(40), repo: { full_name: fork ? 'mallory/repo' : 'acme/repo' } },
    base: { repo: { full_name: 'acme/repo' } },
  },
});

describe('decideTarget', () => {
  it('comments on the pull request of a pull_request event, for its head commit and this run', () => {
    expect(
      decideTarget(inputs(), { name: 'pull_request', payload: pullRequest(false) }, report, env),
    ).toEqual({
      kind: 'comment',
      target: { prNumber: 7, headSha: 'h'.repeat(40), runNumber: 12, runAttempt: 2, untrustedNumber: false },
    });
  });

  it('does not try to comment from a fork, and says why', () => {
    const decision = decideTarget(
      inputs(),
      { name: 'pull_request', payload: pullRequest(true) },
      report,
      env,
    );
    expect(decision).toMatchObject({ kind: 'summary-only', fork: true });
    expect(decision.kind === 'summary-only' && decision.reason).toContain('workflow_run');
  });

  it('writes only the summary outside pull requests and in summary-only mode', () => {
    expect(decideTarget(inputs(), { name: 'push', payload: {} }, report, env).kind).toBe('summary-only');
    expect(
      decideTarget(
        inputs({ mode: 'summary-only' }),
        { name: 'pull_request', payload: pullRequest(false) },
        report,
        env,
      ).kind,
    ).toBe('summary-only');
  });

  it('in workflow_run, uses the run head SHA and run number, and distrusts a PR number the event does not confirm', () => {
    const payload = {
      workflow_run: { head_sha: 'w'.repeat(40), run_number: 30, run_attempt: 1, pull_requests: [] },
    };
    expect(decideTarget(inputs({ prNumber: 7 }), { name: 'workflow_run', payload }, report, env)).toEqual({
      kind: 'comment',
      target: { prNumber: 7, headSha: 'w'.repeat(40), runNumber: 30, runAttempt: 1, untrustedNumber: true },
    });
    const confirmed = { workflow_run: { ...payload.workflow_run, pull_requests: [{ number: 7 }] } };
    expect(decideTarget(inputs(), { name: 'workflow_run', payload: confirmed }, report, env)).toMatchObject({
      target: { prNumber: 7, untrustedNumber: false },
    });
  });

  it('requires a PR number in workflow_run when neither the event nor the report has one', () => {
    const bare = { context: {} } as unknown as RunContext;
    expect(() =>
      decideTarget(
        inputs(),
        { name: 'workflow_run', payload: { workflow_run: { pull_requests: [] } } },
        bare,
        env,
      ),
    ).toThrow(/pr-number/);
  });
});
