/** Merging result rows into cases: rows that share an id are repeats of one case (averaged; disagreement = flaky). */
import { InputDataError } from '@mlgate/core';
import { hashText, type CaseColumns } from './case-columns.js';
import type { CaseSource, RawCase } from './types.js';

/** One evaluation case after its repeats are merged. */
export interface EvalCase {
  id: string;
  repeats: number;
  /** Repeats disagree on pass/fail or on the predicted label. */
  flaky: boolean;
  expected?: string | number;
  /** Majority label over repeats (ties: the first seen), or the mean for numbers. */
  predicted?: string | number;
  probability?: number | Record<string, number>;
  /**
   * Cases read from the columns (case-columns.ts) have it: when `probability` is a per-class object, writes what
   * `probability[labels[j]]` reads — `absent[j]` for a label the object lacks — into out[j][at] without building
   * the object, and returns true; otherwise returns false.
   */
  probabilitiesInto?: (
    labels: readonly string[],
    out: readonly Float64Array[],
    at: number,
    absent: ArrayLike<number>,
  ) => boolean;
  scores?: Record<string, number>;
  /** Fraction of repeats that passed (explicit `pass` only). */
  passRate?: number;
  /** Every repeat passed: for pass_all_k. */
  allPassed?: boolean;
  tags?: Record<string, string>;
  latencyMs?: number;
  tokensInput: number;
  tokensOutput: number;
  costUsd: number;
  hasCost: boolean;
  input?: string;
  output?: string;
  /** The first error among repeats. */
  error?: string;
  /** Why scores failed, by score name (the first repeat that says). */
  reasons?: Record<string, string>;
  source: CaseSource;
}

function majority(values: (string | number)[]): string | number {
  const counts = new Map<string | number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  // Counted first, then read in first-seen order, so a tie goes to the label seen first.
  let best = values[0];
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function meanOf(values: number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function mergeNumberMaps(maps: Record<string, number>[]): Record<string, number> | undefined {
  if (maps.length === 0) return undefined;
  const sums = new Map<string, [number, number]>();
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) {
      const entry = sums.get(key) ?? [0, 0];
      entry[0] += value;
      entry[1] += 1;
      sums.set(key, entry);
    }
  }
  return Object.fromEntries([...sums].map(([key, [sum, count]]) => [key, sum / count]));
}

function mergeRepeats(rows: RawCase[]): EvalCase {
  const first = rows[0];
  for (const row of rows) {
    if (row.expected !== undefined && first.expected !== undefined && row.expected !== first.expected) {
      throw new InputDataError(
        `case "${row.id}" has a different expected value (${JSON.stringify(row.expected)}) than its earlier repeat at ${first.source.file}:${first.source.line} (${JSON.stringify(first.expected)})`,
        { ...row.source, field: 'expected' },
      );
    }
  }
  const predictions = rows.flatMap((row) =>
    row.predicted === undefined || row.error !== undefined ? [] : [row.predicted],
  );
  const numericPredictions = predictions.every((value) => typeof value === 'number');
  const passes = rows.flatMap((row) => (row.pass === undefined ? [] : [row.pass]));
  const probabilities = rows.flatMap((row) => (row.probability === undefined ? [] : [row.probability]));
  const latencies = rows.flatMap((row) => (row.latencyMs === undefined ? [] : [row.latencyMs]));
  const errored = rows.find((row) => row.error !== undefined);

  let probability: EvalCase['probability'];
  if (probabilities.length > 0) {
    const numeric = probabilities.filter((value) => typeof value === 'number');
    if (numeric.length !== 0 && numeric.length !== probabilities.length) {
      throw new InputDataError(
        `case "${first.id}" mixes a number and a per-class object as probability across its repeats`,
        {
          ...first.source,
          field: 'probability',
        },
      );
    }
    probability =
      numeric.length > 0 ? meanOf(numeric) : mergeNumberMaps(probabilities as Record<string, number>[]);
  }

  const flaky =
    rows.length > 1 &&
    ((passes.length > 1 && passes.some((value) => value !== passes[0])) ||
      (!numericPredictions &&
        predictions.length > 1 &&
        predictions.some((value) => value !== predictions[0])));

  return {
    id: first.id,
    repeats: rows.length,
    flaky,
    expected: first.expected ?? rows.find((row) => row.expected !== undefined)?.expected,
    predicted:
      predictions.length === 0
        ? undefined
        : numericPredictions && predictions.length > 1
          ? meanOf(predictions)
          : majority(predictions),
    probability,
    scores: mergeNumberMaps(rows.flatMap((row) => (row.scores ? [row.scores] : []))),
    passRate: passes.length === 0 ? undefined : passes.filter(Boolean).length / passes.length,
    allPassed: passes.length === 0 ? undefined : passes.every(Boolean),
    tags: Object.assign({}, ...rows.map((row) => row.tags ?? {})) as Record<string, string>,
    latencyMs: latencies.length === 0 ? undefined : meanOf(latencies),
    tokensInput: rows.reduce((sum, row) => sum + (row.tokens?.input ?? 0), 0),
    tokensOutput: rows.reduce((sum, row) => sum + (row.tokens?.output ?? 0), 0),
    costUsd: rows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0),
    hasCost: rows.some((row) => row.costUsd !== undefined),
    input: first.input,
    output: rows.find((row) => row.output !== undefined)?.output,
    error: errored?.error,
    reasons: rows.find((row) => row.reasons !== undefined)?.reasons,
    source: first.source,
  };
}

/** The common case, kept allocation-light for million-row runs. */
function singleCase(row: RawCase): EvalCase {
  const errored = row.error !== undefined;
  return {
    id: row.id,
    repeats: 1,
    flaky: false,
    expected: row.expected,
    predicted: errored ? undefined : row.predicted,
    probability: row.probability,
    scores: row.scores,
    passRate: row.pass === undefined ? undefined : row.pass ? 1 : 0,
    allPassed: row.pass,
    tags: row.tags,
    latencyMs: row.latencyMs,
    tokensInput: row.tokens?.input ?? 0,
    tokensOutput: row.tokens?.output ?? 0,
    costUsd: row.costUsd ?? 0,
    hasCost: row.costUsd !== undefined,
    input: row.input,
    output: row.output,
    error: row.error,
    reasons: row.reasons,
    source: row.source,
  };
}

/**
 * Rows grouped by id in first-seen order: the first row of every id, and the rows of the ids that repeat
 * (arrays only for those: a million one-row arrays cost ~50 MB). The ids are found in an open-addressing table
 * of row numbers: a Map of a million text keys took most of a second and ~50 MB.
 */
function groupRows(count: number, idOf: (row: number) => string, hashOf: (row: number) => number) {
  const mask = 2 ** Math.max(4, Math.ceil(Math.log2(count * 2))) - 1;
  const slots = new Int32Array(mask + 1).fill(-1);
  const repeats = new Map<number, number[]>();
  const order: number[] = [];
  for (let i = 0; i < count; i++) {
    const hash = hashOf(i);
    let slot = hash & mask;
    while (slots[slot] >= 0 && (hashOf(slots[slot]) !== hash || idOf(slots[slot]) !== idOf(i)))
      slot = (slot + 1) & mask;
    const seen = slots[slot];
    if (seen < 0) {
      slots[slot] = i;
      order.push(i);
    } else {
      const group = repeats.get(seen);
      if (group) group.push(i);
      else repeats.set(seen, [seen, i]);
    }
  }
  return { order, repeats };
}

/** Groups rows by id in first-seen order and merges each group. */
export function mergeCases(rows: RawCase[]): EvalCase[] {
  const hashes = Int32Array.from(rows, (row) => hashText(row.id));
  const { order, repeats } = groupRows(
    rows.length,
    (i) => rows[i].id,
    (i) => hashes[i],
  );
  return order.map((index) => {
    const group = repeats.get(index);
    return group ? mergeRepeats(group.map((i) => rows[i])) : singleCase(rows[index]);
  });
}

/** mergeCases over rows held as columns: an unrepeated id's case is read from the columns, not copied. */
export function mergeColumns(store: CaseColumns): EvalCase[] {
  const hashes = store.takeIdHashes();
  const { order, repeats } = groupRows(
    store.length,
    (i) => store.id(i),
    (i) => hashes[i],
  );
  return order.map((index) => {
    const group = repeats.get(index);
    return group ? mergeRepeats(group.map((i) => store.get(i))) : store.view(index);
  });
}

/** Cases by the value of one tag, sorted by value; cases without the tag are left out. */
export function groupByTag(cases: EvalCase[], tag: string): Map<string, EvalCase[]> {
  const groups = new Map<string, EvalCase[]>();
  for (const item of cases) {
    const value = item.tags?.[tag];
    if (value === undefined) continue;
    const group = groups.get(value);
    if (group) group.push(item);
    else groups.set(value, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
