/**
 * runner.ts against @actions/core (the reference it replaces for start-up time): the same hostile values through
 * both must give the same GITHUB_OUTPUT/GITHUB_STATE bytes (the random delimiters aside) and the same stdout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as core from '@actions/core';
import * as runner from '../src/runner.js';

const hostile = [
  'plain',
  '',
  'a\nb',
  'a\r\nb\rc',
  '100% %0A %25',
  'key: value, other: x',
  '::error::forged',
  '\n::set-output name=passed::true',
  'ghadelimiter_00000000-0000-0000-0000-000000000000',
  'x\nghadelimiter_12345678-1234-1234-1234-123456789abc\ny',
  'EOF\nname<<EOF\n',
  'ünïcødé ✓ 🧪 \u202e\u200b',
  '  padded  ',
  'x'.repeat(1 << 20),
];

const work = mkdtempSync(path.join(tmpdir(), 'mlgate-runner-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let written: string[] = [];
beforeEach(() => {
  written = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(chunk.toString());
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) delete process.env[name];
  process.exitCode = undefined;
});

/** What `write` printed on stdout. */
function stdoutOf(write: () => void): string {
  written = [];
  write();
  return written.join('');
}

/** A file command file with each heredoc's random delimiter replaced by DELIMITER (checking it is one). */
function normalised(text: string): string {
  let out = text;
  for (const match of text.matchAll(/<<(ghadelimiter_[0-9a-f-]{36})\n/g))
    out = out.split(match[1]).join('DELIMITER');
  return out;
}

/** The file a file command writes to after `write`, fresh for each run. */
function fileAfter(variable: 'GITHUB_OUTPUT' | 'GITHUB_STATE', write: () => void): string {
  const file = path.join(work, `${variable}-${Math.random()}`);
  writeFileSync(file, '');
  process.env[variable] = file;
  write();
  return normalised(readFileSync(file, 'utf8'));
}

describe('file commands', () => {
  it('writes GITHUB_OUTPUT as @actions/core does', () => {
    const theirs = fileAfter('GITHUB_OUTPUT', () =>
      hostile.forEach((value, i) => core.setOutput(`out-${i}`, value)),
    );
    const ours = fileAfter('GITHUB_OUTPUT', () =>
      hostile.forEach((value, i) => runner.setOutput(`out-${i}`, value)),
    );
    expect(ours).toBe(theirs);
    // Each value reads back whole: a would-be delimiter inside it does not end its heredoc.
    const parts = ours.split(/^out-\d+<<DELIMITER\n/m).slice(1);
    expect(parts.map((part) => part.slice(0, part.lastIndexOf('\nDELIMITER\n')))).toEqual(hostile);
  });

  it('writes GITHUB_STATE as @actions/core does, and reads it back from STATE_*', () => {
    const theirs = fileAfter('GITHUB_STATE', () =>
      hostile.forEach((value, i) => core.saveState(`s${i}`, value)),
    );
    const ours = fileAfter('GITHUB_STATE', () =>
      hostile.forEach((value, i) => runner.saveState(`s${i}`, value)),
    );
    expect(ours).toBe(theirs);
    process.env.STATE_started = ' true ';
    expect(runner.getState('started')).toBe(core.getState('started'));
    expect(runner.getState('never-saved')).toBe('');
    delete process.env.STATE_started;
  });

  it('refuses a value or name holding the delimiter, in the library’s words', () => {
    expect(() => runner.keyValueMessage('name', 'a\nDELIM\nb', 'DELIM')).toThrow(
      'Unexpected input: value should not contain the delimiter "DELIM"',
    );
    expect(() => runner.keyValueMessage('nDELIM', 'v', 'DELIM')).toThrow(
      'Unexpected input: name should not contain the delimiter "DELIM"',
    );
  });

  it('fails as the library does when the file is missing, and falls back to commands without one', () => {
    process.env.GITHUB_OUTPUT = path.join(work, 'absent');
    expect(() => runner.setOutput('a', 'b')).toThrow(`Missing file at path: ${path.join(work, 'absent')}`);
    expect(() => core.setOutput('a', 'b')).toThrow(`Missing file at path: ${path.join(work, 'absent')}`);
    delete process.env.GITHUB_OUTPUT;
    for (const value of hostile.slice(0, 12)) {
      expect(stdoutOf(() => runner.setOutput('a:b,c', value))).toBe(
        stdoutOf(() => core.setOutput('a:b,c', value)),
      );
      expect(stdoutOf(() => runner.saveState('s', value))).toBe(stdoutOf(() => core.saveState('s', value)));
    }
  });
});

describe('workflow commands on stdout', () => {
  const locations: runner.AnnotationProperties[] = [
    {},
    { title: 'mlgate: gates[0].min' },
    { file: 'data/a,b:c.csv', startLine: 12, startColumn: 3, title: 'mlgate: x' },
    { file: 'eval/\n::error::x%.jsonl', startLine: 0, startColumn: 0 },
    { file: '', title: undefined },
    { file: 'f', startLine: 1, endLine: 2, startColumn: 3, endColumn: 4, title: 't,%\r\n' },
  ];

  it('writes annotations, debug lines, groups and failures byte for byte as @actions/core', async () => {
    for (const message of hostile)
      for (const properties of locations) {
        expect(stdoutOf(() => runner.error(message, properties))).toBe(
          stdoutOf(() => core.error(message, properties)),
        );
        expect(stdoutOf(() => runner.warning(message, properties))).toBe(
          stdoutOf(() => core.warning(message, properties)),
        );
        expect(stdoutOf(() => runner.notice(message, properties))).toBe(
          stdoutOf(() => core.notice(message, properties)),
        );
      }
    for (const message of hostile) {
      expect(stdoutOf(() => runner.debug(message))).toBe(stdoutOf(() => core.debug(message)));
      expect(stdoutOf(() => runner.writeLine(message))).toBe(stdoutOf(() => core.info(message)));
      expect(stdoutOf(() => runner.setFailed(message))).toBe(stdoutOf(() => core.setFailed(message)));
      expect(process.exitCode).toBe(1);
    }
    written = [];
    await runner.group('a\n::b', () => Promise.resolve(runner.debug('inside')));
    const ours = written.join('');
    written = [];
    await core.group('a\n::b', () => Promise.resolve(core.debug('inside')));
    expect(ours).toBe(written.join(''));
  });

  it('closes a group whose body throws', async () => {
    await expect(runner.group('g', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(written.join('')).toBe('::group::g\n::endgroup::\n');
  });
});

describe('inputs and the job summary', () => {
  it('reads INPUT_* as @actions/core does', () => {
    process.env['INPUT_FAIL ON'] = 'no';
    process.env.INPUT_FAIL_ON = '  regression \n';
    process.env.INPUT_EMPTY = '';
    for (const name of ['fail on', 'Fail On', 'fail_on', 'empty', 'never-set'])
      expect(runner.getInput(name)).toBe(core.getInput(name));
    expect(runner.getInput('fail on')).toBe('regression');
    for (const name of ['INPUT_FAIL ON', 'INPUT_FAIL_ON', 'INPUT_EMPTY']) delete process.env[name];
  });

  it('appends to GITHUB_STEP_SUMMARY as core.summary.addRaw(…).write() does, with its errors', async () => {
    const summary = (name: string) => {
      const file = path.join(work, name);
      writeFileSync(file, '# before\n');
      return file;
    };
    process.env.GITHUB_STEP_SUMMARY = summary('ours.md');
    for (const text of hostile) await runner.appendJobSummary(text);
    process.env.GITHUB_STEP_SUMMARY = summary('theirs.md');
    (core.summary as unknown as { _filePath?: string })._filePath = undefined;
    for (const text of hostile) await core.summary.addRaw(text).write();
    expect(readFileSync(path.join(work, 'ours.md'), 'utf8')).toBe(
      readFileSync(path.join(work, 'theirs.md'), 'utf8'),
    );

    process.env.GITHUB_STEP_SUMMARY = path.join(work, 'absent.md');
    // The library keeps the first path it found; forget it, as a new process would.
    (core.summary as unknown as { _filePath?: string })._filePath = undefined;
    const theirs = await core.summary
      .addRaw('x')
      .write()
      .catch((error: Error) => error.message);
    await expect(runner.appendJobSummary('x')).rejects.toThrow(theirs);
    expect(theirs).toMatch(/Unable to access summary file/);
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(runner.appendJobSummary('x')).rejects.toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY.',
    );
  });
});
