/**
 * The `columns` mapping: read a CSV whose column names are a tool's own (a Ragas `evaluate()` table, an MLflow
 * `eval_results_table`, a team's CSV) by saying which column is which canonical field, instead of renaming them:
 * `{id: user_input, expected: reference, scores: [context_recall, context_precision], probability: "proba_*"}`.
 * `scores` and `tags` take a list of columns (each becomes a dimension or tag of its own name); a `probability`
 * pattern with `*` names one column per class (`proba_spam` → class `spam`).
 */
import { ConfigurationError, InputDataError, parseConfigText, suggestKey } from '@mlgate/core';

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

const COLUMNS_SCHEMA = {
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
  const renamed = [...header];
  const copies: MappedHeader['copies'] = [];
  const assign = (index: number, name: string) => {
    if (renamed[index] === header[index]) renamed[index] = name;
    else copies.push({ from: index, name });
  };
  const place = (column: string) => header.indexOf(column);
  const missing = (field: string, column: string): never => {
    const hint = suggestKey(column, header);
    throw new InputDataError(
      `the columns input maps ${field} to the column "${column}", which the header does not have` +
        `${hint ? ` (did you mean "${hint}"?)` : ''}; columns: ${header.join(', ')}`,
      { file, line: 1, field: `columns.${field}` },
    );
  };
  for (const field of SINGLE_FIELDS) {
    const column = mapping[field];
    if (column === undefined) continue;
    if (field === 'probability' && column.includes('*')) {
      const [before, after] = column.split('*', 2);
      const matched = header.filter(
        (name) =>
          name.length > before.length + after.length && name.startsWith(before) && name.endsWith(after),
      );
      if (matched.length === 0) missing(field, column);
      for (const name of matched)
        assign(place(name), `probability.${name.slice(before.length, name.length - after.length)}`);
      continue;
    }
    if (place(column) < 0) missing(field, column);
    assign(place(column), field);
  }
  for (const field of ['scores', 'tags'] as const) {
    for (const column of mapping[field] ?? []) {
      if (place(column) < 0) missing(field, column);
      assign(place(column), `${field}.${column}`);
    }
  }
  return { names: renamed, copies };
}
