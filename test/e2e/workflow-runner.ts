/**
 * Runs one job of a workflow file the way the runner does, through the committed bundles: each mlgate step's
 * `with:` (plus its action.yml defaults, as the runner applies them) becomes INPUT_*, `${{ … }}` expressions are
 * evaluated, `if:` decides whether a step runs, and outputs flow to later steps. `run:` steps go to a callback
 * (the test plays the user's evaluation command). Only the expressions documented workflows use are known:
 * anything else throws, so a doc that grows a new expression fails the test instead of running wrongly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runAction, type ActionRun } from './runner.js';

export interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

export interface Job {
  permissions?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  environment?: string;
  outputs?: Record<string, string>;
  steps: WorkflowStep[];
}

export interface Workflow {
  on: Record<string, unknown> | string | string[];
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface StepResult {
  step: WorkflowStep;
  /** undefined: skipped by its `if:`. */
  run?: ActionRun;
  /** The JSON report the step wrote (its `report` output), read at once: a later run writes the same path. */
  report?: unknown;
  outcome: 'success' | 'failure' | 'skipped';
}

export interface JobRun {
  steps: StepResult[];
  failed: boolean;
  /** The results of the mlgate steps by id (or by action name when without id). */
  byId: Record<string, StepResult>;
  /** The job's `outputs:`, evaluated after its steps (for `needs.<job>.outputs.<name>` of later jobs). */
  outputs: Record<string, string>;
}

interface Context {
  eventName: string;
  token: string;
  outputs: Record<string, Record<string, string>>;
  failed: boolean;
  /** GITHUB_REF of the event. */
  ref?: string;
  /** Outputs of the jobs this one needs. */
  needs?: Record<string, Record<string, string>>;
}

export const parseWorkflow = (text: string): Workflow => parse(text) as Workflow;

/** `OWNER/mlgate@v1` → the root action; `OWNER/mlgate/actions/<name>@v1` → that action; else undefined. */
export function mlgateAction(uses: string): { bundle: string; actionFile: string } | undefined {
  const match = /^[^/]+\/mlgate(?:\/actions\/([a-z-]+))?@[^@\s]+$/.exec(uses);
  if (!match) return undefined;
  return match[1]
    ? { bundle: match[1], actionFile: path.join(repoRoot, 'actions', match[1], 'action.yml') }
    : { bundle: 'mlgate', actionFile: path.join(repoRoot, 'action.yml') };
}

function evaluate(expression: string, context: Context): string {
  const expr = expression.trim();
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
  if (output) return context.outputs[output[1]]?.[output[2]] ?? '';
  if (expr === 'github.token') return context.token;
  if (expr === 'github.event_name') return context.eventName;
  if (expr === 'github.ref') return context.ref ?? '';
  const needed = /^needs\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
  if (needed) return context.needs?.[needed[1]]?.[needed[2]] ?? '';
  const literal = /^'([^']*)'$/.exec(expr);
  if (literal) return literal[1];
  throw new Error(`workflow-runner: unsupported expression \${{ ${expr} }}`);
}

/** Replaces every `${{ … }}` in a value. */
export function interpolate(value: string, context: Context): string {
  return value.replace(/\$\{\{([^}]*)\}\}/g, (_, expr: string) => evaluate(expr, context));
}

/** `if:` as the runner reads it: status functions, `&&` of comparisons; no status function means success(). */
function shouldRun(condition: string | undefined, context: Context): boolean {
  const text = (condition ?? '').replace(/^\$\{\{(.*)\}\}$/s, '$1').trim();
  if (!text) return !context.failed;
  let status: boolean | undefined;
  let rest = true;
  for (const term of text.split('&&').map((part) => part.trim())) {
    if (term === 'always()') status = true;
    else if (term === 'success()') status = !context.failed;
    else if (term === 'failure()') status = context.failed;
    else {
      const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(term);
      if (!comparison) throw new Error(`workflow-runner: unsupported condition ${term}`);
      const equal = evaluate(comparison[1], context) === evaluate(comparison[3], context);
      rest &&= comparison[2] === '==' ? equal : !equal;
    }
  }
  return (status ?? !context.failed) && rest;
}

/** The runner applies action.yml defaults (expressions included) to inputs the step does not set. */
function actionInputs(actionFile: string, given: Record<string, string>, context: Context) {
  const action = parse(readFileSync(actionFile, 'utf8')) as {
    inputs?: Record<string, { default?: string; required?: boolean }>;
  };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {}))
    if (spec.default !== undefined) inputs[name] = interpolate(String(spec.default), context);
  for (const [name, value] of Object.entries(given)) {
    if (!(name in (action.inputs ?? {})))
      throw new Error(`workflow-runner: ${name} is not an input of ${path.relative(repoRoot, actionFile)}`);
    inputs[name] = value;
  }
  return inputs;
}

export interface RunJobOptions {
  workspace: string;
  /** GITHUB_* and service variables of the event. */
  env: Record<string, string>;
  eventName: string;
  token: string;
  /** Plays a `run:` step (the user's own command); returns its exit code. */
  onRun: (step: WorkflowStep) => number;
  /** Plays another action's step (upload-artifact, download-artifact …) with its interpolated `with:`. */
  onUses?: (step: WorkflowStep, inputs: Record<string, string>) => number;
  /** Outputs of the jobs this one needs. */
  needs?: Record<string, Record<string, string>>;
}

/** Whether a job runs: its `if:` (status functions on the needed jobs' success), on the event. */
export function jobShouldRun(
  job: Job,
  options: Pick<RunJobOptions, 'eventName' | 'env' | 'token'>,
  neededFailed = false,
): boolean {
  return shouldRun(job.if, {
    eventName: options.eventName,
    token: options.token,
    ref: options.env.GITHUB_REF,
    outputs: {},
    failed: neededFailed,
  });
}

export function runJob(job: Job, options: RunJobOptions): JobRun {
  const context: Context = {
    eventName: options.eventName,
    token: options.token,
    outputs: {},
    failed: false,
    ref: options.env.GITHUB_REF,
    needs: options.needs,
  };
  const steps: StepResult[] = [];
  const byId: Record<string, StepResult> = {};
  for (const step of job.steps) {
    if (!shouldRun(step.if, context)) {
      steps.push({ step, outcome: 'skipped' });
      continue;
    }
    let result: StepResult;
    if (step.run !== undefined) {
      result = { step, outcome: options.onRun(step) === 0 ? 'success' : 'failure' };
    } else if (step.uses?.startsWith('actions/checkout@')) {
      result = { step, outcome: 'success' }; // the workspace is the checkout
    } else {
      const action = step.uses ? mlgateAction(step.uses) : undefined;
      const given = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([name, value]) => [name, interpolate(String(value), context)]),
      );
      if (!action && step.uses && options.onUses) {
        const outcome = options.onUses(step, given) === 0 ? 'success' : 'failure';
        if (outcome === 'failure') context.failed = true;
        steps.push({ step, outcome });
        continue;
      }
      if (!action) throw new Error(`workflow-runner: no way to run ${step.uses ?? JSON.stringify(step)}`);
      const run = runAction(
        action.bundle,
        options.workspace,
        actionInputs(action.actionFile, given, context),
        options.env,
      );
      const report = run.outputs.report ? JSON.parse(readFileSync(run.outputs.report, 'utf8')) : undefined;
      result = { step, run, report, outcome: run.exitCode === 0 ? 'success' : 'failure' };
      if (step.id) context.outputs[step.id] = run.outputs;
      byId[step.id ?? action.bundle] = result;
    }
    if (result.outcome === 'failure') context.failed = true;
    steps.push(result);
  }
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([name, value]) => [name, interpolate(String(value), context)]),
  );
  return { steps, failed: context.failed, byId, outputs };
}
