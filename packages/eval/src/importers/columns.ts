/**
 * The `columns` mapping: read a CSV (or JSONL) whose column (field) names are a tool's own (a Ragas `evaluate()` table, an MLflow
 * `eval_results_table`, a team's CSV) by saying which column is which canonical field, instead of renaming them:
 * `{id: user_input, expected: reference, scores: [context_recall, context_precision], probability: "proba_*"}`.
 * `scores` and `tags` take a list of columns (each becomes a dimension or tag of its own name); a `probability`
 * pattern with `*` names one column per class (`proba_spam` → class `spam`).
 */
import { ConfigurationError, InputDataError, parseConfigText, suggestKey } from '@mlgate/core';
import { setKey } from './fields.js';

const SINGLE_FIELDS = [
  'id',
  'expected',
  'predicted',
  'probability',
  'pass',
  'latency_ms',
  'cost_usd',
  'input',
  'output',
  'error',
] as const;
type SingleField = (typeof SINGLE_FIELDS)[number];

export type ColumnMapping = Partial<Record<SingleField, string>> & { scores?: string[]; tags?: string[] };

/** JSON Schema of the mapping: the columns input, and the gates file's `columns` key. */
export const COLUMNS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...Object.fromEntries(SINGLE_FIELDS.map((field) => [field, { type: 'string', minLength: 1 }])),
    scores: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    tags: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  },
};

/** Parses the `columns` input (YAML or JSON); an empty input is no mapping. */
export function parseColumnMapping(text: string): ColumnMapping | undefined {
  if (text.trim() === '') return undefined;
  const { value } = parseConfigText<ColumnMapping>(text, COLUMNS_SCHEMA, 'columns', 'the columns input');
  if (value === null || typeof value !== 'object')
    throw new ConfigurationError('columns must be a mapping of canonical field → column name', {
      file: 'columns',
    });
  return value;
}

/** The mapping compiled once: which canonical names each source column feeds, in a fixed order. */
export class ColumnMapper {
  private readonly named = new Map<string, string[]>();
  private readonly pattern?: { before: string; after: string };
  /** Every column the mapping names, with the field it feeds (for "the file has no such column" errors). */
  readonly mapped: { field: string; column: string }[] = [];

  constructor(readonly mapping: ColumnMapping) {
    const add = (column: string, name: string, field: string) => {
      const names = this.named.get(column);
      if (names) names.push(name);
      else this.named.set(column, [name]);
      this.mapped.push({ field, column });
    };
    for (const field of SINGLE_FIELDS) {
      const column = mapping[field];
      if (column === undefined) continue;
      if (field === 'probability' && column.includes('*')) {
        const [before, after] = column.split('*', 2);
        this.pattern = { before, after };
        continue;
      }
      add(column, field, field);
    }
    for (const field of ['scores', 'tags'] as const)
      for (const column of mapping[field] ?? []) add(column, `${field}.${column}`, field);
  }

  /**
   * The canonical names `column` feeds: `["expected"]`, `["scores.faithfulness"]`, `["id", "input"]` for a column
   * mapped twice, `["probability.spam"]` for a column matching the probability pattern; `[]` when unmapped.
   */
  namesOf(column: string): string[] {
    const names = this.named.get(column) ?? [];
    const pattern = this.pattern;
    if (
      pattern &&
      column.length > pattern.before.length + pattern.after.length &&
      column.startsWith(pattern.before) &&
      column.endsWith(pattern.after)
    )
      return [
        ...names,
        `probability.${column.slice(pattern.before.length, column.length - pattern.after.length)}`,
      ];
    return names;
  }

  /**
   * Throws, naming the field and the nearest present name, when a mapped column is not among `present` (a CSV
   * header, or every field any JSONL line had) or the probability pattern matches none of them.
   */
  checkPresent(
    present: readonly string[],
    where: { file: string; line?: number; lacking: string; listed: 'columns' | 'fields' },
  ): void {
    const missing = (field: string, column: string): never => {
      const hint = suggestKey(column, present);
      throw new InputDataError(
        `the columns input maps ${field} to the column "${column}", which ${where.lacking}` +
          `${hint ? ` (did you mean "${hint}"?)` : ''}; ${where.listed}: ` +
          `${present.slice(0, 40).join(', ')}${present.length > 40 ? ', …' : ''}`,
        { file: where.file, ...(where.line ? { line: where.line } : {}), field: `columns.${field}` },
      );
    };
    const has = new Set(present);
    for (const { field, column } of this.mapped) if (!has.has(column)) missing(field, column);
    if (
      this.pattern &&
      !present.some((column) => this.namesOf(column).some((name) => name.startsWith('probability.')))
    )
      missing('probability', this.mapping.probability!);
  }
}

/** A header under a mapping: the canonical names, and the columns that feed a second field (`id` and `input`). */
export interface MappedHeader {
  names: string[];
  copies: { from: number; name: string }[];
}

/**
 * The canonical name of every header cell under `mapping` (`scores.<column>`, `probability.<class>`…); columns
 * the mapping does not name keep their own name. A mapped column missing from the header is an error naming it.
 */
export function mapHeader(header: string[], mapping: ColumnMapping, file: string): MappedHeader {
  const mapper = new ColumnMapper(mapping);
  mapper.checkPresent(header, { file, line: 1, lacking: 'the header does not have', listed: 'columns' });
  const names = [...header];
  const copies: MappedHeader['copies'] = [];
  header.forEach((column, index) => {
    const [first, ...more] = mapper.namesOf(column);
    if (first !== undefined) names[index] = first;
    for (const name of more) copies.push({ from: index, name });
  });
  return { names, copies };
}

/**
 * A JSON object (a JSONL line) under the mapping: each mapped field is moved to its canonical place
 * (`scores.faithfulness` → `scores: {faithfulness}`), unmapped fields are kept as they are; a null value is a
 * missing value. `seen` collects the field names met, for `checkPresent` once the file is read.
 */
export function mapObject(value: unknown, mapper: ColumnMapper, seen: Set<string>): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const moved: [string, unknown][] = [];
  for (const key in source) {
    const names = mapper.namesOf(key);
    // Mapped names always (for checkPresent); others only for its "did you mean", bounded.
    if (names.length > 0 || seen.size < 1000) seen.add(key);
    if (names.length === 0) setKey(out, key, source[key]);
    else if (source[key] !== null) for (const name of names) moved.push([name, source[key]]);
  }
  // Mapped fields win over an unmapped field of the same canonical name.
  for (const [name, entry] of moved) {
    const dot = name.indexOf('.');
    if (dot < 0) {
      setKey(out, name, entry);
      continue;
    }
    const field = name.slice(0, dot);
    const current = out[field];
    const nested: Record<string, unknown> =
      current !== null && typeof current === 'object' && !Array.isArray(current)
        ? { ...(current as Record<string, unknown>) }
        : {};
    setKey(nested, name.slice(dot + 1), entry);
    out[field] = nested;
  }
  return out;
}
