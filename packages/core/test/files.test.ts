import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../src/errors.js';
import { displayPath, resolveFiles } from '../src/files.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mlgate-files-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
for (const name of [
  'b.jsonl',
  'a.jsonl',
  'notes.txt',
  '.hidden.jsonl',
  'sub/c.jsonl',
  'sub/deeper/d.jsonl',
]) {
  mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
  writeFileSync(path.join(directory, name), '{}\n');
}
mkdirSync(path.join(directory, 'folder.jsonl'));
const at = (name: string) => path.join(directory, name);

async function configError(action: Promise<unknown>): Promise<ConfigurationError> {
  let caught: unknown;
  await action.catch((error: unknown) => (caught = error));
  expect(caught).toBeInstanceOf(ConfigurationError);
  return caught as ConfigurationError;
}

describe('resolveFiles', () => {
  it('returns sorted, de-duplicated absolute paths of literal paths and globs', async () => {
    const files = await resolveFiles(
      ['b.jsonl', '*.jsonl', 'a.jsonl', at('a.jsonl'), './b.jsonl'],
      'results',
      directory,
    );
    expect(files).toEqual([at('a.jsonl'), at('b.jsonl')]);
  });

  it('expands ** into subfolders, skips dot files and never returns folders', async () => {
    const files = await resolveFiles(['**/*.jsonl'], 'results', directory);
    expect(files).toEqual([at('a.jsonl'), at('b.jsonl'), at('sub/c.jsonl'), at('sub/deeper/d.jsonl')]);
  });

  it('rejects a literal path that does not exist, naming the input and the path', async () => {
    const error = await configError(resolveFiles(['a.jsonl', 'missing.jsonl'], 'results', directory));
    expect(error.message).toBe('Input "results": file not found: missing.jsonl');
  });

  it('rejects a glob that matches nothing instead of checking nothing', async () => {
    const error = await configError(resolveFiles(['a.jsonl', 'eval/*.csv'], 'results', directory));
    expect(error.message).toBe('Input "results": the pattern "eval/*.csv" matches no file.');
  });

  it('rejects a literal folder', async () => {
    const error = await configError(resolveFiles(['folder.jsonl'], 'results', directory));
    expect(error.message).toBe('Input "results": not a file: folder.jsonl');
  });

  it('rejects an empty list', async () => {
    const error = await configError(resolveFiles([], 'results', directory));
    expect(error.message).toBe('Input "results" names no files.');
  });
});

describe('displayPath', () => {
  it('shows files inside the workspace relative to it with forward slashes, others as they are', () => {
    expect(displayPath(at('sub/c.jsonl'), directory)).toBe('sub/c.jsonl');
    expect(displayPath('/elsewhere/x.jsonl', directory)).toBe('/elsewhere/x.jsonl');
    expect(displayPath(path.join(directory, '..', 'sibling.jsonl'), directory)).toBe(
      path.join(directory, '..', 'sibling.jsonl'),
    );
  });
});
