/**
 * pr-eval-comment's comment-key input (the sticky comment's key), through the bundle: its former name comment-id
 * still works, with a deprecation warning, and the two names cannot disagree. action.yml marks the old input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { makeWorkspace, repoRoot, runAction } from './runner.js';

let workspace: string;
let report: string;

beforeAll(() => {
  workspace = makeWorkspace({});
  const cases = ['a', 'b', 'c', 'd'].map((id, i) => ({
    id,
    expected: String(i % 2),
    predicted: String(i % 2),
  }));
  writeFileSync(path.join(workspace, 'results.jsonl'), cases.map((item) => JSON.stringify(item)).join('\n'));
  const gate = runAction('eval-gate', workspace, { results: 'results.jsonl' });
  expect(gate.exitCode).toBe(0);
  report = gate.outputs.report;
});

const comment = (inputs: Record<string, string>) =>
  runAction('pr-eval-comment', workspace, {
    report,
    mode: 'summary-only',
    'comment-key': 'default',
    ...inputs,
  });

describe('pr-eval-comment comment-key', () => {
  it('names the comment (and its body file) without a warning', () => {
    const run = comment({ 'comment-key': 'model-a' });
    expect(run.exitCode).toBe(0);
    expect(path.basename(run.outputs['body-path'])).toBe('pr-eval-comment-model-a.md');
    expect(run.annotations.filter((a) => a.level === 'warning')).toEqual([]);
  });

  it('still reads comment-id, its former name, with a warning naming the new one', () => {
    const run = comment({ 'comment-id': 'model-b' });
    expect(run.exitCode).toBe(0);
    expect(path.basename(run.outputs['body-path'])).toBe('pr-eval-comment-model-b.md');
    const warnings = run.annotations.filter((a) => a.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/"comment-id" is renamed "comment-key"/);
  });

  it('refuses comment-key and comment-id naming different comments', () => {
    const run = comment({ 'comment-key': 'model-a', 'comment-id': 'model-b' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/Inputs "comment-key" and "comment-id" name different comments/);
  });

  it.each(['actions/pr-eval-comment/action.yml', 'action.yml'])(
    '%s: comment-key defaults to "default", comment-id is deprecated',
    (file) => {
      const { inputs } = parse(readFileSync(path.join(repoRoot, file), 'utf8')) as {
        inputs: Record<string, { default?: string; deprecationMessage?: string }>;
      };
      expect(inputs['comment-key'].default).toBe('default');
      expect(inputs['comment-id'].default).toBeUndefined();
      expect(inputs['comment-id'].deprecationMessage).toMatch(/comment-key/);
    },
  );
});
