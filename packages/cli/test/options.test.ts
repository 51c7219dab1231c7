import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@mlgate/core';
import { commandLineWords, parseCommandLine } from '../src/options.js';

const help = `Usage: mlgate x --results FILES [options]
  --results FILES     results
  --fail-on WHEN      error | never
  --bake-time D       duration
  --format F          format`;
const options = ['results', 'fail-on', 'bake-time', 'format'];
const words = (message: string) => commandLineWords(message, options, help);

describe('commandLineWords', () => {
  it('words the conventions of the shared input parsers as options', () => {
    expect(words('Input "results" is required.')).toBe('--results FILES is required.');
    expect(words('Input "fail-on" must be one of error, never; got "x".')).toBe(
      '--fail-on must be one of error, never; got "x".',
    );
    expect(words('Input "results": file not found: a.jsonl')).toBe('--results: file not found: a.jsonl');
    expect(words('Inputs "results" and "format" exclude each other')).toBe(
      '--results and --format exclude each other',
    );
    expect(words('"input bake-time" must be a duration')).toBe('--bake-time must be a duration');
    expect(words('set the `format` input or the format input')).toBe('set --format or --format');
  });

  it('leaves names that are not options of the command as they are', () => {
    expect(words('Input "mode" is required.')).toBe('Input "mode" is required.');
    expect(words('Inputs "results" and "mode" exclude each other')).toBe(
      'Inputs "results" and "mode" exclude each other',
    );
    expect(words('the results input file')).toBe('the results input file');
  });
});

describe('parseCommandLine', () => {
  const parse = (...args: string[]) => parseCommandLine(args, ['results', 'gates'], ['json', 'help']);

  it('reads --name value, --name=value, repeated lists, flags, -h and --', () => {
    expect(parse('--results', 'a', '--results=b', '--json', '-h', 'word', '--', '--gates')).toEqual({
      values: { results: 'a,b' },
      flags: { json: true, help: true },
      positionals: ['word', '--gates'],
    });
  });

  it('refuses unknown options with a did you mean, and values for flags', () => {
    const error = (() => {
      try {
        parse('--result', 'a');
      } catch (caught) {
        return caught as ConfigurationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toBe('unknown option --result');
    expect(error?.hint).toBe('did you mean --results?');
    expect(() => parse('-r')).toThrow('unknown option -r');
    expect(() => parse('--json=no')).toThrow('--json takes no value');
    expect(() => parse('--gates')).toThrow('option --gates needs a value');
  });
});
