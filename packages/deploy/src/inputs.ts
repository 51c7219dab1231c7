/** The canary-deploy inputs (action inputs and CLI options share names and rules), parsed and validated once. */
import path from 'node:path';
import {
  ConfigurationError,
  parseBoolean,
  parseChoice,
  parseList,
  parseNumber,
  requireInput,
  type InputSource,
} from '@mlgate/core';
import { ROUTER_KINDS, type RouterKind } from './routers/index.js';
import { parseDeployDuration } from './duration.js';
import { checkVersionLabel } from './template.js';

export const DEPLOY_ACTIONS = ['rollout', 'start', 'promote', 'abort'] as const;
export const STRATEGIES = ['canary', 'shadow', 'blue-green'] as const;

export interface CanaryDeployInputs {
  workspace: string;
  action: (typeof DEPLOY_ACTIONS)[number];
  strategy: (typeof STRATEGIES)[number];
  router: RouterKind;
  /** As given (for messages) and resolved. */
  config: string;
  configPath: string;
  analysis?: string;
  analysisPath?: string;
  steps: number[];
  bakeMs: number;
  shadowPercent: number;
  shadowThenCanary: boolean;
  pauseAt?: number;
  versions: { stable: string; canary: string };
  failureLimit: number;
  consecutiveErrorLimit: number;
  inconclusivePolicy: 'pause' | 'rollback' | 'fail';
  inconclusiveLimit: number;
  inconclusiveFallback: 'rollback' | 'fail';
  timeoutMs: number;
  routerTimeoutMs: number;
  requireLineage?: string;
  /** require-lineage refuses a model evaluated without a baseline too (by default such a first model is accepted). */
  requireLineageStrict?: boolean;
  model: string[];
  state?: string;
  stateFile: string;
  reportPath: string;
  failOn: 'error' | 'never';
}

/** "5,10,25,50,100" → [5, 10, 25, 50, 100]: increasing, in (0, 100], ending at 100. */
export function parseSteps(raw: string): number[] {
  const items = parseList(raw.trim() === '' ? '5,10,25,50,100' : raw);
  const steps = items.map((item) => Number(item.replace(/%$/, '')));
  const bad = items.find(
    (item, index) => !Number.isFinite(steps[index]) || steps[index] <= 0 || steps[index] > 100,
  );
  if (bad !== undefined)
    throw new ConfigurationError(`Input "steps": "${bad}" is not a percentage in (0, 100].`);
  for (let i = 1; i < steps.length; i++)
    if (steps[i] <= steps[i - 1])
      throw new ConfigurationError(`Input "steps" must increase; ${steps[i]} follows ${steps[i - 1]}.`);
  if (steps[steps.length - 1] !== 100)
    throw new ConfigurationError(`Input "steps" must end at 100 (the promotion); got ${steps.join(',')}.`);
  return steps;
}

export function parseCanaryDeployInputs(input: InputSource, workspace: string): CanaryDeployInputs {
  const duration = (name: string, fallback: string) =>
    parseDeployDuration(`Input "${name}"`, input(name).trim() || fallback);
  const action = parseChoice('action', input('action'), DEPLOY_ACTIONS, 'rollout');
  const strategy = parseChoice('strategy', input('strategy'), STRATEGIES, 'canary');
  const router = parseChoice('router', requireInput('router', input('router')), ROUTER_KINDS, 'nginx');
  const config = requireInput('config', input('config'));
  const analysis = input('analysis').trim() || undefined;
  const steps = parseSteps(input('steps'));
  const pauseAtRaw = input('pause-at').trim();
  const pauseAt =
    pauseAtRaw === '' ? undefined : parseNumber('pause-at', pauseAtRaw, 0, { min: 0, max: 100 });
  if (
    pauseAt !== undefined &&
    strategy !== 'blue-green' &&
    !(strategy === 'shadow' && pauseAt === 0) &&
    !steps.includes(pauseAt)
  )
    throw new ConfigurationError(
      `Input "pause-at" must be one of the steps (${steps.join(', ')}); got ${pauseAt}.`,
    );
  const inconclusivePolicy = parseChoice(
    'inconclusive-policy',
    input('inconclusive-policy'),
    ['pause', 'rollback', 'fail'] as const,
    'pause',
  );
  return {
    workspace,
    action,
    strategy,
    router,
    config,
    configPath: path.resolve(workspace, config),
    analysis,
    analysisPath: analysis ? path.resolve(workspace, analysis) : undefined,
    steps,
    bakeMs: duration('bake-time', '5m'),
    shadowPercent: parseNumber('shadow-percent', input('shadow-percent'), 100, {
      min: 0,
      max: 100,
      exclusiveMin: true,
    }),
    shadowThenCanary: parseBoolean('shadow-then-canary', input('shadow-then-canary'), false),
    pauseAt,
    versions: {
      stable: checkVersionLabel('stable-version', input('stable-version').trim() || 'stable'),
      canary: checkVersionLabel('canary-version', input('canary-version').trim() || 'canary'),
    },
    failureLimit: parseNumber('failure-limit', input('failure-limit'), 0, { min: 0 }),
    consecutiveErrorLimit: parseNumber('consecutive-error-limit', input('consecutive-error-limit'), 4, {
      min: 0,
    }),
    inconclusivePolicy,
    inconclusiveLimit: parseNumber('inconclusive-limit', input('inconclusive-limit'), 3, { min: 0 }),
    inconclusiveFallback: parseChoice(
      'inconclusive-fallback',
      input('inconclusive-fallback'),
      ['rollback', 'fail'] as const,
      'rollback',
    ),
    timeoutMs: duration('timeout', '60m'),
    routerTimeoutMs: duration('router-timeout', '2m'),
    requireLineage: input('require-lineage').trim() || undefined,
    requireLineageStrict: parseBoolean('require-lineage-strict', input('require-lineage-strict'), false),
    model: parseList(input('model')),
    state: input('state').trim() || undefined,
    stateFile: path.resolve(
      workspace,
      input('state-file').trim() || 'mlgate-reports/canary-deploy-state.json',
    ),
    reportPath: path.resolve(
      workspace,
      input('report-path').trim() || 'mlgate-reports/canary-deploy-report.json',
    ),
    failOn: parseChoice('fail-on', input('fail-on'), ['error', 'never'] as const, 'error'),
  };
}

/** The resolved configuration, one line per setting, printed at start. */
export function describeInputs(inputs: CanaryDeployInputs): string[] {
  return [
    `action: ${inputs.action}; strategy: ${inputs.strategy}; router: ${inputs.router}`,
    `config: ${inputs.config}${inputs.analysis ? `; analysis: ${inputs.analysis}` : ''}`,
    inputs.strategy === 'blue-green'
      ? 'plan: analyse the idle side, then switch 100%'
      : inputs.strategy === 'shadow'
        ? `plan: mirror ${inputs.shadowPercent}%${inputs.shadowThenCanary ? `, then canary steps ${inputs.steps.join(', ')}` : ''}`
        : `plan: canary steps ${inputs.steps.join(', ')}`,
    `bake-time: ${inputs.bakeMs}ms; timeout: ${inputs.timeoutMs}ms; router-timeout: ${inputs.routerTimeoutMs}ms`,
    `versions: stable=${inputs.versions.stable} canary=${inputs.versions.canary}`,
    `failure-limit: ${inputs.failureLimit}; consecutive-error-limit: ${inputs.consecutiveErrorLimit}; inconclusive-policy: ${inputs.inconclusivePolicy} (limit ${inputs.inconclusiveLimit}, then ${inputs.inconclusiveFallback})`,
    `require-lineage: ${inputs.requireLineage ? `${inputs.requireLineage}${inputs.requireLineageStrict ? ' (strict)' : ''}` : 'no'}${inputs.pauseAt !== undefined ? `; pause-at: ${inputs.pauseAt}` : ''}; fail-on: ${inputs.failOn}`,
  ];
}
