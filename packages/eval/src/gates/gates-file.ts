/** The gates file: which metrics must hold which thresholds, and how far they may drop from the baseline. */
import { ConfigurationError, loadConfigFile } from '@mlgate/core';
import { COLUMNS_SCHEMA, type ColumnMapping } from '../importers/columns.js';

export interface GateSpec {
  metric: string;
  min?: number;
  max?: number;
  /** Absolute worsening allowed vs baseline, in the metric's own units. */
  maxDrop?: number;
  /** Relative worsening allowed vs baseline (0.03 = 3%). */
  maxDropRelative?: number;
  /** Tag name: the gate applies to every value of tags.<by> separately. */
  by?: string;
  severity: 'error' | 'warn';
  /** Line of the gate in the gates file, for annotations. */
  line?: number;
}

export interface GatesConfig {
  file?: string;
  significance?: number;
  positiveLabel?: string;
  /** The full label set, when some labels may be missing from this run's expected values. */
  labels?: string[];
  fairnessTag?: string;
  resamples?: number;
  seed?: number;
  /** Fewer shared cases than this and a baseline comparison is inconclusive. */
  minSharedCases?: number;
  /** CSV/JSONL results with their own column names: which is which canonical field (as the columns input). */
  columns?: ColumnMapping;
  gates: GateSpec[];
  /** Line of a top-level key or gate field, for errors found after loading (an unknown metric). */
  lineOf: (path: (string | number)[]) => number | undefined;
}

const finite = { type: 'number' } as const;

export const gatesFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlgate.dev/schemas/gates.schema.json',
  title: 'mlgate gates file',
  type: 'object',
  additionalProperties: false,
  required: ['gates'],
  properties: {
    significance: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.5 },
    'positive-label': { type: ['string', 'number', 'boolean'] },
    labels: {
      type: 'array',
      items: { type: ['string', 'number', 'boolean'] },
      minItems: 2,
      uniqueItems: true,
    },
    fairness: {
      type: 'object',
      additionalProperties: false,
      required: ['tag'],
      properties: { tag: { type: 'string', minLength: 1 } },
    },
    bootstrap: {
      type: 'object',
      additionalProperties: false,
      properties: {
        resamples: { type: 'integer', minimum: 0, maximum: 100000 },
        seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
      },
    },
    'min-shared-cases': { type: 'integer', minimum: 1 },
    columns: COLUMNS_SCHEMA,
    gates: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric'],
        anyOf: [
          { required: ['min'] },
          { required: ['max'] },
          { required: ['max-drop'] },
          { required: ['max-drop-relative'] },
        ],
        properties: {
          metric: { type: 'string', minLength: 1 },
          min: finite,
          max: finite,
          'max-drop': { type: 'number', minimum: 0 },
          'max-drop-relative': { type: 'number', minimum: 0 },
          by: { type: 'string', minLength: 1 },
          severity: { enum: ['error', 'warn'] },
        },
      },
    },
  },
} as const;

interface GatesFileJson {
  significance?: number;
  'positive-label'?: string | number | boolean;
  labels?: (string | number | boolean)[];
  fairness?: { tag: string };
  bootstrap?: { resamples?: number; seed?: number };
  'min-shared-cases'?: number;
  columns?: ColumnMapping;
  gates: {
    metric: string;
    min?: number;
    max?: number;
    'max-drop'?: number;
    'max-drop-relative'?: number;
    by?: string;
    severity?: 'error' | 'warn';
  }[];
}

export async function loadGatesFile(file: string, displayName = file): Promise<GatesConfig> {
  const { value, lineOf } = await loadConfigFile<GatesFileJson | null>(
    file,
    gatesFileSchema,
    displayName,
    'gates file',
  );
  const gates = value!.gates.map((gate, index): GateSpec => {
    if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max) {
      throw new ConfigurationError(`gates[${index}]: min (${gate.min}) is greater than max (${gate.max})`, {
        file: displayName,
        line: lineOf(['gates', index]),
        field: `gates[${index}].min`,
      });
    }
    return {
      metric: gate.metric,
      min: gate.min,
      max: gate.max,
      maxDrop: gate['max-drop'],
      maxDropRelative: gate['max-drop-relative'],
      by: gate.by,
      severity: gate.severity ?? 'error',
      line: lineOf(['gates', index]),
    };
  });
  return {
    file: displayName,
    significance: value!.significance,
    positiveLabel: value!['positive-label'] === undefined ? undefined : String(value!['positive-label']),
    labels: value!.labels?.map(String),
    fairnessTag: value!.fairness?.tag,
    resamples: value!.bootstrap?.resamples,
    seed: value!.bootstrap?.seed,
    minSharedCases: value!['min-shared-cases'],
    columns: value!.columns,
    gates,
    lineOf,
  };
}

/** No gates file: metrics are reported, nothing is gated. */
export const noGates: GatesConfig = { gates: [], lineOf: () => undefined };
