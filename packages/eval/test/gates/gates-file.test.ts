import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError, describeError } from '@mlgate/core';
import { loadGatesFile } from '../../src/gates/gates-file.js';
import { Workspace, yaml } from './workspace.js';

const workspace = new Workspace();
afterAll(() => workspace.remove());

async function gatesError(text: string): Promise<ConfigurationError> {
  const name = workspace.write(`gates-${Math.random().toString(36).slice(2)}.yml`, text);
  let caught: unknown;
  await loadGatesFile(workspace.path(name), '.mlgate/gates.yml').catch((error: unknown) => (caught = error));
  expect(caught).toBeInstanceOf(ConfigurationError);
  return caught as ConfigurationError;
}

/** The gates file of the eval-gate issue, comments included. */
const ISSUE_EXAMPLE = yaml(
  'significance: 0.05',
  'gates:',
  '  - metric: f1_macro',
  '    min: 0.85',
  '  - metric: accuracy',
  '    max-drop: 0.02            # absolute drop allowed vs baseline',
  '  - metric: faithfulness',
  '    max-drop-relative: 0.03   # 3% relative drop allowed vs baseline',
  '  - metric: accuracy',
  '    by: domain                # every value of tags.domain must pass',
  '    min: 0.80',
  '  - metric: latency_p95_ms',
  '    max: 800',
  '    severity: warn            # reported, never fails the job',
  '  - metric: cost_usd',
  '    max: 5.00',
);

describe('loadGatesFile', () => {
  it('loads the example of the issue with every rule, default severity and line', async () => {
    const file = workspace.write('.mlgate/gates.yml', ISSUE_EXAMPLE);
    const config = await loadGatesFile(workspace.path(file), '.mlgate/gates.yml');
    expect(config.file).toBe('.mlgate/gates.yml');
    expect(config.significance).toBe(0.05);
    expect(config.gates).toEqual([
      { metric: 'f1_macro', min: 0.85, severity: 'error', line: 3 },
      { metric: 'accuracy', maxDrop: 0.02, severity: 'error', line: 5 },
      { metric: 'faithfulness', maxDropRelative: 0.03, severity: 'error', line: 7 },
      { metric: 'accuracy', by: 'domain', min: 0.8, severity: 'error', line: 9 },
      { metric: 'latency_p95_ms', max: 800, severity: 'warn', line: 12 },
      { metric: 'cost_usd', max: 5, severity: 'error', line: 15 },
    ]);
    expect(config.lineOf(['gates', 3, 'by'])).toBe(10);
  });

  it('reads the run options, labels and positive label as text', async () => {
    const file = workspace.write(
      'options.yml',
      yaml(
        'positive-label: 1',
        'labels: [0, 1]',
        'fairness:',
        '  tag: gender',
        'bootstrap:',
        '  resamples: 200',
        '  seed: 7',
        'min-shared-cases: 10',
        'gates:',
        '  - metric: accuracy',
        '    min: 0.5',
      ),
    );
    const config = await loadGatesFile(workspace.path(file));
    expect(config).toMatchObject({
      positiveLabel: '1',
      labels: ['0', '1'],
      fairnessTag: 'gender',
      resamples: 200,
      seed: 7,
      minSharedCases: 10,
    });
  });

  it('names the line of a gate with no rule', async () => {
    const error = await gatesError(
      yaml('gates:', '  - metric: accuracy', '    min: 0.8', '  - metric: f1_macro', '    by: domain'),
    );
    expect(error.message).toBe('gates[1]: needs at least one of min, max, max-drop, max-drop-relative');
    expect(error.location).toEqual({ file: '.mlgate/gates.yml', line: 4, field: 'gates[1]' });
  });

  it('rejects min greater than max, naming the gate', async () => {
    const error = await gatesError(yaml('gates:', '  - metric: accuracy', '    min: 0.9', '    max: 0.8'));
    expect(error.message).toBe('gates[0]: min (0.9) is greater than max (0.8)');
    expect(error.location).toEqual({ file: '.mlgate/gates.yml', line: 2, field: 'gates[0].min' });
  });

  it('names a misspelt rule at its line', async () => {
    const error = await gatesError(yaml('gates:', '  - metric: accuracy', '    max_drop: 0.02'));
    expect(error.message).toBe('gates[0].max_drop: unknown field "max_drop"');
    expect(error.location).toEqual({ file: '.mlgate/gates.yml', line: 3, field: 'gates[0].max_drop' });
  });

  it('suggests the key a typo meant, with the file and line (docs/eval-gate.md promises it)', async () => {
    const minimum = await gatesError(yaml('gates:', '  - metric: accuracy', '    minimum: 0.8'));
    expect(minimum.hint).toBe('did you mean "min"?');
    expect(describeError(minimum)).toBe(
      '.mlgate/gates.yml:3 (field "gates[0].minimum"): gates[0].minimum: unknown field "minimum"; did you mean "min"?',
    );
    for (const [lines, hint] of [
      [['gates:', '  - metric: accuracy', '    max_drop: 0.02'], 'did you mean "max-drop"?'],
      [['gates:', '  - metric: accuracy', '    max-drop-rel: 0.02'], 'did you mean "max-drop-relative"?'],
      [['gates:', '  - metric: accuracy', '    min: 0.8', '    severty: warn'], 'did you mean "severity"?'],
      [
        ['signficance: 0.05', 'gates:', '  - metric: accuracy', '    min: 0.8'],
        'did you mean "significance"?',
      ],
      [['gate:', '  - metric: accuracy'], 'did you mean "gates"?'],
      [
        ['bootstrap: { resample: 10 }', 'gates:', '  - metric: accuracy', '    min: 0.8'],
        'did you mean "resamples"?',
      ],
    ] as const) {
      expect((await gatesError(yaml(...lines))).hint).toBe(hint);
    }
    // A wrong value of a closed list too.
    expect(
      describeError(
        await gatesError(yaml('gates:', '  - metric: accuracy', '    min: 0.8', '    severity: warning')),
      ),
    ).toContain('gates[0].severity: must be one of "error", "warn"; did you mean "warn"?');
    // Nothing close: no guess.
    expect(
      (await gatesError(yaml('gates:', '  - metric: accuracy', '    owner: ml-team'))).hint,
    ).toBeUndefined();
  });

  it('rejects a negative allowance, an unknown severity and a significance out of range', async () => {
    expect(
      (await gatesError(yaml('gates:', '  - metric: accuracy', '    max-drop: -0.1'))).location,
    ).toMatchObject({
      line: 3,
      field: 'gates[0].max-drop',
    });
    expect(
      (await gatesError(yaml('gates:', '  - metric: accuracy', '    min: 0.1', '    severity: info')))
        .message,
    ).toBe('gates[0].severity: must be one of "error", "warn"');
    expect(
      (await gatesError(yaml('significance: 0.5', 'gates:', '  - metric: accuracy', '    min: 0.1')))
        .location,
    ).toMatchObject({ line: 1, field: 'significance' });
  });

  it('rejects a file without gates and an empty file', async () => {
    expect((await gatesError(yaml('significance: 0.05'))).message).toBe(
      '(top level): missing required field "gates"',
    );
    expect((await gatesError('')).location).toMatchObject({ file: '.mlgate/gates.yml' });
  });

  it('says a missing gates file is missing', async () => {
    let caught: unknown;
    await loadGatesFile(workspace.path('nope.yml'), '.mlgate/nope.yml').catch(
      (error: unknown) => (caught = error),
    );
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).message).toBe('gates file not found');
    expect((caught as ConfigurationError).location).toEqual({ file: '.mlgate/nope.yml' });
  });
});
