/** Deciding what kind of evaluation a run is (binary, multiclass, regression, scores) and its label set. */
import { ConfigurationError, InputDataError } from '@mlgate/core';
import type { EvalCase } from './cases.js';
import type { TaskKind } from './types.js';

export interface TaskSpec {
  task: TaskKind;
  /** Classification: every label, sorted; indices into this list encode labels. */
  labels: string[];
  /** Binary: the class whose precision/recall/F1 and probability are reported. */
  positiveLabel?: string;
}

/** Positive labels recognised without configuration, by the negative label they pair with. */
const CONVENTIONAL_POSITIVES: [string, string][] = [
  ['0', '1'],
  ['false', 'true'],
  ['no', 'yes'],
  ['neg', 'pos'],
  ['negative', 'positive'],
  ['fail', 'pass'],
  ['incorrect', 'correct'],
];

const labelText = (value: string | number): string => String(value);

/**
 * Reference answers rather than class labels: almost every case has its own expected text (generative QA, NER
 * strings), so the run is scored as text (exact match, token F1) instead of as a classifier with a class per case.
 */
function isFreeText(cases: EvalCase[]): boolean {
  const distinct = new Set<string>();
  for (const item of cases) {
    if (typeof item.expected !== 'string') return false;
    // Past 100 distinct texts the answer is known; only the type of the rest is still checked.
    if (distinct.size <= 100) distinct.add(item.expected);
  }
  return distinct.size > 100 || (distinct.size > 10 && distinct.size > cases.length / 2);
}

/** Numeric targets with fractions, or integers with many distinct values (counts, 0–100 ratings), are regression. */
function isRegression(cases: EvalCase[]): boolean {
  const distinct = new Set<number>();
  let fractional = false;
  for (const item of cases) {
    if (typeof item.expected !== 'number') return false;
    if (item.predicted !== undefined && typeof item.predicted !== 'number') return false;
    if (
      !Number.isInteger(item.expected) ||
      (typeof item.predicted === 'number' && !Number.isInteger(item.predicted))
    )
      fractional = true;
    if (distinct.size <= 20) distinct.add(item.expected);
  }
  return fractional || distinct.size > 20;
}

/** Picks the task from the data when `requested` is auto, and checks the cases carry what the task needs. */
export function resolveTask(
  cases: EvalCase[],
  requested: TaskKind | 'auto',
  options: { labels?: string[]; positiveLabel?: string; gatesFile?: string } = {},
): TaskSpec {
  const withTargets = cases.every((item) => item.expected !== undefined)
    ? cases
    : cases.filter((item) => item.expected !== undefined);
  let task = requested !== 'auto' ? requested : detectTask(cases, withTargets);

  if (task === 'scores') {
    checkScoresCases(cases);
    return { task, labels: [] };
  }
  checkTargets(cases, task);
  if (task === 'regression') {
    checkRegressionCases(cases);
    return { task, labels: [] };
  }

  const labels = classificationLabels(cases, withTargets, options.labels);
  if (task === 'classification') task = labels.length <= 2 ? 'binary' : 'multiclass';
  if (task === 'binary') {
    if (labels.length > 2) {
      throw new ConfigurationError(
        `task is binary but the results have ${labels.length} labels: ${labels.slice(0, 10).join(', ')}`,
        {
          file: cases[0].source.file,
          field: 'task',
        },
      );
    }
    return { task, labels, positiveLabel: choosePositive(labels, options.positiveLabel, options.gatesFile) };
  }
  return { task, labels };
}

/** The task `auto` means for these cases; 'classification' = binary or multiclass, decided once the labels are known. */
function detectTask(cases: EvalCase[], withTargets: EvalCase[]): TaskKind | 'classification' {
  if (withTargets.length > 0)
    return isRegression(withTargets) ? 'regression' : isFreeText(withTargets) ? 'scores' : 'classification';
  if (cases.some((item) => item.scores !== undefined || item.passRate !== undefined)) return 'scores';
  // Every case errored before it was scored (an Inspect sample whose sandbox failed): error_rate is what to gate.
  if (cases.length > 0 && cases.every((item) => item.error !== undefined)) return 'scores';
  throw new InputDataError(
    'cannot tell the task: the results have neither expected/predicted values nor scores or pass; set the `task` input or add those fields',
    { file: cases[0]?.source.file ?? 'results', line: cases[0]?.source.line, field: 'expected' },
  );
}

/** A scores task: every case has scores, pass, an error, or a reference text and an answer (exact match, token F1). */
function checkScoresCases(cases: EvalCase[]): void {
  const answered = (item: EvalCase) =>
    typeof item.expected === 'string' && (typeof item.predicted === 'string' || item.output !== undefined);
  const bare = cases.find(
    (item) =>
      item.scores === undefined && item.passRate === undefined && item.error === undefined && !answered(item),
  );
  if (bare)
    throw new InputDataError('a scores task needs `scores` or `pass` on every case', {
      ...bare.source,
      field: 'scores',
    });
}

/** Classification and regression: every case has `expected`, and `predicted` unless an error explains its absence. */
function checkTargets(cases: EvalCase[], task: TaskKind | 'classification'): void {
  for (const item of cases) {
    if (item.expected === undefined)
      throw new InputDataError(`a ${task} task needs \`expected\` on every case`, {
        ...item.source,
        field: 'expected',
      });
    if (item.predicted === undefined && item.error === undefined) {
      throw new InputDataError('missing `predicted` (and no `error` to explain it)', {
        ...item.source,
        field: 'predicted',
      });
    }
  }
}

function checkRegressionCases(cases: EvalCase[]): void {
  for (const item of cases) {
    if (typeof item.expected !== 'number')
      throw new InputDataError(
        `regression needs numeric \`expected\`; got ${JSON.stringify(item.expected)}`,
        {
          ...item.source,
          field: 'expected',
        },
      );
    if (item.predicted !== undefined && typeof item.predicted !== 'number') {
      throw new InputDataError(
        `regression needs numeric \`predicted\`; got ${JSON.stringify(item.predicted)}`,
        {
          ...item.source,
          field: 'predicted',
        },
      );
    }
  }
}

/** Classification: the label set (the declared one, or every expected label), sorted; every label is in it. */
function classificationLabels(
  cases: EvalCase[],
  withTargets: EvalCase[],
  declared: string[] | undefined,
): string[] {
  const labelSet = new Set<string>(declared);
  if (!declared) for (const item of withTargets) labelSet.add(labelText(item.expected!));
  for (const item of cases) {
    if (declared && !labelSet.has(labelText(item.expected!))) {
      throw new InputDataError(
        `expected label ${JSON.stringify(item.expected)} is not among the labels declared in the gates file`,
        {
          ...item.source,
          field: 'expected',
        },
      );
    }
    if (item.predicted !== undefined && !labelSet.has(labelText(item.predicted))) {
      throw new InputDataError(
        `predicted label ${JSON.stringify(item.predicted)} never occurs as an expected label; if it is a real class, list every class under \`labels:\` in the gates file`,
        { ...item.source, field: 'predicted' },
      );
    }
  }
  return [...labelSet].sort();
}

function choosePositive(
  labels: string[],
  configured: string | undefined,
  gatesFile: string | undefined,
): string {
  if (configured !== undefined) {
    if (!labels.includes(configured) && labels.length === 2) {
      throw new ConfigurationError(
        `positive-label ${JSON.stringify(configured)} is not one of the labels ${labels.join(', ')}`,
        {
          file: gatesFile ?? 'gates',
          field: 'positive-label',
        },
      );
    }
    return configured;
  }
  const lower = labels.map((label) => label.toLowerCase());
  for (const [negative, positive] of CONVENTIONAL_POSITIVES) {
    if (lower.every((label) => label === negative || label === positive)) {
      const index = lower.indexOf(positive);
      return index >= 0 ? labels[index] : positive;
    }
  }
  throw new ConfigurationError(
    `binary labels ${labels.map((label) => JSON.stringify(label)).join(' and ')} have no conventional positive class; set \`positive-label\` in the gates file`,
    { file: gatesFile ?? 'gates', field: 'positive-label' },
  );
}
