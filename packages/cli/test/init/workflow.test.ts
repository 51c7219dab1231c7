import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { actionInputs, renderWorkflow, type WorkflowSpec } from '../../src/init/workflow.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
/** The inputs the root action (uses: OWNER/mlgate@v1) declares. */
const rootInputs = Object.keys(parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')).inputs);

interface Workflow {
  name: string;
  on: { pull_request: null; push: { branches: string[] } };
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      'runs-on': string;
      permissions: Record<string, string>;
      steps: { name?: string; uses?: string; run?: string; with?: Record<string, string> }[];
    }
  >;
}

const base: WorkflowSpec = {
  defaultBranch: 'main',
  results: 'eval/results.jsonl',
  gates: '.mlgate/gates.yml',
};

describe('renderWorkflow', () => {
  it('runs on pull requests and pushes to the default branch, with least privilege', () => {
    const workflow = parse(renderWorkflow({ ...base, defaultBranch: 'trunk' })) as Workflow;
    expect(workflow.on).toEqual({ pull_request: null, push: { branches: ['trunk'] } });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const [job] = Object.values(workflow.jobs);
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(job.steps.map((step) => step.uses ?? step.run)).toEqual([
      'actions/checkout@v4',
      'OWNER/mlgate@v1',
    ]);
    expect(job.steps[1].with).toEqual({ results: 'eval/results.jsonl', gates: '.mlgate/gates.yml' });
  });

  it('says in a comment that the results are read as committed when there is no eval command', () => {
    const text = renderWorkflow(base);
    expect(text).toMatch(/^ {6}# eval\/results\.jsonl is read as committed\./m);
    expect(text).not.toMatch(/^\s+run:/m);
  });

  it('runs the eval command exactly as given, quoting included', () => {
    const command = `python evaluate.py --out "eval/results.jsonl" --note 'a: b' # keep: this`;
    const workflow = parse(renderWorkflow({ ...base, evalCommand: command })) as Workflow;
    const steps = Object.values(workflow.jobs)[0].steps;
    expect(steps.map((step) => step.name ?? step.uses)).toEqual([
      'actions/checkout@v4',
      'Evaluate',
      'mlgate',
    ]);
    expect(steps[1].run).toBe(command);
    const multiline = 'pip install -r requirements.txt\npython evaluate.py --out eval/results.jsonl';
    expect(
      (parse(renderWorkflow({ ...base, evalCommand: multiline })) as Workflow).jobs.mlgate.steps[1].run,
    ).toBe(multiline);
  });

  it('gives the action only inputs its action.yml declares', () => {
    const spec: WorkflowSpec = {
      ...base,
      data: 'data/train.csv',
      contract: '.mlgate/contract.yml',
      format: 'jsonl',
      task: 'multiclass',
    };
    const inputs = actionInputs(spec);
    expect(Object.keys(inputs).sort()).toEqual(['contract', 'data', 'format', 'gates', 'results', 'task']);
    for (const name of Object.keys(inputs)) expect(rootInputs).toContain(name);
    expect((parse(renderWorkflow(spec)) as Workflow).jobs.mlgate.steps.at(-1)!.with).toEqual(inputs);
  });
});
