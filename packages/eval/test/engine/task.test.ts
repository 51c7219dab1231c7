import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, InputDataError } from '@mlgate/core';
import { resolveTask } from '../../src/task.js';
import { casesOf, FILE, labelled, thrown } from './helpers.js';

describe('resolveTask: detection', () => {
  it('reads numeric 0/1 labels as binary with positive class "1"', () => {
    const cases = casesOf([
      { id: 'a', expected: 0, predicted: 0 },
      { id: 'b', expected: 1, predicted: 0 },
      { id: 'c', expected: 1, predicted: 1 },
    ]);
    expect(resolveTask(cases, 'auto')).toEqual({ task: 'binary', labels: ['0', '1'], positiveLabel: '1' });
  });

  it('reads text "0"/"1" and yes/no as binary with the conventional positive class', () => {
    const digits = casesOf(
      labelled([
        ['a', '0', '1'],
        ['b', '1', '1'],
      ]),
    );
    expect(resolveTask(digits, 'auto')).toEqual({ task: 'binary', labels: ['0', '1'], positiveLabel: '1' });
    const words = casesOf(
      labelled([
        ['a', 'yes', 'no'],
        ['b', 'no', 'no'],
      ]),
    );
    expect(resolveTask(words, 'auto')).toEqual({
      task: 'binary',
      labels: ['no', 'yes'],
      positiveLabel: 'yes',
    });
    const capitalised = casesOf(
      labelled([
        ['a', 'True', 'False'],
        ['b', 'False', 'False'],
      ]),
    );
    expect(resolveTask(capitalised, 'auto').positiveLabel).toBe('True');
  });

  it('reads three or more labels as multiclass, sorted, without a positive class', () => {
    const cases = casesOf(
      labelled([
        ['a', 'technical', 'billing'],
        ['b', 'billing', 'billing'],
        ['c', 'account', 'account'],
      ]),
    );
    expect(resolveTask(cases, 'auto')).toEqual({
      task: 'multiclass',
      labels: ['account', 'billing', 'technical'],
    });
  });

  it('reads fractional numbers as regression', () => {
    const cases = casesOf([
      { id: 'a', expected: 1.5, predicted: 1 },
      { id: 'b', expected: 2, predicted: 2 },
    ]);
    expect(resolveTask(cases, 'auto')).toEqual({ task: 'regression', labels: [] });
    const fractionalPrediction = casesOf([
      { id: 'a', expected: 1, predicted: 1.25 },
      { id: 'b', expected: 0, predicted: 0 },
    ]);
    expect(resolveTask(fractionalPrediction, 'auto').task).toBe('regression');
  });

  it('reads integers with more than 20 distinct values as regression, 20 as multiclass', () => {
    const integers = (count: number) =>
      casesOf(Array.from({ length: count }, (_, i) => ({ id: `c${i}`, expected: i * 5, predicted: i * 5 })));
    expect(resolveTask(integers(21), 'auto').task).toBe('regression');
    const twenty = resolveTask(integers(20), 'auto');
    expect(twenty.task).toBe('multiclass');
    expect(twenty.labels).toHaveLength(20);
  });

  it('reads results with only scores or pass as a scores task', () => {
    expect(
      resolveTask(
        casesOf([
          { id: 'a', scores: { relevance: 0.5 } },
          { id: 'b', pass: true },
        ]),
        'auto',
      ),
    ).toEqual({
      task: 'scores',
      labels: [],
    });
  });

  it('keeps a requested task', () => {
    const cases = casesOf(
      labelled([
        ['a', 'yes', 'no'],
        ['b', 'no', 'no'],
      ]),
    );
    expect(resolveTask(cases, 'multiclass')).toEqual({ task: 'multiclass', labels: ['no', 'yes'] });
  });
});

describe('resolveTask: labels', () => {
  it('lets declared labels include a class missing from the expected values', () => {
    const cases = casesOf(
      labelled([
        ['a', 'billing', 'other'],
        ['b', 'account', 'account'],
      ]),
    );
    expect(resolveTask(cases, 'auto', { labels: ['account', 'billing', 'other'] })).toEqual({
      task: 'multiclass',
      labels: ['account', 'billing', 'other'],
    });
  });

  it('rejects an expected label outside the declared ones', () => {
    const cases = casesOf(
      labelled([
        ['a', 'billing', 'billing'],
        ['b', 'spam', 'billing'],
      ]),
    );
    const error = thrown(InputDataError, () =>
      resolveTask(cases, 'auto', { labels: ['billing', 'account'] }),
    );
    expect(error.location).toEqual({ file: FILE, line: 2, field: 'expected' });
  });

  it('uses a configured positive label and rejects one that is not a label', () => {
    const cases = casesOf(
      labelled([
        ['a', 'cat', 'dog'],
        ['b', 'dog', 'dog'],
      ]),
    );
    expect(resolveTask(cases, 'auto', { positiveLabel: 'dog' }).positiveLabel).toBe('dog');
    const error = thrown(ConfigurationError, () =>
      resolveTask(cases, 'auto', { positiveLabel: 'bird', gatesFile: '.mlgate/gates.yml' }),
    );
    expect(error.location).toEqual({ file: '.mlgate/gates.yml', field: 'positive-label' });
  });

  it('asks for positive-label when binary labels are unconventional', () => {
    const cases = casesOf(
      labelled([
        ['a', 'cat', 'dog'],
        ['b', 'dog', 'dog'],
      ]),
    );
    const error = thrown(ConfigurationError, () =>
      resolveTask(cases, 'auto', { gatesFile: '.mlgate/gates.yml' }),
    );
    expect(error.message).toContain('positive-label');
    expect(error.location).toEqual({ file: '.mlgate/gates.yml', field: 'positive-label' });
  });

  it('rejects a binary task with three labels', () => {
    const cases = casesOf(
      labelled([
        ['a', 'x', 'x'],
        ['b', 'y', 'y'],
        ['c', 'z', 'z'],
      ]),
    );
    const error = thrown(ConfigurationError, () => resolveTask(cases, 'binary'));
    expect(error.location).toMatchObject({ field: 'task' });
  });
});

describe('resolveTask: bad results', () => {
  it('names the line and field of a predicted label never expected', () => {
    const cases = casesOf(
      labelled([
        ['a', 'spam', 'spam'],
        ['b', 'ham', 'ham'],
        ['c', 'ham', 'eggs'],
      ]),
    );
    const error = thrown(InputDataError, () => resolveTask(cases, 'auto'));
    expect(error.location).toEqual({ file: FILE, line: 3, field: 'predicted' });
    expect(error.message).toContain('"eggs"');
  });

  it('names the line of a missing prediction without an error to explain it', () => {
    const cases = casesOf([
      { id: 'a', expected: 'spam', predicted: 'spam' },
      { id: 'b', expected: 'ham' },
    ]);
    const error = thrown(InputDataError, () => resolveTask(cases, 'auto'));
    expect(error.location).toEqual({ file: FILE, line: 2, field: 'predicted' });
  });

  it('accepts a missing prediction explained by an error', () => {
    const cases = casesOf([
      { id: 'a', expected: 'yes', predicted: 'yes' },
      { id: 'b', expected: 'no', predicted: 'no' },
      { id: 'c', expected: 'no', error: 'timeout' },
    ]);
    expect(resolveTask(cases, 'auto').task).toBe('binary');
  });

  it('rejects results with nothing to evaluate', () => {
    const error = thrown(InputDataError, () => resolveTask(casesOf([{ id: 'a', latencyMs: 3 }]), 'auto'));
    expect(error.location).toMatchObject({ file: FILE, line: 1 });
  });

  it('names a case without scores or pass in a scores task', () => {
    const cases = casesOf([
      { id: 'a', pass: true },
      { id: 'b', output: 'hello' },
    ]);
    const error = thrown(InputDataError, () => resolveTask(cases, 'scores'));
    expect(error.location).toEqual({ file: FILE, line: 2, field: 'scores' });
  });

  it('names a non-numeric value in a regression task', () => {
    const cases = casesOf([
      { id: 'a', expected: 1.5, predicted: 1 },
      { id: 'b', expected: 2, predicted: 'two' },
    ]);
    const error = thrown(InputDataError, () => resolveTask(cases, 'regression'));
    expect(error.location).toEqual({ file: FILE, line: 2, field: 'predicted' });
  });
});
