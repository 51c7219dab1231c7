import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfigFile, parseConfigText, readablePath } from '../src/config.js';
import { ConfigurationError, describeError, formatLocation } from '../src/errors.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mlgate-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A small gates-like schema. */
const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['gates'],
  properties: {
    significance: { type: 'number' },
    gates: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric'],
        properties: {
          metric: { type: 'string' },
          min: { type: 'number' },
          severity: { enum: ['error', 'warn'] },
        },
      },
    },
  },
};

interface Config {
  significance?: number;
  gates: { metric: string; min?: number; severity?: string }[];
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

function configError(action: () => unknown): ConfigurationError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigurationError);
  return caught as ConfigurationError;
}

const parse = (text: string) => parseConfigText<Config>(text, schema, 'ci/gates.yml', 'gates file');

describe('parseConfigText', () => {
  it('returns the value and the line of every node', () => {
    const { value, lineOf } = parse(
      lines(
        'significance: 0.05',
        'gates:',
        '  - metric: accuracy',
        '    min: 0.8',
        '  - metric: f1',
        '    min: 0.7',
      ),
    );
    expect(value).toEqual({
      significance: 0.05,
      gates: [
        { metric: 'accuracy', min: 0.8 },
        { metric: 'f1', min: 0.7 },
      ],
    });
    expect(lineOf(['significance'])).toBe(1);
    expect(lineOf(['gates', 0])).toBe(3);
    expect(lineOf(['gates', 1, 'min'])).toBe(6);
    // A missing field points at its parent.
    expect(lineOf(['gates', 1, 'severity'])).toBe(5);
  });

  it('reads JSON, which is YAML, with lines', () => {
    const { value, lineOf } = parse('{\n  "gates": [\n    {"metric": "accuracy", "min": 0.9}\n  ]\n}\n');
    expect(value.gates[0].min).toBe(0.9);
    expect(lineOf(['gates', 0, 'min'])).toBe(3);
  });

  it('names the line and column of broken YAML', () => {
    const error = configError(() =>
      parse(lines('gates:', '  - metric: accuracy', '    min: 0.8', '   severity: warn')),
    );
    expect(error.message).toMatch(/^invalid YAML in gates file: /);
    expect(error.location).toEqual({ file: 'ci/gates.yml', line: 4, column: expect.any(Number) });
  });

  it('names the line of an unterminated quote', () => {
    const error = configError(() => parse(lines('gates:', '  - metric: "accuracy', '    min: 0.8')));
    expect(error.message).toMatch(/invalid YAML in gates file: .*quote/);
    expect(error.location?.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects duplicate keys, naming the second one', () => {
    const error = configError(() =>
      parse(lines('gates:', '  - metric: accuracy', '    min: 0.8', '    min: 0.9')),
    );
    expect(error.message).toMatch(/invalid YAML in gates file: .*unique/i);
    expect(error.location).toMatchObject({ file: 'ci/gates.yml', line: 4, column: 5 });
  });

  it('names the exact line and field of an unknown field', () => {
    const error = configError(() =>
      parse(
        lines(
          'significance: 0.05',
          'gates:',
          '  - metric: accuracy',
          '    min: 0.8',
          '  - metric: f1',
          '    mni: 0.7',
        ),
      ),
    );
    expect(error.message).toBe('gates[1].mni: unknown field "mni"');
    expect(error.location).toEqual({ file: 'ci/gates.yml', line: 6, field: 'gates[1].mni' });
  });

  it('names the line of the key, not of its value, for an unknown field holding a block', () => {
    const error = configError(() =>
      parse(lines('gates:', '  - metric: accuracy', '    options:', '      strict: true', '      level: 2')),
    );
    expect(error.location).toEqual({ file: 'ci/gates.yml', line: 3, field: 'gates[0].options' });
  });

  it('names the line of an unknown field left empty', () => {
    const error = configError(() =>
      parse(lines('gates:', '  - metric: accuracy', '    note:', '    min: 1')),
    );
    expect(error.location).toEqual({ file: 'ci/gates.yml', line: 3, field: 'gates[0].note' });
  });

  it('prefers an unknown top-level field (a typo) over the missing field it causes', () => {
    const error = configError(() => parse(lines('significance: 0.05', 'gate:', '  - metric: accuracy')));
    expect(error.message).toBe('gate: unknown field "gate"');
    expect(error.location).toMatchObject({ line: 2, field: 'gate' });
  });

  it('names the path of a value of the wrong type', () => {
    const error = configError(() =>
      parse(lines('gates:', '  - metric: accuracy', '    min: 0.8', '  - metric: f1', '    min: high')),
    );
    expect(error.message).toBe('gates[1].min: must be number');
    expect(error.location).toEqual({ file: 'ci/gates.yml', line: 5, field: 'gates[1].min' });
  });

  it('lists the allowed values of an enum', () => {
    const error = configError(() => parse(lines('gates:', '  - metric: accuracy', '    severity: fatal')));
    expect(error.message).toBe('gates[0].severity: must be one of "error", "warn"');
    expect(error.location?.line).toBe(3);
  });

  it('names a missing required field at its parent', () => {
    const error = configError(() => parse(lines('gates:', '  - min: 0.8')));
    expect(error.message).toBe('gates[0]: missing required field "metric"');
    expect(error.location?.line).toBe(2);
  });

  it('rejects an empty file as a configuration error', () => {
    const error = configError(() => parse(''));
    expect(error.location?.file).toBe('ci/gates.yml');
    expect(error.message).toMatch(/^\(top level\): /);
  });

  it('rejects an alias bomb as a configuration error, not a crash', () => {
    const bomb = lines(
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'gates: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    );
    const error = configError(() => parse(bomb));
    expect(error.location?.file).toBe('ci/gates.yml');
  });
});

describe('loadConfigFile', () => {
  it('reads and validates a file', async () => {
    const file = path.join(directory, 'ok.yml');
    writeFileSync(file, lines('gates:', '  - metric: accuracy', '    min: 0.8'));
    const { value } = await loadConfigFile<Config>(file, schema);
    expect(value.gates).toEqual([{ metric: 'accuracy', min: 0.8 }]);
  });

  it('names the file shown to the user when it is missing', async () => {
    let caught: unknown;
    await loadConfigFile(
      path.join(directory, 'missing.yml'),
      schema,
      '.mlgate/gates.yml',
      'gates file',
    ).catch((error: unknown) => (caught = error));
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).message).toBe('gates file not found');
    expect((caught as ConfigurationError).location).toEqual({ file: '.mlgate/gates.yml' });
  });

  it('names the file in validation errors', async () => {
    const file = path.join(directory, 'bad.yml');
    writeFileSync(file, lines('gates:', '  - metric: 3'));
    let caught: unknown;
    await loadConfigFile(file, schema, 'shown.yml').catch((error: unknown) => (caught = error));
    expect((caught as ConfigurationError).location).toEqual({
      file: 'shown.yml',
      line: 2,
      field: 'gates[0].metric',
    });
  });
});

describe('readablePath', () => {
  it('reads JSON pointers the way users write paths', () => {
    expect(readablePath('')).toBe('(top level)');
    expect(readablePath('/gates/2/min')).toBe('gates[2].min');
    expect(readablePath('/a~1b/c~0d')).toBe('a/b.c~d');
    expect(readablePath('/0/x')).toBe('[0].x');
  });
});

describe('error locations', () => {
  it('formats file, line, column and field', () => {
    expect(formatLocation({ file: 'g.yml', line: 3, column: 5, field: 'gates[0].min' })).toBe(
      'g.yml:3:5 (field "gates[0].min")',
    );
    expect(formatLocation({ file: 'g.yml', column: 5 })).toBe('g.yml');
    expect(describeError(new ConfigurationError('bad', { file: 'g.yml', line: 2 }))).toBe('g.yml:2: bad');
    expect(describeError('thrown text')).toBe('Unexpected error: thrown text');
  });
});
