/** Which cases changed between the baseline and this run: the list reviewers read first. */
import type { CaseDiffEntry, CaseStatus, ScoreHistogram } from '@mlgate/core';
import { CASE_STATUSES } from '@mlgate/core';
import type { EvalCase } from './cases.js';

/** Scores closer than this are "unchanged" (float noise from averaging repeats). */
const SCORE_TOLERANCE = 1e-9;

/** Did the case pass: its explicit pass verdict, else (classification) predicted = expected; errors fail. */
export function casePassed(item: EvalCase, regression: boolean): boolean | undefined {
  if (item.passRate !== undefined) return item.passRate >= 0.5;
  if (item.error !== undefined) return false;
  if (!regression && item.expected !== undefined && item.predicted !== undefined)
    return String(item.predicted) === String(item.expected);
  return undefined;
}

/** The number the diff compares: pass rate, −|error| for regression, else the mean of the scores. */
export function caseScore(item: EvalCase, regression: boolean): number | undefined {
  if (item.passRate !== undefined) return item.passRate;
  if (regression && typeof item.expected === 'number' && typeof item.predicted === 'number')
    return -Math.abs(item.predicted - item.expected);
  if (item.scores) {
    const values = Object.values(item.scores);
    if (values.length > 0) return values.reduce((sum, value) => sum + value, 0) / values.length;
  }
  const passed = casePassed(item, regression);
  return passed === undefined ? undefined : passed ? 1 : 0;
}

export interface CaseDiff {
  counts: Record<CaseStatus, number>;
  /** Entries in reading order: regressions first; at most `limit` per status. */
  cases: CaseDiffEntry[];
  omitted: number;
}

function statusOf(before: EvalCase, after: EvalCase, regression: boolean): CaseStatus | undefined {
  const passedBefore = casePassed(before, regression);
  const passedAfter = casePassed(after, regression);
  if (passedBefore !== undefined && passedAfter !== undefined) {
    // With a verdict on both sides, only a flip is news: score jitter of a case that still passes is not.
    if (passedBefore && !passedAfter) return 'regressed';
    if (!passedBefore && passedAfter) return 'improved';
    return passedBefore ? undefined : 'still-failing';
  }
  const scoreBefore = caseScore(before, regression);
  const scoreAfter = caseScore(after, regression);
  if (scoreBefore === undefined || scoreAfter === undefined) return undefined;
  if (scoreAfter < scoreBefore - SCORE_TOLERANCE) return 'regressed';
  if (scoreAfter > scoreBefore + SCORE_TOLERANCE) return 'improved';
  return undefined;
}

const snapshot = (item: EvalCase, regression: boolean) => ({
  pass: casePassed(item, regression),
  score: caseScore(item, regression),
});

export function diffCases(
  current: EvalCase[],
  baseline: EvalCase[],
  regression: boolean,
  limit = 1000,
): CaseDiff {
  const counts = Object.fromEntries(CASE_STATUSES.map((status) => [status, 0])) as Record<CaseStatus, number>;
  const byStatus = new Map<CaseStatus, CaseDiffEntry[]>(CASE_STATUSES.map((status) => [status, []]));
  const baselineById = new Map(baseline.map((item) => [item.id, item]));
  const currentIds = new Set<string>();
  const add = (status: CaseStatus, entry: CaseDiffEntry) => {
    counts[status]++;
    const list = byStatus.get(status)!;
    if (list.length < limit) list.push(entry);
  };
  for (const item of current) {
    currentIds.add(item.id);
    const before = baselineById.get(item.id);
    const text = {
      input: item.input,
      expected: item.expected,
      output: item.output,
      ...(item.reasons ? { reasons: item.reasons } : {}),
    };
    if (item.flaky)
      add('flaky', {
        id: item.id,
        status: 'flaky',
        before: before && snapshot(before, regression),
        after: snapshot(item, regression),
        ...text,
      });
    else if (!before) add('new', { id: item.id, status: 'new', after: snapshot(item, regression), ...text });
    else {
      const status = statusOf(before, item, regression);
      if (status)
        add(status, {
          id: item.id,
          status,
          before: snapshot(before, regression),
          after: snapshot(item, regression),
          ...text,
        });
    }
  }
  for (const item of baseline) {
    if (!currentIds.has(item.id)) {
      add('removed', {
        id: item.id,
        status: 'removed',
        before: snapshot(item, regression),
        input: item.input,
        expected: item.expected,
        output: item.output,
      });
    }
  }
  // Biggest score changes first within a status, so the worst regressions lead.
  const change = (entry: CaseDiffEntry) => Math.abs((entry.after?.score ?? 0) - (entry.before?.score ?? 0));
  const cases = CASE_STATUSES.flatMap((status) =>
    byStatus.get(status)!.sort((a, b) => change(b) - change(a)),
  );
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { counts, cases, omitted: total - cases.length };
}

/** Ten-bin histogram of per-case scores, or undefined when some score is missing or outside [0, 1]. */
export function scoreHistogram(cases: EvalCase[], regression: boolean): ScoreHistogram | undefined {
  const counts = new Array<number>(10).fill(0);
  let binary = true;
  for (const item of cases) {
    const score = caseScore(item, regression);
    if (score === undefined || !(score >= 0 && score <= 1)) return undefined;
    if (score !== 0 && score !== 1) binary = false;
    // The epsilon keeps 0.3 (0.29999… in binary) in the [0.3, 0.4) bin.
    counts[Math.min(9, Math.floor(score * 10 + 1e-9))]++;
  }
  return cases.length > 0 ? { counts, binary } : undefined;
}
