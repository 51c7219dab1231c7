/** The deploy report: what canary-deploy writes, step by step, with its JSON Schema. */
import { reportHeaderProperties, type RunContext } from '@mlgate/core';
import type { AnalysisRound } from './analysis.js';
import type { RolloutResult, Transition } from './machine.js';

export const DEPLOY_REPORT_KIND = 'mlgate/deploy-report';
export const DEPLOY_REPORT_VERSION = '1.3';

export type StepPhase = 'canary' | 'shadow' | 'idle' | 'switch';

export interface StepRecord {
  /** 1-based position in the plan. */
  index: number;
  label: string;
  phase: StepPhase;
  weight: number;
  mirror: number;
  startedAt: string;
  finishedAt?: string;
  /** pass; fail / inconclusive (analysis); aborted (error, cancellation or timeout during the step). */
  verdict: 'pass' | 'fail' | 'inconclusive' | 'aborted' | 'running';
  reason: string;
  analyses: AnalysisRound[];
  /** The sequential test's last look in this step (counts since the start of the rollout). */
  sequential?: {
    looks: number;
    verdict: 'pass' | 'fail';
    reason: string;
    pValue: number;
    canaryRequests: number;
    canaryErrors: number;
    stableRequests: number;
    stableErrors: number;
  };
}

export interface DeployReport {
  kind: typeof DEPLOY_REPORT_KIND;
  schemaVersion: string;
  generatedAt: string;
  tool: { name: 'mlgate'; version: string };
  context?: RunContext;
  action: 'rollout' | 'start' | 'promote' | 'abort';
  strategy: 'canary' | 'shadow' | 'blue-green';
  router: { kind: string; description: string };
  versions: { stable: string; canary: string };
  result: RolloutResult;
  /** Share of traffic on the new version when the run ended; null when the router's state is unknown. */
  finalWeight: number | null;
  /** Share of traffic mirrored to the new version when the run ended; null when unknown. */
  finalMirror: number | null;
  reason: string;
  summary: string;
  startedAt: string;
  finishedAt: string;
  lineage?: { manifest: string; modelId: string; evaluation?: { outcome: string; passed: boolean } };
  /** The smoke checks of the new version at 0 %, before the first traffic step. */
  smoke?: { verdict: 'pass' | 'fail'; reason: string; checks: AnalysisRound['metrics'] };
  /** The sequential analysis' settings and how many looks it took. */
  sequential?: {
    name: string;
    alpha: number;
    relativeTolerance: number;
    absoluteTolerance?: number;
    looks: number;
  };
  steps: StepRecord[];
  transitions: Transition[];
  /** detail: set when nothing had to be undone ("router unchanged …"). */
  rollback?: { at: string; reason: string; ok: boolean; error?: string; detail?: string };
}

const split = { type: 'number', minimum: 0, maximum: 100 } as const;
/** null: the router's state is unknown (the rollback failed). */
const finalSplit = { type: ['number', 'null'], minimum: 0, maximum: 100 } as const;
const counts = {
  type: 'object',
  required: ['errors', 'requests'],
  properties: { errors: { type: 'integer', minimum: 0 }, requests: { type: 'integer', minimum: 0 } },
} as const;
const metricResults = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'verdict', 'reason', 'query'],
    properties: {
      name: { type: 'string' },
      verdict: { enum: ['pass', 'fail', 'inconclusive', 'error'] },
      reason: { type: 'string' },
      query: { type: 'string' },
      stableQuery: { type: 'string' },
      canary: { type: ['number', 'null'] },
      stable: { type: ['number', 'null'] },
      pValue: { type: 'number' },
      samples: { type: 'integer' },
      counts: {
        type: 'object',
        properties: { canary: counts, stable: counts },
      },
      stableFrom: {
        oneOf: [
          { const: 'bounds' },
          {
            type: 'object',
            required: ['step', 'at'],
            properties: { step: { type: 'integer' }, at: { type: 'string' } },
          },
        ],
      },
    },
  },
} as const;
const round = {
  type: 'object',
  required: ['at', 'verdict', 'reason', 'metrics'],
  properties: {
    at: { type: 'string' },
    requests: { type: 'number' },
    verdict: { enum: ['pass', 'fail', 'inconclusive', 'error'] },
    reason: { type: 'string' },
    metrics: metricResults,
  },
} as const;
export const deployReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlgate.dev/schemas/deploy-report.schema.json',
  title: 'mlgate deploy report',
  type: 'object',
  required: [
    'kind',
    'schemaVersion',
    'generatedAt',
    'tool',
    'action',
    'strategy',
    'router',
    'versions',
    'result',
    'finalWeight',
    'finalMirror',
    'reason',
    'summary',
    'startedAt',
    'finishedAt',
    'steps',
    'transitions',
  ],
  properties: {
    ...reportHeaderProperties(DEPLOY_REPORT_KIND),
    context: { type: 'object' },
    action: { enum: ['rollout', 'start', 'promote', 'abort'] },
    strategy: { enum: ['canary', 'shadow', 'blue-green'] },
    router: {
      type: 'object',
      required: ['kind', 'description'],
      properties: { kind: { type: 'string' }, description: { type: 'string' } },
    },
    versions: {
      type: 'object',
      required: ['stable', 'canary'],
      properties: { stable: { type: 'string' }, canary: { type: 'string' } },
    },
    result: { enum: ['promoted', 'paused', 'rolled-back', 'aborted'] },
    finalWeight: finalSplit,
    finalMirror: finalSplit,
    reason: { type: 'string' },
    summary: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    lineage: {
      type: 'object',
      required: ['manifest', 'modelId'],
      properties: {
        manifest: { type: 'string' },
        modelId: { type: 'string' },
        evaluation: {
          type: 'object',
          required: ['outcome', 'passed'],
          properties: { outcome: { type: 'string' }, passed: { type: 'boolean' } },
        },
      },
    },
    smoke: {
      type: 'object',
      required: ['verdict', 'reason', 'checks'],
      properties: { verdict: { enum: ['pass', 'fail'] }, reason: { type: 'string' }, checks: metricResults },
    },
    sequential: {
      type: 'object',
      required: ['name', 'alpha', 'relativeTolerance', 'looks'],
      properties: {
        name: { type: 'string' },
        alpha: { type: 'number' },
        relativeTolerance: { type: 'number' },
        absoluteTolerance: { type: 'number' },
        looks: { type: 'integer' },
      },
    },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'index',
          'label',
          'phase',
          'weight',
          'mirror',
          'startedAt',
          'verdict',
          'reason',
          'analyses',
        ],
        properties: {
          index: { type: 'integer', minimum: 1 },
          label: { type: 'string' },
          phase: { enum: ['canary', 'shadow', 'idle', 'switch'] },
          weight: split,
          mirror: split,
          startedAt: { type: 'string' },
          finishedAt: { type: 'string' },
          verdict: { enum: ['pass', 'fail', 'inconclusive', 'aborted', 'running'] },
          reason: { type: 'string' },
          analyses: { type: 'array', items: round },
          sequential: {
            type: 'object',
            required: ['looks', 'verdict', 'reason', 'pValue'],
            properties: {
              looks: { type: 'integer' },
              verdict: { enum: ['pass', 'fail'] },
              reason: { type: 'string' },
              pValue: { type: 'number' },
              canaryRequests: { type: 'number' },
              canaryErrors: { type: 'number' },
              stableRequests: { type: 'number' },
              stableErrors: { type: 'number' },
            },
          },
        },
      },
    },
    transitions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'from', 'to', 'event'],
        properties: {
          at: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          event: { type: 'string' },
        },
      },
    },
    rollback: {
      type: 'object',
      required: ['at', 'reason', 'ok'],
      properties: {
        at: { type: 'string' },
        reason: { type: 'string' },
        ok: { type: 'boolean' },
        error: { type: 'string' },
        detail: { type: 'string' },
      },
    },
  },
} as const;
