/**
 * The data profile: what validate-data writes with `profile-path` and reads as `reference-profile`.
 * Every column keeps mergeable sketches, so profiles of shards merge into the profile of the dataset.
 */
import { dataFilesSchema, reportHeaderProperties } from './header.js';
import type { RunContext } from './eval-report.js';

export const DATA_PROFILE_KIND = 'mlgate/data-profile';
export const DATA_PROFILE_VERSION = '1.0';

/** What a non-null value looks like, for --infer and for columns no contract declares. */
export const VALUE_CLASSES = ['integer', 'number', 'boolean', 'date', 'datetime', 'string'] as const;
export type ValueClass = (typeof VALUE_CLASSES)[number];

export interface ColumnSummaryStats {
  nullFraction: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  p01?: number;
  p05?: number;
  p25?: number;
  p50?: number;
  p75?: number;
  p95?: number;
  p99?: number;
  minLength?: number;
  maxLength?: number;
  topValues?: { value: string; count: number }[];
  topValuesExact?: boolean;
  /**
   * Frequent values were not tracked to the end: the column is near unique (ids, free text), so tracking stopped
   * after this many values (packages/data/src/profile/column.ts). Drift leaves such columns out.
   */
  topValuesStopped?: number;
}

export interface ColumnProfileJson {
  name: string;
  /** The declared Table Schema type, or "auto". */
  type: string;
  kind: 'numeric' | 'categorical';
  count: number;
  nulls: number;
  invalid: number;
  nonFinite: number;
  classes: Partial<Record<ValueClass, number>>;
  /** Derived statistics for readers; recomputed from the sketches on merge. */
  summary: ColumnSummaryStats;
  moments: unknown;
  quantiles: unknown;
  distinct: unknown;
  top: unknown;
  lengths: unknown;
  /** Counts over frozen bin edges (the reference's deciles), present when a reference fixed them. */
  histogram?: { edges: number[]; counts: number[] };
  /** Date/datetime columns: value counts by UTC hour of day (0–23; datetimes only) and day of week (Monday 0). */
  calendar?: { hourOfDay?: number[]; dayOfWeek: number[] };
}

export interface ProfileFile {
  path: string;
  format: string;
  rows: number;
}

export interface DataProfile {
  kind: typeof DATA_PROFILE_KIND;
  schemaVersion: string;
  generatedAt: string;
  tool: { name: 'mlgate'; version: string };
  context?: RunContext;
  dataset: string;
  rows: number;
  files: ProfileFile[];
  columns: ColumnProfileJson[];
}

export const dataProfileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlgate.dev/schemas/data-profile.schema.json',
  title: 'mlgate data profile',
  type: 'object',
  required: ['kind', 'schemaVersion', 'generatedAt', 'tool', 'dataset', 'rows', 'files', 'columns'],
  properties: {
    ...reportHeaderProperties(DATA_PROFILE_KIND),
    context: { type: 'object' },
    dataset: { type: 'string' },
    rows: { type: 'integer', minimum: 0 },
    files: dataFilesSchema,
    columns: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'name',
          'type',
          'kind',
          'count',
          'nulls',
          'invalid',
          'nonFinite',
          'classes',
          'summary',
          'moments',
          'quantiles',
          'distinct',
          'top',
          'lengths',
        ],
        properties: {
          name: { type: 'string' },
          type: { type: 'string' },
          kind: { enum: ['numeric', 'categorical'] },
          count: { type: 'integer', minimum: 0 },
          nulls: { type: 'integer', minimum: 0 },
          invalid: { type: 'integer', minimum: 0 },
          nonFinite: { type: 'integer', minimum: 0 },
          classes: { type: 'object', additionalProperties: { type: 'number' } },
          summary: { type: 'object' },
          moments: { type: 'object' },
          quantiles: { type: 'object' },
          distinct: { type: 'object' },
          top: { type: 'object' },
          lengths: { type: 'object' },
          histogram: {
            type: 'object',
            required: ['edges', 'counts'],
            properties: {
              edges: { type: 'array', items: { type: 'number' } },
              counts: { type: 'array', items: { type: 'number' } },
            },
          },
          calendar: {
            type: 'object',
            required: ['dayOfWeek'],
            properties: {
              hourOfDay: { type: 'array', items: { type: 'number' }, minItems: 24, maxItems: 24 },
              dayOfWeek: { type: 'array', items: { type: 'number' }, minItems: 7, maxItems: 7 },
            },
          },
        },
      },
    },
  },
} as const;
